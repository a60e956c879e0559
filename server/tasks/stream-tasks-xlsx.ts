import { strToU8, Zip, ZipDeflate } from "fflate";
import { neutralizeFormula, TASK_EXPORT_COLUMNS } from "./format-tasks-csv.js";
import type { TaskView } from "./task-views.js";

/**
 * The task table as an Excel workbook written as it goes: the sheet's rows
 * are XML built one batch of tasks at a time and deflated into the zip
 * stream (fflate), so a workbook of 95,088 tasks never holds every row (nor
 * every cell object, as a whole-workbook writer does) in memory. The same
 * columns as the CSV, a bold frozen header row, every cell an inline text
 * cell (so "30/6/2024" or "001" stay as written), formulas never run.
 */

const SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Column widths in characters: wide for the task, the document and the quote. */
const WIDTHS: Readonly<Record<string, number>> = { task: 60, quote: 60, document: 45, title: 45, lead: 24, partners: 24, note: 30, deadline_text: 24 };

const FIXED_PARTS: ReadonlyArray<[string, string]> = [
  [
    "[Content_Types].xml",
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  ],
  ["_rels/.rels", `<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  [
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
  ],
  [
    "xl/styles.xml",
    `<styleSheet xmlns="${SPREADSHEET}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  ],
];

/** Spreadsheet column letters: A … Z, AA … */
export function columnLetters(index: number): string {
  let letters = "";
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** Text for an XML element: markup characters escaped, characters XML 1.0 forbids (control characters, lone surrogates) dropped. */
export function escapeXmlText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu, "")
    .replace(/&/gu, "&amp;")
    .replace(/</gu, "&lt;")
    .replace(/>/gu, "&gt;");
}

function rowXml(rowNumber: number, values: readonly string[], style: 0 | 1): string {
  const cells = values.map((value, column) => `<c r="${columnLetters(column)}${rowNumber}" t="inlineStr"${style ? ` s="${style}"` : ""}><is><t xml:space="preserve">${escapeXmlText(value)}</t></is></c>`);
  return `<row r="${rowNumber}">${cells.join("")}</row>`;
}

/**
 * Writes the workbook to `write` (called with each piece of the zip, in
 * order; awaited, so a slow reader holds the writer back) from batches of
 * task views.
 */
export async function streamTasksXlsx(options: {
  batches: Iterable<readonly TaskView[]>;
  write: (bytes: Uint8Array) => Promise<void> | void;
  sheetName?: string;
}): Promise<void> {
  const pending: Uint8Array[] = [];
  let failure: Error | undefined;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else pending.push(data);
    if (final) finished = true;
  });
  const flush = async () => {
    if (failure) throw failure;
    while (pending.length) await options.write(pending.shift()!);
  };
  for (const [name, xml] of [...FIXED_PARTS, ["xl/workbook.xml", `<workbook xmlns="${SPREADSHEET}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="${escapeXmlText(options.sheetName ?? "Nhiem vu").replace(/"/gu, "&quot;")}" sheetId="1" r:id="rId1"/></sheets></workbook>`] as [string, string]]) {
    const part = new ZipDeflate(name, { level: 6 });
    zip.add(part);
    part.push(strToU8(XML_DECLARATION + xml), true);
  }
  await flush();
  const sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: 6 });
  zip.add(sheet);
  const columns = TASK_EXPORT_COLUMNS.map((column, index) => `<col min="${index + 1}" max="${index + 1}" width="${WIDTHS[column.name] ?? 14}" customWidth="1"/>`).join("");
  sheet.push(
    strToU8(
      `${XML_DECLARATION}<worksheet xmlns="${SPREADSHEET}" xmlns:r="${RELATIONSHIPS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${columns}</cols><sheetData>` +
        rowXml(1, TASK_EXPORT_COLUMNS.map((column) => column.name), 1),
    ),
  );
  let rowNumber = 1;
  for (const batch of options.batches) {
    const rows = batch.map((task) => rowXml(++rowNumber, TASK_EXPORT_COLUMNS.map((column) => neutralizeFormula(column.value(task))), 0));
    sheet.push(strToU8(rows.join("")));
    await flush();
  }
  sheet.push(strToU8("</sheetData></worksheet>"), true);
  zip.end();
  await flush();
  if (!finished) throw new Error("the workbook's zip did not finish");
}
