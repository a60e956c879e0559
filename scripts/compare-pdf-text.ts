import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../core/config.js";
import { describeError } from "../core/errors.js";
import { loadPdf } from "../ingest/load/load-pdf.js";
import { ocrSettingsFromConfig } from "../ingest/load/ocr.js";
import { assessTextLayer } from "../ingest/load/assess-text-layer.js";
import { compareHeaderBlocks, findMissingLines, readHeaderBlock, splitLayoutColumns, type FieldComparison, type MissingLine } from "./pdf-text-comparison.js";
import { hasPdftotext, readPopplerText } from "./read-poppler-text.js";

/**
 * `npm run compare:pdf -- [DIR or FILE …] [--verbose] [--json FILE]`
 *
 * Reads every PDF with Vanban's loader (OCR as configured by OCR, OCR_LANG,
 * OCR_MAX_PAGES) and with `pdftotext -layout`, then prints per file the words
 * poppler has and Vanban lacks (lines listed with --verbose) and whether the
 * header block (number, date, place, issuer) parse-header reads from each agrees.
 * Exits 1 when a header field poppler reads differs. Defaults to the
 * development corpus and the samples in ../shared (tests and scripts only:
 * poppler is no dependency of the product).
 */
type FileReport = {
  file: string;
  pages?: number;
  ocrPages?: number[];
  popplerTextLayer: string;
  words: number;
  missingWords: number;
  missingLines: MissingLine[];
  header: FieldComparison[];
  error?: string;
};

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { verbose: { type: "boolean", default: false }, json: { type: "string" }, help: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write("Usage: npm run compare:pdf -- [DIR or FILE …] [--verbose] [--json FILE]\n");
    return 0;
  }
  if (!(await hasPdftotext())) {
    process.stderr.write("pdftotext is not installed (Debian: apt-get install poppler-utils); nothing to compare with.\n");
    return 2;
  }
  const config = loadConfig(process.env);
  const ocr = ocrSettingsFromConfig(config);
  if (ocr.note) process.stderr.write(`${ocr.note}\n`);
  const roots = positionals.length > 0 ? positionals : await defaultRoots();
  const files = (await Promise.all(roots.map(listPdfs))).flat();
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = await compareFile(file, ocr.settings ? { ocr: ocr.settings } : {});
    reports.push(report);
    process.stdout.write(`${formatReport(report, values.verbose)}\n`);
  }
  const differing = reports.filter((report) => report.header.some((field) => field.verdict === "differs"));
  const words = reports.reduce((sum, report) => sum + report.words, 0);
  const missing = reports.reduce((sum, report) => sum + report.missingWords, 0);
  process.stdout.write(
    `\n${reports.length} PDFs; poppler words ${words}, Vanban lacks ${missing} (${percent(missing, words)}); header block differs in ${differing.length}${differing.length ? `: ${differing.map((report) => path.basename(report.file)).join(", ")}` : ""}.\n`,
  );
  if (values.json) await writeFile(values.json, `${JSON.stringify(reports, null, 2)}\n`);
  return differing.length > 0 ? 1 : 0;
}

async function compareFile(file: string, options: Parameters<typeof loadPdf>[1]): Promise<FileReport> {
  const poppler = await readPopplerText(file).catch((error: unknown) => `(pdftotext failed: ${describeError(error)})`);
  const assessment = assessTextLayer(poppler);
  const popplerTextLayer = assessment.verdict === "trusted" ? "readable" : assessment.verdict === "empty" ? "no text" : `untrusted (${assessment.reason})`;
  // Poppler reads the same text layer Vanban judges; a header read from garbage is no reference.
  const popplerTrusted = assessment.verdict === "trusted";
  const popplerHeader = readHeaderBlock(splitLayoutColumns(poppler));
  try {
    const loaded = await loadPdf(await readFile(file), options);
    const missing = findMissingLines(poppler, loaded.text);
    return {
      file,
      pages: loaded.pages,
      ...(loaded.ocr ? { ocrPages: loaded.ocr.pages } : {}),
      popplerTextLayer,
      words: missing.words,
      missingWords: missing.missingWords,
      missingLines: missing.lines,
      header: compareHeaderBlocks(popplerHeader, readHeaderBlock(loaded.text), { popplerTrusted }),
    };
  } catch (error) {
    const missing = findMissingLines(poppler, "");
    return { file, popplerTextLayer, words: missing.words, missingWords: missing.missingWords, missingLines: missing.lines, header: compareHeaderBlocks(popplerHeader, {}, { popplerTrusted }), error: describeError(error) };
  }
}

function formatReport(report: FileReport, verbose: boolean | undefined): string {
  const name = path.basename(report.file);
  const lines = [
    `${name}: ${report.pages ?? "?"} pages${report.ocrPages?.length ? `, OCR pages ${report.ocrPages.join(",")}` : ""}; poppler text ${report.popplerTextLayer}; poppler words ${report.words}, Vanban lacks ${report.missingWords} (${percent(report.missingWords, report.words)}) on ${report.missingLines.length} lines`,
  ];
  if (report.error) lines.push(`  Vanban: ${report.error}`);
  lines.push(`  header: ${report.header.map(formatField).join("; ")}`);
  if (verbose) for (const missing of report.missingLines) lines.push(`    l.${missing.line} ${JSON.stringify(missing.text.slice(0, 120))} lacks ${missing.missing.join(" ")}`);
  return lines.join("\n");
}

function formatField(field: FieldComparison): string {
  if (field.verdict === "match") return `${field.field} = ${field.poppler}`;
  if (field.verdict === "poppler-none") return `${field.field}: poppler none${field.vanban ? ` (Vanban ${field.vanban})` : ""}`;
  return `${field.field} DIFFERS: poppler ${field.poppler} / Vanban ${field.vanban ?? "none"}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** The development corpus and the samples in the shared folder beside the project (or beside its worktree folder). */
async function defaultRoots(): Promise<string[]> {
  for (const shared of ["../shared", "../../shared"]) {
    if (await stat(path.join(shared, "corpus-dev")).catch(() => undefined)) return [path.join(shared, "corpus-dev"), path.join(shared, "samples")];
  }
  return ["../shared/corpus-dev", "../shared/samples"];
}

async function listPdfs(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info) {
    process.stderr.write(`${root}: not found, skipped\n`);
    return [];
  }
  if (info.isFile()) return [root];
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".pdf"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`compare:pdf failed: ${describeError(error)}\n`);
    process.exitCode = 2;
  },
);
