import type { ArchiveDocument, Deadline, DocumentReference, Task } from "../../core/types.js";
import { canonicalizeTone, splitWords, type WordSpan } from "../../core/vietnamese.js";
import { allMatches } from "./all-matches.js";
import { extractReferences } from "./extract-references.js";
import { extractTableTasks } from "./extract-table-tasks.js";
import { ADDRESS_ZONE, findAddressBlocks } from "./find-addressees.js";
import { findEnterprises } from "./find-enterprises.js";
import { findUnits, type UnitMention } from "./find-units.js";
import { foldKeepingOffsets } from "./fold-text.js";
import { findDeadlines, type DeadlineKind, type DeadlineMatch } from "./parse-deadline.js";
import { findQuotedSpans, isInsideQuotation } from "./quoted-spans.js";
import { selectAssignments } from "./select-assignments.js";
import { collapseWhiteSpace } from "./white-space.js";

/**
 * Tasks ("nhiệm vụ") a directive assigns: what, who leads ("giao X",
 * "X chủ trì", an item "X: …", a heading naming X, else the addressee of the
 * conclusion), who helps ("phối hợp với …"), by when, and the exact sentence.
 *
 * Works on clean text whether its paragraphs are unwrapped or still wrapped
 * at the PDF's line width: blocks are rebuilt from list markers and line
 * lengths, and every offset points into the text as given.
 */
export function extractTasks(document: Omit<ArchiveDocument, "tasks">): Task[] {
  const text = document.text;
  const folded = foldKeepingOffsets(text);
  // One reader of "Kính gửi": the letter's addressees lead its unnamed requests, and no address block is read as one.
  const addressBlocks = findAddressBlocks(text, folded);
  const addressees = (addressBlocks[0] && addressBlocks[0].start < ADDRESS_ZONE ? addressBlocks[0].addressees : []).map((addressee) => addressee.text);
  const enterprises = findEnterprises(text, { addressees });
  const units = withEnterprises(findUnits(text), enterprises);
  const context: DocumentContext = {
    text,
    folded,
    units,
    unitByStart: new Map(units.map((unit) => [unit.start, unit])),
    enterpriseStarts: new Set(enterprises.map((enterprise) => enterprise.start)),
    references: indexReferences(document.references.length ? document.references : extractReferences(text)),
    documentDate: referenceDateOf(document),
    deadlineCache: new Map(),
  };
  const report = document.meta.type !== undefined && /^bao\s+cao$/u.test(foldKeepingOffsets(document.meta.type.trim().toLowerCase()));
  const defaultLead = letterAddressee(document.meta.type, addressees) ?? addresseeOf(context, document.meta.issuer);
  // Rows of assignment tables are tasks by their columns; table lines are not prose sentences.
  const table = extractTableTasks(document);
  const tasks: Task[] = [];
  const stack: HeadingEntry[] = [];
  let documentLead = defaultLead;

  // "… Luật Quản lý ngoại thương quy định: “1. …; 3. Bảo đảm thực hiện …”": what a letter quotes is the law's text, not its own request.
  const citations = findQuotedSpans(text).filter((span) => /:\s*$/u.test(text.slice(Math.max(0, span.start - 6), span.start)));
  // The header (number, place and date, type, title) ends with the first block that ends a sentence.
  let inHeader = true;
  for (const segment of segmentBlocks(text)) {
    if (segment.endOfBody) break;
    if (table.tableLines.has(segment.start)) continue;
    // "Kính gửi: - UBND các xã: …; - Các Sở: …": the addressees end the header; a body that cleaning joined to
    // the last one's line ("… Nghĩa Lộ Ngày 14/7/2026, Sở Công Thương nhận được …") is read from where it starts.
    const address = addressBlocks.find((candidate) => candidate.start < segment.end && segment.start < candidate.end);
    let block = segment;
    if (address) {
      inHeader = false;
      if (segment.end <= address.end) continue;
      let bodyStart = address.end;
      while (bodyStart < segment.end && /[\s*]/u.test(text[bodyStart]!)) bodyStart++;
      block = { start: bodyStart, contentStart: bodyStart, end: segment.end };
    }
    if (inHeader) {
      if (!TERMINAL.test(text.slice(block.start, block.end))) continue;
      inHeader = false;
    }
    if (block.rank !== undefined) {
      while (stack.length && stack[stack.length - 1]!.rank >= block.rank) stack.pop();
      const skipped = stack.some((entry) => entry.skip) || isSkippedHeading(context.folded.slice(block.contentStart, block.end));
      const lead = headingLead(context, block);
      stack.push({ rank: block.rank, skip: skipped, lead: lead?.name });
      // "1. Sở Nội vụ", "2. Đề nghị các sở, ngành tỉnh": a heading that only names who leads.
      if (lead?.wholeBlock) continue;
    }
    if (stack.some((entry) => entry.skip)) continue;

    // Within one paragraph or item, a sentence that names nobody continues the last one that did.
    let blockLead: string | undefined;
    for (const sentence of splitSentences(text, block)) {
      if (isInsideQuotation(citations, sentence.start)) continue;
      const inheritedLead = blockLead ?? [...stack].reverse().find((entry) => entry.lead)?.lead ?? documentLead;
      const analysis = analyzeSentence(context, sentence);
      if (analysis.kind === "skip") continue;
      if (analysis.kind === "intro") {
        // "… Sở Nội vụ cần quan tâm thực hiện tốt các nội dung sau:" names who the list below is for.
        if (analysis.lead) {
          const owner = stack[stack.length - 1];
          if (owner) owner.lead = analysis.lead;
          else documentLead = analysis.lead;
        }
        continue;
      }
      if (analysis.prefixLead) blockLead = analysis.prefixLead;
      for (const group of analysis.groups) {
        if (group.lead) blockLead = group.lead;
        const named = group.lead ?? analysis.prefixLead ?? blockLead ?? [...stack].reverse().find((entry) => entry.lead)?.lead;
        // A report informs its superior: what it says is to be done, with nobody named, is the issuer's intention
        // ("Giải pháp thực hiện: - Tiếp tục rà soát …"), not an assignment; its named requests are judged as usual.
        if (named === undefined && documentLead === defaultLead && report) continue;
        tasks.push(buildTask({ context, document, group, lead: group.lead ?? analysis.prefixLead ?? inheritedLead ?? "" }));
      }
    }
  }
  // A cell of a table with no lead column is a task only when it names who acts ("Đề nghị Công ty bổ sung …").
  for (const cell of table.taskCells) {
    let cellLead: string | undefined;
    for (const sentence of splitSentences(text, { start: cell.start, contentStart: cell.start, end: cell.end })) {
      const analysis = analyzeSentence(context, sentence);
      if (analysis.kind !== "tasks") continue;
      if (analysis.prefixLead) cellLead = analysis.prefixLead;
      for (const group of analysis.groups) {
        if (group.lead) cellLead = group.lead;
        const lead = group.lead ?? analysis.prefixLead ?? cellLead;
        if (lead === undefined) continue;
        const task = buildTask({ context, document, group, lead });
        tasks.push(task.deadline === null && cell.deadline ? { ...task, deadline: cell.deadline } : task);
      }
    }
  }
  const all = table.tasks.length === 0 && table.taskCells.length === 0 ? tasks : [...tasks, ...table.tasks].sort((a, b) => a.start - b.start);
  return selectAssignments(document, all);
}

// ---------------------------------------------------------------------------
// Document-level context

type DocumentContext = {
  text: string;
  folded: string;
  /** Units named in the text, in order; `unitByStart` finds one by its first offset. */
  units: UnitMention[];
  unitByStart: Map<number, UnitMention>;
  /** Where enterprises are named: one may lead a task, but "Chủ đầu tư: Công ty …" is a field, not an item for it. */
  enterpriseStarts: ReadonlySet<number>;
  references: ReferenceIndex;
  documentDate: string | undefined;
  /** Deadlines by span start, then end: a sentence's clauses and groups are asked about repeatedly. */
  deadlineCache: Map<number, Map<number, DeadlineMatch[]>>;
};

type HeadingEntry = { rank: number; skip: boolean; lead?: string };

/** The date month-only deadlines count from: the issue date, else the meeting date, else the first "Ngày D/M/YYYY". */
function referenceDateOf(document: Omit<ArchiveDocument, "tasks">): string | undefined {
  const { meta } = document;
  if (meta.date) return meta.date;
  if (meta.meetingDate) return meta.meetingDate;
  const opening = document.text.slice(0, 3000).match(/(?:^|\n)\s*Ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/u);
  if (opening) return `${opening[3]}-${opening[2]!.padStart(2, "0")}-${opening[1]!.padStart(2, "0")}`;
  return meta.year ? String(meta.year) : undefined;
}

/** Units of the administration first; an enterprise is added where no unit is named. */
function withEnterprises(units: UnitMention[], enterprises: readonly UnitMention[]): UnitMention[] {
  if (enterprises.length === 0) return units;
  const all = [...units];
  for (const enterprise of enterprises) {
    if (!units.some((unit) => unit.start < enterprise.end && enterprise.start < unit.end)) all.push(enterprise);
  }
  return all.sort((a, b) => a.start - b.start);
}

/** Documents that are letters to their addressees (an untyped document with "Kính gửi" is one too), folded. */
const LETTER_TYPES = /^(?:cong van|cong dien|thong bao|giay moi)$/u;

/**
 * In a letter to one addressee, a request that names nobody ("Đề nghị rà soát,
 * hoàn thiện hồ sơ …") is to that addressee, never to the sender: the lead is
 * who is asked to act. A letter to several addressees names who does what, or
 * asks all of them; its unnamed requests keep the older default.
 * The addressee's own name is kept unless it is a unit of the administration
 * ("Sở Công thương tỉnh Lào Cai" -> "Sở Công Thương", as everywhere else).
 */
function letterAddressee(type: string | undefined, addressees: readonly string[]): string | undefined {
  if (type !== undefined && !LETTER_TYPES.test(foldKeepingOffsets(type.trim().toLowerCase()))) return undefined;
  if (addressees.length !== 1) return undefined;
  const addressee = addressees[0]!;
  const unit = findUnits(addressee)[0];
  if (unit && unit.start === 0 && PLACE_ONLY.test(foldKeepingOffsets(addressee.slice(unit.end)))) return unit.name;
  return addressee;
}
/** What may follow a unit's name in an address: its province ("tỉnh Lào Cai"), folded. */
const PLACE_ONLY = /^\s*(?:(?:tinh|thanh\s+pho)(?:\s+[a-z]+){1,3})?\s*$/u;

/**
 * Who a document's tasks are for when a sentence names nobody: the unit the
 * leader met ("làm việc với Sở Nội vụ"), the unit that wrote the plan
 * ("Sở Nội vụ xây dựng Kế hoạch …"), or the issuer.
 */
function addresseeOf(context: DocumentContext, issuer: string | undefined): string | undefined {
  const opening = context.folded.slice(0, 3000);
  const metWith = /lam\s+viec\s+voi\s+/gu;
  for (const match of opening.matchAll(metWith)) {
    const unit = unitAtOffset(context, match.index + match[0].length);
    if (unit) return unit.name;
  }
  for (const unit of context.units) {
    if (unit.start > 3000) break;
    if (/^\s*(?:xay\s+dung|ban\s+hanh)\s+(?:ke\s+hoach|chuong\s+trinh)/u.test(context.folded.slice(unit.end, unit.end + 40))) return unit.name;
  }
  if (issuer) return findUnits(issuer)[0]?.name;
  return undefined;
}

// ---------------------------------------------------------------------------
// Blocks: paragraphs and list items, rebuilt from lines

type Block = {
  start: number;
  /** Offset where the content starts, after a list marker. */
  contentStart: number;
  end: number;
  /** Outline rank of a marked block: PHẦN 0, I. 1, 1. 2, 1.1. 3, a) 4, "-" 5. */
  rank?: number;
  endOfBody?: boolean;
};

const MARKERS: ReadonlyArray<{ pattern: RegExp; rank: number }> = [
  { pattern: /^(?:\*\*)?(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVXLC]+|\d+|THỨ\s+\p{L}+)\b\.?\s*/u, rank: 0 },
  { pattern: /^(?:\*\*)?[IVXLC]+\.\s+/u, rank: 1 },
  { pattern: /^(?:\*\*)?\d{1,2}(?:\.\d{1,2})+\.?\s+(?=\p{L})/u, rank: 3 },
  { pattern: /^(?:\*\*)?(?:Điều\s+)?\d{1,2}[.)]\s+(?=[\p{L}*"“(])/u, rank: 2 },
  { pattern: /^(?:\*\*)?[a-zđ]\)\s+/u, rank: 4 },
  { pattern: /^[-–+•]\s*(?=\p{L}|\*)|^\*\s+/u, rank: 5 },
];

function markerOf(line: string): { rank: number; length: number } | undefined {
  for (const { pattern, rank } of MARKERS) {
    const match = line.match(pattern);
    if (match) return { rank, length: match[0].length };
  }
  return undefined;
}

const TERMINAL = /[.:;!?…](?:["”’)*]|\*\*)*$/u;

// Patterns with \p{…} are module constants: written inside a function, tsx (esbuild) compiles them into
// `new RegExp(…)`, which runs on every call (per line, sentence or clause here).
const LOWER_CASE_START = /^[\p{Ll}]/u;
const LOWER_CASE = /\p{Ll}/u;
const NOT_NEEDED = /(?<!\p{L})không\s+(?:cần|phải)(?!\p{L})/iu;
const CHAIRS = /^\s*,?\s*chu\s+tri(?![\p{L}])(?!\s+(?:buoi|cuoc|hop|lam\s+viec|hoi\s+nghi))/u;
const APPROVED_FOR = /(?<![\p{L}])(?:cho|de)\s+/u;

/**
 * Paragraphs and list items with offsets. In clean text a line is a
 * paragraph; text still wrapped at a page width (most lines short, none very
 * long) also joins a line to the previous one when that one ran to the width
 * without ending a sentence.
 */
export function segmentBlocks(text: string): Block[] {
  const lines: Span[] = [];
  for (const match of text.matchAll(/[^\n\f]+/gu)) {
    const raw = match[0];
    const content = raw.trim();
    if (!content) continue;
    const start = match.index + (raw.length - raw.trimStart().length);
    lines.push({ start, end: start + content.length });
  }
  const longLines = lines.filter((line) => line.end - line.start > 120).length;
  const wrapped = lines.length >= 8 && longLines / lines.length < 0.1;

  const blocks: Block[] = [];
  let current: Block | undefined;
  let previousLineLength = 0;
  let previousLineText = "";
  let ended = false;
  for (const { start, end } of lines) {
    const content = text.slice(start, end);
    // A page number on its own line belongs to no paragraph.
    if (/^(?:-\s*)?\d{1,3}(?:\s*-)?$/u.test(content)) continue;
    if (!ended && /^(?:\*+)?n[ơo]i\s+nh[ậa]n\b/iu.test(content)) ended = true;
    const marker = markerOf(content);
    const continues =
      current !== undefined &&
      !marker &&
      !ended &&
      (LOWER_CASE_START.test(content) || (wrapped && previousLineLength >= 50 && !TERMINAL.test(previousLineText)));
    if (continues && current) {
      current.end = end;
    } else {
      current = { start, contentStart: start + (marker?.length ?? 0), end, rank: marker?.rank, endOfBody: ended || undefined };
      blocks.push(current);
    }
    previousLineLength = content.length;
    previousLineText = content;
  }
  mergePartTitles(blocks);
  return blocks;
}

/** "PHẦN I" on its own line takes the next line as its title. */
function mergePartTitles(blocks: Block[]): void {
  for (let i = 0; i + 1 < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1]!;
    if (block.rank === 0 && block.contentStart >= block.end && next.rank === undefined) {
      block.end = next.end;
      block.contentStart = next.start;
      blocks.splice(i + 1, 1);
    }
  }
}

/** Headings over text that reports or reasons rather than assigns. */
const SKIPPED_HEADING =
  /^\W*(?:danh\s+gia|ket\s+qua|nhan\s+xet|uu\s+diem|ton\s+tai|han\s+che|nguyen\s+nhan|tinh\s+hinh|muc\s+dich|yeu\s+cau|bai\s+hoc|kho\s+khan|thuc\s+trang|boi\s+canh|can\s+cu|su\s+can\s+thiet|kien\s+nghi|(?:de\s+xuat|de\s+nghi)\s*,\s*kien\s+nghi)/u;

function isSkippedHeading(foldedTitle: string): boolean {
  return SKIPPED_HEADING.test(foldedTitle.replace(/^\*+/u, ""));
}

/** A heading that names a unit ("1. Sở Nội vụ", "2. Đề nghị các sở, ngành tỉnh", "b) Sở Xây dựng: …") leads its items. */
function headingLead(context: DocumentContext, block: Block): { name: string; wholeBlock: boolean } | undefined {
  const folded = context.folded;
  let position = block.contentStart;
  const request = folded.slice(position, position + 20).match(/^\**\s*(?:de\s+nghi|giao|yeu\s+cau)\s+/u);
  if (request) position += request[0].length;
  const unit = unitAtOffset(context, position) ?? headedUnit(context, position, block.end);
  if (!unit) return undefined;
  const rest = folded.slice(unit.end, block.end).replace(/\*+/gu, "").trim();
  // The unit alone, or the unit followed by ":" (an item prefix): it leads what follows.
  if (rest === "" || rest.startsWith(":")) return { name: unit.name, wholeBlock: rest === "" };
  return undefined;
}

/**
 * "2. Giám đốc Sở Công Thương:", "Chủ tịch UBND các xã:": duties given to the head of a unit are the unit's
 * (findUnits leaves a unit in a person's title out, so it is looked for after the title).
 */
function headedUnit(context: DocumentContext, position: number, end: number): UnitMention | undefined {
  const title = HEAD_OF_UNIT.exec(context.folded.slice(position, position + 30));
  if (!title) return undefined;
  const start = position + title[0].length;
  const unit = findUnits(context.text.slice(start, end))[0];
  if (!unit || unit.start !== 0) return undefined;
  return { name: unit.name, start: start + unit.start, end: start + unit.end };
}
const HEAD_OF_UNIT = /^\**\s*(?:giam\s+doc|chu\s+tich|thu\s+truong|chanh\s+van\s+phong|truong\s+ban)\s+/u;

// ---------------------------------------------------------------------------
// Sentences

type Span = { start: number; end: number };

const SENTENCE_END = /[.!?…]+(?:["”’)]|\*\*)*\s+(?=[\p{Lu}\d"“(\-–+•*])/gu;
const ABBREVIATION = /(?:^|\s)(?:TP|Tp|TX|Tx|TT|Th|Tr|ThS|TS|PGS|GS|Ths|Nxb|tr|St|v\.v)$/u;

function splitSentences(text: string, block: Block): Span[] {
  const spans: Span[] = [];
  const slice = text.slice(block.contentStart, block.end);
  let start = 0;
  for (const match of allMatches(SENTENCE_END, slice)) {
    // An abbreviation is at most 3 characters after a space: the last 8 characters decide, and testing
    // the whole prefix would make long paragraphs quadratic.
    if (ABBREVIATION.test(slice.slice(Math.max(0, match.index - 8), match.index))) continue;
    const end = match.index + match[0].trimEnd().length;
    pushTrimmed(spans, text, block.contentStart + start, block.contentStart + end);
    start = end;
  }
  pushTrimmed(spans, text, block.contentStart + start, block.end);
  return spans;
}

function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  while (start < end && /[\s*]/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  if (end > start) spans.push({ start, end });
}

// ---------------------------------------------------------------------------
// Is this sentence an assignment, and of what to whom?

/** A task's span: `start` is where its quote starts (a sentence's item prefix included), `bodyStart` where the instruction does. */
type Group = Span & { bodyStart: number; lead?: string; leadMention?: UnitMention; partners: string[]; assigns: boolean };
type Analysis =
  | { kind: "skip" }
  | { kind: "intro"; lead?: string }
  | { kind: "tasks"; groups: Group[]; prefixLead?: string };

/** Sentence openings that report, cite or close rather than assign. */
const NOT_AN_ASSIGNMENT =
  /^(?:(?:chu\s+tri|thanh\s+phan|dia\s+diem|thoi\s+gian)(?:\s+tai\s+[^:;,.]{1,30})?\s*:|\(?\s*gui\s+kem|ngay\s+\d|sau\s+khi|tham\s+du|tren\s+day|noi\s+nhan|thua\s+lenh|tl\.|kt\.|tm\.|tuy\s+nhien|dac\s+biet|qua\s+do|(?:ke\s+hoach|quyet\s+dinh|thong\s+bao|quy\s+dinh|van\s+ban|cong\s+van|to\s+trinh|quy\s+che|huong\s+dan)\s+nay)/u;
/**
 * "Trường hợp có vướng mắc, đề nghị Công ty báo cáo …", "Nếu có sự khác biệt cần nêu rõ lý do": a duty
 * that exists only if something happens is a standing rule, not work to follow up. Folded.
 */
const CONDITIONAL = /^(?:trong\s+qua\s+trinh[^,;:]{0,60},\s*)?(?:truong\s+hop|neu|trong\s+truong\s+hop)\s/u;
/**
 * "Tổ chức thực hiện kiểm định: Trung tâm Tư vấn giám sát … (đơn vị trực thuộc Sở Xây dựng)": a label and the
 * unit it names, nothing to do. The label is not itself a unit (that is an item "Sở Y: …").
 */
function isUnitField(context: DocumentContext, sentence: Span, colon: number): boolean {
  if (colon <= 0 || colon > 80) return false;
  const valueStart = sentence.start + colon + 1;
  const named = unitsWithin(context, { start: valueStart, end: sentence.end })[0];
  if (!named || context.text.slice(valueStart, named.start).trim() !== "") return false;
  // The rest of the name ("… và Quản lý dự án xây dựng tỉnh Lào Cai"), not an instruction to the unit.
  const rest = context.text.slice(named.end, sentence.end).replace(/\([^)]*\)?/gu, " ").trim();
  if (/[,;:]/u.test(rest.replace(/[.;,]+$/u, "")) || leadingWords(rest, 21).length > 20) return false;
  return !opensWithImperative(rest) && !hasModal(rest);
}

/**
 * "Nhiệm vụ: Sở Xây dựng hoàn thành …", "Ý kiến chỉ đạo: Giao Sở Tài chính …", "Nội dung cần rà soát: Đề nghị
 * Công ty bổ sung …": a short label before a colon, and after it an instruction that names who does it
 * (a request or a unit followed by its verb). The label names the field; the instruction is the body.
 */
function isLabelOfRequest(context: DocumentContext, sentence: Span, colon: number): boolean {
  // Only labels that announce work: a topic ("Công tác xử lý sau thanh tra: Thanh tra tỉnh thực hiện …") or a
  // submission ("Nội dung trình: Sở X trình …") reports what a body does.
  if (colon <= 0 || colon > 80) return false;
  if (!FIELD_OF_INSTRUCTION.test(context.folded.slice(sentence.start, sentence.start + colon).replace(/^[\s*]+|[\s*]+$/gu, ""))) return false;
  let bodyStart = sentence.start + colon + 1;
  while (bodyStart < sentence.end && /[\s*]/u.test(context.text[bodyStart]!)) bodyStart++;
  const lead = explicitLead(context, { start: bodyStart, end: sentence.end });
  if (!lead) return false;
  // The lead opens the body, or follows its request word ("Giao", "Đề nghị", "Yêu cầu").
  const opening = context.folded.slice(bodyStart, lead.start);
  return opening.trim() === "" || REQUEST_OPENING.test(opening);
}

/** Labels of a field whose value is an instruction, folded: "Nhiệm vụ", "Nội dung (cần rà soát, chỉnh sửa)", "Ý kiến chỉ đạo". */
const FIELD_OF_INSTRUCTION =
  /^(?:nhiem\s+vu(?:\s+(?:giao|cu\s+the|trong\s+tam))?|noi\s+dung(?:\s+(?:cong\s+viec|nhiem\s+vu|thuc\s+hien|chi\s+dao|can\s+[^:]{1,40}))?|(?:y\s+kien\s+)?chi\s+dao|ket\s+luan|phan\s+cong|giao\s+nhiem\s+vu|to\s+chuc\s+thuc\s+hien|yeu\s+cau|de\s+nghi|giai\s+phap)$/u;

/**
 * "Căn cứ chức năng …, sau khi xem xét hồ sơ, Cục Hóa chất đề nghị Công ty bổ sung …": the legal basis opens
 * the sentence, and its main clause, after a comma, is a body asking a unit or company to act.
 */
function requestsAfterBasis(context: DocumentContext, span: Span): boolean {
  const slice = context.folded.slice(span.start, span.end);
  for (const match of allMatches(ASSIGNING_VERB, slice)) {
    if (match[1]!.startsWith("giao")) continue;
    const at = span.start + match.index;
    if (subjectAfterComma(context, span.start, at) && unitAtOffset(context, at + match[0].length)) return true;
  }
  return false;
}

/** "Chủ trì thiết kế phần cơ - điện: Ông Nguyễn Trường Giang, Kỹ sư điện; …": a field naming a person, folded. */
const PERSON_FIELD = /^[^:;.]{1,80}:\s*(?:ong|ba)\s+[a-z]+\s+[a-z]+/u;
/** "Sở Công Thương không chịu trách nhiệm về …", "… chỉ chịu trách nhiệm về …": what the issuer declines, folded. */
const DISCLAIMER = /^[^;]{0,80}?(?:^|\s)(?:khong|chi)\s+(?:xem\s+xet,\s+khong\s+)?chiu\s+trach\s+nhiem(?![\p{L}])/u;
/** "Báo cáo thẩm định (lần 1) số 169/BC-STP ngày …": an item naming a document (a list of what was received or attached). */
const CITED_DOCUMENT_ITEM =
  /^(?:bao\s+cao|van\s+ban|to\s+trinh|quyet\s+dinh|cong\s+van|ke\s+hoach|thong\s+bao|giay\s+phep|phieu)(?:\s+[^\s;:.]+){0,10}?\s+so\s+[\d.]+\/[^;]*;?$/u;

/**
 * "Tổ chức thực hiện", "Đề xuất, kiến nghị", "Cung cấp nước": a short line that ends without
 * punctuation and is not an item of a list is a heading, whatever its first word.
 */
function isBareHeading(body: string): boolean {
  const trimmed = body.trim();
  if (TERMINAL_OR_CLAUSE_END.test(trimmed)) return false;
  return leadingWords(trimmed, 7).length <= 6;
}
const TERMINAL_OR_CLAUSE_END = /[.:;!?…,)"”’*]$/u;

/** A clause that opens by requesting ("đề nghị Công ty …", "yêu cầu …", "giao …"), folded. */
const REQUEST_OPENING = /^(?:de\s+nghi|yeu\s+cau|giao(?!\s+(?:thong|dich|luu|nhan|dat|tiep|ket)))\s/u;
/**
 * "Thực hiện Kế hoạch số 3898/KH-SCT …", "Thực hiện Phiếu chuyển số …", "Thực hiện ý kiến chỉ đạo của UBND tỉnh
 * tại …", "Thực hiện chức năng tham mưu …": the letter's occasion, unless it goes on to assign.
 */
const CARRYING_OUT_DOCUMENT =
  /^(?:thuc\s+hien\s+(?:(?:y\s+kien\s+)?chi\s+dao\s+(?:cua\s+[^,;]{0,80}?\s)?tai\s|chuc\s+nang\s)|(?:thuc\s+hien|trien\s+khai|theo)\s+(?:van\s+ban|cong\s+van|ke\s+hoach|quyet\s+dinh|chi\s+thi|nghi\s+quyet|thong\s+bao|phieu\s+chuyen|thong\s+tu|nghi\s+dinh|luat|chuong\s+trinh)\s+(?:so\s|cua\s|\d))/u;
const CLOSING =
  /thong\s+bao\s+(?:de|ket\s+luan|cho)\s|(?:^|\s)thua\s+lenh\s|(?:chiu|co)\s+trach\s+nhiem\s+(?:chi\s+dao\s+(?:va|,)\s+)?(?:to\s+chuc\s+)?(?:thi\s+hanh|thuc\s+hien)\s+(?:quyet\s+dinh|thong\s+tu|nghi\s+dinh|huong\s+dan|nghi\s+quyet)\s+nay/u;

function analyzeSentence(context: DocumentContext, sentence: Span): Analysis {
  const { folded, text } = context;
  const foldedSentence = folded.slice(sentence.start, sentence.end);
  if (/:\s*(?:\*\*)?$/u.test(foldedSentence)) return { kind: "intro", lead: explicitLead(context, sentence)?.name };

  // An item prefix "Sở Y: …" or a topic "Về …: …" / "Đối với …: …" comes before the body.
  let bodyStart = sentence.start;
  let prefixLead: string | undefined;
  const prefixPartners: string[] = [];
  const colon = foldedSentence.indexOf(":");
  if (colon > 0 && colon < 200) {
    const prefixUnits = unitList(context, sentence.start, sentence.start + colon);
    if (prefixUnits?.some((unit) => context.enterpriseStarts.has(unit.start))) return { kind: "skip" };
    if (prefixUnits) {
      prefixLead = prefixUnits[0]!.name;
      prefixPartners.push(...prefixUnits.slice(1).map((unit) => unit.name));
      bodyStart = sentence.start + colon + 1;
    } else if (/^(?:ve|doi\s+voi|rieng|luu\s+y)\s/u.test(foldedSentence) || isLabelOfRequest(context, sentence, colon)) {
      bodyStart = sentence.start + colon + 1;
    }
  }
  while (bodyStart < sentence.end && /[\s*]/u.test(text[bodyStart]!)) bodyStart++;
  const foldedBody = folded.slice(bodyStart, sentence.end);

  if (NOT_AN_ASSIGNMENT.test(foldedBody) || CLOSING.test(foldedBody) || CONDITIONAL.test(foldedBody)) return { kind: "skip" };
  if (PERSON_FIELD.test(foldedSentence)) return { kind: "skip" };
  if (bodyStart === sentence.start && isUnitField(context, sentence, colon)) return { kind: "skip" };
  // An all-capitals line is a heading ("III. TỔ CHỨC THỰC HIỆN"), not an instruction.
  const body = text.slice(bodyStart, sentence.end);
  if (!LOWER_CASE.test(body)) return { kind: "skip" };
  // "Căn cứ …" is the legal basis, and so is the assignment it cites ("…, trong đó giao Sở X chủ trì soạn thảo …").
  if (/^can\s+cu\s/u.test(foldedBody) && !/(?:^|[\s,;])(?<!trong\s+do\s)(?<!ve\s+viec\s)giao\s/u.test(foldedBody) && !requestsAfterBasis(context, { start: bodyStart, end: sentence.end })) {
    return { kind: "skip" };
  }
  // The request must be the sentence's own ("…, đề nghị …"), not the cited document's subject ("… về việc giao cho Sở …").
  if (DISCLAIMER.test(foldedBody) || CITED_DOCUMENT_ITEM.test(foldedBody)) return { kind: "skip" };
  if (isBareHeading(body)) return { kind: "skip" };
  if (CARRYING_OUT_DOCUMENT.test(foldedBody) && !/[,;:]\s*(?:dong\s+thoi\s+)?(?:giao|de\s+nghi|yeu\s+cau)\s/u.test(foldedBody)) return { kind: "skip" };
  if (isNarrative(body)) return { kind: "skip" };

  const clauses = splitClauses(text, { start: bodyStart, end: sentence.end });
  const groups: Group[] = [];
  for (const clause of clauses) {
    const current = groups[groups.length - 1];
    if (LAW_COMPLIANCE.test(context.folded.slice(clause.start, Math.min(clause.end, clause.start + 200)))) {
      // Not an instruction; it continues the group before it (its ";" list) or opens one that assigns nothing.
      if (current) current.end = clause.end;
      else groups.push({ ...clause, start: sentence.start, bodyStart: clause.start, partners: [], assigns: false });
      continue;
    }
    const leadMention = explicitLead(context, clause);
    const lead = leadMention?.name;
    const clauseAssigns = () => lead !== undefined || isImperative(context, clause) || opensWithModal(text.slice(clause.start, clause.end));
    // Deadlines are only looked for when they decide (they cost the most, and a sentence is mostly one clause).
    const startsGroup =
      !current ||
      (lead !== undefined && lead !== (current.lead ?? prefixLead)) ||
      // "Theo … Luật …, văn bản phải ghi rõ …; đề nghị Công ty tách …": an instruction after a clause that gives none.
      (!current.assigns && REQUEST_OPENING.test(context.folded.slice(clause.start, clause.start + 12))) ||
      (datedDeadlines(context, clause).length > 0 && datedDeadlines(context, current).length > 0);
    if (startsGroup) {
      // A first clause that assigns nothing is kept (its ";"-continuations belong to it) but
      // not reported; a later clause may still assign ("…; đồng thời giao Sở Nội vụ …").
      const assigns = Boolean(current?.assigns) || Boolean(prefixLead) || clauseAssigns();
      groups.push({ ...clause, start: groups.length ? clause.start : sentence.start, bodyStart: clause.start, lead, leadMention, partners: [], assigns });
    } else {
      current.end = clause.end;
    }
  }
  const real = groups.filter((group) => group.assigns);
  for (const group of real) {
    group.partners = partnersOf(context, group, [...prefixPartners]);
  }
  return { kind: "tasks", groups: real, prefixLead };
}

/** Clauses of a sentence, split at ";" (the unit of one instruction in these texts). */
function splitClauses(text: string, span: Span): Span[] {
  const clauses: Span[] = [];
  // Searched in the span's own slice, so a span without ";" does not scan the rest of the text.
  const slice = text.slice(span.start, span.end);
  let start = span.start;
  for (let i = slice.indexOf(";"); i >= 0; i = slice.indexOf(";", i + 1)) {
    pushTrimmed(clauses, text, start, span.start + i + 1);
    start = span.start + i + 1;
  }
  pushTrimmed(clauses, text, start, span.end);
  return clauses;
}

/** "Sở Nội vụ đã tham mưu…", "Đã tham mưu…": a report of what was done. */
function isNarrative(body: string): boolean {
  // "đã" in any case is these two characters; without them no word is "đã".
  if (!/[Đđ][Ãã]/u.test(body)) return false;
  const firstWords = leadingWords(body, 8).map(({ word }) => word.toLowerCase());
  return firstWords.includes("đã");
}

/**
 * `splitWords(text).slice(0, count)` without splitting all of a long text:
 * once a prefix holds more than `count` words, its first `count` are whole
 * (the next one starts after them) and the same as in the full text.
 */
function leadingWords(text: string, count: number): WordSpan[] {
  // A word and its space take about 6 characters: the first prefix tried usually suffices.
  for (let length = (count + 1) * 6; length < text.length; length *= 4) {
    const words = splitWords(text.slice(0, length));
    if (words.length > count) return words.slice(0, count);
  }
  return splitWords(text).slice(0, count);
}

// "bờ phải", "bên phải", "tay phải": "phải" is "right", not "must".
const MODAL = /(?<!\p{L})(?:cần(?!\s+thiết)|(?<!(?:bờ|bên|tay|phía|vế|mé)\s)phải|có trách nhiệm|chịu trách nhiệm)(?!\p{L})/iu;
/**
 * What may come before the modal of a clause that instructs: nothing, an introductory phrase
 * ending in a comma, a frame of time or manner ("Trong tham mưu …", "Quá trình thực hiện …",
 * "Lưu ý: …"), or a person ("Từng đồng chí lãnh đạo Sở …", "Người đứng đầu …"). Folded.
 */
const BEFORE_INSTRUCTING_MODAL =
  /^(?:dieu\s+\d+\s*[:.]\s*)?(?:[^,;:]*,\s*)?(?:(?:luu\s+y\s*:\s*)?(?:trong|qua\s+trinh|tung|moi|cac|dong\s+chi|lanh\s+dao|nguoi\s+dung\s+dau|thu\s+truong|can\s+bo|cong\s+chuc|vien\s+chuc|cong\s+ty|doanh\s+nghiep|chi\s+nhanh|hop\s+tac\s+xa|chu\s+dau\s+tu|nha\s+thau|doan|to\s+(?:kiem\s+tra|cong\s+tac|giup\s+viec|tham\s+dinh))(?:\s[^;,]*)?)?$/u;
/**
 * "… phải thực hiện đúng các quy định tại Luật …", "… chịu trách nhiệm trước pháp luật về …": a
 * reminder of the law, which binds whether or not it is written, not something given to do.
 * Only as the clause's instruction (at its start, or after its subject and modal): "Tăng cường
 * quản lý …, bảo đảm thực hiện đúng quy định của pháp luật" is an instruction. Folded.
 */
const LAW_COMPLIANCE =
  /^(?:[^;,]{0,120}?\s(?:phai|co\s+trach\s+nhiem|can)\s+)?(?:(?:thuc\s+hien|chap\s+hanh|tuan\s+thu)\s+(?:(?:dung|day\s+du|nghiem\s+tuc|nghiem|dung\s+va\s+day\s+du|theo(?:\s+dung)?)\s*,?\s*)*(?:cac\s+)?(?:quy\s+dinh|nghia\s+vu)\s(?:[^;.]{0,60}?\s)?(?:phap\s+luat|tai\s+(?:luat|nghi\s+dinh|thong\s+tu|khoan|dieu|diem)\s|cua\s+luat\s))|^(?:[^;,]{0,120}?\s)?(?:tu\s+)?chiu\s+trach\s+nhiem\s+(?:toan\s+dien\s+)?truoc\s+phap\s+luat/u;

/** "… chịu trách nhiệm về chất lượng …", "… trước pháp luật …": accountability for what is done, not something to do. */
const ACCOUNTABILITY = /(?<!\p{L})(?:phải\s+)?(?:chịu|có)\s+trách\s+nhiệm\s+(?:(?:hoàn\s+toàn|toàn\s+diện)\s+)?(?:về|trước)(?!\p{L})/giu;

function hasModal(clause: string): boolean {
  const head = clause.slice(0, 90).replace(ACCOUNTABILITY, " ");
  return MODAL.test(head) && !NOT_NEEDED.test(head);
}

/**
 * "Phải …", "Cần …", "Trong quá trình triển khai, cần …": a clause whose modal has no subject
 * instructs whoever the item is for. "Kế hoạch phải xác định rõ …", "Phương tiện phải bảo đảm …"
 * (a thing before the modal, a unit would have been found as the lead) state a requirement,
 * and "phải được" a passive one: neither is an assignment.
 */
function opensWithModal(clause: string): boolean {
  if (!hasModal(clause)) return false;
  const head = clause.slice(0, 90);
  const match = MODAL.exec(head);
  if (!match) return false;
  if (/^\s*được(?!\p{L})/iu.test(head.slice(match.index + match[0].length))) return false;
  return BEFORE_INSTRUCTING_MODAL.test(foldKeepingOffsets(head.slice(0, match.index).trim()));
}

/** Verbs (and adverbs) that open an instruction; compared tone-canonically. */
const IMPERATIVE_OPENINGS = [
  "tham mưu", "triển khai", "hoàn thành", "hoàn thiện", "xây dựng", "trình", "báo cáo", "tổ chức", "rà soát", "chủ động",
  "tiếp tục", "tăng cường", "thực hiện", "nghiên cứu", "đề xuất", "phối hợp", "chủ trì", "hướng dẫn", "kiểm tra",
  "đôn đốc", "theo dõi", "thẩm định", "thẩm tra", "ban hành", "tập trung", "khẩn trương", "đẩy mạnh", "nâng cao",
  "bảo đảm", "đảm bảo", "chỉ đạo", "lập", "làm việc", "làm tốt", "xem xét", "bố trí", "hỗ trợ", "quản lý",
  "cập nhật", "phấn đấu", "chú trọng", "đổi mới", "duy trì", "tuyên truyền", "giải quyết", "tổng hợp", "sơ kết",
  "tổng kết", "khắc phục", "củng cố", "kiện toàn", "sắp xếp", "thành lập", "ứng dụng", "số hóa", "tích cực",
  "thường xuyên", "quán triệt", "ưu tiên", "phát huy", "xử lý", "rút kinh nghiệm", "đánh giá", "giám sát",
  "bồi dưỡng", "đào tạo", "phát động", "phân công", "tuyển dụng", "tham gia", "nắm chắc", "bám nắm", "bám sát",
  "giữ vững", "sửa đổi", "bổ sung", "cải thiện", "tiếp nhận", "chuẩn bị", "gửi", "nộp", "cung cấp", "đăng ký",
  "điều chỉnh", "quan tâm", "lãnh đạo", "dừng", "kịp thời", "sớm", "nghiêm túc", "rà soát", "cụ thể hóa",
  "tăng cường", "chấn chỉnh", "hoàn tất", "đề nghị", "giao", "yêu cầu", "làm rõ", "theo dõi", "thống kê",
  "vận hành", "khảo sát", "lựa chọn", "tiến hành", "đồng thời", "huy động", "phát triển", "thẩm định",
].map((phrase) => phrase.split(" ").map(canonicalizeTone).join(" "));
const IMPERATIVE_SET = new Set(IMPERATIVE_OPENINGS);
const IMPERATIVE_FIRST_WORDS = new Set(IMPERATIVE_OPENINGS.map((phrase) => phrase.split(" ")[0]!));

function isImperative(context: DocumentContext, clause: Span): boolean {
  return opensWithImperative(context.text.slice(clause.start, Math.min(clause.end, clause.start + 80)));
}

/** Whether a text's first one to three words are one of the openings (compared tone-canonically). */
function opensWithImperative(text: string): boolean {
  // Most texts open with a word no opening starts with: that word alone is split and compared first.
  const [first] = leadingWords(text, 1);
  if (!first || !IMPERATIVE_FIRST_WORDS.has(canonicalizeTone(first.word))) return false;
  const words = leadingWords(text, 3).map(({ word }) => canonicalizeTone(word));
  for (let length = 3; length >= 1; length--) {
    if (words.length >= length && IMPERATIVE_SET.has(words.slice(0, length).join(" "))) return true;
  }
  return false;
}

/** Units in [start, end) that form a list ("Sở Tư pháp, Sở Tài chính và các ngành có liên quan"), or undefined. */
function unitList(context: DocumentContext, start: number, end: number): UnitMention[] | undefined {
  const list: UnitMention[] = [];
  let position = start;
  for (;;) {
    while (position < end && /[\s*,]/u.test(context.text[position]!)) position++;
    const andWord = context.folded.slice(position, position + 3);
    if (list.length && andWord === "va ") position += 3;
    const unit = unitAtOffset(context, position);
    if (!unit || unit.end > end) break;
    list.push(unit);
    position = unit.end;
  }
  const rest = context.text.slice(position, end).replace(/[\s*,]/gu, "");
  return list.length && rest === "" ? list : undefined;
}

const ASSIGNING_VERB = /(?<![\p{L}\p{N}])(giao(?:\s+cho)?|de\s+nghi|yeu\s+cau)\s+/gu;

/**
 * The unit a clause explicitly assigns: "giao X", "X chủ trì", "đề nghị /
 * yêu cầu X", "Đồng ý … cho / để X", or a clause that opens with X followed
 * by a verb or a modal ("Sở Nội vụ hoàn thành …", "Các sở … phải …").
 */
function explicitLead(context: DocumentContext, clause: Span): UnitMention | undefined {
  const { folded, text } = context;
  const slice = folded.slice(clause.start, clause.end);

  for (const match of allMatches(ASSIGNING_VERB, slice)) {
    const before = slice.slice(Math.max(0, match.index - 12), match.index);
    if (/duoc\s+$/u.test(before)) continue;
    // "đề nghị / yêu cầu X" assigns when it is the clause's main verb, not "… báo cáo, đề nghị Bộ X thẩm định".
    if (!match[1]!.startsWith("giao")) {
      // "Sở Công Thương đề nghị Bộ Chỉ huy Quân sự tỉnh nghiên cứu …": the requester is the subject, the one asked leads.
      const afterSubject = match.index !== 0 && (unitList(context, clause.start, clause.start + match.index) !== undefined || subjectAfterComma(context, clause.start, clause.start + match.index));
      if (match.index !== 0 && !/[,:]\s*$/u.test(before) && !afterSubject) continue;
      if (/(?:bao\s+cao|de\s+xuat|tham\s+muu|trinh)\s*,?\s*$/u.test(before)) continue;
    }
    const unit = unitAtOffset(context, clause.start + match.index + match[0].length);
    if (unit) return unit;
  }
  for (const unit of unitsWithin(context, clause)) {
    const after = folded.slice(unit.end, unit.end + 30);
    if (CHAIRS.test(after)) return unit;
  }
  if (/^(?:dong\s+y|nhat\s+tri|thong\s+nhat)/u.test(slice)) {
    const approval = slice.match(APPROVED_FOR);
    if (approval && approval.index !== undefined) {
      const unit = unitAtOffset(context, clause.start + approval.index + approval[0].length);
      // "Đồng ý … cho Công ty X được sử dụng …": a permission, not work given.
      if (unit && !/^\s*duoc\s/u.test(folded.slice(unit.end, unit.end + 8))) return unit;
    }
    return undefined;
  }
  const subjects = unitList(context, clause.start, nextNonUnitOffset(context, clause));
  if (subjects) {
    const afterSubjects = text.slice(subjects[subjects.length - 1]!.end, clause.end);
    // "Công ty đề nghị cấp Giấy phép …": what the subject asks for (had it asked someone, that one would lead above).
    const ownRequest = /^\s*(?:de\s+nghi|yeu\s+cau)\s/u.test(folded.slice(subjects[subjects.length - 1]!.end, subjects[subjects.length - 1]!.end + 12));
    if (!ownRequest && (opensWithImperative(afterSubjects.slice(0, 60)) || hasModal(afterSubjects))) return subjects[0];
  }
  // "…; trong thời gian tới, Sở Nội vụ cần …": a unit right after a comma, followed by a modal.
  for (const unit of unitsWithin(context, clause)) {
    if (unit.start <= clause.start) continue;
    if (!/[,;:]\s*$/u.test(folded.slice(Math.max(clause.start, unit.start - 4), unit.start))) continue;
    if (/^\s*(?:can|phai|co\s+trach\s+nhiem)\s/u.test(folded.slice(unit.end, unit.end + 20)) && MODAL.test(text.slice(unit.end, unit.end + 20))) {
      return unit;
    }
  }
  return undefined;
}

/**
 * "…, Sở Công Thương đề nghị …", "…, Cục Hóa chất đề nghị …": what stands between the last comma before `end`
 * and `end` is the requester: units, or a short proper name (an office findUnits does not list).
 */
function subjectAfterComma(context: DocumentContext, start: number, end: number): boolean {
  const comma = context.text.lastIndexOf(",", end - 1);
  if (comma <= start) return false;
  if (unitList(context, comma + 1, end) !== undefined) return true;
  const phrase = context.text.slice(comma + 1, end).trim();
  return UPPER_CASE_START.test(phrase) && leadingWords(phrase, 7).length <= 6 && !opensWithImperative(phrase);
}
const UPPER_CASE_START = /^\p{Lu}/u;

/** The unit that starts at `offset`, white space skipped. */
function unitAtOffset(context: DocumentContext, offset: number): UnitMention | undefined {
  let position = offset;
  while (position < context.text.length && /\s/u.test(context.text[position]!)) position++;
  return context.unitByStart.get(position);
}

/** Units wholly inside a span (binary search: the list is in text order). */
function unitsWithin(context: DocumentContext, span: Span): UnitMention[] {
  const { units } = context;
  let low = 0;
  let high = units.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (units[middle]!.start < span.start) low = middle + 1;
    else high = middle;
  }
  const inside: UnitMention[] = [];
  for (let i = low; i < units.length && units[i]!.start < span.end; i++) {
    if (units[i]!.end <= span.end) inside.push(units[i]!);
  }
  return inside;
}

/** End of the run of units (and their separators) a clause opens with. */
function nextNonUnitOffset(context: DocumentContext, clause: Span): number {
  let position = clause.start;
  let end = clause.start;
  for (;;) {
    while (position < clause.end && /[\s*,]/u.test(context.text[position]!)) position++;
    if (context.folded.slice(position, position + 3) === "va " && end > clause.start) position += 3;
    const unit = unitAtOffset(context, position);
    if (!unit || unit.end > clause.end) return end;
    end = unit.end;
    position = unit.end;
  }
}

// The look-ahead restates the first words, which makes the search several times faster.
const PARTNER_CUE = /(?=phoi|lam|cung)(?<![\p{L}])(?:phoi\s+hop(?:\s+chat\s+che)?(?:\s+voi)?|lam\s+viec\s+voi|cung\s+voi)\s+/gu;

/** Units after "phối hợp (chặt chẽ) (với)", "làm việc với", and the co-subjects of a clause. */
function partnersOf(context: DocumentContext, group: Group, initial: string[]): string[] {
  const { folded, text } = context;
  const partners = [...initial];
  const slice = folded.slice(group.start, group.end);
  for (const match of allMatches(PARTNER_CUE, slice)) {
    let position = group.start + match.index + match[0].length;
    for (;;) {
      const unit = unitAtOffset(context, position);
      if (!unit || unit.end > group.end) break;
      partners.push(unit.name);
      position = unit.end;
      const separator = folded.slice(position, position + 6).match(/^\s*(?:,|va\s)\s*/u);
      if (!separator) break;
      position += separator[0].length;
    }
  }
  const subjects = unitList(context, group.start, nextNonUnitOffset(context, group));
  if (subjects) partners.push(...subjects.slice(1).map((unit) => unit.name));
  // "đề nghị các sở, ban, ngành, UBND cấp huyện chủ động …": the units listed with the lead share the task.
  if (group.leadMention) {
    let position = group.leadMention.end;
    for (;;) {
      const separator = folded.slice(position, position + 6).match(/^\s*(?:,|va\s)\s*/u);
      if (!separator) break;
      const unit = unitAtOffset(context, position + separator[0].length);
      if (!unit || unit.end > group.end) break;
      partners.push(unit.name);
      position = unit.end;
    }
  }
  const unique = [...new Set(partners)];
  return group.lead ? unique.filter((name) => name !== group.lead) : unique;
}

// ---------------------------------------------------------------------------
// Deadlines of a clause

const KIND_ORDER: readonly DeadlineKind[] = ["day", "month", "quarter", "months", "year", "period", "from", "relative", "recurring"];

function deadlinesOf(context: DocumentContext, span: Span): DeadlineMatch[] {
  // A deadline phrase ends in a letter, a digit or "/", and the rules' look-aheads read trailing
  // white space, ";" and "," like the end of the text: without them the deadlines are the same, so a
  // clause ("…;"), its group and its task's quote (trimmed) share one search.
  let end = span.end;
  while (end > span.start && /[\s;,]/u.test(context.text[end - 1]!)) end--;
  let byEnd = context.deadlineCache.get(span.start);
  if (!byEnd) context.deadlineCache.set(span.start, (byEnd = new Map()));
  let matches = byEnd.get(end);
  if (!matches) {
    matches = findDeadlinesIn(context, { start: span.start, end });
    byEnd.set(end, matches);
  }
  return matches;
}

function findDeadlinesIn(context: DocumentContext, span: Span): DeadlineMatch[] {
  const found = findDeadlines(context.text.slice(span.start, span.end), {
    documentDate: context.documentDate,
    folded: context.folded.slice(span.start, span.end),
  }).map((match) => ({
    ...match,
    start: match.start + span.start,
    end: match.end + span.start,
  }));
  return found.filter(
    (match) =>
      !insideCitedTitle(context, match) &&
      !overlapsReference(context.references, match),
  );
}

function datedDeadlines(context: DocumentContext, span: Span): DeadlineMatch[] {
  return deadlinesOf(context, span).filter((match) => match.deadline.end !== undefined);
}

/**
 * "Kế hoạch số 171/KH-UBND ngày 17/11/2023 về việc đào tạo … đến năm 2025":
 * a deadline in the subject line of a cited document is that document's, not
 * the task's.
 */
function insideCitedTitle(context: DocumentContext, match: DeadlineMatch): boolean {
  const { byEnd, ends } = context.references;
  // The references that end at most 160 characters before the match.
  for (let i = firstAtLeast(ends, match.start - 160); i < byEnd.length && ends[i]! <= match.start; i++) {
    const reference = byEnd[i]!;
    const between = context.folded.slice(reference.end, match.start);
    if (/^[\s,]*(?:cua\s[^;]{0,60}?\s)?ve\s/u.test(between) && !/[;.]/u.test(between)) return true;
  }
  return false;
}

/**
 * The document's references, sorted to answer the questions deadlines ask of
 * them (overlap, closeness before) by binary search instead of a scan of all
 * references per deadline.
 */
type ReferenceIndex = {
  /** The starts in order, and the furthest end among the references of the first i + 1 starts. */
  starts: number[];
  furthestEnds: number[];
  /** The references by end, and their ends. */
  byEnd: DocumentReference[];
  ends: number[];
};

function indexReferences(references: readonly DocumentReference[]): ReferenceIndex {
  const byStart = [...references].sort((a, b) => a.start - b.start);
  const furthestEnds: number[] = [];
  for (const reference of byStart) furthestEnds.push(Math.max(reference.end, furthestEnds[furthestEnds.length - 1] ?? -Infinity));
  const byEnd = [...references].sort((a, b) => a.end - b.end);
  return { starts: byStart.map((reference) => reference.start), furthestEnds, byEnd, ends: byEnd.map((reference) => reference.end) };
}

/** Whether some reference overlaps the span: one that starts before its end and ends after its start. */
function overlapsReference(index: ReferenceIndex, span: Span): boolean {
  const startingBefore = firstAtLeast(index.starts, span.end);
  return startingBefore > 0 && index.furthestEnds[startingBefore - 1]! > span.start;
}

/** Index of the first value >= `value` in ascending `values` (their length when none is). */
function firstAtLeast(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * "(bộ hồ sơ thiết kế lập tháng 3/2024 …)" in a letter of 2026: a time limit never ends before the document
 * that sets it, so a period that does is a date the sentence mentions. Only against a full date of the document.
 */
function beforeDocument(context: DocumentContext, deadline: Deadline): boolean {
  const date = context.documentDate;
  return deadline.end !== undefined && date !== undefined && /^\d{4}-\d{2}-\d{2}$/u.test(date) && deadline.end < date;
}

function chooseDeadline(matches: readonly DeadlineMatch[]): Deadline | null {
  let best: DeadlineMatch | undefined;
  for (const match of matches) {
    if (!best || KIND_ORDER.indexOf(match.kind) < KIND_ORDER.indexOf(best.kind)) best = match;
  }
  return best ? best.deadline : null;
}

// ---------------------------------------------------------------------------
// Building the task

function buildTask(options: { context: DocumentContext; document: Omit<ArchiveDocument, "tasks">; group: Group; lead: string }): Task {
  const { context, document, group, lead } = options;
  const start = group.start;
  let end = group.end;
  while (end > start && /[\s;,]/u.test(context.text[end - 1]!)) end--;
  const quote = context.text.slice(start, end);
  const deadline = chooseDeadline(deadlinesOf(context, { start, end }).filter((match) => !beforeDocument(context, match.deadline)));
  return {
    id: `${document.id}:${start}`,
    task: describeTask(context, { start: group.bodyStart, end }, lead),
    lead,
    partners: group.partners.filter((name) => name !== lead),
    deadline,
    docId: document.id,
    source: document.source,
    quote,
    start,
    end,
  };
}

/** The instruction without its "Giao X (chủ trì)," opening, one line, at most ~280 characters. */
function describeTask(context: DocumentContext, span: Span, lead: string): string {
  let start = span.start;
  const folded = context.folded;
  const opening = folded.slice(start, start + 20).match(/^(?:dong\s+thoi\s+)?giao(?:\s+cho)?\s+/u);
  if (opening) {
    const unit = unitAtOffset(context, start + opening[0].length);
    if (unit && unit.name === lead) {
      start = unit.end;
      const chair = folded.slice(start, start + 12).match(/^\s*,?\s*chu\s+tri\s*,?\s*/u);
      if (chair && !/^\s*,?\s*chu\s+tri\s*,?\s*phoi\s+hop/u.test(folded.slice(start, start + 30))) start += chair[0].length;
    }
  }
  let description = collapseWhiteSpace(context.text.slice(start, span.end).replace(/\*\*/gu, ""))
    .trim()
    .replace(/[.;,]+(?:\/\.)?$/u, "");
  if (description.length > 280) description = `${description.slice(0, 277).replace(/\s+\S*$/u, "")}…`;
  return description.charAt(0).toUpperCase() + description.slice(1);
}
