/**
 * Vietnamese text typed before Unicode: the two 8-bit encodings offices used.
 *
 * - TCVN3 (TCVN 5712:1993, the "ABC" fonts .VnTime, .VnArial …): one byte per letter. Only
 *   lower-case letters with tones have codes; capitals were typed in the "H" fonts (.VnTimeH),
 *   which draw the same codes as capitals, so text in an H font is upper-cased after decoding.
 * - VNI (VNI-Windows, fonts VNI-Times, VNI-Helve …): a base letter followed by a mark byte
 *   ("a" + "ù" = "á", "o" + "ä" = "ộ"), plus single bytes for đ, ơ, ư and the toned i/y.
 *
 * Both were typed through Windows code page 1252, so what a loader sees is the cp1252 reading
 * of the bytes ("Th«ng b¸o" for "Thông báo", "Thoâng baùo" for VNI). Every function here works
 * on that reading: a .txt decoded as windows-1252, a DOCX/.doc run's characters as stored.
 * The tables are written from the published charts (TCVN 5712:1993 table VN3; the VNI-Windows
 * chart), one entry per character, and tested both ways on real sentences.
 */

export type LegacyEncoding = "tcvn3" | "vni";

/** TCVN3 (VN3) byte, as its cp1252 character, -> Unicode letter. */
const TCVN3_CHART: ReadonlyArray<readonly [number, string]> = [
  [0xa1, "Ă"], [0xa2, "Â"], [0xa3, "Ê"], [0xa4, "Ô"], [0xa5, "Ơ"], [0xa6, "Ư"], [0xa7, "Đ"],
  [0xa8, "ă"], [0xa9, "â"], [0xaa, "ê"], [0xab, "ô"], [0xac, "ơ"], [0xad, "ư"], [0xae, "đ"],
  [0xb5, "à"], [0xb6, "ả"], [0xb7, "ã"], [0xb8, "á"], [0xb9, "ạ"],
  [0xbb, "ằ"], [0xbc, "ẳ"], [0xbd, "ẵ"], [0xbe, "ắ"], [0xc6, "ặ"],
  [0xc7, "ầ"], [0xc8, "ẩ"], [0xc9, "ẫ"], [0xca, "ấ"], [0xcb, "ậ"],
  [0xcc, "è"], [0xce, "ẻ"], [0xcf, "ẽ"], [0xd0, "é"], [0xd1, "ẹ"],
  [0xd2, "ề"], [0xd3, "ể"], [0xd4, "ễ"], [0xd5, "ế"], [0xd6, "ệ"],
  [0xd7, "ì"], [0xd8, "ỉ"], [0xdc, "ĩ"], [0xdd, "í"], [0xde, "ị"],
  [0xdf, "ò"], [0xe1, "ỏ"], [0xe2, "õ"], [0xe3, "ó"], [0xe4, "ọ"],
  [0xe5, "ồ"], [0xe6, "ổ"], [0xe7, "ỗ"], [0xe8, "ố"], [0xe9, "ộ"],
  [0xea, "ờ"], [0xeb, "ở"], [0xec, "ỡ"], [0xed, "ớ"], [0xee, "ợ"],
  [0xef, "ù"], [0xf1, "ủ"], [0xf2, "ũ"], [0xf3, "ú"], [0xf4, "ụ"],
  [0xf5, "ừ"], [0xf6, "ử"], [0xf7, "ữ"], [0xf8, "ứ"], [0xf9, "ự"],
  [0xfa, "ỳ"], [0xfb, "ỷ"], [0xfc, "ỹ"], [0xfd, "ý"], [0xfe, "ỵ"],
];

/** Tone marks as combining characters. */
const ACUTE = "\u0301";
const GRAVE = "\u0300";
const HOOK = "\u0309";
const TILDE = "\u0303";
const DOT = "\u0323";
const CIRCUMFLEX = "\u0302";
const BREVE = "\u0306";

/** VNI mark byte (lower-case form, as its cp1252 character) -> the combining marks it adds. */
const VNI_MARKS: ReadonlyArray<readonly [number, string]> = [
  [0xf9, ACUTE], [0xf8, GRAVE], [0xfb, HOOK], [0xf5, TILDE], [0xef, DOT],
  [0xe2, CIRCUMFLEX], [0xe1, CIRCUMFLEX + ACUTE], [0xe0, CIRCUMFLEX + GRAVE], [0xe5, CIRCUMFLEX + HOOK], [0xe3, CIRCUMFLEX + TILDE], [0xe4, CIRCUMFLEX + DOT],
  [0xea, BREVE], [0xe9, BREVE + ACUTE], [0xe8, BREVE + GRAVE], [0xfa, BREVE + HOOK], [0xfc, BREVE + TILDE], [0xeb, BREVE + DOT],
];

/** VNI bytes that are letters on their own (lower-case form). */
const VNI_LETTERS: ReadonlyArray<readonly [number, string]> = [
  [0xf1, "đ"], [0xf4, "ơ"], [0xf6, "ư"],
  [0xec, "ì"], [0xed, "í"], [0xe6, "ỉ"], [0xf3, "ĩ"], [0xf2, "ị"], [0xee, "ỵ"],
];

const cp1252 = new TextDecoder("windows-1252");
/** The character a cp1252 reading gives for a byte. */
function cp1252Character(byte: number): string {
  return cp1252.decode(Uint8Array.of(byte));
}

type Charts = {
  tcvn3: Map<string, string>;
  tcvn3Reverse: Map<string, string>;
  vniMarks: Map<string, string>;
  vniLetters: Map<string, string>;
  vniReverse: Map<string, string>;
};
let charts: Charts | undefined;

/** Built on first use (no work at import time). */
function getCharts(): Charts {
  if (charts) return charts;
  const tcvn3 = new Map<string, string>();
  const tcvn3Reverse = new Map<string, string>();
  for (const [byte, letter] of TCVN3_CHART) {
    tcvn3.set(cp1252Character(byte), letter);
    tcvn3Reverse.set(letter, cp1252Character(byte));
  }
  const vniMarks = new Map<string, string>();
  const vniLetters = new Map<string, string>();
  const vniReverse = new Map<string, string>();
  for (const [byte, marks] of VNI_MARKS) {
    const lower = cp1252Character(byte);
    vniMarks.set(lower, marks);
    vniMarks.set(lower.toUpperCase(), marks);
  }
  for (const [byte, letter] of VNI_LETTERS) {
    const lower = cp1252Character(byte);
    vniLetters.set(lower, letter);
    vniLetters.set(lower.toUpperCase(), letter.toUpperCase());
    vniReverse.set(letter, lower);
    vniReverse.set(letter.toUpperCase(), lower.toUpperCase());
  }
  charts = { tcvn3, tcvn3Reverse, vniMarks, vniLetters, vniReverse };
  return charts;
}

export type DecodeLegacyOptions = {
  /** Text set in a TCVN3 capitals font (.VnTimeH …): the codes stand for capitals. */
  capitals?: boolean;
};

/** TCVN3 text (its cp1252 reading) -> Unicode, NFC. Characters outside the chart are kept. */
export function decodeTcvn3(text: string, options: DecodeLegacyOptions = {}): string {
  const { tcvn3 } = getCharts();
  let decoded = "";
  for (const character of text) decoded += tcvn3.get(character) ?? character;
  return options.capitals ? decoded.toUpperCase() : decoded;
}

const VNI_BASES = /[aeiouyAEIOUYơưƠƯ]/u;

/** VNI text (its cp1252 reading) -> Unicode, NFC. A mark byte not after a vowel is kept as it is. */
export function decodeVni(text: string, options: DecodeLegacyOptions = {}): string {
  const { vniMarks, vniLetters } = getCharts();
  const characters = [...text];
  let decoded = "";
  for (let index = 0; index < characters.length; index += 1) {
    const character = characters[index] ?? "";
    const letter = vniLetters.get(character);
    // ơ, ư (and the toned i, y) are letters that can still take a tone mark.
    const base = letter ?? character;
    let marks = "";
    while (index + 1 < characters.length) {
      const mark = vniMarks.get(characters[index + 1] ?? "");
      if (mark === undefined || !VNI_BASES.test(base) || !acceptsMarks(base, marks + mark)) break;
      marks += mark;
      index += 1;
    }
    decoded += (base + marks).normalize("NFC");
  }
  return options.capitals ? decoded.toUpperCase() : decoded;
}

/** A breve only goes on a; a circumflex on a, e, o; at most one tone. */
function acceptsMarks(base: string, marks: string): boolean {
  const lower = base.toLowerCase();
  if (marks.includes(BREVE) && lower !== "a") return false;
  if (marks.includes(CIRCUMFLEX) && !"aeo".includes(lower)) return false;
  if (marks.includes(BREVE) && marks.includes(CIRCUMFLEX)) return false;
  const tones = [...marks].filter((mark) => [ACUTE, GRAVE, HOOK, TILDE, DOT].includes(mark)).length;
  return tones <= 1;
}

/** Unicode -> TCVN3's cp1252 reading (for tests and fixtures). Capitals have no TCVN3 code and are kept. */
export function encodeTcvn3(text: string): string {
  const { tcvn3Reverse } = getCharts();
  let encoded = "";
  for (const character of text.normalize("NFC")) encoded += tcvn3Reverse.get(character) ?? character;
  return encoded;
}

/** Unicode -> VNI's cp1252 reading (for tests and fixtures). */
export function encodeVni(text: string): string {
  const { vniMarks, vniReverse } = getCharts();
  const markByte = new Map<string, string>();
  // Keyed in canonical order (dot below sorts before the circumflex).
  for (const [character, marks] of vniMarks) if (character === character.toLowerCase()) markByte.set(canonicalMarks(marks), character);
  let encoded = "";
  for (const character of text.normalize("NFC")) {
    const single = vniReverse.get(character);
    if (single !== undefined) {
      encoded += single;
      continue;
    }
    const decomposed = character.normalize("NFD");
    let base = decomposed[0] ?? "";
    let marks = decomposed.slice(1);
    // ơ, ư are letters in VNI; their horn is not a mark byte.
    if (marks.startsWith("\u031b")) {
      base = (base + "\u031b").normalize("NFC");
      marks = marks.slice(1);
      base = vniReverse.get(base) ?? base;
    }
    if (marks === "" || base === "đ" || base === "Đ") {
      encoded += vniReverse.get(character) ?? base + marks;
      continue;
    }
    const byte = markByte.get(canonicalMarks(marks));
    if (byte === undefined) {
      encoded += character;
      continue;
    }
    const isCapital = character !== character.toLowerCase();
    encoded += base + (isCapital ? byte.toUpperCase() : byte);
  }
  return encoded;
}

function canonicalMarks(marks: string): string {
  return `a${marks}`.normalize("NFD").slice(1);
}

/** The legacy encoding a font name announces: ".VnTime", ".VnArialH" (TCVN3), "VNI-Times" (VNI). */
export function legacyEncodingOfFont(fontName: string | undefined | null): { encoding: LegacyEncoding; capitals: boolean } | undefined {
  if (!fontName) return undefined;
  const name = fontName.trim();
  if (/^\.Vn/iu.test(name)) return { encoding: "tcvn3", capitals: /H$/u.test(name) };
  if (/^VNI[- ]/iu.test(name)) return { encoding: "vni", capitals: false };
  return undefined;
}

/** Decode text typed in a legacy encoding. */
export function decodeLegacy(text: string, encoding: LegacyEncoding, options: DecodeLegacyOptions = {}): string {
  return encoding === "tcvn3" ? decodeTcvn3(text, options) : decodeVni(text, options);
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const VOWELS = "aăâeêioôơuưy";
/** A Vietnamese syllable with its tone taken off: onset, vowel nucleus, coda. Loose on purpose. */
const SYLLABLE = new RegExp(`^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[${VOWELS}]{1,3}(?:ng|nh|ch|[cmnpt])?$`, "u");

/**
 * Whether a word reads as a Vietnamese syllable (or a plain ASCII word): the letters of the
 * Vietnamese alphabet only, one nucleus, at most one tone.
 */
export function isVietnameseSyllable(word: string): boolean {
  const lower = word.normalize("NFD").toLowerCase();
  const tones = lower.match(TONE_MARKS)?.length ?? 0;
  if (tones > 1) return false;
  const bare = lower.replace(TONE_MARKS, "").normalize("NFC");
  if (/^[a-z]+$/u.test(bare)) return true;
  return SYLLABLE.test(bare);
}

/** Words with a character outside ASCII: the only ones the encodings change. */
function candidateWords(text: string): string[] {
  const words: string[] = [];
  for (const token of text.split(/\s+/u)) {
    // Trim ASCII punctuation only: «, ¸, µ … are letters in these encodings.
    const word = token.replace(/^[!-/:-@[-`{-~]+|[!-/:-@[-`{-~]+$/gu, "");
    if (word !== "" && /[^\x00-\x7f]/u.test(word) && !/\d/u.test(word)) words.push(word);
  }
  return words;
}

/** A word (possibly "Sở,Nội" or "(ĐVHC)") whose letter runs all read as syllables, and which has some. */
function readsAsVietnamese(word: string): boolean {
  const parts = word.split(/[^\p{L}\p{M}]+/u).filter((part) => part !== "");
  return parts.length > 0 && parts.every(isVietnameseSyllable);
}

export type LegacyDetection = {
  encoding: LegacyEncoding;
  /** Words with non-ASCII characters examined, and how many read as Vietnamese before and after decoding. */
  words: number;
  validBefore: number;
  validAfter: number;
};

/** Letters only Unicode Vietnamese has (ă, ơ, ư, đ and the toned vowels of Latin Extended Additional). */
const UNICODE_VIETNAMESE = /[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/gu;
/** Fewer changed words than this and the text is left alone: too little to tell. */
const MIN_WORDS = 3;
/** After decoding, at least this share of the changed words must read as Vietnamese… */
const MIN_VALID_SHARE_AFTER = 0.8;
/** …and the decoding must make this share of them newly readable. */
const MIN_GAIN_SHARE = 0.3;

/**
 * Whether text is the cp1252 reading of TCVN3 or VNI: decoding must turn many words that do not
 * read as Vietnamese into words that do. Text that already holds Unicode Vietnamese letters in
 * number is Unicode: the legacy encodings cannot produce them.
 */
export function detectLegacyEncoding(text: string): LegacyDetection | undefined {
  const words = candidateWords(text);
  if (words.length < MIN_WORDS) return undefined;
  const unicodeLetters = text.match(UNICODE_VIETNAMESE)?.length ?? 0;
  if (unicodeLetters > words.length * 0.2) return undefined;
  const validBefore = words.filter(readsAsVietnamese).length;
  let best: LegacyDetection | undefined;
  for (const encoding of ["tcvn3", "vni"] as const) {
    const validAfter = words.filter((word) => readsAsVietnamese(decodeLegacy(word, encoding))).length;
    if (!best || validAfter > best.validAfter) best = { encoding, words: words.length, validBefore, validAfter };
  }
  if (!best) return undefined;
  const enoughAfter = best.validAfter >= words.length * MIN_VALID_SHARE_AFTER;
  const enoughGain = best.validAfter - best.validBefore >= Math.max(MIN_WORDS, words.length * MIN_GAIN_SHARE);
  return enoughAfter && enoughGain ? best : undefined;
}
