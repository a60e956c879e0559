/**
 * A small stand-in for the Vanban server, used by the browser tests of the
 * web pages: it serves web/ exactly as the real server maps it and answers
 * the API (docs/notes/API.md) from a handful of canned documents, one of
 * which carries HTML/script text to prove the pages render data as text.
 *
 * It sends helmet's headers with a strict Content-Security-Policy, so any
 * inline script, inline event handler or style attribute in the pages shows
 * up as a console error. The two exceptions the widget needs are applied per
 * route (`allowFraming`, `allowCrossOriginScript`): the real server needs the
 * same two, see docs/notes/web.md.
 */
import express from "express";
import helmet from "helmet";
import type { Request, Response } from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";
import { appendNotes, noteHeading, NOTES_HEADING } from "../../ingest/parse/notes-section.js";
import type { Citation, DocumentMeta, DocumentReference, Footnote, Section, SourceFormat } from "../../core/types.js";
import { foldTerm, splitWords } from "../../core/vietnamese.js";

export const WEB_DIR = fileURLToPath(new URL("../../web/", import.meta.url));

/** Strict policy: everything from the page's own origin, nothing inline. */
export const CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "font-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'self'"],
} satisfies Record<string, string[]>;

function cspHeader(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** /embed/search is meant to be framed by other intranet pages. */
function allowFraming(_request: Request, response: Response, next: () => void): void {
  response.setHeader("Content-Security-Policy", cspHeader({ ...CSP_DIRECTIVES, "frame-ancestors": ["*"] }));
  response.removeHeader("X-Frame-Options");
  next();
}

/** /widget.js is loaded by <script> tags on other origins, which helmet's default CORP (same-origin) blocks. */
function allowCrossOriginScript(_request: Request, response: Response, next: () => void): void {
  response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
  next();
}

type FakeChunk = { id: string; docId: string; start: number; end: number; sectionPath: string[]; text: string };

export type FakeDocument = {
  id: string;
  source: string;
  format: SourceFormat;
  meta: DocumentMeta;
  text: string;
  notesStart?: number;
  sections: Section[];
  footnotes: Footnote[];
  references: DocumentReference[];
  chunks: FakeChunk[];
};

type Line = string | { heading: string; level: number };

type DocumentInput = {
  id: string;
  source: string;
  format: SourceFormat;
  meta: DocumentMeta;
  lines: Line[];
  footnotes?: Array<{ after: string; mark: string; text: string }>;
  references?: Array<{ text: string; number: string; type?: string; targetDocId?: string }>;
};

/** Builds a document whose offsets are computed from its text, like the real ingest does. */
function buildDocument(input: DocumentInput): FakeDocument {
  const lineTexts = input.lines.map((line) => (typeof line === "string" ? line : line.heading));
  const text = lineTexts.join("\n");
  const lineStarts: number[] = [];
  let cursor = 0;
  for (const line of lineTexts) {
    lineStarts.push(cursor);
    cursor += line.length + 1;
  }
  const sections: Section[] = [];
  const headingStack: Array<{ level: number; heading: string }> = [];
  input.lines.forEach((line, index) => {
    if (typeof line === "string") return;
    while ((headingStack[headingStack.length - 1]?.level ?? 0) >= line.level) headingStack.pop();
    headingStack.push(line);
    sections.push({ path: headingStack.map((item) => item.heading), heading: line.heading, level: line.level, start: lineStarts[index] ?? 0, end: text.length });
  });
  for (const section of sections) {
    const next = sections.find((other) => other.start > section.start && other.level <= section.level);
    if (next) section.end = next.start - 1;
  }
  const sectionPathAt = (offset: number): string[] => {
    const containing = sections.filter((section) => section.start <= offset && offset < section.end);
    return containing[containing.length - 1]?.path ?? [];
  };
  const chunks: FakeChunk[] = [];
  lineTexts.forEach((line, index) => {
    const start = lineStarts[index] ?? 0;
    if (line.length < 30) return; // headings alone are not passages
    chunks.push({ id: `${input.id}#${chunks.length}`, docId: input.id, start, end: start + line.length, sectionPath: sectionPathAt(start), text: line });
  });
  const marked = (input.footnotes ?? []).map((note) => {
    const position = text.indexOf(note.after);
    if (position < 0) throw new Error(`Footnote anchor not found: ${note.after}`);
    return { mark: note.mark, text: note.text, at: position + note.after.length };
  });
  // As the ingest does: the notes follow the body as a last section, one passage per note.
  const notes = appendNotes(text, marked);
  for (const footnote of notes.footnotes) {
    const start = footnote.start ?? 0;
    chunks.push({ id: `${input.id}#${chunks.length}`, docId: input.id, start, end: footnote.end ?? start, sectionPath: [NOTES_HEADING, noteHeading(footnote.mark)], text: footnote.text });
  }
  const references = (input.references ?? []).map((reference) => {
    const start = text.indexOf(reference.text);
    if (start < 0) throw new Error(`Reference not found: ${reference.text}`);
    return { ...reference, start, end: start + reference.text.length };
  });
  return {
    id: input.id,
    source: input.source,
    format: input.format,
    meta: input.meta,
    text: notes.text,
    ...(notes.footnotes.length ? { notesStart: notes.notesStart } : {}),
    sections: [...sections, ...notes.sections],
    footnotes: notes.footnotes,
    references,
    chunks,
  };
}

export const MERGER_DOC_ID = "bg-2024-ket-luan-noi-vu";
export const HTML_DOC_ID = "html-injection-sample";
export const MERGER_DEADLINE_SENTENCE = "hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.";

/** The canned archive: three documents adapted from the samples, one hostile document, and filler for paging. */
export function createFakeArchive(): FakeDocument[] {
  const documents: FakeDocument[] = [];
  documents.push(
    buildDocument({
      id: MERGER_DOC_ID,
      source: "000_492514bbfbcde4f8.pdf",
      format: "pdf",
      meta: {
        type: "THÔNG BÁO",
        number: "",
        title: "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về kết quả thực hiện nhiệm vụ năm 2023; nhiệm vụ trọng tâm của ngành nội vụ năm 2024",
        issuer: "UBND tỉnh Bắc Giang",
        province: "Bắc Giang",
        date: "2024-02",
        year: 2024,
        meetingDate: "2024-02-19",
        signer: "Lê Ánh Dương",
      },
      lines: [
        "Ngày 19/02/2024, đồng chí Lê Ánh Dương, Chủ tịch UBND tỉnh chủ trì buổi làm việc với Sở Nội vụ về kết quả thực hiện nhiệm vụ năm 2023; phương hướng, nhiệm vụ trọng tâm năm 2024.",
        "Năm 2023, tập thể lãnh đạo, cán bộ, công chức, viên chức, người lao động thuộc Sở Nội vụ đã đoàn kết, thống nhất, hoàn thành tốt các lĩnh vực công tác, trong đó nhiều lĩnh vực khó, nhạy cảm. Việc tham mưu về các cơ chế, chính sách lĩnh vực nội vụ cơ bản kịp thời, chất lượng.",
        "Để khắc phục các tồn tại, hạn chế, thực hiện Kế hoạch số 102/KH-UBND ngày 10/8/2021 và các nhiệm vụ trọng tâm năm 2024, Sở Nội vụ cần quan tâm thực hiện tốt các nội dung sau:",
        { heading: "1. Chú trọng nâng cao hơn nữa chất lượng công tác tham mưu", level: 1 },
        "- Lãnh đạo, công chức, viên chức của Sở cần nghiên cứu, nắm chắc các cơ chế, chính sách, quy định của pháp luật; sâu sát cơ sở để kịp thời phát hiện các hạn chế, khó khăn, vướng mắc.",
        { heading: "2. Tập trung cao cho sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023 - 2025", level: 1 },
        "- Sở Nội vụ chủ trì, phối hợp với các địa phương đôn đốc tiến độ; phấn đấu toàn tỉnh lấy ý kiến cử tri về các Đề án vào ngày 21/4/2024.",
        `- Sở Nội vụ hoàn thành hồ sơ Đề án sắp xếp lại ĐVHC cấp huyện và Đề án sắp xếp ĐVHC cấp xã giai đoạn 2023 - 2025. Phấn đấu trình HĐND tỉnh trong tháng 5/2024; ${MERGER_DEADLINE_SENTENCE}`,
        { heading: "3. Làm tốt công tác hướng dẫn, đôn đốc, thẩm định Đề án vị trí việc làm", level: 1 },
        "- Thực hiện đồng thời Đề án vị trí việc làm và tổ chức bộ máy đối với cơ quan, đơn vị thuộc diện tổ chức lại; hoàn thành thẩm định trong quý II/2024.",
      ],
      footnotes: [
        { after: "chính sách lĩnh vực nội vụ", mark: "1", text: "nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên và các phường thuộc thị xã Việt Yên." },
        { after: "ngày 21/4/2024.", mark: "2", text: "Quyết định số 1341/QĐ-UBND ngày 05/12/2023 của Chủ tịch UBND tỉnh." },
      ],
      references: [{ text: "Kế hoạch số 102/KH-UBND ngày 10/8/2021", number: "102/KH-UBND", type: "Kế hoạch", targetDocId: "bg-2021-tuyen-dung" }],
    }),
    buildDocument({
      id: "bg-2021-tuyen-dung",
      source: "001_02132e011992bfae.docx",
      format: "docx",
      meta: { type: "KẾ HOẠCH", number: "102/KH-UBND", title: "Tuyển dụng công chức tỉnh Bắc Giang năm 2021", issuer: "UBND tỉnh Bắc Giang", province: "Bắc Giang", date: "2021-08-10", year: 2021, signer: "Lê Ô Pích" },
      lines: [
        { heading: "I. MỤC ĐÍCH, YÊU CẦU", level: 1 },
        "Tuyển chọn được người có phẩm chất, trình độ và năng lực đáp ứng yêu cầu nhiệm vụ, vị trí việc làm cần tuyển; Sở Nội vụ chủ trì tổ chức thi tuyển.",
        { heading: "II. THỜI GIAN TỔ CHỨC", level: 1 },
        "Các sở, cơ quan, đơn vị, địa phương dừng tiếp nhận công chức kể từ ngày 20/9/2021 để tổ chức thi tuyển dụng công chức.",
      ],
    }),
    buildDocument({
      id: "hy-2023-dao-tao",
      source: "004_38b8e90ea4ed07a7.pdf",
      format: "pdf",
      meta: { type: "KẾ HOẠCH", number: "171/KH-UBND", title: "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Hưng Yên năm 2024", issuer: "UBND tỉnh Hưng Yên", province: "Hưng Yên", date: "2023-11-17", year: 2023, signer: "Nguyễn Lê Huy" },
      lines: [
        { heading: "I. MỤC ĐÍCH", level: 1 },
        "Nâng cao năng lực cán bộ, công chức, viên chức; Sở Nội vụ chủ trì, phối hợp với các sở, ngành xây dựng chương trình bồi dưỡng đến năm 2025.",
        { heading: "II. NHIỆM VỤ", level: 1 },
        "Giai đoạn 2023-2025 thực hiện sắp xếp 42 đơn vị hành chính cấp xã, thành lập mới 20 đơn vị hành chính xã theo đề án của tỉnh.",
      ],
    }),
    buildDocument({
      id: HTML_DOC_ID,
      source: "evil<script>alert(1)</script>.docx",
      format: "docx",
      meta: { type: "THÔNG BÁO", number: "1/TB-<b>X</b>", title: "Thông báo <script>alert(1)</script> thử nghiệm", issuer: "<i>UBND</i> tỉnh Thử Nghiệm", province: "Thử Nghiệm", date: "2024-03-01", year: 2024, signer: "<img src=x onerror=alert(3)>" },
      lines: [
        { heading: "1. Mục <b>đậm</b> <script>alert(4)</script>", level: 1 },
        "Văn bản này chứa mã HTML: <script>alert(1)</script> và ảnh <img src=x onerror=alert(1)> phải hiện nguyên văn, không được chạy.",
        "Dòng thứ hai có <a href=\"javascript:alert(5)\">liên kết</a> và &lt;thực thể&gt; giữ nguyên.",
      ],
      footnotes: [{ after: "không được chạy.", mark: "1", text: "<img src=x onerror=alert(2)> chú thích" }],
    }),
  );
  // Filler notices so that searches have several pages and facets have several values.
  const provinces = ["Lạng Sơn", "Hà Nội", "Nghệ An", "Đà Nẵng", "Cần Thơ", "Thái Bình"];
  for (let index = 0; index < 14; index++) {
    const province = provinces[index % provinces.length] ?? "Hà Nội";
    const year = 2019 + (index % 6);
    const number = `${100 + index}/SNV-TCBM`;
    documents.push(
      buildDocument({
        id: `cv-${index}`,
        source: `cong-van-${index}.pdf`,
        format: "pdf",
        meta: { type: "CÔNG VĂN", number, title: `Hướng dẫn của Sở Nội vụ ${province} về công tác tổ chức bộ máy năm ${year}`, issuer: `Sở Nội vụ ${province}`, province, date: `${year}-0${(index % 9) + 1}-15`, year },
        lines: [
          { heading: "1. Nội dung", level: 1 },
          `Sở Nội vụ ${province} hướng dẫn các cơ quan, đơn vị rà soát vị trí việc làm và báo cáo kết quả trước ngày 15/12/${year} (công văn số ${number}).`,
        ],
      }),
    );
  }
  return documents;
}

type SearchHit = { chunk: FakeChunk; document: FakeDocument; score: number; highlights: Array<[number, number]> };

/** Diacritic-insensitive word match, the same contract as the real /api/search highlights. */
function searchChunks(archive: FakeDocument[], query: string): SearchHit[] {
  const terms = [...new Set(splitWords(query).map(({ word }) => foldTerm(word)))];
  if (terms.length === 0) return [];
  const needed = Math.max(1, Math.ceil(terms.length * 0.6));
  const hits: SearchHit[] = [];
  for (const document of archive) {
    for (const chunk of document.chunks) {
      const matched = new Set<string>();
      const highlights: Array<[number, number]> = [];
      for (const word of splitWords(chunk.text)) {
        const folded = foldTerm(word.word);
        if (terms.includes(folded)) {
          matched.add(folded);
          highlights.push([word.start, word.end]);
        }
      }
      if (matched.size >= needed) hits.push({ chunk, document, score: matched.size / terms.length + highlights.length * 0.01, highlights });
    }
  }
  return hits.sort((left, right) => right.score - left.score || left.chunk.id.localeCompare(right.chunk.id));
}

type Filters = { province?: string; year?: string; type?: string };

function passesFilters(document: FakeDocument, filters: Filters, except?: keyof Filters): boolean {
  if (except !== "province" && filters.province && document.meta.province !== filters.province) return false;
  if (except !== "year" && filters.year && String(document.meta.year) !== filters.year) return false;
  if (except !== "type" && filters.type && document.meta.type !== filters.type) return false;
  return true;
}

function countFacet(hits: SearchHit[], read: (document: FakeDocument) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const hit of hits) {
    const value = read(hit.document);
    if (value) counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}

function sendError(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}

function citationFor(document: FakeDocument, quote: string, n: number): Citation {
  const quoteStart = document.text.indexOf(quote);
  if (quoteStart < 0) throw new Error(`Quote not in document ${document.id}: ${quote}`);
  const chunk = document.chunks.find((candidate) => candidate.start <= quoteStart && quoteStart < candidate.end);
  if (!chunk) throw new Error(`No chunk holds the quote in ${document.id}`);
  return {
    n,
    docId: document.id,
    source: document.source,
    title: document.meta.title ?? document.source,
    section: chunk.sectionPath.join(" › "),
    text: chunk.text,
    quote,
    start: chunk.start,
    end: chunk.end,
    quoteStart,
    quoteEnd: quoteStart + quote.length,
  };
}

type AskBody = { question?: unknown; history?: unknown; k?: unknown; filters?: unknown };
type AskOutcome =
  | { kind: "answer"; found: boolean; answer: string; citations: Citation[] }
  | { kind: "stream-error"; afterDeltas: string }
  | { kind: "http-error"; status: number; code: string; message: string };

/** Canned answers keyed on a few words of the question (folded, so typing without diacritics works). */
function decideAnswer(archive: FakeDocument[], body: AskBody): AskOutcome {
  const question = typeof body.question === "string" ? body.question : "";
  const folded = foldTerm(question);
  const byId = (id: string): FakeDocument => {
    const document = archive.find((candidate) => candidate.id === id);
    if (!document) throw new Error(`Unknown fake document ${id}`);
    return document;
  };
  if (folded.includes("html")) {
    const document = byId(HTML_DOC_ID);
    const citation = citationFor(document, "Văn bản này chứa mã HTML: <script>alert(1)</script> và ảnh <img src=x onerror=alert(1)> phải hiện nguyên văn, không được chạy.", 1);
    return { kind: "answer", found: true, answer: `Văn bản ghi nguyên văn: <img src=x onerror=alert(1)> và <script>alert(1)</script> [1].`, citations: [citation] };
  }
  if (folded.includes("loi may chu")) return { kind: "stream-error", afterDeltas: "Đang trả lời" };
  if (folded.includes("qua tai")) return { kind: "http-error", status: 429, code: "rate_limited", message: "Quá nhiều yêu cầu, vui lòng thử lại sau." };
  if (folded.includes("hdnd") && Array.isArray(body.history) && body.history.length > 0) {
    const document = byId(MERGER_DOC_ID);
    const quote = "Phấn đấu trình HĐND tỉnh trong tháng 5/2024;";
    return { kind: "answer", found: true, answer: "Hồ sơ các Đề án phấn đấu trình HĐND tỉnh trong tháng 5/2024 [1].", citations: [citationFor(document, quote, 1)] };
  }
  if (folded.includes("30/6") || (folded.includes("sap xep") && (folded.includes("truoc ngay") || folded.includes("thoi han") || folded.includes("deadline")))) {
    const document = byId(MERGER_DOC_ID);
    const citations = [
      citationFor(document, MERGER_DEADLINE_SENTENCE, 1),
      citationFor(document, "phấn đấu toàn tỉnh lấy ý kiến cử tri về các Đề án vào ngày 21/4/2024.", 2),
    ];
    return {
      kind: "answer",
      found: true,
      answer: "Theo kết luận của Chủ tịch UBND tỉnh Bắc Giang, Sở Nội vụ phải hoàn thành việc nộp hồ sơ Đề án sắp xếp đơn vị hành chính cấp huyện, cấp xã về Bộ Nội vụ trước ngày 30/6/2024 [1]. Trước đó, toàn tỉnh lấy ý kiến cử tri về các Đề án vào ngày 21/4/2024 [2].",
      citations,
    };
  }
  return { kind: "answer", found: false, answer: "Không tìm thấy thông tin này trong kho văn bản.", citations: [] };
}

/** Splits an answer into small pieces the way a streaming answerer sends them. */
function splitIntoDeltas(answer: string): string[] {
  return answer.match(/\S+\s*|\s+/gu) ?? [answer];
}

export type FakeApiOptions = {
  /** Delay between streamed answer pieces, to make the loading / streaming states observable. */
  deltaDelayMs?: number;
  /** Delay before any search response, to observe the loading state and the debounce. */
  searchDelayMs?: number;
};

export type FakeApi = {
  url: string;
  /** Bodies received by POST /api/ask, in order. */
  askRequests: AskBody[];
  /** Query strings received by GET /api/search, in order. */
  searchRequests: string[];
  close(): Promise<void>;
};

export function createFakeApp(options: FakeApiOptions & { askRequests: AskBody[]; searchRequests: string[] }): express.Express {
  const archive = createFakeArchive();
  const app = express();
  // No upgrade-insecure-requests: intranet servers are often plain http.
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES } }));
  app.use(express.json({ limit: "64kb" }));

  const page = (file: string) => (_request: Request, response: Response) => {
    response.sendFile(path.join(WEB_DIR, file));
  };
  app.get("/", page("index.html"));
  app.get("/search", page("search.html"));
  app.get("/documents", page("documents.html"));
  app.get("/documents/:docId", page("document.html"));
  app.get("/embed/search", allowFraming, page("embed-search.html"));
  app.get("/widget.js", allowCrossOriginScript, page("widget.js"));
  app.get("/example-widget.html", page("example-widget.html"));
  app.get("/tasks", (_request, response) => {
    const tasksPage = path.join(WEB_DIR, "tasks.html");
    if (fs.existsSync(tasksPage)) response.sendFile(tasksPage);
    else response.status(404).type("text/plain").send("tasks page not built yet");
  });
  app.use("/assets", express.static(path.join(WEB_DIR, "assets"), { fallthrough: false }));

  app.get("/api/health", (_request, response) => {
    response.json({ status: "ok", documents: archive.length, chunks: archive.reduce((sum, document) => sum + document.chunks.length, 0) });
  });

  app.get("/api/search", async (request, response) => {
    options.searchRequests.push(request.originalUrl.split("?")[1] ?? "");
    const query = typeof request.query.q === "string" ? request.query.q.trim() : "";
    if (!query) return sendError(response, 400, "invalid_request", "q must not be empty");
    const k = Math.min(50, Math.max(1, Number(request.query.k ?? 10) || 10));
    const offset = Math.min(1000, Math.max(0, Number(request.query.offset ?? 0) || 0));
    const filters: Filters = {};
    for (const name of ["province", "year", "type"] as const) {
      const value = request.query[name];
      if (typeof value === "string" && value) filters[name] = value;
    }
    if (options.searchDelayMs) await new Promise((resolve) => setTimeout(resolve, options.searchDelayMs));
    const hits = searchChunks(archive, query);
    const filtered = hits.filter((hit) => passesFilters(hit.document, filters));
    response.json({
      results: filtered.slice(offset, offset + k).map((hit) => ({
        docId: hit.document.id,
        chunkId: hit.chunk.id,
        source: hit.document.source,
        title: hit.document.meta.title ?? hit.document.source,
        section: hit.chunk.sectionPath.join(" › "),
        text: hit.chunk.text,
        score: Number(hit.score.toFixed(4)),
        start: hit.chunk.start,
        end: hit.chunk.end,
        highlights: hit.highlights,
        meta: { type: hit.document.meta.type, number: hit.document.meta.number, date: hit.document.meta.date, year: hit.document.meta.year, province: hit.document.meta.province, issuer: hit.document.meta.issuer },
      })),
      total: filtered.length,
      // Each facet counts with the other filters applied but not its own, so the alternatives stay visible.
      facets: {
        province: countFacet(hits.filter((hit) => passesFilters(hit.document, filters, "province")), (document) => document.meta.province),
        year: countFacet(hits.filter((hit) => passesFilters(hit.document, filters, "year")), (document) => (document.meta.year ? String(document.meta.year) : undefined)),
        type: countFacet(hits.filter((hit) => passesFilters(hit.document, filters, "type")), (document) => document.meta.type),
      },
      query: { language: /[^\u0000-\u007f]/u.test(query) ? "vi" : "vi-nodiacritics" },
    });
    return undefined;
  });

  app.get("/api/examples", (_request, response) => {
    response.json({
      examples: [
        { question: "Hồ sơ đề án sắp xếp ĐVHC phải nộp Bộ Nội vụ trước ngày nào?", language: "vi" },
        { question: "Sở Nội vụ được giao những nhiệm vụ nào?", language: "vi" },
        { question: "When must the merger dossiers reach the Ministry of Home Affairs?", language: "en" },
      ],
    });
  });

  // The document viewer asks for the document's tasks; the fake archive has none.
  app.get("/api/tasks", (_request, response) => {
    response.json({ today: "2024-05-15", total: 0, followUp: false, tasks: [] });
  });

  app.get("/api/documents", (_request, response) => {
    response.json({ documents: archive.map((document) => ({ id: document.id, source: document.source, format: document.format, meta: document.meta, chunks: document.chunks.length })) });
  });

  app.get("/api/documents/:docId", (request, response) => {
    const document = archive.find((candidate) => candidate.id === request.params.docId);
    if (!document) return sendError(response, 404, "not_found", `No document ${request.params.docId}`);
    response.json({
      id: document.id,
      source: document.source,
      format: document.format,
      meta: document.meta,
      text: document.text,
      notesStart: document.notesStart,
      sections: document.sections,
      footnotes: document.footnotes,
      references: document.references,
      chunks: document.chunks.map((chunk) => ({ id: chunk.id, start: chunk.start, end: chunk.end, sectionPath: chunk.sectionPath })),
      tasks: [],
    });
    return undefined;
  });

  app.post("/api/ask", async (request, response) => {
    const body = (request.body ?? {}) as AskBody;
    options.askRequests.push(body);
    if (typeof body.question !== "string" || !body.question.trim()) return sendError(response, 400, "invalid_request", "question must not be empty");
    const outcome = decideAnswer(archive, body);
    if (outcome.kind === "http-error") return sendError(response, outcome.status, outcome.code, outcome.message);
    const wantsStream = (request.get("accept") ?? "").includes("text/event-stream");
    if (!wantsStream) {
      if (outcome.kind === "stream-error") return sendError(response, 503, "answer_failed", "answerer unavailable");
      response.json({ found: outcome.found, answer: outcome.answer, language: "vi", citations: outcome.citations });
      return undefined;
    }
    response.status(200);
    response.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.flushHeaders();
    const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const pause = () => new Promise((resolve) => setTimeout(resolve, options.deltaDelayMs ?? 15));
    await pause();
    if (outcome.kind === "stream-error") {
      send("delta", { text: outcome.afterDeltas });
      await pause();
      send("error", { error: { code: "answer_failed", message: "Máy chủ gặp lỗi khi soạn câu trả lời." } });
      response.end();
      return undefined;
    }
    send("citations", { citations: outcome.citations });
    for (const piece of splitIntoDeltas(outcome.answer)) {
      await pause();
      send("delta", { text: piece });
    }
    send("done", { found: outcome.found, answer: outcome.answer, language: "vi", citations: outcome.citations });
    response.end();
    return undefined;
  });

  app.use((_request: Request, response: Response) => sendError(response, 404, "not_found", "Not found"));
  return app;
}

/** Starts the fake server on a free port of 127.0.0.1. */
export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const askRequests: AskBody[] = [];
  const searchRequests: string[] = [];
  const app = createFakeApp({ ...options, askRequests, searchRequests });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    askRequests,
    searchRequests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
