import { isTableRowLine, parseHeader, parseRow } from "../../core/table-rows.js";
import type { ArchiveDocument, Deadline, Task } from "../../core/types.js";
import { findUnits } from "./find-units.js";
import { foldKeepingOffsets } from "./fold-text.js";
import { parseDeadline } from "./parse-deadline.js";
import { collapseWhiteSpace } from "./white-space.js";

/**
 * Tasks of assignment tables: plans put what is to be done, who leads, who helps and by when
 * in the columns of an appendix table ("Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian
 * hoàn thành"). The loaders write each row under its column names (core/table-rows.ts); a
 * table whose columns name a task and a lead gives one task per row, quoting the row.
 */
export type TableTasks = {
  tasks: Task[];
  /** Starts of the lines that belong to tables (headers and rows): not prose to read tasks from. */
  tableLines: Set<number>;
  /**
   * Task cells of tables with no lead column ("STT | Tài liệu | Nội dung cần rà soát, chỉnh sửa"): a cell
   * may itself ask someone to act ("Đề nghị Công ty bổ sung …", "Sở X hoàn thành …"), which the prose
   * reader judges; with the row's deadline cell, when the table has one.
   */
  taskCells: TaskCell[];
};

export type TaskCell = { start: number; end: number; deadline: Deadline | null };

type ColumnRoles = { task: string; lead: string; partners: string[]; deadline?: string };

/** Folded column-name words for each role; the task column is chosen first, so "Nhiệm vụ thực hiện" is a task. */
const TASK_COLUMN = /(?:^|\s)(?:noi\s+dung|nhiem\s+vu|cong\s+viec|hoat\s+dong|giai\s+phap|ten\s+(?:de\s+an|du\s+an|chuong\s+trinh))(?:\s|$)/u;
const PARTNER_COLUMN = /phoi\s+hop/u;
const LEAD_COLUMN = /chu\s+tri|thuc\s+hien|phu\s+trach|trach\s+nhiem|dau\s+moi/u;
const DEADLINE_COLUMN = /thoi\s+gian|thoi\s+han|tien\s+do|han\s+hoan\s+thanh|moc\s+hoan\s+thanh/u;

export function extractTableTasks(document: Pick<ArchiveDocument, "id" | "source" | "text" | "meta">): TableTasks {
  const { text } = document;
  const tasks: Task[] = [];
  const tableLines = new Set<number>();
  const taskCells: TaskCell[] = [];
  const lines = [...text.matchAll(/[^\n]+/gu)].map((match) => ({ start: match.index, line: match[0] }));
  let names: string[] | undefined;
  let roles: ColumnRoles | undefined;
  let cellRoles: Pick<ColumnRoles, "task" | "deadline"> | undefined;
  for (const { start, line } of lines) {
    const header = parseHeader(line);
    const row = names ? parseRow(line, names) : undefined;
    if (row) {
      tableLines.add(start);
      if (roles) {
        const task = taskOfRow({ document, roles, fields: row, lineStart: start, line });
        if (task) tasks.push(task);
      } else if (cellRoles) {
        const cell = row.find((field) => field.name === cellRoles!.task);
        const deadlineCell = collapseWhiteSpace(row.find((field) => field.name === cellRoles!.deadline)?.value ?? "").trim();
        if (cell && cell.value.trim() !== "") {
          taskCells.push({ start: start + cell.start, end: start + cell.end, deadline: deadlineCell === "" ? null : deadlineOf(deadlineCell, documentDateOf(document)) });
        }
      }
      continue;
    }
    if (header) {
      tableLines.add(start);
      names = header;
      roles = rolesOf(header);
      cellRoles = roles ? undefined : taskCellRolesOf(header);
      continue;
    }
    // Group titles ("II – Lĩnh vực …") sit between rows: a plain line does not end the table; a new header does.
    if (isTableRowLine(line)) tableLines.add(start);
  }
  return { tasks, tableLines, taskCells };
}

/** A column named as the work itself ("Nội dung …", "Nhiệm vụ …", "Công việc …"), not one that only mentions an activity. */
const TASK_CELL_COLUMN = /^(?:noi\s+dung|nhiem\s+vu|cong\s+viec|giai\s+phap)(?:\s|$)/u;

/** A table without a lead column whose work column's cells may name their own lead. */
function taskCellRolesOf(names: readonly string[]): Pick<ColumnRoles, "task" | "deadline"> | undefined {
  const folded = names.map((name) => foldKeepingOffsets(name.toLowerCase()).trim());
  const taskIndex = folded.findIndex((name) => TASK_CELL_COLUMN.test(name));
  if (taskIndex < 0) return undefined;
  const deadlineIndex = folded.findIndex((name, index) => index !== taskIndex && DEADLINE_COLUMN.test(name));
  return { task: names[taskIndex]!, ...(deadlineIndex >= 0 ? { deadline: names[deadlineIndex]! } : {}) };
}

function documentDateOf(document: Pick<ArchiveDocument, "meta">): string | undefined {
  return document.meta.date ?? (document.meta.year ? String(document.meta.year) : undefined);
}

function rolesOf(names: readonly string[]): ColumnRoles | undefined {
  const folded = names.map((name) => foldKeepingOffsets(name.toLowerCase()));
  const taskIndex = folded.findIndex((name) => TASK_COLUMN.test(name));
  if (taskIndex < 0) return undefined;
  const leadIndex = folded.findIndex((name, index) => index !== taskIndex && LEAD_COLUMN.test(name) && !PARTNER_COLUMN.test(name) && !DEADLINE_COLUMN.test(name));
  if (leadIndex < 0) return undefined;
  const partners = names.filter((_, index) => index !== taskIndex && index !== leadIndex && PARTNER_COLUMN.test(folded[index]!));
  const deadlineIndex = folded.findIndex((name, index) => index !== taskIndex && index !== leadIndex && DEADLINE_COLUMN.test(name));
  return {
    task: names[taskIndex]!,
    lead: names[leadIndex]!,
    partners,
    ...(deadlineIndex >= 0 ? { deadline: names[deadlineIndex]! } : {}),
  };
}

function taskOfRow(options: {
  document: Pick<ArchiveDocument, "id" | "source" | "text" | "meta">;
  roles: ColumnRoles;
  fields: ReadonlyArray<{ name: string; value: string }>;
  lineStart: number;
  line: string;
}): Task | undefined {
  const { document, roles, fields, lineStart, line } = options;
  const value = (name: string | undefined) => collapseWhiteSpace(fields.find((field) => field.name === name)?.value ?? "").trim();
  const description = value(roles.task);
  const leadCell = value(roles.lead);
  if (description === "" || leadCell === "") return undefined;
  const leadUnits = unitsCovering(leadCell);
  // A cell naming one unit leads; several: the first leads, the others take part. People's names stay as written.
  const lead = leadUnits[0] ?? leadCell;
  const partners = [...leadUnits.slice(1), ...roles.partners.flatMap((name) => namesIn(value(name)))].filter((name, index, all) => name !== lead && all.indexOf(name) === index);
  const deadlineCell = value(roles.deadline);
  const end = lineStart + line.trimEnd().length;
  return {
    id: `${document.id}:${lineStart}`,
    task: description.length > 280 ? `${description.slice(0, 277).replace(/\s+\S*$/u, "")}…` : description,
    lead,
    partners,
    deadline: deadlineCell === "" ? null : deadlineOf(deadlineCell, documentDateOf(document)),
    docId: document.id,
    source: document.source,
    quote: document.text.slice(lineStart, end),
    start: lineStart,
    end,
  };
}

/** Share of a cell the units found in it must cover to stand for it ("Văn thư Văn phòng UBND tỉnh" is not just "UBND tỉnh"). */
const MIN_UNIT_COVERAGE = 0.6;

/** The units a cell names when they make up the cell, else none. */
function unitsCovering(cell: string): string[] {
  const units = findUnits(cell);
  const covered = units.reduce((sum, unit) => sum + (unit.end - unit.start), 0);
  return covered >= cell.replace(/[\s,;.]+/gu, "").length * MIN_UNIT_COVERAGE ? units.map((unit) => unit.name) : [];
}

/** Units a cell names, else its comma- or semicolon-separated parts. */
function namesIn(cell: string): string[] {
  if (cell === "") return [];
  const units = unitsCovering(cell);
  if (units.length > 0) return units;
  return cell.split(/\s*[,;]\s*/u).filter((part) => part !== "");
}

/** The cell's deadline ("Quý II/2026", "Trước 30/6/2024"); a duration or "Thường xuyên" stays as written, undated. */
function deadlineOf(cell: string, documentDate: string | undefined): Deadline {
  const parsed = parseDeadline(cell, documentDate ? { documentDate } : {});
  if (parsed) return { ...parsed, text: cell };
  return { text: cell };
}
