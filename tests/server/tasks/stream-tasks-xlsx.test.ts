import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import type { Task } from "../../../core/types.js";
import { TASK_EXPORT_COLUMNS } from "../../../server/tasks/format-tasks-csv.js";
import { formatTasksXlsx } from "../../../server/tasks/format-tasks-xlsx.js";
import { columnLetters, escapeXmlText, streamTasksXlsx } from "../../../server/tasks/stream-tasks-xlsx.js";
import { assignTaskIds } from "../../../server/tasks/task-ids.js";
import { buildTaskViews } from "../../../server/tasks/task-views.js";
import { makeTask, sampleArchive } from "./task-samples.js";

function viewsOf(tasks: Task[]) {
  return buildTaskViews({ tasks, taskIds: assignTaskIds(tasks), documents: new Map(), followUps: new Map(), today: "2024-05-15" });
}

describe("columnLetters", () => {
  it.each([
    [0, "A"],
    [21, "V"],
    [25, "Z"],
    [26, "AA"],
    [51, "AZ"],
    [52, "BA"],
    [701, "ZZ"],
    [702, "AAA"],
  ])("column %i is %s", (index, letters) => expect(columnLetters(index)).toBe(letters));
});

describe("escapeXmlText", () => {
  it.each([
    ["a < b & c > d", "a &lt; b &amp; c &gt; d"],
    ["Sở Nội vụ", "Sở Nội vụ"],
    ["bell\u0007 and escape\u001b[31m", "bell and escape[31m"],
    ["tab\tnew line\ncarriage\r", "tab\tnew line\ncarriage\r"],
    ["lone \uD800 surrogate", "lone  surrogate"],
    ["emoji 😀 kept", "emoji 😀 kept"],
  ])("%j", (input, expected) => expect(escapeXmlText(input)).toBe(expected));
});

describe("streamTasksXlsx", () => {
  it("writes a workbook a reader opens, batch after batch, with every cell as written", async () => {
    const { tasks } = sampleArchive(["000", "002"]);
    const hostile = makeTask({ id: "h", task: '=HYPERLINK("x") <b>&</b>\u0007 "30/6/2024"', lead: "001", quote: "xong trước ngày 30/6/2024 &amp;" });
    const views = viewsOf([...tasks, hostile]);
    const pieces: Uint8Array[] = [];
    let writes = 0;
    await streamTasksXlsx({ batches: [views.slice(0, 10), views.slice(10), []], write: (bytes) => void (writes++, pieces.push(bytes)) });
    expect(writes).toBeGreaterThan(2);
    const rows = (await readXlsxFile(Buffer.concat(pieces)))[0]!.data;
    expect(rows[0]).toEqual(TASK_EXPORT_COLUMNS.map((column) => column.name));
    expect(rows).toHaveLength(views.length + 1);
    const header = rows[0] as string[];
    const last = rows[rows.length - 1]!;
    expect(last[header.indexOf("task")]).toBe('\'=HYPERLINK("x") <b>&</b> "30/6/2024"');
    expect(last[header.indexOf("lead")]).toBe("001");
    expect(last[header.indexOf("quote")]).toBe("xong trước ngày 30/6/2024 &amp;");
    expect(rows.slice(1, -1).map((row) => row[header.indexOf("task_id")])).toEqual(views.slice(0, -1).map((view) => view.taskId));
  });

  it("gives the same workbook in one buffer", async () => {
    const rows = (await readXlsxFile(await formatTasksXlsx([])))[0]!.data;
    expect(rows).toEqual([TASK_EXPORT_COLUMNS.map((column) => column.name)]);
  });

  it("stops when the reader fails, with the reader's error", async () => {
    const views = viewsOf(sampleArchive(["000"]).tasks);
    await expect(
      streamTasksXlsx({
        batches: [views],
        write: () => {
          throw new Error("client gone");
        },
      }),
    ).rejects.toThrow("client gone");
  });
});
