import { describe, expect, it } from "vitest";
import { formatTasksCsv } from "../../../server/tasks/format-tasks-csv.js";
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

describe("formatTasksCsv", () => {
  it("opens with a header row and gives one row per task, CRLF-terminated", () => {
    const { tasks } = sampleArchive(["000"]);
    const csv = formatTasksCsv(tasks, { today: "2024-05-15" });
    expect(csv.startsWith("id,status,lead,partners,task,deadline_text,deadline_start,deadline_end,relative,doc_id,source,quote,start,end\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    expect(rows.length).toBe(tasks.length + 1);
    const header = rows[0]!;
    for (const [index, task] of tasks.entries()) {
      const row = Object.fromEntries(header.map((name, column) => [name, rows[index + 1]![column]]));
      expect(row.id).toBe(task.id);
      expect(row.quote).toBe(task.quote);
      expect(row.deadline_end).toBe(task.deadline?.end ?? "");
      expect(row.status).toMatch(/^(?:upcoming|overdue|undated)$/u);
    }
  });

  it("quotes commas, quotes and line breaks, and keeps formulas from running", () => {
    const task = makeTask({ id: "t1", task: '=SUM(A1) "x", y', quote: "line one\nline two", partners: ["Sở A", "Sở B"] });
    const csv = formatTasksCsv([task]);
    const [header, row] = parseCsv(csv);
    expect(header).not.toContain("status");
    const byName = Object.fromEntries(header!.map((name, column) => [name, row![column]]));
    expect(byName.task).toBe(`'=SUM(A1) "x", y`);
    expect(byName.quote).toBe("line one\nline two");
    expect(byName.partners).toBe("Sở A; Sở B");
  });

  it("writes only the header for no tasks", () => {
    expect(parseCsv(formatTasksCsv([]))).toHaveLength(1);
  });
});
