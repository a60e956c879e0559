import { cleanColumnName, formatHeader, formatRow, HEADER_SEPARATOR, type RowField } from "../../core/table-rows.js";

/** A cell as the document gives it: its text (one line) and how many columns and rows it spans. */
export type TableCell = { text: string; columnSpan?: number; rowSpan?: number };

/** A small table with at most this many rows and columns is layout, not data. */
const LAYOUT_TABLE_MAX_ROWS = 3;
const LAYOUT_TABLE_MAX_COLUMNS = 2;
/**
 * The national layout of an administrative document (Nghị định 30/2020/NĐ-CP): issuer and
 * motto side by side, "Nơi nhận" beside the signature. Tables holding these are layout.
 */
const DOCUMENT_FURNITURE = /CỘNG\s+HO[ÀA]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA|Độc\s+lập\s*[-–—]\s*Tự\s+do|^\s*Nơi\s+nhận|^\s*Kính\s+gửi/imu;
/** Header cells are labels: short. */
const MAX_HEADER_CELL_CHARS = 120;
/** "STT", "TT", "Số TT", "Thứ tự": the ordinal column. */
const ORDINAL_NAME = /^(?:S[ốỐ]?\s*)?(?:STT|TT|Số\s+TT|Số\s+thứ\s+tự|Thứ\s+tự)\.?$/iu;
/** A row that only numbers the columns: "(1) | (2) | (3)", "1 | 2 | 3", "A | B | C". */
const COLUMN_NUMBER = /^\(?(?:\d{1,2}|[A-Z])\)?$/u;
const NUMBER_ONLY = /^[\d\s.,/%()-]+$/u;

/** Cells of a grid after spans are laid out: a row-spanning cell repeats its text below, a column-spanning one fills only its first column. */
type GridCell = { text: string; spansColumns: boolean; spansRows: boolean; continued: boolean };

/** Whether a table is page layout (header block, signature block) rather than data. */
export function isLayoutTable(rows: ReadonlyArray<readonly TableCell[]>): boolean {
  const grid = layOut(rows);
  const columns = usedColumns(grid).length;
  if (grid.length <= LAYOUT_TABLE_MAX_ROWS && columns <= LAYOUT_TABLE_MAX_COLUMNS) return true;
  return columns <= 3 && grid.some((row) => row.some((cell) => DOCUMENT_FURNITURE.test(cell.text)));
}

/**
 * Lines of a data table. When its first row (or two, under merged headers) names the columns,
 * the header is written once as "A | B | C" and every other row as "A: x; B: y; C: z", so each
 * row keeps its column names wherever it is read or quoted; a row that holds one value (a group
 * title across the table) stays plain. Without a header, rows are "x | y | z" as before.
 */
export function renderDataTable(rows: ReadonlyArray<readonly TableCell[]>): string[] {
  const grid = layOut(rows);
  const columns = usedColumns(grid);
  const used = grid.map((row) => columns.map((column) => row[column] ?? emptyCell()));
  const headerRows = headerRowCount(used);
  if (headerRows === 0) {
    return used.map((row) => row.map((cell) => (cell.continued ? "" : cell.text))).filter((texts) => texts.some((text) => text !== "")).map((texts) => texts.join(HEADER_SEPARATOR));
  }
  const names = columns.map((_, column) => columnName(used.slice(0, headerRows).map((row) => row[column]?.text ?? "")));
  const lines = [formatHeader(names)];
  const ordinal = names.findIndex((name) => ORDINAL_NAME.test(name));
  for (const row of used.slice(headerRows)) {
    const texts = row.map((cell) => (cell.continued && cell.spansColumns ? "" : cell.text));
    if (texts.every((text) => text === "")) continue;
    if (texts.every((text) => COLUMN_NUMBER.test(text) || text === "")) continue;
    // Identical neighbours stay: a design and its revision often read the same ("TKCS | sau TKCS").
    const values = texts;
    const filled = values.filter((value, column) => value !== "" && column !== ordinal);
    if (filled.length <= 1) {
      // A group title ("II – Lĩnh vực thuốc lá"): not values of the columns it happens to sit under,
      // and not written with " | ", which would read as a new header.
      lines.push(values.filter((value) => value !== "").join(" – "));
      continue;
    }
    const fields: RowField[] = values.map((value, column) => ({
      name: names[column] ?? "",
      value: column === ordinal ? value.replace(/[.)]$/u, "") : value,
    }));
    lines.push(formatRow(fields));
  }
  return lines;
}

function emptyCell(): GridCell {
  return { text: "", spansColumns: false, spansRows: false, continued: false };
}

/** Place cells on a grid: rowspans carry their text into the rows below, colspans leave the spanned columns empty. */
function layOut(rows: ReadonlyArray<readonly TableCell[]>): GridCell[][] {
  const grid: GridCell[][] = [];
  const pending = new Map<number, { text: string; rowsLeft: number }>();
  for (const row of rows) {
    const out: GridCell[] = [];
    let column = 0;
    const place = () => {
      for (let carried = pending.get(column); carried; carried = pending.get(column)) {
        out[column] = { text: carried.text, spansColumns: false, spansRows: true, continued: true };
        carried.rowsLeft -= 1;
        if (carried.rowsLeft <= 0) pending.delete(column);
        column += 1;
      }
    };
    for (const cell of row) {
      place();
      const columnSpan = Math.max(1, Math.min(cell.columnSpan ?? 1, 50));
      const rowSpan = Math.max(1, Math.min(cell.rowSpan ?? 1, 1000));
      out[column] = { text: cell.text, spansColumns: columnSpan > 1, spansRows: rowSpan > 1, continued: false };
      if (rowSpan > 1) pending.set(column, { text: cell.text, rowsLeft: rowSpan - 1 });
      for (let extra = 1; extra < columnSpan; extra += 1) {
        // A header that spans columns names each of them; a data value belongs to the first only.
        out[column + extra] = { text: cell.text, spansColumns: true, spansRows: false, continued: true };
      }
      column += columnSpan;
    }
    place();
    grid.push(Array.from({ length: out.length }, (_, index) => out[index] ?? emptyCell()));
  }
  return grid;
}

/** Columns that hold text in some row. */
function usedColumns(grid: ReadonlyArray<readonly GridCell[]>): number[] {
  const width = Math.max(0, ...grid.map((row) => row.length));
  const columns: number[] = [];
  for (let column = 0; column < width; column += 1) if (grid.some((row) => (row[column]?.text ?? "") !== "")) columns.push(column);
  return columns;
}

/** How many leading rows name the columns: the first, plus the second under a merged (spanning) first row. */
function headerRowCount(rows: ReadonlyArray<readonly GridCell[]>): number {
  const first = rows[0];
  if (!first || rows.length < 2) return 0;
  const width = first.length;
  const ordinalFirst = ORDINAL_NAME.test(first[0]?.text ?? "");
  if (!isHeaderLike(first) || (width < 3 && !ordinalFirst)) return 0;
  const second = rows[1];
  const merged = first.some((cell) => cell.spansColumns || cell.spansRows);
  if (merged && second && rows.length > 2 && isHeaderLike(second)) return 2;
  return 1;
}

function isHeaderLike(row: readonly GridCell[]): boolean {
  const texts = row.map((cell) => cell.text);
  const filled = texts.filter((text) => text !== "");
  if (filled.length < 2 || filled.length < Math.ceil(texts.length / 2)) return false;
  return filled.every((text) => text.length <= MAX_HEADER_CELL_CHARS && !NUMBER_ONLY.test(text) && !/[.;]$/u.test(text));
}

/** One name per column from its header cells, top first: "Thời gian - Bắt đầu". */
function columnName(texts: readonly string[]): string {
  const parts: string[] = [];
  for (const text of texts) {
    const name = cleanColumnName(text);
    if (name !== "" && !parts.includes(name)) parts.push(name);
  }
  return parts.join(" - ");
}
