import { VanbanError } from "../../core/errors.js";

export type DecodedText = {
  text: string;
  /** The WHATWG encoding label actually used, e.g. "utf-8", "utf-16le". */
  encoding: string;
  warnings: string[];
};

export type DecodeTextOptions = {
  /** An encoding the container declares (an HTML `<meta charset>`); a BOM still wins. */
  declaredEncoding?: string;
};

/** How much of the file the UTF-16 sniffing looks at; enough to be sure, cheap on big files. */
const SNIFF_BYTES = 64 * 1024;
/**
 * UTF-16 without a BOM: ASCII-heavy text puts a NUL in every other byte. Vietnamese text
 * still has mostly ASCII letters and spaces, so a fifth of the pairs is a safe floor.
 */
const UTF16_MIN_NUL_SHARE = 0.2;
/** ...and the other byte of the pair is almost never NUL. */
const UTF16_MAX_OTHER_NUL_SHARE = 0.02;
/** Real text has (almost) no C0/C1 control characters besides tab, line feed, form feed, CR. */
const MAX_CONTROL_SHARE = 0.01;
/** Above this share of replacement characters the bytes are not text in any encoding we read. */
const MAX_REPLACEMENT_SHARE = 0.2;

/**
 * Decode the bytes of a text-like file (TXT, Markdown, HTML): BOM first (UTF-8, UTF-16 LE/BE),
 * then UTF-16 by the position of NUL bytes, then a declared encoding, then UTF-8. Invalid
 * UTF-8 is replaced and reported in a warning. Throws `file_binary` for content that is
 * clearly not text.
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): DecodedText {
  const warnings: string[] = [];
  const bom = detectBom(bytes);
  let encoding: string;
  let body: Uint8Array;
  if (bom) {
    encoding = bom.encoding;
    body = bytes.subarray(bom.length);
  } else {
    encoding = sniffUtf16(bytes) ?? declaredEncoding(options.declaredEncoding, warnings) ?? "utf-8";
    body = bytes;
  }
  // Outside UTF-16 a NUL byte never occurs in text; it is the cheapest sign of a binary file.
  if (!encoding.startsWith("utf-16") && body.includes(0)) {
    throw new VanbanError("file_binary", "The file contains binary data (NUL bytes), not text.");
  }

  const text = decodeWith(encoding, body, warnings);
  rejectBinaryText(text);
  return { text, encoding, warnings };
}

function detectBom(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return undefined;
}

function sniffUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  const pairs = Math.floor(sample.length / 2);
  if (pairs === 0) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index + 1 < sample.length; index += 2) {
    if (sample[index] === 0) evenNuls += 1;
    if (sample[index + 1] === 0) oddNuls += 1;
  }
  // Little-endian puts the high (zero) byte second.
  if (oddNuls / pairs >= UTF16_MIN_NUL_SHARE && evenNuls / pairs <= UTF16_MAX_OTHER_NUL_SHARE) return "utf-16le";
  if (evenNuls / pairs >= UTF16_MIN_NUL_SHARE && oddNuls / pairs <= UTF16_MAX_OTHER_NUL_SHARE) return "utf-16be";
  return undefined;
}

function declaredEncoding(label: string | undefined, warnings: string[]): string | undefined {
  if (label === undefined) return undefined;
  try {
    const encoding = new TextDecoder(label.trim()).encoding;
    // A declared UTF-16 without NUL patterns or BOM is a lie (HTML spec says the same): read UTF-8.
    return encoding.startsWith("utf-16") ? undefined : encoding;
  } catch {
    warnings.push(`Unknown character encoding "${label}" declared in the file; read it as UTF-8.`);
    return undefined;
  }
}

function decodeWith(encoding: string, body: Uint8Array, warnings: string[]): string {
  if (encoding !== "utf-8") return new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(body);
    const replaced = countReplacements(text);
    if (replaced / Math.max(text.length, 1) > MAX_REPLACEMENT_SHARE) {
      throw new VanbanError(
        "file_binary",
        "The file is not readable text: most of it is not valid UTF-8 or UTF-16 (binary data or an unsupported legacy encoding).",
      );
    }
    warnings.push(
      `${replaced} invalid UTF-8 byte sequence(s) were replaced with "\uFFFD"; the file may be saved in a legacy encoding.`,
    );
    return text;
  }
}

function countReplacements(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) === 0xfffd) count += 1;
  return count;
}

function rejectBinaryText(text: string): void {
  let controls = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const isAllowedWhitespace = code === 0x09 || code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d;
    if ((code < 0x20 && !isAllowedWhitespace) || (code >= 0x7f && code <= 0x9f)) controls += 1;
  }
  if (controls > 0 && controls / text.length > MAX_CONTROL_SHARE) {
    throw new VanbanError("file_binary", "The file contains binary data (control characters), not text.");
  }
}
