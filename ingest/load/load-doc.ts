import { VanbanError } from "../../core/errors.js";
import { rejectNonLanguage } from "./decode-text.js";
import { readWordBinary } from "./doc/word-binary.js";
import { convertWordBinaryToHtml } from "./doc/word-to-html.js";
import { htmlToText } from "./html-to-text.js";
import type { LoadedFile } from "./loaded-file.js";
import { isZip } from "./read-zip-directory.js";

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Convert an old Word 97-2003 (.doc) document to text with the same structure as a DOCX:
 * paragraphs, list numbers, tables (rows with their column names, see htmlToText) and
 * footnotes as `[^N]` with `[^N]: text` definitions. The container is read by `cfb`; the
 * Word structures by ./doc. Runs set in TCVN3/VNI fonts are converted to Unicode.
 */
export function loadDoc(bytes: Uint8Array): LoadedFile {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buffer.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    if (isZip(bytes)) {
      throw new VanbanError("file_unsupported", "This is a Word .docx document named .doc; rename it to .docx.");
    }
    if (/^\s*\{\\rtf/u.test(buffer.subarray(0, 16).toString("latin1"))) {
      throw new VanbanError("file_unsupported", "This is an RTF document named .doc; open it in Word and save it as .docx.");
    }
    throw new VanbanError("file_corrupt", "The file is not a Word 97-2003 document (a .doc is an OLE container); it may be misnamed or damaged.");
  }
  const binary = readWordBinary(bytes);
  const { html, legacy } = convertWordBinaryToHtml(binary);
  const text = htmlToText(html);
  if (text.trim() === "") throw new VanbanError("file_empty", "The Word document contains no text.");
  rejectNonLanguage(text);
  return {
    text,
    format: "doc",
    warnings: [],
    ...(legacy.runs > 0
      ? { legacyEncoding: { encodings: [...legacy.encodings], scope: "runs" as const, source: "fonts" as const, runs: legacy.runs, fonts: [...legacy.fonts].filter(Boolean) } }
      : {}),
  };
}
