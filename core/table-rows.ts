/**
 * How a row of a data table is written in a document's clean text, and read back: each value
 * under its column's name, so a row read (or quoted, or indexed) alone still says what its
 * values are: "TT: 1; Nội dung: Rà soát hồ sơ; Đơn vị chủ trì: Sở Công Thương; Thời gian
 * hoàn thành: Quý II/2026". The table's header row stays above its rows as "A | B | C".
 * The loaders write rows, the task extractor and the chunker read them: the format lives here once.
 */

export const FIELD_SEPARATOR = "; ";
export const NAME_SEPARATOR = ": ";
export const HEADER_SEPARATOR = " | ";

export type RowField = { name: string; value: string };

/** A column name as written into rows: one line, without the characters that separate fields. */
export function cleanColumnName(name: string): string {
  return name.replace(/\s+/gu, " ").replace(/[;:|]+/gu, ",").replace(/[\s,]+$/u, "").trim();
}

/** "Name: value; Name: value" (fields without a value are left out; a nameless value stands alone). */
export function formatRow(fields: readonly RowField[]): string {
  return fields
    .filter((field) => field.value !== "")
    .map((field) => (field.name === "" ? field.value : `${field.name}${NAME_SEPARATOR}${field.value}`))
    .join(FIELD_SEPARATOR);
}

/** The header line of a table: its column names joined by " | ". */
export function formatHeader(names: readonly string[]): string {
  return names.join(HEADER_SEPARATOR);
}

/** Column names of a header line ("A | B | C"), or undefined when the line is not one. */
export function parseHeader(line: string): string[] | undefined {
  if (!line.includes(HEADER_SEPARATOR)) return undefined;
  const names = line.split(HEADER_SEPARATOR).map((name) => name.trim());
  return names.filter((name) => name !== "").length >= 2 ? names : undefined;
}

/**
 * The fields of a row line written with these column names, with their offsets in the line;
 * undefined when the line is not such a row (it must open with one of the names).
 */
export function parseRow(line: string, names: readonly string[]): Array<RowField & { start: number; end: number }> | undefined {
  const known = names.filter((name) => name !== "");
  type Found = { name: string; at: number; valueStart: number };
  const found: Found[] = [];
  let from = 0;
  for (const name of known) {
    const label = `${name}${NAME_SEPARATOR}`;
    const at = from === 0 && line.startsWith(label) ? 0 : line.indexOf(`${FIELD_SEPARATOR}${label}`, from);
    if (at < 0) continue;
    const nameStart = at === 0 && line.startsWith(label) ? 0 : at + FIELD_SEPARATOR.length;
    found.push({ name, at: nameStart, valueStart: nameStart + label.length });
    from = nameStart + label.length;
  }
  if (found.length === 0 || found[0]!.at !== 0) return undefined;
  return found.map((field, index) => {
    const next = found[index + 1];
    const end = next ? next.at - FIELD_SEPARATOR.length : line.length;
    return { name: field.name, value: line.slice(field.valueStart, end), start: field.valueStart, end };
  });
}

/** A line that reads as a table row without knowing its columns: "Name: value; Name: value…" with short names. */
const ROW_LINE = /^[^:;|\n]{1,80}: [^\n]*?; [^:;|\n]{1,80}: /u;

export function isTableRowLine(line: string): boolean {
  return ROW_LINE.test(line);
}
