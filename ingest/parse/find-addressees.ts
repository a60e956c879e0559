import { foldKeepingOffsets } from "./fold-text.js";

/** One recipient of a letter, as written after "Kính gửi:", with its offsets in the text. */
export type Addressee = { text: string; start: number; end: number };

/** How far into a text its "Kính gửi" line may be for its addressees: past the header, never in the body. */
export const ADDRESS_ZONE = 4000;
/** "Kính gửi", folded. */
const ADDRESS_LINE = /(?:^|\n)[ \t*]*kinh\s+gui\s*:?[ \t]*/gu;
/** "- Sở Công Thương;", "+ UBND các xã": an item of the addressee list. */
const ITEM_MARK = /^[-–+•][ \t]*/u;

/**
 * A letter's address: from its "Kính gửi" to the end of the addressees (their
 * list, continuation lines and addresses in parentheses included), which is
 * where the body starts, on the same line when cleaning joined them.
 */
export type AddressBlock = { start: number; end: number; addressees: Addressee[] };

/**
 * The recipients a letter names after "Kính gửi:" (Decree 30/2020/NĐ-CP, the
 * addressee line of an official letter): the rest of that line, or the items
 * of the list below it ("- Sở Công Thương;" "- Sở Tư pháp."). A line that
 * starts in lower case continues the one before ("Các tổ chức, cá nhân …" /
 * "trên địa bàn tỉnh Lào Cai"). Parenthesized details (an address), the
 * list's punctuation and "Như trên" are left out. Only an address in the
 * first 4,000 characters counts (a letter quoted in an appendix is not this
 * document's). Pure.
 */
export function findAddressees(text: string): Addressee[] {
  const zone = text.slice(0, ADDRESS_ZONE);
  return findAddressBlocks(zone, foldKeepingOffsets(zone))[0]?.addressees ?? [];
}

/**
 * Every address block of a text, in order: the one of the letter, and those
 * of letters a document carries (a draft in an appendix). The task extractor
 * reads none of them as instructions. `folded` is `foldKeepingOffsets(text)`.
 */
export function findAddressBlocks(text: string, folded: string): AddressBlock[] {
  const blocks: AddressBlock[] = [];
  for (const line of folded.matchAll(ADDRESS_LINE)) {
    const start = line.index + line[0].search(/k/u);
    if (blocks.length && start < blocks[blocks.length - 1]!.end) continue;
    blocks.push(readAddressBlock(text, folded, start, line.index + line[0].length));
  }
  return blocks;
}

function readAddressBlock(text: string, folded: string, start: number, afterLabel: number): AddressBlock {
  const spans: Array<{ start: number; end: number }> = [];
  let end = afterLabel;
  for (const { start: lineStart, end: lineEnd } of linesFrom(text, afterLabel)) {
    const content = text.slice(lineStart, lineEnd);
    if (content === "") continue;
    const item = ITEM_MARK.exec(content);
    const last = spans[spans.length - 1];
    if (item) spans.push({ start: lineStart + item[0].length, end: lineEnd });
    else if (last && LOWER_CASE_START.test(content)) last.end = lineEnd;
    // "(địa chỉ: …)" under an addressee is its address.
    else if (last && content.startsWith("(")) {
      end = lineEnd;
      continue;
    } else if (!last) spans.push({ start: lineStart, end: lineEnd });
    else break;
    end = lineEnd;
  }
  const cut = spans.map((span) => ({ start: span.start, end: endOfAddressee(text, span.start, span.end) }));
  // The body joined to the last addressee's line starts where that addressee ends.
  const last = cut[cut.length - 1];
  if (last && last.end < spans[spans.length - 1]!.end) end = last.end;
  const addressees = cut
    .map((span) => ({ text: tidyAddressee(text.slice(span.start, span.end)), start: span.start, end: span.end }))
    .filter((addressee) => addressee.text !== "" && !/^nhu\s+tren/u.test(folded.slice(addressee.start, addressee.start + 8)));
  return { start, end, addressees };
}

const LOWER_CASE_START = /^\p{Ll}/u;

/**
 * Where the body starts when cleaning joined it to the addressee's line ("Kính gửi: Công ty …
 * hạ tầng cơ sở Sở Công Thương nhận được …", "… Nghĩa Lộ Ngày 14/7/2026, Sở …"): a date or a
 * body's opening word, or a body that names a department, after a word in lower case or an initial.
 */
const BODY_AFTER_ADDRESSEE =
  /(?<=[\p{Ll}\p{Lu}\d.])\s+(?=(?:Ngày\s+\d|Thực\s+hiện|Căn\s+cứ|Theo\s|Phúc\s+đáp|Trả\s+lời|Liên\s+quan|Nhằm|Vừa\s+qua|Sau\s+khi|(?:Sở|Ủy\s+ban|Uỷ\s+ban|UBND|Cục|Bộ|Phòng|Văn\s+phòng)\s[^.;]{0,80}?\s(?:nhận\s+được|đã\s+nhận|tiếp\s+nhận|đã\s+tiếp\s+nhận|có\s+ý\s+kiến)))/u;

function endOfAddressee(text: string, start: number, end: number): number {
  const line = text.slice(start, end);
  // The addressee's own first words never start the body.
  const firstSpace = line.search(/\s/u);
  if (firstSpace < 0) return end;
  const body = BODY_AFTER_ADDRESSEE.exec(line.slice(firstSpace));
  return body ? start + firstSpace + body.index : end;
}

/** "Công ty TNHH Đại Đồng Tiến." -> "Công ty TNHH Đại Đồng Tiến"; an address in parentheses is dropped. */
function tidyAddressee(raw: string): string {
  return raw
    .replace(/\([^)]*\)?/gu, " ")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/[\s.;,:]+$/u, "");
}

function linesFrom(text: string, offset: number): Array<{ start: number; end: number }> {
  const lines: Array<{ start: number; end: number }> = [];
  let start = offset;
  // 40 lines is more than any letter's list of addressees.
  while (start < text.length && lines.length < 40) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let contentStart = start;
    while (contentStart < end && /[ \t*]/u.test(text[contentStart]!)) contentStart++;
    let contentEnd = end;
    while (contentEnd > contentStart && /[\s*]/u.test(text[contentEnd - 1]!)) contentEnd--;
    lines.push({ start: contentStart, end: contentEnd });
    start = end + 1;
  }
  return lines;
}
