import type { ArchiveDocument, Deadline, Task } from "../../core/types.js";
import { foldKeepingOffsets } from "./fold-text.js";
import { findDeadlines, type DeadlineMatch } from "./parse-deadline.js";

/**
 * Deadlines for the tasks whose own sentence states none (most of them: a
 * conclusion says "Tiếp tục tham mưu …", a plan lists its year's work under
 * headings). In order:
 * 1. the nearest section heading above the task that states one
 *    ("II. NHIỆM VỤ TRỌNG TÂM TRONG QUÝ III/2024");
 * 2. the period of the plan or programme the task belongs to, from its title
 *    ("Kế hoạch cải cách hành chính năm 2024" -> 2024);
 * 3. the wording of the instruction: one that opens by continuing, keeping up
 *    or strengthening something ("Tiếp tục …", "Tăng cường …", "Duy trì …",
 *    "Theo dõi, đôn đốc …") describes an ongoing duty, and so does a standing
 *    rule ("… phải đảm bảo …", "tuân thủ …", "không được …"): it is never
 *    done once for all, so it can be followed up but is never overdue.
 * The deadline keeps the words it comes from (the heading's phrase, the
 * title's, the opening verb) and says where they are (`resolvedFrom`). A
 * relative deadline counted from an event with no date ("kể từ ngày nhận đủ
 * hồ sơ") is kept as it is. Pure; runs after extractTasks.
 */
export function resolveTaskDeadlines(document: Pick<ArchiveDocument, "meta" | "sections" | "text">, tasks: readonly Task[]): Task[] {
  const documentDate = document.meta.date ?? document.meta.meetingDate ?? (document.meta.year ? String(document.meta.year) : undefined);
  const planDeadline = planPeriod(document, documentDate);
  const eventDeadline = scheduledEvent(document, documentDate);
  let namedEvent: Deadline | undefined | null = null;
  return tasks.map((task) => {
    if (task.deadline) return task;
    // "… làm việc với Sở tại thời gian và địa điểm nêu trên": the time the letter set above, whatever its type.
    if (REFERS_TO_EVENT.test(foldKeepingOffsets(task.quote))) {
      if (namedEvent === null) namedEvent = scheduledEvent(document, documentDate, { anyType: true });
      if (namedEvent) return { ...task, deadline: namedEvent };
    }
    const forEvent = eventDeadline && !AFTER_EVENT.test(foldKeepingOffsets(task.quote)) ? eventDeadline : undefined;
    const deadline = headingDeadline(document, task, documentDate) ?? forEvent ?? planDeadline ?? wordingDeadline(task) ?? functionDeadline(task);
    return deadline ? { ...task, deadline } : task;
  });
}

/** Plans and programmes set the horizon of everything they list; a conclusion or a report does not. */
const PLAN_TYPES = /^(?:ke hoach|chuong trinh)/u;

function planPeriod(document: Pick<ArchiveDocument, "meta">, documentDate: string | undefined): Deadline | undefined {
  const { type, title } = document.meta;
  if (!type || !title || !PLAN_TYPES.test(foldKeepingOffsets(type.trim()))) return undefined;
  // A bare "năm 2024" or "giai đoạn 2021-2025" in a plan's title is its period (not a cited document's date).
  const match = datedMatch(findDeadlines(title, { requireCue: false, documentDate }), ["year", "period", "quarter", "months", "month"]);
  return match ? { ...match.deadline, resolvedFrom: "document" } : undefined;
}

/**
 * Steps on an event's results ("Tổ chức chấm bài", "Xây dựng quyết định công nhận kết quả kiểm tra", "In ấn
 * chứng chỉ"): they follow the event, and the plan sets them no day of their own (folded).
 */
const AFTER_EVENT = /(?<![\p{L}])(?:cham\s+bai|ket\s+qua|cong\s+nhan|chung\s+chi|giay\s+chung\s+nhan|tong\s+ket|rut\s+kinh\s+nghiem)(?![\p{L}])/u;

/** "tại thời gian và địa điểm nêu trên", "theo thời gian trên": the time the document set for its event (folded). */
const REFERS_TO_EVENT = /(?:tai|theo|vao|dung)\s+(?:dung\s+)?thoi\s+gian(?:\s*,?\s*(?:va\s+)?dia\s+diem)?\s+(?:neu\s+tren|tren|da\s+neu|noi\s+tren)(?![\p{L}])/u;

/** Documents that schedule one event (an inspection, a training, a meeting) and list the work for it. */
const EVENT_TYPES = /^(?:ke hoach|giay moi)/u;
/** "1. Thời gian kiểm tra: 13h30’ ngày 29/4/2026", "Thời gian, hình thức họp: Từ 14h00 thứ Ba, ngày 16/6/2026" (folded, one line). */
const EVENT_LINE = /(?:^|\n)[ \t]*(?:[\divx]{1,4}[.)][ \t]*|[-–+•][ \t]*)?thoi\s+gian(?:[ \t,]+[a-z]+){0,4}[ \t]*:[ \t]*([^\n]{0,160})(?:\n\s*([^\n]{1,160}))?/du;

/**
 * The day a plan or an invitation schedules its event ("Thời gian kiểm tra: … ngày
 * 29/4/2026"): the work it lists without a date of its own is for that day (the
 * preparation of a meeting, the steps of an inspection). A period ("từ ngày … đến
 * ngày …") gives its end. Only the first such line, and only one that states a full date.
 */
function scheduledEvent(document: Pick<ArchiveDocument, "meta" | "text">, documentDate: string | undefined, options: { anyType?: boolean } = {}): Deadline | undefined {
  const { type } = document.meta;
  if (!options.anyType && (!type || !EVENT_TYPES.test(foldKeepingOffsets(type.trim())))) return undefined;
  const folded = foldKeepingOffsets(document.text);
  const line = EVENT_LINE.exec(folded);
  // The value follows the colon, or is the next line ("1. Thời gian, đối tượng kiểm tra:" then "- Thời gian: …").
  const group = line?.[1]?.trim() ? 1 : 2;
  const span = line?.indices?.[group];
  if (!span) return undefined;
  const value = document.text.slice(span[0], span[1]);
  const dated = findDeadlines(value, { requireCue: false, documentDate }).filter((match) => match.kind === "day" && match.deadline.end);
  const last = dated[dated.length - 1];
  if (!last?.deadline.end) return undefined;
  return { text: last.deadline.text, end: last.deadline.end, resolvedFrom: "document" };
}

function headingDeadline(document: Pick<ArchiveDocument, "sections">, task: Task, documentDate: string | undefined): Deadline | undefined {
  const enclosing = document.sections
    .filter((section) => section.start <= task.start && task.start < section.end && section.start !== task.start)
    .sort((a, b) => b.level - a.level);
  for (const section of enclosing) {
    const match = datedMatch(findDeadlines(section.heading, { documentDate }), ["day", "month", "quarter", "months", "year", "period"]);
    if (match) return { ...match.deadline, resolvedFrom: "heading" };
  }
  return undefined;
}

function datedMatch(matches: readonly DeadlineMatch[], kinds: readonly DeadlineMatch["kind"][]): DeadlineMatch | undefined {
  return matches.find((match) => match.deadline.end !== undefined && kinds.includes(match.kind));
}

/**
 * Openings that describe a duty carried on rather than a deliverable, folded.
 * Looked for among the first words of the instruction (after a unit name or
 * "Đề nghị" / "Yêu cầu"), never further in: "… để tiếp tục …" describes a purpose.
 */
const ONGOING_OPENING =
  /^(?:[^;.]{0,60}?\s)??(tiep\s+tuc|tang\s+cuong|duy\s+tri|theo\s+doi|don\s+doc|day\s+manh|nang\s+cao|chu\s+dong|quan\s+tam|chu\s+trong|thuc\s+hien\s+tot|lam\s+tot|phoi\s+hop\s+tot|thuong\s+xuyen|kip\s+thoi|nghiem\s+tuc|dam\s+bao|bao\s+dam|tuan\s+thu|chap\s+hanh|thuc\s+hien\s+nghiem|thuc\s+hien\s+dung|khong\s+duoc|nghiem\s+cam|giam\s+sat)(?![\p{L}])/u;
/**
 * Cues of a standing rule ("Bảo đảm …", "… phải tuân thủ …"): the instruction itself only when it opens with
 * them, after its subject or a modal. After another verb they say how that work is to be done ("Rà soát,
 * hoàn thiện hồ sơ … đảm bảo đúng quy định", "đề xuất thời hạn Giấy phép bảo đảm phù hợp"): a one-off. Folded.
 */
const STANDING_RULE = /^(?:dam\s+bao|bao\s+dam|tuan\s+thu|chap\s+hanh|thuc\s+hien\s+nghiem|thuc\s+hien\s+dung|khong\s+duoc|nghiem\s+cam)/u;
const RULE_MAY_FOLLOW = /(?:^|(?:^|\s)(?:phai|can|co\s+trach\s+nhiem|chiu\s+trach\s+nhiem|de\s+nghi|yeu\s+cau)\s+(?:(?:nghiem\s+chinh|nghiem\s+tuc|day\s+du)\s+)?|[:,]\s*)$/u;
/** A lower-case word before the cue must not be a verb that makes the cue its object ("để tiếp tục", "nhằm nâng cao"). */
const PURPOSE_BEFORE = /(?:^|\s)(?:de|nham|cua|ve|trong|viec|cho|voi|duoc|se|da|dang)\s+$/u;

/** "… căn cứ chức năng, nhiệm vụ, tham mưu quản lý, giám sát …": a duty by the unit's functions, carried on (folded). */
const BY_FUNCTION = /(?:can\s+cu|theo)\s+(?:dung\s+)?chuc\s+nang,?\s+nhiem\s+vu(?:\s+(?:duoc\s+giao|cua\s+minh))?/u;

function functionDeadline(task: Task): Deadline | undefined {
  const match = BY_FUNCTION.exec(foldKeepingOffsets(task.quote));
  if (!match) return undefined;
  return { text: task.quote.slice(match.index, match.index + match[0].length), ongoing: true, resolvedFrom: "wording" };
}

/**
 * "Giao Sở Công Thương phối hợp với PC06, UBND xã … và các đơn vị liên quan giám sát …": the
 * instruction's verb follows the list of partners, however long (folded).
 */
const AFTER_PARTNERS = /^[^;.]{0,60}?\s(?:phoi\s+hop(?:\s+voi)?|cung\s+voi)\s[^;.]{0,200}?\s(?:co\s+)?lien\s+quan\s+/u;

/** "Sở Nội vụ bảo đảm …", "Đề nghị các sở tuân thủ …": the words before the cue are the lead's name (and a request). */
function startsWithLead(prefix: string, lead: string): boolean {
  const name = foldKeepingOffsets(lead).replace(/\s+/gu, " ").trim();
  const words = prefix.replace(/\s+/gu, " ").trim().replace(/^(?:de nghi|yeu cau|giao)\s+/u, "");
  return name !== "" && words === name;
}

function wordingDeadline(task: Task): Deadline | undefined {
  const folded = foldKeepingOffsets(task.quote);
  const partners = AFTER_PARTNERS.exec(folded);
  for (const offset of partners ? [0, partners[0].length] : [0]) {
    const match = ONGOING_OPENING.exec(folded.slice(offset));
    if (!match?.[1]) continue;
    const start = offset + match.index + match[0].length - match[1].length;
    if (PURPOSE_BEFORE.test(folded.slice(0, start))) continue;
    if (STANDING_RULE.test(match[1]) && !RULE_MAY_FOLLOW.test(folded.slice(offset, start)) && !startsWithLead(folded.slice(offset, start), task.lead)) continue;
    const text = task.quote.slice(start, start + match[1].length);
    return { text, ongoing: true, resolvedFrom: "wording" };
  }
  return undefined;
}
