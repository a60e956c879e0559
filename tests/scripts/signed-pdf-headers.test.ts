import { readdir } from "node:fs/promises";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importPdfjs } from "../../ingest/load/import-pdf-parse.js";
import { processFile } from "../../ingest/pipeline/process-file.js";
import { readHeaderBlock, splitLayoutColumns } from "../../scripts/pdf-text-comparison.js";
import { hasPdftotext, readPopplerText } from "../../scripts/read-poppler-text.js";
import { findDevelopmentCorpus } from "../helpers/shared-corpus.js";

/**
 * Acceptance: on the digitally signed PDFs of the development corpus (number and day stamped into
 * signature widgets at signing), the number and date Vanban's pipeline reads equal what
 * parse-header reads from poppler's `pdftotext -layout`, wherever poppler reads them. Needs
 * pdftotext (tests only) and ../shared; skipped with the reason otherwise. The mechanism itself is
 * tested on built PDFs in tests/ingest/load/load-pdf.test.ts, which always run.
 */
const corpus = findDevelopmentCorpus();
const popplerInstalled = await hasPdftotext();
const skipReason = !popplerInstalled ? "pdftotext (poppler-utils) is not installed" : !corpus ? "../shared/corpus-dev is not here" : undefined;

/** Whether a PDF carries a signature field (what signing software adds). */
async function isSigned(bytes: Uint8Array): Promise<boolean> {
  const pdfjs = await importPdfjs();
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const document = await task.promise;
    for (let number = 1; number <= document.numPages; number++) {
      const annotations = (await (await document.getPage(number)).getAnnotations()) as Array<{ fieldType?: string }>;
      if (annotations.some((annotation) => annotation.fieldType === "Sig")) return true;
    }
    return false;
  } finally {
    await task.destroy();
  }
}

describe.skipIf(skipReason !== undefined)(`signed PDFs of the development corpus${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  it("have the number and date poppler reads", { timeout: 300_000 }, async () => {
    const files = (await readdir(corpus!)).filter((name) => name.endsWith(".pdf")).sort();
    const compared: string[] = [];
    for (const name of files) {
      const file = path.join(corpus!, name);
      if (!(await isSigned(await readFile(file)))) continue;
      const poppler = readHeaderBlock(splitLayoutColumns(await readPopplerText(file)));
      // A signed scan (no text layer) gives poppler no header to compare with; OCR is off here.
      if (!poppler.number && !poppler.date) continue;
      const { document } = await processFile({ absolutePath: file, source: name, docId: name, hash: "", maxBytes: 50 * 1024 * 1024, chunkChars: 1200 });
      if (poppler.number) expect(`${name}: ${document.meta.number}`).toBe(`${name}: ${poppler.number}`);
      if (poppler.date) expect(`${name}: ${document.meta.date}`).toBe(`${name}: ${poppler.date}`);
      // A stamp is read: the number is never left blank ("Số: /SCT-CN") on a signed document.
      expect(document.meta.number, name).toMatch(/^\d+\//u);
      compared.push(name);
    }
    // The 11 signed typed PDFs of corpus-dev (cv-2265, signed too, is a scan).
    expect(compared.length).toBeGreaterThanOrEqual(11);
  });
});
