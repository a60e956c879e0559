import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatTasksIcs } from "../../../server/tasks/format-tasks-ics.js";
import { makeTask, sampleArchive } from "./task-samples.js";

const NOW = new Date("2024-05-15T03:04:05.678Z");

function parseEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
}

describe("formatTasksIcs", () => {
  const { tasks } = sampleArchive(["000", "002"]);
  const dated = tasks.filter((task) => task.deadline?.end);
  const ics = formatTasksIcs(tasks, { now: NOW });

  it("parses with ical.js: one all-day event per dated task, on the deadline's last day", () => {
    const events = parseEvents(ics);
    expect(events).toHaveLength(dated.length);
    for (const [index, event] of events.entries()) {
      const task = dated[index]!;
      expect(event.startDate.isDate).toBe(true);
      expect(event.startDate.toString()).toBe(task.deadline!.end);
      const next = new Date(`${task.deadline!.end}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      expect(event.endDate.toString()).toBe(next.toISOString().slice(0, 10));
      expect(event.uid).toBe(`${task.id}@vanban`);
      expect(event.summary).toBe(`${task.lead}: ${task.task}`);
      expect(event.description).toContain(`Nguồn: ${task.source}`);
      expect(event.description).toContain(task.quote);
      expect(event.description).toContain(`Thời hạn: ${task.deadline!.text}`);
    }
    const stamp = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!.getFirstPropertyValue("dtstamp") as ICAL.Time;
    expect(stamp.toString()).toBe("2024-05-15T03:04:05Z");
  });

  it("follows RFC 5545 framing: CRLF, lines of at most 75 octets, VERSION and PRODID", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/gu, "")).not.toMatch(/[\r\n]/u);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });

  it("escapes TEXT values so commas, semicolons, backslashes and line breaks survive", () => {
    const task = makeTask({
      id: "x:1",
      task: "Trình, báo cáo; kiểm tra \\ tổng hợp",
      quote: "Dòng một,\ndòng hai; hết",
      deadline: { text: "trước ngày 30/6/2024", end: "2024-06-30" },
    });
    const [event] = parseEvents(formatTasksIcs([task], { now: NOW }));
    expect(event!.summary).toBe("Sở Nội vụ: Trình, báo cáo; kiểm tra \\ tổng hợp");
    expect(event!.description).toContain("“Dòng một,\ndòng hai; hết”");
  });

  it("skips undated tasks and still writes a valid empty calendar", () => {
    const ics = formatTasksIcs([makeTask({ id: "u" }), makeTask({ id: "r", deadline: { text: "30 ngày kể từ ngày ký", relative: true } })], { now: NOW });
    expect(parseEvents(ics)).toEqual([]);
  });
});

describe("escapeText and foldLine", () => {
  it.each([
    ["a,b;c\\d\ne", "a\\,b\\;c\\\\d\\ne"],
    ["plain", "plain"],
  ])("escapes %j", (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it("folds at 75 octets without splitting a UTF-8 character, and unfolds to the same line", () => {
    const line = `DESCRIPTION:${"Sở Nội vụ hoàn thành hồ sơ Đề án sắp xếp đơn vị hành chính ".repeat(6)}`;
    const folded = foldLine(line);
    const pieces = folded.split("\r\n");
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece, "utf8")).toBeLessThanOrEqual(75);
      expect(piece).not.toContain("\ufffd");
    }
    expect(pieces.slice(1).every((piece) => piece.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /gu, "")).toBe(line);
  });
});
