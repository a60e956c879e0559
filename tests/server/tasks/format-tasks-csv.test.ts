import { describe, expect, it } from "vitest";
import type { ArchiveDocument, Task } from "../../../core/types.js";
import { formatTasksCsv, UTF8_BOM } from "../../../server/tasks/format-tasks-csv.js";
import { assignTaskIds } from "../../../server/tasks/task-ids.js";
import { buildTaskViews } from "../../../server/tasks/task-views.js";
import { makeTask, sampleArchive } from "./task-samples.js";

/** A small RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i]!;
    if (quoted) {
      if (character === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      row.push(field);
      field = "";
    } else if (character === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += character;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function viewsOf(tasks: Task[], documents: ArchiveDocument[] = [], today = "2024-05-15") {
  return buildTaskViews({ tasks, taskIds: assignTaskIds(tasks), documents: new Map(documents.map((document) => [document.id, document])), followUps: new Map(), today });
}

describe("formatTasksCsv", () => {
  it("starts with a UTF-8 byte-order mark and a header row, one CRLF-terminated row per task", () => {
    const { tasks, documents } = sampleArchive(["000"]);
    const csv = formatTasksCsv(viewsOf(tasks, documents));
    expect(csv.startsWith(`${UTF8_BOM}task_id,status,lead,partners,task,deadline_text,deadline_start,deadline_end,deadline_kind,note,changed_by,changed_at,document,number,title,province,year,`)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows.length).toBe(tasks.length + 1);
    const header = rows[0]!;
    for (const [index, task] of tasks.entries()) {
      const row = Object.fromEntries(header.map((name, column) => [name, rows[index + 1]![column]]));
      expect(row.quote).toBe(task.quote);
      expect(row.deadline_end).toBe(task.deadline?.end ?? "");
      expect(row.status).toMatch(/^(?:open|done|ongoing|overdue)$/u);
      expect(row.title).toBe("Văn bản 000");
      expect(row.province).toBe("Bắc Giang");
      expect(row.document).toContain("Văn bản 000");
    }
  });

  it("quotes commas, quotes and line breaks, and keeps formulas from running", () => {
    const task = makeTask({ id: "t1", task: '=SUM(A1) "x", y', quote: "line one\nline two", partners: ["Sở A", "Sở B"] });
    const csv = formatTasksCsv(viewsOf([task]));
    const [header, row] = parseCsv(csv.slice(1));
    const byName = Object.fromEntries(header!.map((name, column) => [name, row![column]]));
    expect(byName.task).toBe(`'=SUM(A1) "x", y`);
    expect(byName.quote).toBe("line one\nline two");
    expect(byName.partners).toBe("Sở A; Sở B");
  });

  it("writes only the header for no tasks", () => {
    expect(parseCsv(formatTasksCsv([]).slice(1))).toHaveLength(1);
  });
});
