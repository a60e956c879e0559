import { VanbanError } from "../../core/errors.js";
import { detectLegacyEncoding, type LegacyDetection } from "../../core/legacy-encoding.js";

export type DecodedText = {
  text: string;
  /** The WHATWG encoding label actually used, e.g. "utf-8", "utf-16le". */
  encoding: string;
  warnings: string[];
  /**
   * Set when the bytes are not UTF-8 but a legacy 8-bit Vietnamese encoding read through
   * windows-1252 (TCVN3, VNI): `text` is then that cp1252 reading, still to be decoded.
   */
  legacy?: LegacyDetection;
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
/** A damaged real file may hold a stray unpaired surrogate or two; noise holds many. */
const MAX_UNPAIRED_SURROGATES = 2;
const MAX_UNPAIRED_SURROGATE_SHARE = 0.001;
/** Letters of other scripts than Latin beyond this share: not Vietnamese (nor a Latin-script language). */
const MAX_FOREIGN_LETTER_SHARE = 0.5;
/** Unassigned and private-use code points beyond this share: noise, not text. */
const MAX_UNASSIGNED_SHARE = 0.01;
/** Fewer letters than this and the script check says nothing. */
const MIN_LETTERS_FOR_SCRIPT_CHECK = 20;

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

  if (encoding === "utf-8") {
    // Text typed in TCVN3 or VNI is not valid UTF-8; its cp1252 reading is what the fonts drew.
    const legacy = readLegacyBytes(body);
    if (legacy) return legacy;
  }
  const text = decodeWith(encoding, body, warnings);
  rejectBinaryText(text);
  rejectNonLanguage(text);
  return { text, encoding, warnings };
}

function readLegacyBytes(body: Uint8Array): DecodedText | undefined {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return undefined;
  } catch {
    const text = new TextDecoder("windows-1252").decode(body);
    const legacy = detectLegacyEncoding(text);
    if (!legacy) return undefined;
    rejectBinaryText(text);
    return { text, encoding: "windows-1252", warnings: [], legacy };
  }
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
  if (encoding.startsWith("utf-16")) return decodeUtf16(encoding, body, warnings);
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

/**
 * UTF-16 has no invalid bytes, only unpaired surrogates (which the decoder replaces with
 * U+FFFD); real text has none. Random bytes behind a BOM have them every few hundred units.
 */
function decodeUtf16(encoding: string, body: Uint8Array, warnings: string[]): string {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  const replaced = countReplacements(text);
  if (replaced === 0) return text;
  if (replaced > MAX_UNPAIRED_SURROGATES && replaced / text.length > MAX_UNPAIRED_SURROGATE_SHARE) {
    throw new VanbanError(
      "file_not_language",
      `The file is not readable text: it starts as UTF-16 but holds ${replaced} unpaired surrogate code unit(s) (binary data behind a byte-order mark).`,
    );
  }
  warnings.push(`${replaced} unpaired UTF-16 surrogate(s) were replaced with "\uFFFD".`);
  return text;
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

/**
 * Refuses decoded text that is not language: code points no text uses (unassigned, private use,
 * stray surrogates) or letters mostly outside the Latin script Vietnamese is written in. Random
 * bytes read as UTF-16 decode to a spread of Han, Hangul, Yi and unassigned code points.
 * Throws `file_not_language` with the measured reason.
 */
export function rejectNonLanguage(text: string): void {
  let letters = 0;
  let latinLetters = 0;
  let unassigned = 0;
  let characters = 0;
  const foreignScripts = new Map<string, number>();
  for (const character of text) {
    characters += 1;
    if (UNASSIGNED.test(character)) {
      unassigned += 1;
      continue;
    }
    if (!LETTER.test(character)) continue;
    letters += 1;
    if (LATIN.test(character)) latinLetters += 1;
    else {
      const script = scriptOf(character);
      foreignScripts.set(script, (foreignScripts.get(script) ?? 0) + 1);
    }
  }
  if (characters > 0 && unassigned / characters > MAX_UNASSIGNED_SHARE) {
    throw new VanbanError(
      "file_not_language",
      `The file is not readable text: ${percent(unassigned, characters)} of its characters are unassigned, private-use or unpaired code points (binary data, not language).`,
    );
  }
  if (letters >= MIN_LETTERS_FOR_SCRIPT_CHECK && (letters - latinLetters) / letters > MAX_FOREIGN_LETTER_SHARE) {
    const scripts = [...foreignScripts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([script, count]) => `${script} ${percent(count, letters)}`);
    throw new VanbanError(
      "file_not_language",
      `The text is not Vietnamese: only ${percent(latinLetters, letters)} of its letters are in the Latin script (${scripts.join(", ")}); it may be binary data read as text or a wrongly detected encoding.`,
    );
  }
}

const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;
const UNASSIGNED = /[\p{Cn}\p{Co}\p{Cs}]/u;
const NAMED_SCRIPTS = ["Han", "Hangul", "Yi", "Cyrillic", "Greek", "Arabic", "Hebrew", "Thai", "Lao", "Khmer", "Hiragana", "Katakana", "Devanagari", "Armenian", "Georgian", "Ethiopic", "Tibetan", "Canadian_Aboriginal", "Cherokee"];
let scriptPatterns: Array<[string, RegExp]> | undefined;

function scriptOf(character: string): string {
  scriptPatterns ??= NAMED_SCRIPTS.map((script) => [script.replace(/_/gu, " "), new RegExp(`\\p{Script=${script}}`, "u")]);
  for (const [script, pattern] of scriptPatterns) if (pattern.test(character)) return script;
  return "other scripts";
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / Math.max(whole, 1)) * 100)}%`;
}
