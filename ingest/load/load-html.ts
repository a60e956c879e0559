import { VanbanError } from "../../core/errors.js";
import { decodeText } from "./decode-text.js";
import { htmlToText } from "./html-to-text.js";
import type { LoadedFile } from "./loaded-file.js";

/** The HTML spec looks for the charset declaration in the first 1024 bytes; so do we. */
const CHARSET_SNIFF_BYTES = 1024;

/**
 * Load an HTML page: decode it (BOM, then `<meta charset>`, then UTF-8), then keep the
 * visible text with its block structure (see htmlToText).
 */
export function loadHtml(bytes: Uint8Array): LoadedFile {
  if (bytes.length === 0) throw new VanbanError("file_empty", "The file is empty (0 bytes).");
  const declaredEncoding = sniffMetaCharset(bytes);
  const decoded = decodeText(bytes, declaredEncoding === undefined ? {} : { declaredEncoding });
  const text = htmlToText(decoded.text);
  if (text.trim() === "") throw new VanbanError("file_empty", "The HTML page contains no visible text.");
  return { text, format: "html", warnings: decoded.warnings };
}

/** `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`. */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  // latin1 maps every byte to one character, so ASCII markup survives whatever the real encoding is.
  const head = Buffer.from(bytes.subarray(0, CHARSET_SNIFF_BYTES)).toString("latin1");
  for (const meta of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const charset = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(meta);
    if (charset?.[1]) return charset[1];
  }
  return undefined;
}
