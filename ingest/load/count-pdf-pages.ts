import { importPdfParse } from "./import-pdf-parse.js";

/**
 * The number of pages a PDF declares, as pdfjs reads it (the page tree's
 * count, checked against its last page). A 13 KB file whose page tree repeats
 * shared references declares a million pages, and text extraction would
 * visit every one. Undefined when pdfjs cannot open the file (damaged,
 * encrypted): the loader reports that itself.
 */
export async function countPdfPages(bytes: Uint8Array): Promise<number | undefined> {
  const { PDFParse } = await importPdfParse();
  // A copy: pdfjs may detach the buffer it is given.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    return (await parser.getInfo()).total;
  } catch {
    return undefined;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
