import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isVanbanError } from "../../../core/errors.js";
import type { Chunk, Footnote, Section } from "../../../core/types.js";
import { PREAMBLE_LABEL, chunkDocument, type ChunkableDocument } from "../../../ingest/chunk/chunk-document.js";
import { parseHeader } from "../../../ingest/parse/parse-header.js";
import { parseSections } from "../../../ingest/parse/parse-sections.js";
import { SEED_NAMES, listLaws, readLaw, readSeed } from "../parse/seed-text.js";

function documentOf(text: string, options: { id?: string; footnotes?: Footnote[]; title?: string } = {}): ChunkableDocument {
  return {
    id: options.id ?? "doc",
    text,
    sections: parseSections(text),
    footnotes: options.footnotes ?? [],
    meta: options.title === undefined ? undefined : { title: options.title },
  };
}

/**
 * The invariants every chunking must keep, whatever the input. Problems are
 * collected and asserted once: thousands of expect() calls per document would
 * make the law tests slow.
 */
function chunkProblems(document: ChunkableDocument, chunks: readonly Chunk[]): string[] {
  const { text } = document;
  const problems: string[] = [];
  const covered = new Uint8Array(text.length);
  chunks.forEach((chunk, index) => {
    const where = `${chunk.id} [${chunk.start}, ${chunk.end})`;
    if (chunk.id !== `${document.id}#${index}`) problems.push(`${where}: id`);
    if (chunk.docId !== document.id) problems.push(`${where}: docId`);
    if (chunk.text !== text.slice(chunk.start, chunk.end)) problems.push(`${where}: text is not the slice`);
    if (chunk.text.length === 0 || chunk.text.trim() !== chunk.text) problems.push(`${where}: empty or untrimmed`);
    if (chunk.sectionPath.length === 0 || chunk.sectionPath.some((part) => part.trim() === "")) problems.push(`${where}: empty section path`);
    const previous = chunks[index - 1];
    if (previous && chunk.start < previous.end) problems.push(`${where}: overlaps the previous chunk`);
    covered.fill(1, chunk.start, chunk.end);
  });
  for (let offset = 0; offset < text.length; offset++) {
    if (covered[offset] === 0 && !/\s/u.test(text[offset] ?? "")) {
      problems.push(`offset ${offset} not covered: ${JSON.stringify(text.slice(offset, offset + 40))}`);
      break;
    }
  }
  // Every footnote lands in exactly one chunk (when there is any chunk).
  const noted = chunks.reduce((count, chunk) => count + chunk.notes.length, 0);
  if (chunks.length > 0 && noted !== document.footnotes.length) problems.push(`${noted} notes for ${document.footnotes.length} footnotes`);
  return problems;
}

function expectChunkInvariants(document: ChunkableDocument, chunks: readonly Chunk[]): void {
  expect(chunkProblems(document, chunks)).toEqual([]);
}

const visible = (text: string) => text.trim().length;

describe("chunkDocument on the seed documents", () => {
  it.each(SEED_NAMES.map((name) => [name]))("%s keeps the invariants at several sizes", (name) => {
    const text = readSeed(name);
    for (const targetChars of [300, 800, 1200, 3000]) {
      const document = documentOf(text, { id: name, title: parseHeader(text).title });
      expectChunkInvariants(document, chunkDocument(document, { targetChars }));
    }
  });

  it.each(SEED_NAMES.map((name) => [name]))("%s never puts two numbered items in one chunk unless both are small", (name) => {
    const text = readSeed(name);
    const targetChars = 1200;
    const document = documentOf(text);
    const chunks = chunkDocument(document, { targetChars });
    for (const chunk of chunks) {
      const inside = document.sections.filter((section) => section.start >= chunk.start && section.start < chunk.end);
      const byParent = new Map<string, Section[]>();
      for (const section of inside) {
        const key = JSON.stringify(section.path.slice(0, -1));
        byParent.set(key, [...(byParent.get(key) ?? []), section]);
      }
      for (const siblings of byParent.values()) {
        if (siblings.length < 2) continue;
        for (const sibling of siblings) expect(visible(text.slice(sibling.start, sibling.end))).toBeLessThan(targetChars / 2);
      }
    }
  });

  it("labels chunks with the path of the item they come from", () => {
    const text = readSeed("000_492514bbfbcde4f8.txt");
    const chunks = chunkDocument(documentOf(text, { title: "Kết luận của Chủ tịch UBND tỉnh" }), { targetChars: 1200 });
    const evidence = chunks.find((chunk) => chunk.text.includes("để thành lập thị xã Chũ và huyện Lục Ngạn (mới)"));
    expect(evidence?.sectionPath[0]).toMatch(/^2\. Tập trung cao cho sắp xếp đơn vị hành chính cấp huyện, cấp xã/u);
    expect(chunks[0]?.sectionPath).toEqual(["Kết luận của Chủ tịch UBND tỉnh"]);
    expect(chunks[0]?.text.startsWith("THÔNG BÁO")).toBe(true);
    expect(chunks.at(-1)?.sectionPath).toEqual(["Nơi nhận"]);
  });
});

describe("chunkDocument rules", () => {
  const sentence = (index: number) => `Câu thứ ${index} nói về công tác cải cách hành chính của tỉnh.`;

  it("gives the preamble its own chunks labelled with the title, or Mở đầu", () => {
    const text = `${sentence(1)} ${sentence(2)}\n1. Nhiệm vụ chung\n${sentence(3)}`;
    const withTitle = chunkDocument(documentOf(text, { title: "Kế hoạch cải cách hành chính" }), { targetChars: 1000 });
    expect(withTitle.map((chunk) => chunk.sectionPath)).toEqual([["Kế hoạch cải cách hành chính"], ["1. Nhiệm vụ chung"]]);
    const withoutTitle = chunkDocument(documentOf(text), { targetChars: 1000 });
    expect(withoutTitle[0]?.sectionPath).toEqual([PREAMBLE_LABEL]);
  });

  it("splits a long section at sentence ends only", () => {
    const body = Array.from({ length: 30 }, (_, index) => sentence(index)).join(" ");
    const text = `1. Nhiệm vụ chung\n${body}`;
    const chunks = chunkDocument(documentOf(text), { targetChars: 300 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.endsWith(".")).toBe(true);
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      expect(chunk.sectionPath).toEqual(["1. Nhiệm vụ chung"]);
    }
  });

  it("keeps a sentence up to twice the target whole and cuts a longer one at word boundaries", () => {
    const longSentence = `Giao Sở Nội vụ ${"chủ trì phối hợp với các sở ngành ".repeat(12)}thực hiện.`;
    expect(longSentence.length).toBeGreaterThan(300);
    expect(longSentence.length).toBeLessThan(600);
    const whole = chunkDocument(documentOf(`${sentence(1)} ${longSentence} ${sentence(2)}`), { targetChars: 300 });
    expect(whole.some((chunk) => chunk.text === longSentence)).toBe(true);

    const tooLong = `Giao Sở Nội vụ ${"chủ trì phối hợp với các sở ngành ".repeat(40)}thực hiện.`;
    const text = `${sentence(1)} ${tooLong}`;
    const cut = chunkDocument(documentOf(text), { targetChars: 300 });
    for (const chunk of cut) {
      expect(chunk.text.length).toBeLessThanOrEqual(600);
      expect(chunk.end === text.length || /\s/u.test(text[chunk.end] ?? "")).toBe(true);
    }
  });

  it("merges small sibling items under their parent, never beyond the target", () => {
    const text = ["II. NHIỆM VỤ", "1. Rà soát biên chế.", "2. Tuyển dụng công chức.", "3. Đào tạo, bồi dưỡng.", `4. ${Array.from({ length: 8 }, (_, index) => sentence(index)).join(" ")}`].join("\n");
    const chunks = chunkDocument(documentOf(text), { targetChars: 400 });
    expect(chunks[0]?.text.startsWith("II. NHIỆM VỤ\n1. Rà soát biên chế.\n2. Tuyển dụng")).toBe(true);
    expect(chunks[0]?.sectionPath).toEqual(["II. NHIỆM VỤ"]);
    expect(chunks[0]?.text).not.toContain("4.");
    expect(chunks.slice(1).every((chunk) => chunk.sectionPath[1]?.startsWith("4.") === true)).toBe(true);
  });

  it("joins a heading with no text of its own to the chunk that follows", () => {
    const long = (label: string) => `${label} ${Array.from({ length: 6 }, (_, index) => sentence(index)).join(" ")}`;
    const text = ["2. Nhiệm vụ cụ thể đối với các lĩnh vực", long("a) Công tác tổ chức bộ máy."), long("b) Công tác công chức.")].join("\n");
    const chunks = chunkDocument(documentOf(text), { targetChars: 450 });
    expect(chunks.some((chunk) => chunk.text === "2. Nhiệm vụ cụ thể đối với các lĩnh vực")).toBe(false);
    expect(chunks[0]?.text.startsWith("2. Nhiệm vụ cụ thể đối với các lĩnh vực\na) Công tác tổ chức bộ máy.")).toBe(true);
    expect(chunks[0]?.sectionPath).toEqual(["2. Nhiệm vụ cụ thể đối với các lĩnh vực", "a) Công tác tổ chức bộ máy."]);
  });

  it("never merges two articles, however short", () => {
    const text = ["LUẬT THỬ", "Điều 1. Phạm vi điều chỉnh", "Luật này quy định …", "Điều 2. Đối tượng áp dụng", "Luật này áp dụng …"].join("\n");
    const chunks = chunkDocument(documentOf(text), { targetChars: 1000 });
    expect(chunks.map((chunk) => chunk.sectionPath)).toEqual([[PREAMBLE_LABEL], ["Điều 1. Phạm vi điều chỉnh"], ["Điều 2. Đối tượng áp dụng"]]);
  });

  it("attaches footnotes to the chunk holding their mark, including a mark right after its last character", () => {
    const text = "1. Một\nNội dung thứ nhất.\n2. Hai\nNội dung thứ hai.";
    const footnotes: Footnote[] = [
      { mark: "1", text: "Chú thích một", at: text.indexOf("thứ nhất") },
      { mark: "2", text: "Chú thích hai", at: text.indexOf("thứ nhất.") + "thứ nhất.".length },
      { mark: "3", text: "Chú thích ba", at: text.length },
    ];
    const chunks = chunkDocument(documentOf(text, { footnotes }), { targetChars: 30 });
    expect(chunks.map((chunk) => chunk.notes)).toEqual([["Chú thích một", "Chú thích hai"], ["Chú thích ba"]]);
  });

  it("is deterministic", () => {
    const text = readSeed("003_66615375c7bf5e13.txt");
    expect(chunkDocument(documentOf(text, { id: "x" }), { targetChars: 900 })).toEqual(chunkDocument(documentOf(text, { id: "x" }), { targetChars: 900 }));
  });

  it("returns no chunk for blank text", () => {
    expect(chunkDocument(documentOf(" \n\n "), { targetChars: 500 })).toEqual([]);
  });

  it.each([0, -5, Number.NaN])("rejects targetChars %s", (targetChars) => {
    try {
      chunkDocument(documentOf("Nội dung."), { targetChars });
      expect.unreachable();
    } catch (error) {
      expect(isVanbanError(error) && error.code === "config_invalid").toBe(true);
    }
  });
});

describe("chunkDocument on the benchmark laws", () => {
  const laws = listLaws();
  it.skipIf(laws.length === 0)("labels every chunk after the preamble with the article it belongs to", () => {
    for (const name of laws) {
      const text = readLaw(name);
      const document = documentOf(text, { id: name, title: parseHeader(text).title });
      const chunks = chunkDocument(document, { targetChars: 1200 });
      expectChunkInvariants(document, chunks);
      const articles = document.sections.filter((section) => /^Điều \d+\./u.test(section.heading));
      const problems: string[] = [];
      for (const chunk of chunks.slice(1)) {
        const named = chunk.sectionPath.find((part) => /^Điều \d+\./u.test(part));
        // The article named is the one that holds the chunk's text.
        const article = articles.find((section) => section.heading === named && section.start <= chunk.end && chunk.start < section.end);
        if (!named || !article || chunk.end > article.end) problems.push(`${chunk.id} ${JSON.stringify(chunk.sectionPath)}`);
      }
      expect(problems, name).toEqual([]);
    }
  });
});

describe("chunkDocument properties", () => {
  const word = fc.constantFrom("công", "tác", "tổ", "chức", "Sở", "Nội", "vụ", "năm", "2024", "tỉnh", "Bắc", "Giang", "TP.", "19.121", "30/6/2024", "kế", "hoạch", "thực", "hiện");
  const sentence = fc.array(word, { minLength: 1, maxLength: 30 }).map((words) => `${words.join(" ")}${words.length % 3 === 0 ? ";" : "."}`);
  const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((sentences) => sentences.join(" "));
  const marker = fc.constantFrom("PHẦN I", "Chương II", "I.", "II.", "III.", "1.", "2.", "3.", "1.1.", "1.2.", "a)", "b)", "c)", "Điều 1.", "Điều 2.", "Điều 3.", "-", "+", "Nơi nhận:", "Mục 1");
  const headingLine = fc.tuple(marker, sentence).map(([mark, text]) => `${mark} ${text.charAt(0).toUpperCase()}${text.slice(1)}`);
  const unbroken = fc.integer({ min: 1, max: 900 }).map((length) => "x".repeat(length));
  const block = fc.oneof({ weight: 3, arbitrary: paragraph }, { weight: 3, arbitrary: headingLine }, { weight: 1, arbitrary: unbroken });
  const documentText = fc
    .tuple(fc.array(block, { maxLength: 40 }), fc.constantFrom("\n", "\n\n", " \n"), fc.constantFrom("", "  ", "\n"), fc.constantFrom("", " ", "\n\n"))
    .map(([blocks, separator, prefix, suffix]) => `${prefix}${blocks.join(separator)}${suffix}`);

  it("covers every non-blank character exactly once, with exact slices, on generated documents", () => {
    fc.assert(
      fc.property(documentText, fc.integer({ min: 40, max: 1500 }), fc.array(fc.nat(), { maxLength: 5 }), (text, targetChars, marks) => {
        const footnotes = marks.map((mark, index) => ({ mark: String(index + 1), text: `note ${index}`, at: text.length === 0 ? 0 : mark % text.length }));
        const document = documentOf(text, { id: "gen", footnotes });
        const chunks = chunkDocument(document, { targetChars });
        expectChunkInvariants(document, chunks);
        expect(chunkDocument(document, { targetChars })).toEqual(chunks);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the invariants even with malformed sections", () => {
    const sectionArbitrary = (length: number) =>
      fc.record({
        start: fc.integer({ min: -10, max: length + 10 }),
        end: fc.integer({ min: -10, max: length + 10 }),
        level: fc.integer({ min: 1, max: 4 }),
        heading: fc.constantFrom("", "1. Một", "a) Hai", "Điều 3. Ba"),
      });
    fc.assert(
      fc.property(
        documentText.chain((text) => fc.tuple(fc.constant(text), fc.array(sectionArbitrary(text.length), { maxLength: 12 }))),
        fc.integer({ min: 30, max: 800 }),
        ([text, rawSections], targetChars) => {
          const sections: Section[] = rawSections.map((section) => ({ ...section, path: section.heading ? [section.heading] : [] }));
          const document: ChunkableDocument = { id: "bad", text, sections, footnotes: [] };
          expectChunkInvariants(document, chunkDocument(document, { targetChars }));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("chunkDocument and table rows", () => {
  it("never cuts a table row at the sentence ends inside its cells", async () => {
    const { chunkDocument } = await import("../../../ingest/chunk/chunk-document.js");
    const row = (n: number) =>
      `STT: ${n}; Nội dung: Rà soát hồ sơ cụm công nghiệp số ${n}. Tổng hợp kết quả. Báo cáo UBND tỉnh; Đơn vị chủ trì: Sở Công Thương; Thời gian hoàn thành: Quý II/2026`;
    const text = ["STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành", ...Array.from({ length: 12 }, (_, index) => row(index + 1))].join("\n\n");
    const chunks = chunkDocument({ id: "t", text, sections: [], footnotes: [] }, { targetChars: 300 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      for (const line of chunk.text.split("\n").filter((line) => line.startsWith("STT: "))) expect(line).toMatch(/Thời gian hoàn thành: Quý II\/2026$/u);
      expect(chunk.text).toMatch(/^(?:STT)/u);
    }
  });
});
