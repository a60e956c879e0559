import { extname } from "node:path";
import type { SourceFormat } from "../../core/types.js";

const formatByExtension: ReadonlyMap<string, SourceFormat> = new Map([
  [".pdf", "pdf"],
  [".docx", "docx"],
  [".doc", "doc"],
  [".txt", "text"],
  // Markdown stays Markdown here; the cleaner strips the markup.
  [".md", "text"],
  [".html", "html"],
  [".htm", "html"],
  // Scanned pages saved as images, read by OCR.
  [".jpg", "image"],
  [".jpeg", "image"],
  [".png", "image"],
  [".tif", "image"],
  [".tiff", "image"],
]);

export const supportedExtensions: readonly string[] = [...formatByExtension.keys()];

/** The format a file name announces, or undefined when we cannot load it. Case-insensitive. */
export function detectFormat(path: string): SourceFormat | undefined {
  return formatByExtension.get(extname(path).toLowerCase());
}
