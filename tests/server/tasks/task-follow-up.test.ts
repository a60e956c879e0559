import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS, type Migration } from "../../../server/store/migrations.js";
import { openStore } from "../../../server/store/open-store.js";
import { documentDisplayName } from "../../../server/tasks/display-name.js";
import { taskState } from "../../../server/tasks/follow-up-status.js";
import { findTaskByStableId, taskIdsOf } from "../../../server/http/archive-queries.js";
import { assignTaskIds, stableTaskId } from "../../../server/tasks/task-ids.js";
import { makeTask } from "./task-samples.js";

describe("stable task ids", () => {
  it("depend on the document and the sentence, not on the position", () => {
    const before = makeTask({ id: "d1:100", docId: "d1", quote: "Sở Nội vụ hoàn thành trước ngày 30/6/2024.", start: 100 });
    const moved = { ...before, id: "d1:250", start: 250 };
    expect(assignTaskIds([before]).get("d1:100")).toBe(assignTaskIds([moved]).get("d1:250"));
    expect(stableTaskId("d1", "Sở  Nội vụ\nhoàn thành")).toBe(stableTaskId("d1", "Sở Nội vụ hoàn thành"));
    expect(stableTaskId("d1", "A.")).not.toBe(stableTaskId("d2", "A."));
    expect(stableTaskId("d1", "A.")).not.toBe(stableTaskId("d1", "B."));
  });

  it("tell a repeated sentence apart by its order", () => {
    const ids = assignTaskIds([makeTask({ id: "a", quote: "Báo cáo." }), makeTask({ id: "b", quote: "Báo cáo." })]);
    expect(ids.get("a")).not.toBe(ids.get("b"));
  });

  it("are the same computed for a few tasks (their documents' tasks only) as for the whole archive, and find their task", () => {
    // Interleaved documents, a sentence repeated within one document and across two.
    const tasks = [
      makeTask({ id: "d1:1", docId: "d1", quote: "Báo cáo." }),
      makeTask({ id: "d2:1", docId: "d2", quote: "Báo cáo." }),
      makeTask({ id: "d1:2", docId: "d1", quote: "Báo cáo." }),
      makeTask({ id: "d2:2", docId: "d2", quote: "Tổng hợp." }),
      makeTask({ id: "d3:1", docId: "d3", quote: "Báo cáo." }),
    ];
    const whole = assignTaskIds(tasks);
    expect(taskIdsOf(tasks)).toEqual(whole);
    const some = taskIdsOf(tasks, [tasks[2]!]);
    expect(some.get("d1:2")).toBe(whole.get("d1:2"));
    expect(some.get("d1:2")).toMatch(/-2$/u);
    expect(some.has("d2:1")).toBe(false);
    for (const task of tasks) expect(findTaskByStableId(tasks, whole.get(task.id)!)?.task).toBe(task);
    expect(findTaskByStableId(tasks, "d9:0123456789ab")).toBeUndefined();
    expect(findTaskByStableId(tasks, "no-colon")).toBeUndefined();
  });
});

describe("taskState", () => {
  it.each<[string, Parameters<typeof taskState>[0], string]>([
    ["recorded done wins", { task: { deadline: { text: "x", end: "2024-01-01" } }, recorded: "done", today: "2024-05-01" }, "done"],
    ["past deadline", { task: { deadline: { text: "x", end: "2024-03-31" } }, today: "2024-05-01", documentDate: "2024-02-19" }, "overdue"],
    ["deadline ahead", { task: { deadline: { text: "x", end: "2024-06-30" } }, today: "2024-05-01" }, "open"],
    ["a date before the document is no time limit", { task: { deadline: { text: "x", end: "2023-12-31" } }, today: "2024-05-01", documentDate: "2024-02-19" }, "open"],
    ["thường xuyên", { task: { deadline: { text: "thường xuyên", ongoing: true } }, today: "2024-05-01" }, "ongoing"],
    ["reopened ongoing task", { task: { deadline: { text: "thường xuyên", ongoing: true } }, recorded: "open", today: "2024-05-01" }, "open"],
    ["no deadline", { task: { deadline: null }, today: "2024-05-01" }, "open"],
  ])("%s", (_label, options, expected) => {
    expect(taskState(options)).toBe(expected);
  });
});

describe("documentDisplayName", () => {
  it.each<[Parameters<typeof documentDisplayName>[0], string, string]>([
    [{ type: "THÔNG BÁO", number: "45/TB-UBND", title: "Kết luận của Chủ tịch UBND tỉnh", issuer: "UBND tỉnh Bắc Giang" }, "000_492514bbfbcde4f8.pdf", "Thông báo số 45/TB-UBND: Kết luận của Chủ tịch UBND tỉnh · UBND tỉnh Bắc Giang"],
    [{ type: "KẾ HOẠCH", number: "", title: "Công tác ngành Nội vụ năm 2024" }, "004_38b8e90ea4ed07a7.pdf", "Kế hoạch: Công tác ngành Nội vụ năm 2024"],
    [{}, "000_492514bbfbcde4f8.pdf", "000"],
    [{}, "uploads/ke-hoach-2024.docx", "ke-hoach-2024"],
  ])("%j", (meta, source, expected) => {
    expect(documentDisplayName(meta, source)).toBe(expected);
    expect(documentDisplayName(meta, source)).not.toMatch(/[0-9a-f]{16}/u);
  });
});

describe("the application database", () => {
  it("migrates a new database to the last version and a later one on top, keeping the data", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-migrate-"));
    try {
      const store = openStore({ directory });
      expect(store.database.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      store.followUps.save({ taskId: "d:1", docId: "d", status: "done", note: "n", quote: "q", changedBy: "A", changedAt: "2024-01-01T00:00:00.000Z" });
      store.close();
      const next: Migration = { version: MIGRATIONS.length + 1, name: "a later table", up: (database) => database.exec("CREATE TABLE later_table (id TEXT PRIMARY KEY)") };
      const upgraded = openStore({ directory, migrations: [...MIGRATIONS, next] });
      expect(upgraded.database.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length + 1);
      expect(upgraded.followUps.get("d:1")?.note).toBe("n");
      upgraded.close();
      // A program that knows fewer migrations refuses the newer database instead of writing to it.
      expect(() => openStore({ directory })).toThrow(/newer than this program/u);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("rolls a failing migration back whole", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-migrate-"));
    try {
      const broken: Migration = { version: MIGRATIONS.length + 1, name: "broken", up: (database) => database.exec("CREATE TABLE half (id TEXT); SELECT * FROM missing_table") };
      expect(() => openStore({ directory, migrations: [...MIGRATIONS, broken] })).toThrow();
      const store = openStore({ directory });
      expect(store.database.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      expect(store.database.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
      store.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("refuses migrations that are not numbered 1, 2, 3", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-migrate-"));
    const store = openStore({ directory });
    try {
      expect(() => migrate(store.database, [{ version: 2, name: "x", up: () => undefined }])).toThrow(/numbered/u);
    } finally {
      store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
