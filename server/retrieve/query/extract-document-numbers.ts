import { foldDiacritics, normalizeUnicode } from "../../../core/vietnamese.js";
import type { Lexicon } from "./lexicon.js";

/** A document number named in a question, normalized, with its span in the NFC question. */
export type DocumentNumberMention = { number: string; start: number; end: number };

const CODE = String.raw`[A-Za-zĐđ]{1,10}\d{0,2}`;
const ISSUER = String.raw`[A-Za-zĐđ&]{1,12}\d{0,2}`;
const SPACE = String.raw`[ \t]*`;
const YEAR = String.raw`(?:19|20)\d{2}`;

// 16/2021/QĐ-UBND, 171/KH-UBND, 385/2023/NQ-HĐND, 77/2015/QH13, 1234/UBND-NC
const STATE_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}/])(\d{1,5})${SPACE}\/${SPACE}(?:(${YEAR})${SPACE}\/${SPACE})?(${CODE})((?:${SPACE}[-–]${SPACE}${ISSUER}){0,3})(?![\p{L}\p{N}])`,
  "gu",
);
// Party documents put the type before the slash: 26-CT/TU, 18-NQ/TW, 208-KH/TU
const PARTY_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}/])(\d{1,5})${SPACE}[-–]${SPACE}([A-Za-zĐđ]{1,5})${SPACE}\/${SPACE}([A-Za-zĐđ]{1,8}\d{0,2})(?![\p{L}\p{N}])`,
  "gu",
);
// "số 16/2021", "No. 16/2021": a number and a year with no type
const BARE_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:so|no\.?|number)${SPACE}[.:]?${SPACE}(\d{1,5})${SPACE}\/${SPACE}(${YEAR})(?![\p{L}\p{N}/])`,
  "gu",
);

/**
 * Finds document numbers in a question, tolerant of case, spaces, missing
 * diacritics (QD -> QĐ, HDND -> HĐND) and Party-style numbers (26-CT/TU).
 * When only a type and a number are given ("QĐ 16/2021", "Kế hoạch số 171",
 * "Decision No. 16/2021") the result is a prefix form with the type's code in
 * the middle: "16/2021/QĐ", "171/KH"; "số 16/2021" alone gives "16/2021".
 * Compare with `documentNumberMatches`.
 */
export function findDocumentNumbers(question: string, options: { lexicon: Lexicon }): DocumentNumberMention[] {
  const text = normalizeUnicode(question);
  const folded = foldPreservingOffsets(text);
  const mentions: DocumentNumberMention[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number) => taken.some(([from, to]) => start < to && end > from);
  const add = (number: string, start: number, end: number) => {
    if (overlaps(start, end)) return;
    taken.push([start, end]);
    mentions.push({ number, start, end });
  };

  for (const match of text.matchAll(STATE_NUMBER)) {
    const [whole, serial = "", year, code = "", issuers = ""] = match;
    const issuerParts = issuers.split(/[-–]/u).map((part) => part.trim()).filter(Boolean);
    const typedInCapitals = code === code.toUpperCase();
    // "5/ngay" is not a number; a lower-case code needs a year, an issuer or to be a known code.
    if (!typedInCapitals && !year && issuerParts.length === 0 && !options.lexicon.documentCodes.has(foldCode(code))) continue;
    const codes = [code, ...issuerParts].map((part) => normalizeCode(part, options.lexicon));
    add(`${serial}/${year ? `${year}/` : ""}${codes.join("-")}`, match.index, match.index + whole.length);
  }
  for (const match of text.matchAll(PARTY_NUMBER)) {
    const [whole, serial = "", type = "", issuer = ""] = match;
    add(`${serial}-${normalizeCode(type, options.lexicon)}/${normalizeCode(issuer, options.lexicon)}`, match.index, match.index + whole.length);
  }
  for (const { pattern, code, capitalsOnly } of typedNumberPatterns(options.lexicon)) {
    for (const match of folded.matchAll(pattern)) {
      const [whole, typeWord = "", marker, serial = "", year] = match;
      // "Kế hoạch 2022" names a year, "kế hoạch 5 năm" a length: without "số" a year part is required.
      if (!marker && !year) continue;
      // A bare code only counts in capitals: "QĐ 16/2021" yes, "đa số 90" (folded "da so 90") no.
      const typed = text.slice(match.index, match.index + typeWord.length);
      if (capitalsOnly && typed !== typed.toUpperCase()) continue;
      add(`${serial}/${year ? `${year}/` : ""}${code}`, match.index, match.index + whole.length);
    }
  }
  for (const match of folded.matchAll(BARE_NUMBER)) {
    const [whole, serial = "", year = ""] = match;
    add(`${serial}/${year}`, match.index, match.index + whole.length);
  }
  return mentions.sort((a, b) => a.start - b.start);
}

type TypedNumberPattern = { pattern: RegExp; code: string; capitalsOnly: boolean };

// Compiled once per lexicon: the patterns only depend on its document types.
const patternsByLexicon = new WeakMap<Lexicon, TypedNumberPattern[]>();

function typedNumberPatterns(lexicon: Lexicon): TypedNumberPattern[] {
  let patterns = patternsByLexicon.get(lexicon);
  if (!patterns) {
    patterns = compileTypedNumberPatterns(lexicon);
    patternsByLexicon.set(lexicon, patterns);
  }
  return patterns;
}

function compileTypedNumberPatterns(lexicon: Lexicon): TypedNumberPattern[] {
  return lexicon.documentTypes.flatMap((type) =>
    [...type.words]
      .sort((a, b) => b.length - a.length)
      .map((word) => {
        const words = foldDiacritics(word).toLowerCase().trim().split(/\s+/u).map(escapeRegExp).join(String.raw`[ \t]+`);
        const pattern = new RegExp(
          String.raw`(?<![\p{L}\p{N}])(${words})${SPACE}(so${SPACE}[.:]?|no\.?|number)?${SPACE}(\d{1,5})(?:${SPACE}\/${SPACE}(${YEAR}))?(?![\p{L}\p{N}/-])`,
          "gu",
        );
        const isCode = word === word.toUpperCase() && !/\s/u.test(word);
        return { pattern, code: normalizeCode(type.code, lexicon), capitalsOnly: isCode };
      }),
  );
}

/** Upper case, with Đ restored for codes known to carry it (QD -> QĐ). */
function normalizeCode(code: string, lexicon: Lexicon): string {
  const upper = code.toUpperCase();
  if (/Đ/u.test(upper)) return upper;
  return lexicon.documentCodes.get(foldCode(upper)) ?? upper;
}

function foldCode(code: string): string {
  return foldDiacritics(code).toUpperCase();
}

/** Lower-case folded copy of an NFC string with the same length, so regex offsets apply to the original. */
export function foldPreservingOffsets(text: string): string {
  let folded = "";
  for (const character of text) {
    const plain = foldDiacritics(character).toLowerCase();
    folded += plain.length === character.length ? plain : character;
  }
  return folded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

type ParsedNumber = { serial: string; year?: string; codes: string[] };

function parseDocumentNumber(number: string): ParsedNumber | undefined {
  const compact = foldDiacritics(number).toUpperCase().replace(/\s+/gu, "").replace(/–/gu, "-");
  const party = /^(\d+)-([A-Z]+)\/([A-Z0-9&]+)$/u.exec(compact);
  if (party) return { serial: stripZeros(party[1] ?? ""), codes: [party[2] ?? "", party[3] ?? ""] };
  const state = /^(\d+)\/(?:(\d{4})(?:\/|$))?([A-Z0-9&]+(?:-[A-Z0-9&]+)*)?$/u.exec(compact);
  if (!state) return undefined;
  return {
    serial: stripZeros(state[1] ?? ""),
    ...(state[2] ? { year: state[2] } : {}),
    codes: state[3] ? state[3].split("-") : [],
  };
}

function stripZeros(serial: string): string {
  return serial.replace(/^0+(?=\d)/u, "");
}

/**
 * True when a document's number is the one a question names, either fully
 * ("16/2021/QĐ-UBND") or in a prefix form from `findDocumentNumbers`
 * ("16/2021/QĐ", "16/2021", "171/KH"; "26/CT" also matches the Party number
 * "26-CT/TU"). Case and diacritics are ignored.
 */
export function documentNumberMatches(documentNumber: string, named: string): boolean {
  const document = parseDocumentNumber(documentNumber);
  const query = parseDocumentNumber(named);
  if (!document || !query) return false;
  if (document.serial !== query.serial) return false;
  if (query.year !== undefined && document.year !== query.year) return false;
  if (query.codes.length > document.codes.length) return false;
  return query.codes.every((code, index) => document.codes[index] === code);
}
