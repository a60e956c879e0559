import { VanbanError } from "../../core/errors.js";
import { decodeLegacy, detectLegacyEncoding } from "../../core/legacy-encoding.js";
import { decodeText, rejectNonLanguage } from "./decode-text.js";
import type { LoadedFile } from "./loaded-file.js";

/**
 * Load a plain-text or Markdown file. Markdown is left as written (the cleaner strips the
 * markup); line endings become "\n" so every loader hands the cleaner the same convention.
 * Text typed in TCVN3 or VNI is converted to Unicode, whether its bytes are the legacy ones
 * (not UTF-8) or were already read through cp1252 and saved as UTF-8 ("Th«ng b¸o").
 */
export function loadText(bytes: Uint8Array): LoadedFile {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  const decoded = decodeText(bytes);
  let text = decoded.text.replace(/\r\n?/g, "\n");
  if (text.trim() === "") throw new VanbanError("file_empty", "The file contains no text, only white space.");
  const legacy = decoded.legacy ?? detectLegacyEncoding(text);
  if (!legacy) return { text, format: "text", warnings: decoded.warnings };
  text = decodeLegacy(text, legacy.encoding);
  rejectNonLanguage(text);
  return {
    text,
    format: "text",
    warnings: decoded.warnings,
    legacyEncoding: { encodings: [legacy.encoding], scope: "file", source: decoded.legacy ? "bytes" : "mojibake", words: legacy.words },
  };
}
