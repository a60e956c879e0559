import type { ArchiveDocument, Citation, Task } from "../../core/types.js";
import { findUnits } from "../../ingest/parse/find-units.js";
import { foldPhrase } from "../../ingest/parse/fold-text.js";
import { parseDeadline } from "../../ingest/parse/parse-deadline.js";
import type { AnalyzedQuery } from "../retrieve/analyze-query.js";
import { sortTasks, taskStatus, toIsoDay } from "../tasks/filter-tasks.js";

/** An answer built from the task table; the caller adds the query language. */
export type TaskAnswer = { found: boolean; answer: string; citations: Citation[] };

type Window = { start?: string; end?: string; label: string };
type Language = "vi" | "en";

/** Most tasks listed in one answer; the rest are counted and left to the tasks page. */
const LISTED = 10;
/** "Sắp đến hạn" / "due soon": within this many days. */
const SOON_DAYS = 30;

/**
 * Answers aggregate questions about tasks ("Sở Nội vụ có những nhiệm vụ nào
 * hạn trong tháng 5/2026?", "những việc nào đã quá hạn?", "which tasks are
 * overdue?") from the task table, one citation per task. Returns null for any
 * other question, so the normal answerer handles it.
 */
export function answerFromTasks(options: {
  question: string;
  /** The question as analysed once (its language, the document numbers it names). */
  query?: Pick<AnalyzedQuery, "language" | "documentNumbers">;
  tasks: readonly Task[];
  documents: readonly ArchiveDocument[];
  today: Date | string;
}): TaskAnswer | null {
  const question = options.question.normalize("NFC");
  const folded = ` ${foldPhrase(question).replace(/[?!.,;:]/gu, " ").replace(/\s+/gu, " ")} `;
  if (!isAggregateTaskQuestion(folded)) return null;
  // A question that names one document ("công văn 4378/SCT … có quá hạn không?") is about that document.
  if (options.query?.documentNumbers.length) return null;

  const today = toIsoDay(options.today);
  const language: Language = options.query ? (options.query.language === "en" ? "en" : "vi") : isEnglish(folded) ? "en" : "vi";
  const status = statusAsked(folded);
  const window = windowAsked(question, folded, today, status);
  const unit = unitAsked(question, folded, options.tasks);
  const province = provinceAsked(folded, options.documents);
  const documentsById = new Map(options.documents.map((document) => [document.id, document]));

  const matching = sortTasks(
    options.tasks.filter((task) => {
      if (unit && foldPhrase(task.lead) !== unit.folded && !foldPhrase(task.lead).includes(unit.folded)) return false;
      if (province && foldPhrase(documentsById.get(task.docId)?.meta.province ?? "") !== province.folded) return false;
      const end = task.deadline?.end;
      if (status === "overdue" && taskStatus(task, today) !== "overdue") return false;
      if (status === "upcoming" && taskStatus(task, today) !== "upcoming") return false;
      if (window) {
        if (!end) return false;
        if (window.start && end < window.start) return false;
        if (window.end && end > window.end) return false;
      }
      // A question about deadlines is about dated tasks.
      if (!end) return false;
      return true;
    }),
  );

  const listed = matching.slice(0, LISTED);
  const citations = listed.map((task, index) => citationFor(task, index + 1, documentsById.get(task.docId)));
  const scope = describeScope({ language, unit: unit?.name, province: province?.name, status, window, today });
  if (!matching.length) {
    const answer =
      language === "en"
        ? `No task ${scope} was found in the archive.`
        : `Không tìm thấy nhiệm vụ nào ${scope} trong kho văn bản.`;
    return { found: false, answer, citations: [] };
  }
  const lines = listed.map((task, index) => {
    const due = task.deadline?.end ? formatDay(task.deadline.end) : "";
    const deadlineText = task.deadline?.text ?? "";
    const who = unit ? "" : `${task.lead || (language === "en" ? "unassigned" : "chưa rõ đơn vị")}: `;
    const when = language === "en" ? `due ${due} (“${deadlineText}”)` : `hạn ${due} (“${deadlineText}”)`;
    return `${index + 1}. ${who}${shorten(task.task, 180)} — ${when} [${index + 1}]`;
  });
  const more =
    matching.length > listed.length
      ? language === "en"
        ? `\n…and ${matching.length - listed.length} more (see the “Nhiệm vụ & thời hạn” page).`
        : `\n… và ${matching.length - listed.length} nhiệm vụ khác (xem trang “Nhiệm vụ & thời hạn”).`
      : "";
  const heading =
    language === "en"
      ? `${matching.length} task${matching.length === 1 ? "" : "s"} ${scope}:`
      : `Có ${matching.length} nhiệm vụ ${scope}:`;
  return { found: true, answer: `${heading}\n${lines.join("\n")}${more}`, citations };
}

// ---------------------------------------------------------------------------
// What is asked

const AGGREGATE_PATTERNS: readonly RegExp[] = [
  / (?:nhung|cac) (?:nhiem vu|viec|cong viec|dau viec)(?: [a-z]+){0,6} nao /u,
  / (?:nhiem vu|viec|cong viec|dau viec) nao /u,
  // A status word makes a task question only with a task noun or an aggregate question word:
  // "nộp báo cáo trễ hạn thì bị xử lý thế nào?" asks about a rule, not the task list.
  / (?:nhiem vu|viec|cong viec|dau viec)(?: [a-z]+){0,6} (?:da |dang |bi )?(?:qua han|tre han|tre hen|sap den han|sap toi han|sap het han|chua hoan thanh) /u,
  / (?:qua han|tre han|tre hen|sap den han|sap toi han|sap het han)(?: [a-z]+){0,3} (?:nao|gi|nhung|bao nhieu) /u,
  / (?:danh sach|liet ke|tong hop) (?:cac )?(?:nhiem vu|viec|cong viec|thoi han)/u,
  / bao nhieu (?:nhiem vu|viec|cong viec)/u,
  / (?:nhiem vu|viec|cong viec)(?: [a-z]+){0,8} (?:han|den han|het han) (?:trong|vao|truoc|cuoi|chot)/u,
  / (?:which|what) (?:tasks|assignments|deadlines)/u,
  / (?:overdue|past due|upcoming deadlines|due soon)/u,
  / (?:tasks|assignments) (?:are |were )?(?:due|assigned|overdue)/u,
  / (?:list|show)(?: me)?(?: all)?(?: the)? (?:tasks|assignments|deadlines)/u,
  / due (?:in|by|before) (?:january|february|march|april|may|june|july|august|september|october|november|december|q[1-4]|\d{4}|this|next)/u,
];

function isAggregateTaskQuestion(folded: string): boolean {
  return AGGREGATE_PATTERNS.some((pattern) => pattern.test(folded));
}

/** English words and no Vietnamese function words (unit names may still carry diacritics). */
function isEnglish(folded: string): boolean {
  return (
    / (?:which|what|tasks?|overdue|due|list|show|deadlines?|assignments?) /u.test(folded) &&
    !/ (?:nhiem vu|viec|han|nao|nhung|cac|co|cua|trong|da) /u.test(folded)
  );
}

function statusAsked(folded: string): "overdue" | "upcoming" | "soon" | undefined {
  if (/ (?:qua han|tre han|tre hen|overdue|past due|missed) /u.test(folded)) return "overdue";
  if (/ (?:sap den han|sap toi han|sap het han|due soon|coming up|upcoming deadlines) /u.test(folded)) return "soon";
  if (/ (?:chua den han|con han|upcoming|not yet due) /u.test(folded)) return "upcoming";
  return undefined;
}

const ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function windowAsked(question: string, folded: string, today: string, status: ReturnType<typeof statusAsked>): Window | undefined {
  if (status === "soon") return { start: today, end: addDays(today, SOON_DAYS), label: "soon" };
  const [year, month] = today.split("-").map(Number) as [number, number];
  if (/ (?:thang nay|this month) /u.test(folded)) return monthWindow(year, month);
  if (/ (?:thang (?:sau|toi)|next month) /u.test(folded)) return month === 12 ? monthWindow(year + 1, 1) : monthWindow(year, month + 1);
  if (/ (?:nam nay|this year) /u.test(folded)) return { start: `${year}-01-01`, end: `${year}-12-31`, label: `${year}` };
  const english = folded.match(new RegExp(` (${ENGLISH_MONTHS.join("|")}) (\\d{4}) `, "u"));
  if (english) return monthWindow(Number(english[2]), ENGLISH_MONTHS.indexOf(english[1]!) + 1);
  const quarter = folded.match(/ q([1-4]) (\d{4}) /u);
  if (quarter) {
    const first = (Number(quarter[1]) - 1) * 3 + 1;
    const window = monthWindow(Number(quarter[2]), first + 2);
    return { start: `${quarter[2]}-${String(first).padStart(2, "0")}-01`, end: window.end, label: `Q${quarter[1]} ${quarter[2]}` };
  }
  // Vietnamese phrasings ("trong tháng 5/2026", "quý II/2026", "năm 2026"): the deadline parser itself.
  const parsed = parseDeadline(question, { documentDate: today });
  if (parsed && (parsed.start || parsed.end)) return { start: parsed.start, end: parsed.end, label: parsed.text };
  const bareYear = folded.match(/ (?:in|by|nam) (\d{4}) /u);
  if (bareYear) return { start: `${bareYear[1]}-01-01`, end: `${bareYear[1]}-12-31`, label: bareYear[1]! };
  return undefined;
}

function monthWindow(year: number, month: number): Window {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, "0");
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(last).padStart(2, "0")}`, label: `${month}/${year}` };
}

/** The unit asked about: a unit name in the question that leads some task (diacritics optional). */
function unitAsked(question: string, folded: string, tasks: readonly Task[]): { name: string; folded: string } | undefined {
  const leads = [...new Set(tasks.map((task) => task.lead).filter(Boolean))];
  const named = findUnits(question).map((unit) => unit.name);
  const candidates = [...named, ...leads]
    .map((name) => ({ name, folded: foldPhrase(name) }))
    .filter((candidate) => candidate.folded.length > 3 && folded.includes(` ${candidate.folded} `));
  candidates.sort((a, b) => b.folded.length - a.folded.length);
  return candidates[0];
}

function provinceAsked(folded: string, documents: readonly ArchiveDocument[]): { name: string; folded: string } | undefined {
  const provinces = [...new Set(documents.map((document) => document.meta.province).filter((name): name is string => Boolean(name)))];
  return provinces.map((name) => ({ name, folded: foldPhrase(name) })).find((province) => folded.includes(` ${province.folded} `));
}

// ---------------------------------------------------------------------------
// Writing the answer

function describeScope(options: {
  language: Language;
  unit?: string;
  province?: string;
  status: ReturnType<typeof statusAsked>;
  window?: Window;
  today: string;
}): string {
  const { language, unit, province, status, window, today } = options;
  const parts: string[] = [];
  if (language === "en") {
    if (unit) parts.push(`led by ${unit}`);
    if (province) parts.push(`in ${province}`);
    if (status === "overdue") parts.push(`overdue as of ${formatDay(today)}`);
    else if (status === "soon") parts.push(`due within ${SOON_DAYS} days of ${formatDay(today)}`);
    else if (status === "upcoming") parts.push(`not yet due on ${formatDay(today)}`);
    if (window && status !== "soon") parts.push(`due in ${window.label}`);
    return parts.join(", ") || "with a deadline";
  }
  if (unit) parts.push(`do ${unit} chủ trì`);
  if (province) parts.push(`ở ${province}`);
  if (status === "overdue") parts.push(`đã quá hạn (tính đến ngày ${formatDay(today)})`);
  else if (status === "soon") parts.push(`sắp đến hạn (trong ${SOON_DAYS} ngày từ ${formatDay(today)})`);
  else if (status === "upcoming") parts.push(`chưa đến hạn (tính đến ngày ${formatDay(today)})`);
  if (window && status !== "soon") parts.push(`có hạn ${/^(?:trong|trước|vào|đến|cuối|đầu)/u.test(window.label) ? window.label : `trong ${window.label}`}`);
  return parts.join(", ") || "có thời hạn";
}

function citationFor(task: Task, n: number, document: ArchiveDocument | undefined): Citation {
  const title = document?.meta.title ?? ([document?.meta.type, document?.meta.number].filter(Boolean).join(" ") || task.source);
  if (!document || document.text.slice(task.start, task.end) !== task.quote) {
    return { n, docId: task.docId, source: task.source, title, section: "", text: task.quote, quote: task.quote, start: task.start, end: task.end, quoteStart: task.start, quoteEnd: task.end };
  }
  const passage = paragraphAround(document.text, task.start, task.end);
  const section = [...document.sections]
    .filter((candidate) => candidate.start <= task.start && task.end <= candidate.end)
    .sort((a, b) => b.level - a.level)[0];
  return {
    n,
    docId: task.docId,
    source: task.source,
    title,
    section: section ? section.path.join(" › ") : "",
    text: document.text.slice(passage.start, passage.end),
    quote: task.quote,
    start: passage.start,
    end: passage.end,
    quoteStart: task.start,
    quoteEnd: task.end,
  };
}

/** The line (paragraph) holding the quote, at most ~1200 characters around it. */
function paragraphAround(text: string, start: number, end: number): { start: number; end: number } {
  let from = text.lastIndexOf("\n", start - 1) + 1;
  let to = text.indexOf("\n", end);
  if (to < 0) to = text.length;
  if (end - start >= 1200) return { start, end };
  const slack = 1200 - (end - start);
  if (start - from > slack / 2) from = start - Math.floor(slack / 2);
  if (to - end > slack / 2) to = end + Math.floor(slack / 2);
  return { start: Math.max(0, from), end: Math.min(text.length, to) };
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).replace(/\s+\S*$/u, "")}…`;
}

function formatDay(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${Number(day)}/${Number(month)}/${year}`;
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
