import { describe, expect, it } from "vitest";
import { filterTasks, sortTasks, taskStatus, toIsoDay } from "../../../server/tasks/filter-tasks.js";
import { makeTask, sampleArchive } from "./task-samples.js";

const TODAY = "2024-05-15";

describe("taskStatus", () => {
  it.each([
    [{ text: "trước ngày 30/6/2024", end: "2024-06-30" }, "upcoming"],
    [{ text: "vào ngày 15/5/2024", start: "2024-05-15", end: "2024-05-15" }, "upcoming"],
    [{ text: "trước ngày 14/5/2024", end: "2024-05-14" }, "overdue"],
    [{ text: "trong tháng 3/2024", start: "2024-03-01", end: "2024-03-31" }, "overdue"],
    [{ text: "30 ngày kể từ ngày ký", relative: true }, "undated"],
    [{ text: "hằng tháng" }, "undated"],
    [{ text: "kể từ ngày 20/9/2021", start: "2021-09-20" }, "undated"],
    [null, "undated"],
  ] as const)("%j on 2024-05-15 is %s", (deadline, expected) => {
    expect(taskStatus({ deadline: deadline ? { ...deadline } : null }, TODAY)).toBe(expected);
  });

  it("takes today's calendar day in Vietnam from a Date", () => {
    // 2024-05-14T18:30Z is already 15 May in Hà Nội (UTC+7).
    expect(toIsoDay(new Date("2024-05-14T18:30:00Z"))).toBe("2024-05-15");
    expect(taskStatus({ deadline: { text: "x", end: "2024-05-14" } }, new Date("2024-05-14T18:30:00Z"))).toBe("overdue");
    expect(toIsoDay(new Date("2024-05-14T16:30:00Z"))).toBe("2024-05-14");
  });
});

describe("filterTasks on the tasks of samples 000 and 002", () => {
  const { documents, tasks } = sampleArchive(["000", "002"]);
  const ends = (list: typeof tasks) => list.map((task) => task.deadline?.end);

  it("splits dated tasks into overdue and upcoming for a fixed today, and keeps the rest undated", () => {
    const overdue = filterTasks(tasks, { status: "overdue", today: TODAY }, documents);
    const upcoming = filterTasks(tasks, { status: "upcoming", today: TODAY }, documents);
    const undated = filterTasks(tasks, { status: "undated", today: TODAY }, documents);
    expect(ends(overdue)).toEqual(["2024-03-31", "2024-03-31", "2024-04-21"]);
    expect(ends(upcoming)).toEqual(["2024-05-31", "2024-06-30", "2024-12-31", "2024-12-31", "2026-04-30", "2026-05-06", "2026-05-31", "2026-12-31"]);
    expect(overdue.length + upcoming.length + undated.length).toBe(tasks.length);
    expect(undated.every((task) => !task.deadline?.end)).toBe(true);
  });

  it("filters by unit without case or diacritics, as lead or partner", () => {
    const lead = filterTasks(tasks, { unit: "ban quan ly du an", today: TODAY }, documents);
    expect(lead.map((task) => task.lead)).toEqual(["Ban Quản lý dự án đầu tư xây dựng tỉnh"]);
    const partner = filterTasks(tasks, { unit: "Sở Tài chính", today: TODAY }, documents);
    expect(partner.length).toBeGreaterThan(0);
    expect(partner.every((task) => task.lead === "Sở Tài chính" || task.partners.includes("Sở Tài chính"))).toBe(true);
    expect(filterTasks(tasks, { unit: "Sở Tài chính", role: "lead", today: TODAY }, documents)).toEqual([]);
  });

  it("keeps tasks whose deadline window meets [from, to]", () => {
    const may2026 = filterTasks(tasks, { from: "2026-05-01", to: "2026-05-31", today: TODAY }, documents);
    expect(ends(may2026)).toEqual(["2026-05-06", "2026-05-31", "2026-12-31"]);
    const march2024 = filterTasks(tasks, { from: "2024-03-31", to: "2024-03-31", today: TODAY }, documents);
    expect(ends(march2024)).toEqual(["2024-03-31", "2024-03-31", "2024-12-31", "2024-12-31"]);
  });

  it("filters by the source document's province and year, and by words", () => {
    expect(new Set(filterTasks(tasks, { province: "lang son", today: TODAY }, documents).map((task) => task.docId))).toEqual(new Set(["002"]));
    expect(new Set(filterTasks(tasks, { year: 2024, today: TODAY }, documents).map((task) => task.docId))).toEqual(new Set(["000"]));
    const words = filterTasks(tasks, { q: "nop ho so", today: TODAY }, documents);
    expect(words.map((task) => task.deadline?.end)).toEqual(["2024-06-30"]);
    expect(filterTasks(tasks, { q: "không có trong văn bản nào", today: TODAY }, documents)).toEqual([]);
  });

  it("sorts dated tasks by deadline, undated after them in document order", () => {
    const sorted = filterTasks(tasks, { today: TODAY }, documents);
    const firstUndated = sorted.findIndex((task) => !task.deadline?.end);
    expect(sorted.slice(firstUndated).every((task) => !task.deadline?.end)).toBe(true);
    const dated = ends(sorted.slice(0, firstUndated));
    expect(dated).toEqual([...dated].sort());
  });
});

describe("sortTasks", () => {
  it("orders by end, then document and position", () => {
    const tasks = [
      makeTask({ id: "c", docId: "b", start: 5 }),
      makeTask({ id: "a", deadline: { text: "x", end: "2025-01-02" } }),
      makeTask({ id: "b", docId: "a", start: 9 }),
      makeTask({ id: "d", deadline: { text: "x", end: "2024-01-02" } }),
    ];
    expect(sortTasks(tasks).map((task) => task.id)).toEqual(["d", "a", "b", "c"]);
  });
});
