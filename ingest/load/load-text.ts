import { VanbanError } from "../../core/errors.js";
import { decodeText } from "./decode-text.js";
import type { LoadedFile } from "./loaded-file.js";

/**
 * Load a plain-text or Markdown file. Markdown is left as written (the cleaner strips the
 * markup); line endings become "\n" so every loader hands the cleaner the same convention.
 */
export function loadText(bytes: Uint8Array): LoadedFile {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  const decoded = decodeText(bytes);
  const text = decoded.text.replace(/\r\n?/g, "\n");
  if (text.trim() === "") throw new VanbanError("file_empty", "The file contains no text, only white space.");
  return { text, format: "text", warnings: decoded.warnings };
}
