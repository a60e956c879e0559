import type { UnitMention } from "./find-units.js";
import { foldKeepingOffsets } from "./fold-text.js";
import { stopPhraseEnd } from "./stop-phrases.js";
import { PERSON_TITLE_PREFIXES } from "./unit-patterns.js";

/**
 * Enterprises and project parties a letter asks to act ("Công ty cổ phần
 * Mông Sơn", "Chi nhánh số 1 - Công ty …", "Hợp tác xã Văn Thịnh",
 * "Doanh nghiệp tư nhân …", "Chủ đầu tư"), and their short forms ("Công ty",
 * "Chi nhánh", "Doanh nghiệp", "HTX"). Kept out of `findUnits` on purpose:
 * the answerer reads units of the administration there, and a company is a
 * lead only in the tasks of the letter that addresses it.
 *
 * A short form is named after the full name it stands for: the definition in
 * the text ("Công ty TNHH MTV Duy Hiếu (sau đây gọi tắt là Công ty)") or the
 * letter's addressee that starts with the same word. Pure.
 */
export function findEnterprises(text: string, options: { addressees?: readonly string[] } = {}): UnitMention[] {
  const folded = foldKeepingOffsets(text);
  const found: UnitMention[] = [];
  for (const match of text.matchAll(ENTERPRISE_HEAD)) {
    const start = match.index;
    if (PERSON_TITLE.test(folded.slice(Math.max(0, start - 40), start))) continue;
    // "(sau đây gọi tắt là Công ty)" defines the short form; it names no one by itself.
    if (DEFINITION_BEFORE.test(folded.slice(Math.max(0, start - 40), start))) continue;
    const end = extendEnterpriseName(text, folded, start + match[0].length);
    found.push({ name: spellOutLegalForm(collapse(text.slice(start, end))), start, end });
  }
  const shortNames = definedShortNames(text, found);
  for (const mention of found) {
    const short = SHORT_FORMS.has(foldKeepingOffsets(mention.name)) ? shortNames.get(foldKeepingOffsets(mention.name)) : undefined;
    const addressee = short === undefined ? addresseeAt(text, folded, mention, options.addressees ?? []) : undefined;
    if (addressee) {
      mention.name = addressee.name;
      mention.end = addressee.end;
    } else if (short) {
      mention.name = short;
    } else if (SHORT_FORMS.has(foldKeepingOffsets(mention.name))) {
      // "Công ty" in a letter to one enterprise that is not called a company ("Doanh nghiệp tư nhân …").
      const enterprises = (options.addressees ?? []).filter((addressee) => ENTERPRISE_START.test(addressee));
      if (options.addressees?.length === 1 && enterprises.length === 1) mention.name = enterprises[0]!;
    }
  }
  return found;
}

/**
 * "DNTN Thành Hương Nghĩa Lộ" is "Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ", "HTX …" "Hợp tác xã …": the
 * legal form's usual abbreviation written out, so one enterprise has one name (its registered one, as an
 * address writes it) wherever a letter shortens it.
 */
function spellOutLegalForm(name: string): string {
  return name.replace(/^DNTN(?![\p{L}\p{N}])/u, "Doanh nghiệp tư nhân").replace(/^HTX(?![\p{L}\p{N}])/u, "Hợp tác xã");
}

/** The heads an enterprise's name starts with, capitalized as a name (a "công ty" in lower case is a common noun). */
const ENTERPRISE_HEAD =
  /(?<![\p{L}\p{N}])(?:Chi\s+nhánh(?:\s+số\s+\d+)?\s*[-–]\s*)?(?:Tổng\s+[Cc]ông\s+ty|Công\s+ty|Chi\s+nhánh|Hợp\s+tác\s+xã|HTX|Doanh\s+nghiệp(?:\s+tư\s+nhân)?|DNTN|Chủ\s+đầu\s+tư)(?![\p{L}\p{N}])/gu;
const ENTERPRISE_START = new RegExp(`^${ENTERPRISE_HEAD.source.replace("(?<![\\p{L}\\p{N}])", "")}`, "u");
const DEFINITION_BEFORE = /\(\s*(?:sau\s+day\s+(?:goi|viet)\s+(?:tat\s+)?la\s+)?$/u;
/** Short forms that stand for a full name defined earlier, folded. */
const SHORT_FORMS: ReadonlySet<string> = new Set(["cong ty", "tong cong ty", "chi nhanh", "hop tac xa", "htx", "doanh nghiep", "dntn", "doanh nghiep tu nhan"]);
/** Words of an enterprise's legal form, which may be written in lower case ("cổ phần", "trách nhiệm hữu hạn"), folded. */
const LEGAL_FORM = /^\s*(?:tnhh|mtv|cp|co\s+phan|trach\s+nhiem\s+huu\s+han|mot\s+thanh\s+vien|hai\s+thanh\s+vien(?:\s+tro\s+len)?|tu\s+nhan)(?![\p{L}\p{N}])/u;
const PERSON_TITLE = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${PERSON_TITLE_PREFIXES.map((title) => title.replace(/ /gu, "\\s+")).join("|")})\\s*$`, "u");
const NAME_WORD = /[ \t]*([\p{L}\p{N}&]+(?:[-–.][\p{L}\p{N}]+)*|[-–])/uy;

/**
 * End of an enterprise's name: its legal form, then words up to punctuation, a
 * line break, a stop word (a verb, a preposition) or at most 12 words. Words
 * in lower case continue the name right after a legal form ("Công ty cổ phần
 * thương mại vận tải …") or when a capitalized word follows within three
 * ("Sản xuất và Thương mại Chân Thiện Mỹ", "Luyện kim hoá chất Tây Bắc"), so
 * "Công ty rà soát …" is the short form and "… Mông Sơn nộp hồ sơ" ends at "Sơn".
 */
function extendEnterpriseName(text: string, folded: string, from: number): number {
  let end = from;
  let legalForm = false;
  for (;;) {
    const legal = LEGAL_FORM.exec(folded.slice(end, end + 40));
    if (!legal) break;
    end += legal[0].length;
    legalForm = true;
  }
  let capitalized = false;
  for (let words = 0; words < 12; words++) {
    const next = wordAt(text, end);
    if (!next) break;
    if (next.dash) {
      // "Tổng công ty Khoáng sản TKV -CTCP": a dash continues with a capitalized word.
      const after = wordAt(text, next.end);
      if (!after || !after.upper) break;
      end = next.end;
      continue;
    }
    if (!next.upper) {
      const stopEnd = stopPhraseEnd(text, folded, next.start);
      if (stopEnd !== undefined) {
        // "và" between two parts of a name ("Sản xuất và Thương mại") is no stop, nor is a verb of two
        // words right before the name's capitalized end ("… dịch vụ tổng hợp An Phát").
        // After a legal form, a name in lower case joins its lines of business with "và" ("… vận tải và tư vấn kỹ thuật").
        const and = isAnd(folded, next) && (capitalizedWithin(text, folded, next.start, 3) || (legalForm && !capitalized && lowerCaseNameWordAfter(text, folded, next.end)));
        const phraseEnd = stopEnd;
        const verbInName = /\s/u.test(text.slice(next.start, stopEnd)) && (legalForm || capitalized) && wordAt(text, phraseEnd)?.upper === true;
        if (!and && !verbInName) break;
        end = and ? next.end : phraseEnd;
        continue;
      }
      const continues = (legalForm && !capitalized) || (capitalized && capitalizedWithin(text, folded, next.start, 3));
      if (!continues) break;
    } else {
      capitalized = true;
    }
    end = next.end;
  }
  return end;
}

/** Whether the word after `offset` is a lower-case word that may continue a name (not a stop word). */
function lowerCaseNameWordAfter(text: string, folded: string, offset: number): boolean {
  const word = wordAt(text, offset);
  return word !== undefined && !word.upper && !word.dash && stopPhraseEnd(text, folded, word.start) === undefined;
}

function isAnd(folded: string, word: { start: number; end: number }): boolean {
  return folded.slice(word.start, word.end) === "va";
}

type Word = { start: number; end: number; upper: boolean; dash: boolean };

/** The word after `offset` on the same line, with nothing but white space before it. */
function wordAt(text: string, offset: number): Word | undefined {
  NAME_WORD.lastIndex = offset;
  const match = NAME_WORD.exec(text);
  if (!match || match[0].includes("\n")) return undefined;
  const word = match[1]!.replace(/\.$/u, "");
  const start = match.index + match[0].length - match[1]!.length;
  const dash = word === "-" || word === "–";
  return { start, end: start + word.length, upper: !dash && /^[\p{Lu}\p{N}]/u.test(word), dash };
}

/** Whether a capitalized word comes within `count` lower-case words from `offset` (none of them a stop word). */
function capitalizedWithin(text: string, folded: string, offset: number, count: number): boolean {
  let position = offset;
  for (let i = 0; i <= count; i++) {
    const word = wordAt(text, position);
    if (!word || word.dash) return false;
    if (word.upper) return i > 0;
    if (!isAnd(folded, word) && stopPhraseEnd(text, folded, word.start) !== undefined) return false;
    position = word.end;
  }
  return false;
}

/** "Công ty TNHH MTV Duy Hiếu (Công ty)", "… (sau đây gọi tắt là Công ty)": short form -> full name, folded keys. */
function definedShortNames(text: string, mentions: readonly UnitMention[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const mention of mentions) {
    const after = text.slice(mention.end, mention.end + 60);
    const definition = /^\s*\((?:sau\s+đây\s+(?:gọi|viết)\s+(?:tắt\s+)?là\s+)?([^()]{2,20})\)/u.exec(after);
    if (!definition) continue;
    const short = foldKeepingOffsets(definition[1]!.trim());
    if (SHORT_FORMS.has(short) && !names.has(short) && !SHORT_FORMS.has(foldKeepingOffsets(mention.name))) names.set(short, mention.name);
  }
  return names;
}

/**
 * The addressee a mention names: one whose name starts with the mention's ("Công
 * ty", a name cut short at a lower-case word), or whose whole name the text
 * starts with at the mention (the name ran on into the sentence); with the end
 * of the addressee's words in the text.
 */
function addresseeAt(text: string, folded: string, mention: UnitMention, addressees: readonly string[]): { name: string; end: number } | undefined {
  const head = collapse(folded.slice(mention.start, mention.end));
  for (const addressee of addressees) {
    const words = collapse(foldKeepingOffsets(addressee));
    const pattern = new RegExp(`${words.split(" ").map(escapeRegExp).join("\\s+")}(?![\\p{L}\\p{N}])`, "uy");
    pattern.lastIndex = mention.start;
    if (pattern.test(folded)) return { name: addressee, end: pattern.lastIndex };
  }
  const named = addressees.find((addressee) => collapse(foldKeepingOffsets(addressee)).startsWith(head));
  return named === undefined ? undefined : { name: named, end: mention.end };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

function collapse(raw: string): string {
  return raw.replace(/\s+/gu, " ").trim();
}
