import { canonicalizeTone } from "../../core/vietnamese.js";
import { foldPhrase } from "./fold-text.js";
import { UNIT_NAME_STOP_WORDS } from "./unit-patterns.js";

/**
 * Where a unit's or an enterprise's name stops: at a verb or a preposition
 * (UNIT_NAME_STOP_WORDS). The phrases are found on folded text, where many
 * syllables meet ("tải", "tài" and "tại" all fold to "tai"; "dược" and
 * "được" to "duoc"), so a match must also be spelled like the stop phrase in
 * the original text (compared tone-canonically, so "hoà"/"hòa" placements
 * agree). A word typed without any diacritic cannot tell them apart and
 * stops the name, as before.
 */

type StopPhrase = { folded: readonly string[]; spelled: readonly string[] };

const PHRASES_BY_FIRST_WORD = new Map<string, StopPhrase[]>();
for (const phrase of UNIT_NAME_STOP_WORDS) {
  const entry = { folded: foldPhrase(phrase).split(" "), spelled: phrase.split(" ").map(canonicalizeTone) };
  PHRASES_BY_FIRST_WORD.set(entry.folded[0]!, [...(PHRASES_BY_FIRST_WORD.get(entry.folded[0]!) ?? []), entry]);
}

const PLAIN_ASCII = /^[\x00-\x7f]*$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * End offset of the longest stop phrase that starts at `at` (white space
 * skipped), or undefined. `folded` is `foldKeepingOffsets(text)`.
 */
export function stopPhraseEnd(text: string, folded: string, at: number): number | undefined {
  let first = at;
  while (first < folded.length && isWhiteSpace(folded.charCodeAt(first))) first++;
  let wordEnd = first;
  while (wordEnd < folded.length && isLetterOrDigit(folded.charCodeAt(wordEnd))) wordEnd++;
  let longest: number | undefined;
  for (const phrase of PHRASES_BY_FIRST_WORD.get(folded.slice(first, wordEnd)) ?? []) {
    const end = phraseEnd(text, folded, first, phrase);
    if (end !== undefined && (longest === undefined || end > longest)) longest = end;
  }
  return longest;
}

function phraseEnd(text: string, folded: string, at: number, phrase: StopPhrase): number | undefined {
  let position = at;
  for (let index = 0; index < phrase.folded.length; index++) {
    const part = phrase.folded[index]!;
    while (position < folded.length && isWhiteSpace(folded.charCodeAt(position))) position++;
    if (!folded.startsWith(part, position) || isLetterOrDigit(folded.charCodeAt(position + part.length))) return undefined;
    const written = text.slice(position, position + part.length);
    if (!PLAIN_ASCII.test(written) && canonicalizeTone(written) !== phrase.spelled[index]) return undefined;
    position += part.length;
  }
  return position;
}

function isWhiteSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 160;
}

/** `[\p{L}\p{N}]` for one UTF-16 code unit (NaN, past the end, is neither). */
function isLetterOrDigit(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(String.fromCharCode(code));
}
