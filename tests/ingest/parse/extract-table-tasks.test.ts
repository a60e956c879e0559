import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Task } from "../../../core/types.js";
import { extractTableTasks } from "../../../ingest/parse/extract-table-tasks.js";
import { extractTasks } from "../../../ingest/parse/extract-tasks.js";
import { processFile } from "../../../ingest/pipeline/process-file.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const tables = path.resolve(here, "../../fixtures/tables");

async function tableTasksOf(file: string): Promise<{ tasks: Task[]; text: string; rows: Task[] }> {
  const { document } = await processFile({ absolutePath: path.join(tables, file), source: file, docId: file.replace(/\.docx$/u, ""), hash: "", maxBytes: 50 * 1024 * 1024, chunkChars: 1200 });
  // Table tasks quote a whole row: "Name: value; Name: value". `rows` are what the table reader makes of the rows, before
  // the document's tasks are selected (select-assignments.ts).
  const rows = extractTableTasks({ ...document, text: document.text.slice(0, document.notesStart ?? document.text.length) }).tasks;
  return { tasks: document.tasks.filter((task) => /^[^:;]{1,80}: .*; /u.test(task.quote)), text: document.text, rows };
}

const compact = (tasks: readonly Task[]) => tasks.map((task) => [task.task, task.lead, task.deadline?.text ?? null]);

// Five real assignment tables of corpus-dev (Lào Cai), read by hand from the documents.
describe("tasks of real assignment tables (corpus-dev, checked by hand)", () => {
  it("kh-2242: the inspection team's duties (TT | Nhiệm vụ thực hiện | Người thực hiện | Ghi chú)", async () => {
    const { tasks: selected, rows: tasks, text } = await tableTasksOf("kh-2242-sct-kiem-tra-28-don-vi.docx");
    // The table states no dates; the plan schedules its inspection ("1. Thời gian kiểm tra: 13h30’ ngày 29/4/2026"),
    // which is the day its work is for (resolve-task-deadlines.ts); the steps on its results (grading, the decision
    // recognizing them, certificates) follow it and the plan gives them no day (hand labels, session 12c).
    expect(selected.map((task) => task.quote)).toEqual(tasks.map((task) => task.quote));
    const onResults = /chấm bài|kết quả|chứng chỉ/u;
    for (const task of selected.filter((row) => !onResults.test(row.task))) expect(task.deadline).toEqual({ text: "ngày 29/4/2026", end: "2026-04-29", resolvedFrom: "document" });
    const results = selected.filter((row) => onResults.test(row.task));
    expect(results.map((row) => row.task)).toEqual(["Tổ chức chấm bài", "Xây dựng quyết định công nhận kết quả kiểm tra", "In ấn chứng chỉ", "Rà soát chứng chỉ trước khi trình", "Trình ký chứng chỉ"]);
    for (const task of results) expect(task.deadline).toBeNull();
    expect(compact(tasks)).toEqual([
      ["Rà soát việc đáp ứng các điều kiện của học viên", "Đỗ Mạnh Cường, Vũ Việt Linh, Nguyễn Thị Loan", null],
      ["Xây dựng bài kiểm tra, đáp án", "Đỗ Mạnh Cường, Vũ Việt Linh", null],
      ["Tổ chức kiểm tra", "Đỗ Mạnh Cường, Vũ Việt Linh, Nguyễn Thị Loan", null],
      ["Tổ chức chấm bài", "Vũ Việt Linh", null],
      ["Rà soát vào điểm", "Nguyễn Thị Loan", null],
      ["Xây dựng quyết định công nhận kết quả kiểm tra", "Vũ Việt Linh", null],
      ["In ấn chứng chỉ", "Vũ Việt Linh", null],
      ["Rà soát chứng chỉ trước khi trình", "Đỗ Mạnh Cường, Vũ Việt Linh, Nguyễn Thị Loan", null],
      ["Trình ký chứng chỉ", "Đỗ Mạnh Cường", null],
    ]);
    // The quote is the row as it stands in the clean text, with its column names.
    for (const task of tasks) expect(text.slice(task.start, task.end)).toBe(task.quote);
    expect(tasks[3]!.quote).toBe("TT: 4; Nhiệm vụ thực hiện: Tổ chức chấm bài; Người thực hiện: Vũ Việt Linh");
  }, 30_000);

  it("kh-3898: the training team's duties", async () => {
    const { rows: tasks } = await tableTasksOf("kh-3898-sct-huan-luyen-quan-ly.docx");
    expect(tasks).toHaveLength(9);
    expect(compact(tasks)[0]).toEqual(["Rà soát việc đáp ứng các điều kiện của học viên", "Vũ Việt Linh, Nguyễn Thị Loan", null]);
    expect(compact(tasks)[8]).toEqual(["Trình ký Quyết định, chứng chỉ", "Đỗ Mạnh Cường", null]);
  }, 30_000);

  it("kh-3024: the Sin Quyền inspection team", async () => {
    const { rows: tasks } = await tableTasksOf("kh-3024-sct-sin-quyen.docx");
    expect(tasks).toHaveLength(9);
    expect(compact(tasks)[0]).toEqual(["Rà soát việc đáp ứng các điều kiện của học viên", "Đỗ Mạnh Cường, Vũ Việt Linh, Nguyễn Thị thúy Nhung", null]);
    expect(compact(tasks)[7]).toEqual(["Rà soát chứng chỉ trước khi trình", "Vũ Việt Linh, Nguyễn Thị Loan", null]);
  }, 30_000);

  it("kh-3957: the 19-unit inspection team", async () => {
    const { rows: tasks } = await tableTasksOf("kh-3957-sct-kiem-tra-19-don-vi.docx");
    expect(tasks).toHaveLength(9);
    expect(compact(tasks)[4]).toEqual(["Rà soát vào điểm", "Nguyễn Thị Loan", null]);
  }, 30_000);

  it("qt-ubnd-tthc-hoa-chat: procedure steps with the unit and the time each step takes", async () => {
    const { tasks: selected, rows: tasks } = await tableTasksOf("qt-ubnd-tthc-hoa-chat.docx");
    // A procedure states standing steps, not assignments to follow up: the document has no tasks,
    // though its table is read row by row.
    expect(selected).toEqual([]);
    // Three procedures of 11 steps each.
    expect(tasks).toHaveLength(33);
    expect(compact(tasks).slice(1, 5)).toEqual([
      ["Phân công, chuyển hồ sơ TTHC cho công chức phòng xử lý", "Lãnh đạo phòng chuyên môn (P.QLCN)", "1 giờ"],
      [expect.stringMatching(/^Thụ lý và soát xét hồ sơ\. Trường hợp có yêu cầu sửa đổi/u), "Công chức phòng QLCN", "2 ngày"],
      ["Xem xét, xác nhận dự thảo, trình lãnh đạo Sở", "Lãnh đạo phòng", "3 giờ"],
      ["Xem xét ký Tờ trình, dự thảo kết quả TTHC và các hồ sơ kèm theo trình UBND tỉnh", "Lãnh đạo Sở", "4 giờ"],
    ]);
    // A cell that names more than a unit (the clerks of the People's Committee's Office) is kept whole, not cut to "UBND tỉnh".
    expect(tasks.filter((task) => task.lead === "Văn thư, Văn phòng, UBND tỉnh")).toHaveLength(2);
    // A duration is no date: the deadline keeps its words and no window.
    expect(tasks[1]!.deadline).toEqual({ text: "1 giờ" });
  }, 30_000);
});

describe("extractTableTasks on a plan's appendix", () => {
  const text = [
    "PHỤ LỤC NHIỆM VỤ",
    "STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành",
    "STT: 1; Nội dung: Rà soát quy hoạch cụm công nghiệp; Đơn vị chủ trì: Sở Công Thương; Đơn vị phối hợp: Sở Tài chính, Sở Xây dựng; Thời gian hoàn thành: Quý II/2026",
    "I – Lĩnh vực năng lượng",
    "STT: 2; Nội dung: Báo cáo tình hình cung ứng điện; Đơn vị chủ trì: Công ty Điện lực Lào Cai; Thời gian hoàn thành: Trước ngày 30/6/2026",
    "Các sở, ngành tổ chức thực hiện nghiêm túc Kế hoạch này.",
  ].join("\n\n");
  const document = { id: "kh", source: "kh.docx", text, meta: { date: "2026-03-01", year: 2026 } };

  it("gives one task per row with its lead, partners and deadline", () => {
    const { tasks } = extractTableTasks(document);
    expect(tasks.map(({ task, lead, partners, deadline }) => ({ task, lead, partners, deadline }))).toEqual([
      { task: "Rà soát quy hoạch cụm công nghiệp", lead: "Sở Công Thương", partners: ["Sở Tài chính", "Sở Xây dựng"], deadline: { text: "Quý II/2026", start: "2026-04-01", end: "2026-06-30" } },
      { task: "Báo cáo tình hình cung ứng điện", lead: "Công ty Điện lực Lào Cai", partners: [], deadline: { text: "Trước ngày 30/6/2026", end: "2026-06-30" } },
    ]);
  });

  it("keeps table lines out of the prose reading, and the prose after the table in", () => {
    const tasks = extractTasks({ ...document, hash: "", format: "docx", sections: [], footnotes: [], references: [], warnings: [] });
    expect(tasks.map((task) => task.quote)).toEqual([
      expect.stringMatching(/^STT: 1; Nội dung: Rà soát/u),
      expect.stringMatching(/^STT: 2; Nội dung: Báo cáo/u),
      "Các sở, ngành tổ chức thực hiện nghiêm túc Kế hoạch này.",
    ]);
  });

  it("reads no tasks from a table without a task and a lead column", () => {
    const schedule = "TT | Đơn vị kiểm tra | Địa chỉ\n\nTT: 1; Đơn vị kiểm tra: Công ty A; Địa chỉ: Xã B";
    expect(extractTableTasks({ ...document, text: schedule }).tasks).toEqual([]);
  });
});
