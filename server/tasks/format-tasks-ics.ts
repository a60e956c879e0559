import type { Task } from "../../core/types.js";

/**
 * Dated tasks as an iCalendar file (RFC 5545): one all-day event per task on
 * its deadline's last day, with the source document and the exact sentence in
 * the description. CRLF line ends, TEXT escaping, lines folded at 75 octets.
 */
export function formatTasksIcs(tasks: readonly Task[], options: { now: Date; calendarName?: string }): string {
  return [formatIcsHeader(options), ...tasks.map((task) => formatIcsEvent(task, options)), formatIcsFooter()].join("");
}

/** The calendar's opening lines (each piece of the file ends with CRLF, so an export can be written a piece at a time). */
export function formatIcsHeader(options: { calendarName?: string }): string {
  return foldLines([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Vanban//Nhiem vu va thoi han//VI",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(options.calendarName ?? "Nhiệm vụ & thời hạn")}`,
  ]);
}

export function formatIcsFooter(): string {
  return foldLines(["END:VCALENDAR"]);
}

/** One all-day event on the task's deadline, or "" for a task without a calendar day. */
export function formatIcsEvent(task: Task, options: { now: Date }): string {
  const stamp = formatUtcStamp(options.now);
  const end = task.deadline?.end;
  if (!end || !/^\d{4}-\d{2}-\d{2}$/u.test(end)) return "";
  const description = [
    `Thời hạn: ${task.deadline?.text ?? end}`,
    `Chủ trì: ${task.lead || "chưa xác định"}`,
    ...(task.partners.length ? [`Phối hợp: ${task.partners.join(", ")}`] : []),
    `Nguồn: ${task.source}`,
    `Trích: “${task.quote}”`,
  ].join("\n");
  return foldLines([
    "BEGIN:VEVENT",
    `UID:${task.id.replace(/[^\p{L}\p{N}._:-]/gu, "-")}@vanban`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${end.replace(/-/gu, "")}`,
    `DTEND;VALUE=DATE:${nextDay(end).replace(/-/gu, "")}`,
    `SUMMARY:${escapeText(task.lead ? `${task.lead}: ${task.task}` : task.task)}`,
    `DESCRIPTION:${escapeText(description)}`,
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
  ]);
}

function foldLines(lines: readonly string[]): string {
  return lines.map((line) => `${foldLine(line)}\r\n`).join("");
}

/** RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as \n, other control characters (ESC of ANSI sequences …) dropped, as the grammar allows none. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/gu, "\\\\")
    .replace(/;/gu, "\\;")
    .replace(/,/gu, "\\,")
    .replace(/\r\n|\r|\n/gu, "\\n")
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/gu, "");
}

/** Splits a content line into chunks of at most 75 octets, never inside a UTF-8 character; continuations start with a space. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, "utf8") <= 75) return line;
  const pieces: string[] = [];
  let current = "";
  let currentBytes = 0;
  let limit = 75;
  for (const character of line) {
    const bytes = Buffer.byteLength(character, "utf8");
    if (currentBytes + bytes > limit) {
      pieces.push(current);
      current = "";
      currentBytes = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += character;
    currentBytes += bytes;
  }
  pieces.push(current);
  return pieces.join("\r\n ");
}

function formatUtcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/u, "Z").replace(/[-:]/gu, "");
}

function nextDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
