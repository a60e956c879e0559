import { strFromU8, unzipSync } from "fflate";
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import type { Task } from "../../../core/types.js";
import { TASK_EXPORT_COLUMNS } from "../../../server/tasks/format-tasks-csv.js";
import { streamTasksXlsx, toCellValue } from "../../../server/tasks/stream-tasks-xlsx.js";
import { assignTaskIds } from "../../../server/tasks/task-ids.js";
import { buildTaskViews, type TaskView } from "../../../server/tasks/task-views.js";
import { makeTask, sampleArchive } from "./task-samples.js";

function viewsOf(tasks: Task[]) {
  return buildTaskViews({ tasks, taskIds: assignTaskIds(tasks), documents: new Map(), followUps: new Map(), today: "2024-05-15" });
}

async function workbookOf(batches: Iterable<readonly TaskView[]>): Promise<{ bytes: Buffer; writes: number }> {
  const pieces: Uint8Array[] = [];
  await streamTasksXlsx({ batches, write: (bytes) => void pieces.push(bytes) });
  return { bytes: Buffer.concat(pieces), writes: pieces.length };
}

const header = TASK_EXPORT_COLUMNS.map((column) => column.name);
const at = (name: string) => header.indexOf(name);

describe("toCellValue", () => {
  it.each([
    ["deadline_end", "2024-06-30", new Date(Date.UTC(2024, 5, 30))],
    ["deadline_start", "2024-02-29", new Date(Date.UTC(2024, 1, 29))],
    ["deadline_end", "2023-02-29", { richText: [{ text: "2023-02-29" }] }],
    ["changed_at", "2026-12-07T10:15:00.000Z", new Date("2026-12-07T10:15:00.000Z")],
    ["year", "2024", 2024],
    ["start", "1532", 1532],
    ["number", "001", { richText: [{ text: "001" }] }],
    ["lead", "Sở Nội vụ", { richText: [{ text: "Sở Nội vụ" }] }],
    ["task", "=1+1", { richText: [{ text: "'=1+1" }] }],
    ["deadline_end", "", null],
  ])("%s %j", (column, value, expected) => expect(toCellValue(column, value)).toEqual(expected));
});

describe("streamTasksXlsx (exceljs)", () => {
  it("writes real task rows that another reader opens, batch after batch, with dates as dates", async () => {
    const { tasks } = sampleArchive(["000", "002"]);
    const hostile = makeTask({ id: "h", task: '=HYPERLINK("x") <b>&</b>\u0007 "30/6/2024"', lead: "001", quote: "xong trước ngày 30/6/2024 &amp;" });
    const views = viewsOf([...tasks, hostile]);
    const { bytes, writes } = await workbookOf([views.slice(0, 10), views.slice(10), []]);
    expect(writes).toBeGreaterThan(1);

    const rows = (await readXlsxFile(bytes))[0]!.data;
    expect(rows[0]).toEqual(header);
    expect(rows).toHaveLength(views.length + 1);
    expect(rows.slice(1).map((row) => row[at("task_id")])).toEqual(views.map((view) => view.taskId));
    expect(rows.slice(1).map((row) => row[at("quote")])).toEqual(views.map((view) => view.quote));
    const last = rows[rows.length - 1]!;
    expect(last[at("task")]).toBe('\'=HYPERLINK("x") <b>&</b> "30/6/2024"');
    expect(last[at("lead")]).toBe("001");
    expect(last[at("quote")]).toBe("xong trước ngày 30/6/2024 &amp;");

    const dated = views.findIndex((view) => view.deadline?.end);
    expect(dated).toBeGreaterThanOrEqual(0);
    const deadlineEnd = rows[dated + 1]![at("deadline_end")];
    expect(deadlineEnd).toBeInstanceOf(Date);
    expect((deadlineEnd as unknown as Date).toISOString().slice(0, 10)).toBe(views[dated]!.deadline!.end);
    expect(rows[1]![at("start")]).toBe(views[0]!.start);
  });

  it("writes inline strings in UTF-8, day-first date cells, a bold frozen header and column widths", async () => {
    const views = viewsOf([makeTask({ id: "v", lead: "Sở Tài nguyên và Môi trường", task: "Hoàn thành việc rà soát, báo cáo UBND tỉnh", deadline: { text: "trước ngày 30/6/2024", end: "2024-06-30" } })]);
    const files = unzipSync(new Uint8Array((await workbookOf([views])).bytes));
    expect(files["xl/sharedStrings.xml"] ? strFromU8(files["xl/sharedStrings.xml"]) : "").not.toContain("Sở Tài nguyên");
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    expect(sheet).toMatch(/<pane [^>]*ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/u);
    expect(sheet).toMatch(/<c r="C2"[^>]*t="inlineStr"[^>]*><is><r><t>Sở Tài nguyên và Môi trường<\/t><\/r><\/is><\/c>/u);
    expect(sheet).toMatch(/<col min="5" max="5" width="60"/u);
    const dateCell = /<c r="H2" s="(\d+)"><v>(\d+)<\/v><\/c>/u.exec(sheet);
    expect(dateCell?.[2]).toBe("45473"); // 30/6/2024 as an Excel day number
    const styles = strFromU8(files["xl/styles.xml"]!);
    const formats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]+)"/gu)].map((match) => [match[1], match[2]]));
    const cellFormats = [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/su.exec(styles)?.[1] ?? "").matchAll(/<xf [^>]*?numFmtId="(\d+)"[^>]*?fontId="(\d+)"/gu)];
    expect(formats.get(cellFormats[Number(dateCell?.[1])]![1]!)).toBe("dd/mm/yyyy");
    const headerStyle = /<c r="A1" s="(\d+)"/u.exec(sheet)?.[1];
    const fonts = [...(/<fonts[^>]*>(.*?)<\/fonts>/su.exec(styles)?.[1] ?? "").matchAll(/<font>(.*?)<\/font>/gsu)].map((match) => match[1]!);
    expect(fonts[Number(cellFormats[Number(headerStyle)]![2])]).toContain("<b/>");
  });

  it("writes a header-only workbook for no task", async () => {
    const rows = (await readXlsxFile((await workbookOf([])).bytes))[0]!.data;
    expect(rows).toEqual([header]);
  });

  it("stalls with a reader that stalls: no more batches are built while the written bytes wait", async () => {
    const views = viewsOf(sampleArchive(["000", "002"]).tasks);
    let pulled = 0;
    function* batches() {
      for (let index = 0; index < 150; index++) {
        pulled++;
        yield views;
      }
    }
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written = 0;
    const done = streamTasksXlsx({
      batches: batches(),
      write: async () => {
        if (++written > 2) await gate;
      },
    });
    // Wait until the writer stops pulling batches (a few hundred KB of zip held back), then check that it stays stopped.
    let previous = -1;
    for (let waited = 0; waited < 10_000 && pulled !== previous; waited += 300) {
      previous = pulled;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const pulledWhileStalled = pulled;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pulled).toBe(pulledWhileStalled);
    expect(pulled).toBeLessThan(100);
    release();
    await done;
    expect(pulled).toBe(150);
  });

  it("stops when the reader fails, with the reader's error", async () => {
    const views = viewsOf(sampleArchive(["000"]).tasks);
    await expect(
      streamTasksXlsx({
        batches: [views, views, views],
        write: () => {
          throw new Error("client gone");
        },
      }),
    ).rejects.toThrow("client gone");
  });
});
