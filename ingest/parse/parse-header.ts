/**
 * Header fields of a clean Vietnamese administrative document (Decree
 * 30/2020/NĐ-CP layout): issuing body, number ("Số: 12/KH-UBND"), place and
 * date line, document type, title (trích yếu), signer.
 *
 * Real files often lose parts of that layout (the two-column header table is
 * dropped by the converter, the number and day are left blank until signing),
 * so every field has fallbacks that read the same fact elsewhere: the type from
 * the number's code or from "Kế hoạch này" in the body, the issuer from the
 * number's suffix or from "Sở Nội vụ xây dựng Kế hoạch …", the province from
 * the date line or from the province the body names most.
 */
import type { DocumentMeta } from "../../core/types.js";
import { foldDiacritics } from "../../core/vietnamese.js";
import { detectHeading, isAllCaps } from "./parse-sections.js";
import { DOCUMENT_TYPE_BY_CODE, DOCUMENT_TYPES } from "../../core/vocabulary/document-types.js";
import { findProvinceMentions, resolveProvince, type Province } from "./provinces.js";

export type ParseHeaderOptions = {
  /** File path relative to the corpus root; its name is a last hint for the type ("luat-cu-tru.txt"). */
  source?: string;
};

/** Document types as printed on the type line, longest first so "BỘ LUẬT" wins over "LUẬT". */
const TYPE_LINES = [...DOCUMENT_TYPES].map((entry) => entry.name).sort((x, y) => y.length - x.length);

function typeEntry(type: string | undefined) {
  return type === undefined ? undefined : DOCUMENT_TYPES.find((entry) => entry.name === type);
}

/** Issuer codes in document numbers ("-UBND", "-SNV"); `local` bodies get the province appended. */
const ISSUER_CODES: Record<string, { name: string; local: boolean }> = {
  UBND: { name: "UBND", local: true },
  HĐND: { name: "HĐND", local: true },
  CT: { name: "Chủ tịch UBND", local: true },
  VP: { name: "Văn phòng UBND", local: true },
  VPUBND: { name: "Văn phòng UBND", local: true },
  SNV: { name: "Sở Nội vụ", local: true },
  STC: { name: "Sở Tài chính", local: true },
  STP: { name: "Sở Tư pháp", local: true },
  SYT: { name: "Sở Y tế", local: true },
  SXD: { name: "Sở Xây dựng", local: true },
  SCT: { name: "Sở Công Thương", local: true },
  SGDĐT: { name: "Sở Giáo dục và Đào tạo", local: true },
  SKHĐT: { name: "Sở Kế hoạch và Đầu tư", local: true },
  STNMT: { name: "Sở Tài nguyên và Môi trường", local: true },
  SNNPTNT: { name: "Sở Nông nghiệp và Phát triển nông thôn", local: true },
  SNNMT: { name: "Sở Nông nghiệp và Môi trường", local: true },
  SVHTTDL: { name: "Sở Văn hóa, Thể thao và Du lịch", local: true },
  SLĐTBXH: { name: "Sở Lao động - Thương binh và Xã hội", local: true },
  STTTT: { name: "Sở Thông tin và Truyền thông", local: true },
  SGTVT: { name: "Sở Giao thông vận tải", local: true },
  SKHCN: { name: "Sở Khoa học và Công nghệ", local: true },
  SDTTG: { name: "Sở Dân tộc và Tôn giáo", local: true },
  SNGV: { name: "Sở Ngoại vụ", local: true },
  TU: { name: "Tỉnh ủy", local: true },
  CP: { name: "Chính phủ", local: false },
  TTG: { name: "Thủ tướng Chính phủ", local: false },
  QH: { name: "Quốc hội", local: false },
  UBTVQH: { name: "Ủy ban Thường vụ Quốc hội", local: false },
  VPCP: { name: "Văn phòng Chính phủ", local: false },
  BNV: { name: "Bộ Nội vụ", local: false },
  BTC: { name: "Bộ Tài chính", local: false },
  BTP: { name: "Bộ Tư pháp", local: false },
  BYT: { name: "Bộ Y tế", local: false },
  BCA: { name: "Bộ Công an", local: false },
  BQP: { name: "Bộ Quốc phòng", local: false },
  BCT: { name: "Bộ Công Thương", local: false },
  BXD: { name: "Bộ Xây dựng", local: false },
  BGDĐT: { name: "Bộ Giáo dục và Đào tạo", local: false },
  BKHĐT: { name: "Bộ Kế hoạch và Đầu tư", local: false },
  BTNMT: { name: "Bộ Tài nguyên và Môi trường", local: false },
  BNNPTNT: { name: "Bộ Nông nghiệp và Phát triển nông thôn", local: false },
  BLĐTBXH: { name: "Bộ Lao động - Thương binh và Xã hội", local: false },
  BTTTT: { name: "Bộ Thông tin và Truyền thông", local: false },
  BGTVT: { name: "Bộ Giao thông vận tải", local: false },
  BVHTTDL: { name: "Bộ Văn hóa, Thể thao và Du lịch", local: false },
  BKHCN: { name: "Bộ Khoa học và Công nghệ", local: false },
  NHNN: { name: "Ngân hàng Nhà nước Việt Nam", local: false },
};

/** Upper-case words kept as written when a header line is converted from capitals. */
const ACRONYMS = new Set(["UBND", "HĐND", "MTTQ", "UBMTTQ", "TW", "TƯ", "BCH", "BCĐ", "TNCS", "TNHH", "MTV", "CAND", "QĐND", "VN", "KT-XH"]);

/** Heads of bodies whose bare name is a unit of the body above it ("SỞ NỘI VỤ" under "UBND TỈNH X"). */
const ORGANIZATION_KINDS = [
  "VĂN PHÒNG",
  "CHI CỤC",
  "TỔNG CỤC",
  "TRUNG TÂM",
  "BAN QUẢN LÝ",
  "BỘ CHỈ HUY",
  "THANH TRA",
  "CÔNG AN",
  "BỆNH VIỆN",
  "SỞ",
  "BỘ",
  "BAN",
  "CỤC",
  "VỤ",
  "VIỆN",
  "TRƯỜNG",
  "ĐÀI",
  "HỘI",
];

/** Central bodies: their date line names the capital, not a province they belong to. */
const CENTRAL_ISSUER = /^(Bộ (?!Chỉ huy)|Chính phủ|Thủ tướng|Quốc hội|Ủy ban Thường vụ Quốc hội|Văn phòng Chính phủ|Ngân hàng Nhà nước|Kiểm toán Nhà nước|Tòa án nhân dân tối cao|Viện kiểm sát nhân dân tối cao|Ban Chấp hành Trung ương)/u;

// "XÃ HỘI" (society) is not a commune.
const ADMINISTRATIVE_UNIT = /^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ(?! HỘI)|PHƯỜNG|THỊ TRẤN)(?=\s|$)/u;

/** Names of central bodies whose capitals cannot be cased by rule. */
const CENTRAL_NAMES: Record<string, string> = {
  "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
  "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ",
  "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
  "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM": "Ngân hàng Nhà nước Việt Nam",
  "KIỂM TOÁN NHÀ NƯỚC": "Kiểm toán Nhà nước",
};

/** Lines that start the body: the header and title are above them. */
const BODY_START = /^(Căn cứ|Thực hiện|Kính gửi|Xét đề nghị|Theo đề nghị|(?:(?:Sáng|Chiều|Trưa|Tối)\s+)?[Nn]gày\s+\d)/u;

/** How far from the top the header may reach, in non-empty lines. */
const HEADER_LINES = 30;
/** A line this long is body text, not a header line. */
const MAX_HEADER_LINE_CHARS = 300;

type Line = { text: string; index: number };

// Patterns with \p{…} that run per line or per word are module constants: written inside a function,
// tsx (esbuild) compiles them into `new RegExp(…)`, which runs on every call.
const NUMBER_LINE_START = /^Số(?![\p{L}\p{N}])/u;
const PLACE_WORD = /^\p{Lu}[\p{L}.]*$/u;
const ADMINISTRATIVE_WORD = /(?<![\p{L}\p{N}])(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|XÃ(?! HỘI)|PHƯỜNG)(?![\p{L}\p{N}])/u;
const CONTINUES_TITLE = /^[\p{Ll}\d(]/u;
const LOWER_CASE_START = /^\p{Ll}/u;
const NOT_A_NAME = /^(Nơi|Lưu|Kính|Như)(?![\p{L}\p{N}])/u;
const CLOSING_LINE = /^(Nơi nhận|NƠI NHẬN)(?![\p{L}\p{N}])/u;
const CLAUSE_BREAK = /(?<=[.;])\s+(?=\p{Lu})/u;
// The national name and motto of the header's right column, in any tone placement or typo of the marks
// ("CỘNG HOÀ", "CỘNG HÒA", "CỘNG HÕA") or OCR error ("THỦ NGHĨA").
const NAME_CONTINUES = /(?:,|\s[-–]|\sVÀ|\sCỦA)$/u;
const NATIONAL_NAME = /C\p{L}NG\s+H\p{L}{1,2}A?\s+X\p{L}\s+H\p{L}I\s+\p{L}{2,3}\s+NGH\p{L}A\s+VI\p{L}T\s+NAM/giu;
const NATIONAL_MOTTO = /Đ\p{L}c\s+l\p{L}p\s*[-–]?\s*T\p{L}\s+do\s*[-–]?\s*H\p{L}nh\s+ph\p{L}c/giu;

/** Non-empty lines with Markdown emphasis and separators trimmed off. */
function headerLinesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    const cleaned = trimEmphasisEnd(raw.replace(/^[\s*_#>]+/u, "")).trim();
    if (cleaned !== "") lines.push({ text: cleaned, index: lines.length });
  }
  return lines;
}

/**
 * `line.replace(/[\s*_]+$/u, "")`, read from the end: the pattern, anchored
 * at the end, is tried from every position of a long line.
 */
function trimEmphasisEnd(line: string): string {
  let end = line.length;
  while (end > 0 && EMPHASIS_OR_SPACE.test(line[end - 1]!)) end--;
  return end === line.length ? line : line.slice(0, end);
}

const EMPHASIS_OR_SPACE = /[\s*_]/u;

function isSeparator(line: string): boolean {
  return /^[\s\-–—_=*.~]{3,}$/u.test(line);
}

function stripTrailingSeparator(line: string): string {
  return line.replace(/\s*[\-–—_=*~]{3,}\s*$/u, "").trim();
}

function isoDate(parts: { year: number; month?: number; day?: number }): string | undefined {
  const { year, month, day } = parts;
  if (year < 1900 || year > 2100) return undefined;
  if (month === undefined) return undefined;
  if (month < 1 || month > 12) return undefined;
  const monthText = String(month).padStart(2, "0");
  if (day === undefined) return `${year}-${monthText}`;
  if (day < 1 || day > 31) return undefined;
  return `${year}-${monthText}-${String(day).padStart(2, "0")}`;
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/\d/u.test(text)) return undefined;
  return Number(text.replace(/\D/gu, ""));
}

// ---------------------------------------------------------------------------
// Number ("Số: 12/KH-UBND")

type ParsedNumber = { number: string; typeCode?: string; issuerCode?: string; year?: number };

// Digits (absent when the number is left blank), then the code starting with "/" or "-". The code's
// parts may stand apart ("4378 /SCT - CN": the number stamped at signing before a typed code).
const NUMBER_PATTERN = /(?:^|\s)Số\s*[:.]?\s*(\d*)\s*([\/\-–]\s*[\p{L}\d][\p{L}\d.]*(?:\s*[\/\-–]\s*[\p{L}\d][\p{L}\d.]*)*)/u;

function parseNumberLine(line: string): ParsedNumber | undefined {
  // Only "Số: …" at the start of a line or with a colon: "Số 08/QĐ-SNV" inside a sentence is a reference.
  if (!NUMBER_LINE_START.test(line) && !/\sSố\s*:/u.test(line)) return undefined;
  const match = NUMBER_PATTERN.exec(line);
  if (!match) return undefined;
  const digits = match[1] ?? "";
  const code = (match[2] ?? "").replace(/\s+/gu, "").replace(/[.,;]+$/u, "").replace(/–/gu, "-");
  if (!code.includes("/") && !code.includes("-")) return undefined;
  const parsed: ParsedNumber = { number: digits === "" ? "" : `${digits}${code}` };
  let rest = code.replace(/^\//u, "");
  const year = /^((?:19|20)\d\d)\//u.exec(rest);
  if (year) {
    parsed.year = Number(year[1]);
    rest = rest.slice(year[0].length);
  }
  if (rest.startsWith("-")) {
    // Party style "06-KH/TU": type between the dash and the slash, issuer after the slash.
    const [type = "", issuer = ""] = rest.slice(1).split("/");
    parsed.typeCode = type.toUpperCase();
    parsed.issuerCode = issuer.toUpperCase();
    return parsed;
  }
  const [first = "", second] = rest.split("-");
  const firstCode = first.toUpperCase();
  if (DOCUMENT_TYPE_BY_CODE.has(firstCode)) {
    parsed.typeCode = firstCode;
    parsed.issuerCode = second?.toUpperCase();
  } else {
    // "5797/UBND-TH": no type code means an official letter (công văn) of the issuer before the dash.
    parsed.issuerCode = firstCode;
    if (second !== undefined && ISSUER_CODES[firstCode.replace(/\d+$/u, "")] !== undefined && !/^QH/u.test(firstCode)) {
      parsed.typeCode = "CV";
    }
  }
  return parsed;
}

/** A code broken after a hyphen or slash and continued on a line of its own ("…-BQP-BYT-" / "BCT-BTC-VKSNDTC"). */
const CODE_CONTINUATION = /^[\p{Lu}\d][\p{Lu}\d]*(?:[\/\-–][\p{Lu}\d]+)*$/u;

/**
 * A number line whose code ends in "-" or "/" with the rest of the code
 * appended: the continuation is the next header line that holds nothing
 * else, past the date line that a two-column header may print in between.
 */
function withCodeContinuation(lines: readonly Line[], index: number): string {
  const line = lines[index]?.text ?? "";
  if (!/[\/\-–]$/u.test(line) || !NUMBER_LINE_START.test(line)) return line;
  for (const next of lines.slice(index + 1, index + 3)) {
    if (CODE_CONTINUATION.test(next.text)) return `${line}${next.text}`;
    if (!parseDateLine(next.text)) break;
  }
  return line;
}

// ---------------------------------------------------------------------------
// Date line ("Bắc Giang, ngày 05 tháng 3 năm 2024")

type DateLine = { place?: string; date?: string; year: number };

// Dots may stand after each word, left from a blank form or read by OCR ("ngày. 28 tháng 5").
const DATE_LINE = /,\s*ngày[\s.…_]*(\d{1,2})?[\s.…_]*tháng[\s.…_]*(\d{1,2})?[\s.…_]*năm[\s.…_]*((?:19|20)\d\d)/u;
const NUMERIC_DATE_LINE = /,\s*ngày\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*((?:19|20)\d\d)/u;

function parseDateLine(line: string): DateLine | undefined {
  const match = DATE_LINE.exec(line) ?? NUMERIC_DATE_LINE.exec(line);
  if (!match) return undefined;
  const year = Number(match[3]);
  const month = toNumber(match[2]);
  const day = toNumber(match[1]);
  // On a line that also holds the number ("Số: 12/SCT - CN Lào Cai, ngày …"), the place starts after the number.
  const prefix = line.slice(0, match.index);
  const number = NUMBER_PATTERN.exec(prefix);
  const place = placeBefore(number ? prefix.slice(number.index + number[0].length) : prefix);
  if (!place) return undefined;
  const date = isoDate({ year, month, day: month === undefined ? undefined : day });
  return { place, date, year };
}

/** The capitalized words right before ", ngày": the place ("… UBND Bắc Giang, ngày" → "Bắc Giang" when merged with the number). */
function placeBefore(prefix: string): string | undefined {
  const words = prefix.trim().split(/\s+/u);
  const placeWords: string[] = [];
  for (let index = words.length - 1; index >= 0 && placeWords.length < 5; index--) {
    const word = words[index] ?? "";
    if (!PLACE_WORD.test(word) || /[\d\/:]/u.test(word)) break;
    placeWords.unshift(word);
  }
  // A place written in capitals right after an all-capitals header ("SỞ NỘI VỤ HÀ NỘI, ngày") is ambiguous; keep the last two words.
  if (placeWords.length === 0) return undefined;
  const place = placeWords.join(" ");
  if (isAllCaps(place) && placeWords.length > 3) return placeWords.slice(-2).join(" ");
  return place;
}

// ---------------------------------------------------------------------------
// Issuer and province from the header lines

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerUnlessAcronym(word: string): string {
  return ACRONYMS.has(word) || /\d/u.test(word) ? word : word.toLowerCase();
}

/** "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Sở Lao động - Thương binh và Xã hội". */
function formatOrganizationName(caps: string): string {
  const known = CENTRAL_NAMES[caps];
  if (known) return known;
  const words = caps.split(/\s+/u).filter((word) => word !== "");
  const kind = ORGANIZATION_KINDS.find((candidate) => caps === candidate || caps.startsWith(`${candidate} `));
  const kindLength = kind ? kind.split(" ").length : 0;
  const output: string[] = [];
  let capitalizeNext = true;
  words.forEach((word, index) => {
    if (ACRONYMS.has(word)) {
      output.push(word);
      capitalizeNext = false;
      return;
    }
    const lower = word.toLowerCase();
    output.push(capitalizeNext ? capitalizeFirst(lower) : lower);
    // Capitalize the first word of the kind, the first word of the name, and words after "và", "-", ",".
    capitalizeNext = index === kindLength - 1 || lower === "và" || word === "-" || word === "–" || word.endsWith(",");
  });
  return output.join(" ");
}

function formatPlaceName(caps: string): string {
  const province = resolveProvince(caps);
  if (province) return province.name;
  return caps
    .split(/\s+/u)
    .map((word) => capitalizeFirst(word.toLowerCase()))
    .join(" ");
}

/** "UBND TỈNH BẮC GIANG" → { body: "UBND", unit: "tỉnh", place: "Bắc Giang" }. */
function splitAdministrativeUnit(caps: string): { body: string; unit?: string; place?: string } {
  const normalized = caps
    .replace(/(?:ỦY|UỶ) BAN NHÂN DÂN(?![\p{L}\p{N}])/gu, "UBND")
    .replace(/HỘI ĐỒNG NHÂN DÂN(?![\p{L}\p{N}])/gu, "HĐND")
    .replace(/\s+/gu, " ")
    .trim();
  const party = /^(TỈNH|THÀNH|HUYỆN|ĐẢNG) (?:ỦY|UỶ)(?![\p{L}\p{N}])\s*(.*)$/u.exec(normalized);
  if (party) return { body: `${capitalizeFirst((party[1] ?? "").toLowerCase())} ủy`, place: party[2] ? formatPlaceName(party[2]) : undefined };
  const words = normalized.split(" ");
  for (let index = 0; index < words.length; index++) {
    const tail = words.slice(index).join(" ");
    const unit = ADMINISTRATIVE_UNIT.exec(tail);
    if (!unit) continue;
    const placeCaps = tail.slice((unit[1] ?? "").length).trim();
    if (placeCaps === "") continue;
    return {
      body: words.slice(0, index).join(" "),
      unit: (unit[1] ?? "").toLowerCase(),
      place: formatPlaceName(placeCaps),
    };
  }
  return { body: normalized };
}

/** `underCentral`: a line above the issuer names a central body ("BỘ CÔNG THƯƠNG" over "CỤC HÓA CHẤT"). */
type HeaderIssuer = { issuer?: string; province?: Province; underCentral?: boolean };

/** Reads the issuing body from the all-capitals lines above the number/date/type lines. */
function parseIssuerLines(lines: readonly string[]): HeaderIssuer {
  const organizations: string[] = [];
  for (const cleaned of lines.flatMap(organizationLinesOf)) {
    if (cleaned === "" || !isAllCaps(cleaned) || /\d/u.test(cleaned) || NOT_AN_ORGANIZATION.test(cleaned)) continue;
    // "ỦY BAN NHÂN DÂN" / "TỈNH BẮC GIANG" on two lines are one name, and so is a name broken after a comma
    // or a joining word ("CỤC ĐỔI MỚI SÁNG TẠO," / "CHUYỂN ĐỔI XANH VÀ" / "KHUYẾN CÔNG").
    const previous = organizations[organizations.length - 1];
    if (previous !== undefined && NAME_CONTINUES.test(previous)) {
      organizations[organizations.length - 1] = `${previous} ${cleaned}`;
    } else if (previous !== undefined && ADMINISTRATIVE_UNIT.test(cleaned) && !ADMINISTRATIVE_UNIT.test(previous) && !ADMINISTRATIVE_WORD.test(previous)) {
      organizations[organizations.length - 1] = `${previous} ${cleaned}`;
    } else {
      organizations.push(cleaned);
    }
  }
  if (organizations.length === 0) return {};
  const parts = organizations.map(splitAdministrativeUnit);
  const last = parts[parts.length - 1];
  if (!last) return {};
  const withPlace = [...parts].reverse().find((part) => part.place !== undefined);
  const province = withPlace?.place ? resolveProvince(withPlace.place) : undefined;
  const unitText = withPlace?.unit && withPlace.place ? `${withPlace.unit} ${withPlace.place}` : withPlace?.place;
  let issuer: string;
  if (last.body === "" && last.unit) {
    issuer = `UBND ${last.unit} ${last.place ?? ""}`.trim();
  } else if (last.place !== undefined) {
    issuer = [formatOrganizationName(last.body), last.unit, last.place].filter(Boolean).join(" ");
  } else if (last.body === "VĂN PHÒNG" && withPlace && withPlace !== last) {
    issuer = `Văn phòng ${[formatOrganizationName(withPlace.body), unitText].filter(Boolean).join(" ")}`;
  } else {
    issuer = [formatOrganizationName(last.body), withPlace && withPlace !== last ? unitText : undefined].filter(Boolean).join(" ");
  }
  const underCentral = parts.slice(0, -1).some((part) => part.place === undefined && CENTRAL_ISSUER.test(formatOrganizationName(part.body)));
  return { issuer, province, ...(underCentral ? { underCentral } : {}) };
}

/**
 * A header line cleaned for the issuer, split where a loader joined the cells of the header's table with
 * commas ("BỘ CÔNG THƯƠNG, CỤC HÓA CHẤT,": the governing body, then the issuing one, as two lines would be).
 * Split only when every part names an organization by its kind, so "CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ
 * KHUYẾN CÔNG" stays one name.
 */
function organizationLinesOf(line: string): string[] {
  const cleaned = line
    .replace(NATIONAL_NAME, " ")
    .replace(NATIONAL_MOTTO, " ")
    .replace(/[\-–—_=]{3,}/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
  const parts = cleaned.replace(/,\s*$/u, "").split(/,\s+/u);
  if (parts.length >= 2 && parts.every((part) => ORGANIZATION_START.test(part))) return parts;
  return [cleaned];
}
const ORGANIZATION_START = new RegExp(`^(?:${[...ORGANIZATION_KINDS, "UBND", "ỦY BAN", "UỶ BAN", "HĐND", "HỘI ĐỒNG"].join("|")})\\s`, "u");
/** A table's header row, a field label, or a list's title ("DANH MỤC …", "NỘI DUNG …") names no issuer. */
const NOT_AN_ORGANIZATION = /\s\|\s|:$|^(?:DANH MỤC|NỘI DUNG|PHỤ LỤC|BIỂU|MẪU|BẢNG|STT)(?![\p{L}\p{N}])/u;

function localIssuer(name: string, province: Province | undefined): string {
  if (!province) return name;
  if (name === "Tỉnh ủy") return `${province.kind === "tỉnh" ? "Tỉnh ủy" : "Thành ủy"} ${province.name}`;
  return `${name} ${province.kind} ${province.name}`;
}

// ---------------------------------------------------------------------------
// Title and type

/** "KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH BẮC GIANG" → "Kết luận của chủ tịch UBND tỉnh Bắc Giang". */
function sentenceCaseCaps(caps: string): string {
  const normalized = caps.replace(/\s+/gu, " ").trim();
  let lowered = normalized
    .split(" ")
    .map((word) => lowerUnlessAcronym(word))
    .join(" ");
  // Province names keep their capitals; lower-casing keeps offsets, so mentions found in the capitals still line up.
  for (const mention of findProvinceMentions(normalized).reverse()) {
    lowered = `${lowered.slice(0, mention.start)}${mention.name}${lowered.slice(mention.end)}`;
  }
  return capitalizeFirst(lowered);
}

function titleFromTypeLine(type: string, rest: string, following: readonly string[]): string | undefined {
  const parts = [rest, ...following].filter((part) => part !== "");
  let title = parts.join(" ").replace(/\s+/gu, " ").trim();
  if (typeEntry(type)?.namedAct) {
    const name = isAllCaps(title) ? title.toLowerCase() : title;
    return capitalizeFirst(`${type.toLowerCase()}${name ? ` ${capitalizeFirst(name)}` : ""}`);
  }
  if (title === "") return undefined;
  if (isAllCaps(title)) title = sentenceCaseCaps(title);
  title = title.replace(/^(V\/v|V\/V)\s*/u, "Về việc ");
  return title;
}

/** Title lines after the type line: the first line, then lines that continue it in lower case. */
function collectTitleLines(lines: readonly Line[], from: number, hasRest: boolean): string[] {
  const collected: string[] = [];
  for (let index = from; index < lines.length && collected.length < 4; index++) {
    const text = lines[index]?.text ?? "";
    if (isSeparator(text)) break;
    if (BODY_START.test(text) || detectHeading(text) || parseNumberLine(text) || parseDateLine(text)) break;
    const first = collected.length === 0 && !hasRest;
    const continues = CONTINUES_TITLE.test(text);
    if (!first && !continues) break;
    // An all-capitals line after the title is the signing authority of a decision ("CHỦ TỊCH UBND TỈNH …").
    if (!first && isAllCaps(text)) break;
    if (text.length > MAX_HEADER_LINE_CHARS) break;
    const withoutSeparator = stripTrailingSeparator(text);
    collected.push(withoutSeparator);
    if (withoutSeparator !== text) break;
  }
  return collected;
}

/** The type word whose "<Type> này" (this plan, this decision) the body uses most. */
function typeFromSelfReference(text: string): string | undefined {
  const counts = new Map<string, number>();
  const pattern = /(?<![\p{L}\p{N}])(Kế hoạch|Thông báo|Quyết định|Chỉ thị|Nghị quyết|Báo cáo|Tờ trình|Công văn|Bộ luật|Luật|Nghị định|Thông tư|Chương trình|Đề án|Hướng dẫn|Quy chế|Kết luận|Pháp lệnh)\s+này(?![\p{L}\p{N}])/gu;
  for (const match of text.matchAll(pattern)) {
    const type = (match[1] ?? "").toUpperCase();
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [type, count] of counts) {
    if (count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  return best;
}

function typeFromSource(source: string | undefined): string | undefined {
  if (!source) return undefined;
  const stem = foldDiacritics(source.split(/[\\/]/u).pop() ?? "")
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/u, "");
  const words = ` ${stem.replace(/[^a-z0-9]+/gu, " ")} `;
  for (const type of TYPE_LINES) {
    const folded = foldDiacritics(type).toLowerCase();
    if (words.includes(` ${folded} `)) return type;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Body facts: meeting date, intro sentence, province mentions, signer

type Paragraph = string;

const MEETING_WORDS = /(chủ trì|làm việc|cuộc họp|phiên họp|hội nghị|buổi họp|(?<![\p{L}\p{N}])họp(?![\p{L}\p{N}])|tổ chức buổi)/iu;

function parseMeetingDate(paragraphs: readonly Paragraph[]): string | undefined {
  for (const paragraph of paragraphs) {
    const numeric = /^(?:(?:Sáng|Chiều|Trưa|Tối)\s+)?[Nn]gày\s+(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*((?:19|20)\d\d)/u.exec(paragraph);
    const written = /^(?:(?:Sáng|Chiều|Trưa|Tối)\s+)?[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)/u.exec(paragraph);
    const match = numeric ?? written;
    if (!match || !MEETING_WORDS.test(paragraph)) continue;
    return isoDate({ year: Number(match[3]), month: Number(match[2]), day: Number(match[1]) });
  }
  return undefined;
}

/** Words that open an agency's name at the start of a sentence ("Sở Nội vụ xây dựng …"). */
const AGENCY_OPENING = /^(Sở|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Văn phòng|Ban|Bộ|Thanh tra|Công an|Trung tâm|Cục|Chi cục|Hội đồng nhân dân|HĐND)\s/u;
/** Verbs by which an agency introduces its own document. */
const INTRO_VERBS = new Set(["xây dựng", "ban hành", "thông báo", "báo cáo", "hướng dẫn"]);
/** Lower-case words that end an agency name: what follows is a predicate ("Sở Nội vụ có trách nhiệm …"). */
const PREDICATE_WORDS = new Set(["có", "chủ", "phối", "được", "đã", "sẽ", "cần", "phải", "tiếp", "giao", "đề", "căn", "thực", "tổ", "trình", "tham", "là", "về", "cho", "với", "để", "đối", "trong", "khi", "các", "những", "đang", "đôn", "theo"]);
/** Longest agency name, in words, before its verb. */
const MAX_AGENCY_WORDS = 10;

type IntroSentence = { agency: string; type?: string; title?: string };

/** "Sở Nội vụ xây dựng Kế hoạch công tác ngành Nội vụ năm 2024, như sau:" → agency, type, title. */
function parseIntroSentence(paragraph: Paragraph): IntroSentence | undefined {
  if (!AGENCY_OPENING.test(paragraph)) return undefined;
  const words = paragraph.split(/\s+/u);
  for (let index = 1; index < Math.min(words.length - 1, MAX_AGENCY_WORDS); index++) {
    const word = words[index] ?? "";
    if (INTRO_VERBS.has(`${word} ${words[index + 1] ?? ""}`)) {
      const agency = words.slice(0, index).join(" ");
      const object = words.slice(index + 2).join(" ");
      const typed = /^(Kế hoạch|Thông báo|Quyết định|Chỉ thị|Báo cáo|Chương trình|Đề án|Hướng dẫn|Quy chế)\s+(.*)$/u.exec(object);
      if (!typed) return { agency };
      const title = (typed[2] ?? "").split(/[,:;]|\s+(?:như sau|cụ thể như sau)(?![\p{L}\p{N}])/u)[0]?.trim();
      return { agency, type: (typed[1] ?? "").toUpperCase(), title: title ? capitalizeFirst(title) : undefined };
    }
    if (/[,.;:()]/u.test(word)) return undefined;
    if (LOWER_CASE_START.test(word) && PREDICATE_WORDS.has(word)) return undefined;
  }
  return undefined;
}

function agencyWithProvince(agency: string, province: Province | undefined): string {
  if (!province) return agency;
  if (findProvinceMentions(agency).length > 0) return agency;
  if (/(?<![\p{L}\p{N}])(tỉnh|thành phố)$/u.test(agency)) return `${agency} ${province.name}`;
  return `${agency} ${province.kind} ${province.name}`;
}

/** The province the body names most; a single mention counts only when no other province is named. */
function dominantProvince(text: string): Province | undefined {
  const counts = new Map<string, number>();
  for (const mention of findProvinceMentions(text)) {
    // "tỉnh X" is a stronger sign than a bare "X" (which may be a city or a project name).
    counts.set(mention.name, (counts.get(mention.name) ?? 0) + (mention.prefixed ? 2 : 1));
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best) return undefined;
  if (second && second[1] === best[1]) return undefined;
  if (best[1] < 2 && ranked.length > 1) return undefined;
  return resolveProvince(best[0]);
}

const SIGNATURE_TITLE = /(CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|CHÁNH VĂN PHÒNG|VĂN PHÒNG|BÍ THƯ|THỦ TƯỚNG|ỦY VIÊN|THƯ KÝ|HIỆU TRƯỞNG|CHÁNH THANH TRA)/u;
const SIGNATURE_PREFIX = /^(KT|TM|TL|TUQ|UQ|Q)\s*\./u;
const SIGNATURE_NOISE = /^[([]?\s*(đã ký|Đã ký|ĐÃ KÝ|ký|Ký)[^)\]]*[)\]]?$|^\(?(Ký tên|ký tên|Chữ ký)[^)]*\)?$|^\(?(Ký|ký) và đóng dấu\)?$/u;
const PERSON_NAME = /^\p{Lu}[\p{Ll}\p{M}]*(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,5}$/u;
const PERSON_NAME_CAPS = /^\p{Lu}+(?:\s+\p{Lu}+){1,5}$/u;

function isSignatureTitle(line: string): boolean {
  return line.length <= 80 && isAllCaps(line) && (SIGNATURE_PREFIX.test(line) || SIGNATURE_TITLE.test(line));
}

function isPersonName(line: string): boolean {
  if (line.length > 40 || /\d/u.test(line)) return false;
  if (PERSON_NAME.test(line)) return !NOT_A_NAME.test(line);
  return PERSON_NAME_CAPS.test(line) && !SIGNATURE_TITLE.test(line) && !SIGNATURE_PREFIX.test(line);
}

/** The signer's name: the name line after the last run of signature titles ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"). */
function parseSigner(lines: readonly Line[]): string | undefined {
  const blocks: Array<{ titleIndex: number; name: string }> = [];
  for (let index = 0; index < lines.length; index++) {
    if (!isSignatureTitle(lines[index]?.text ?? "")) continue;
    if (index > 0 && isSignatureTitle(lines[index - 1]?.text ?? "")) continue;
    let next = index + 1;
    while (next < lines.length && (isSignatureTitle(lines[next]?.text ?? "") || SIGNATURE_NOISE.test(lines[next]?.text ?? ""))) next++;
    const candidate = lines[next]?.text;
    if (candidate !== undefined && isPersonName(candidate)) blocks.push({ titleIndex: index, name: candidate });
  }
  if (blocks.length === 0) return undefined;
  const closing = lines.findIndex((line) => CLOSING_LINE.test(line.text));
  if (closing >= 0) {
    const near = blocks.filter((block) => block.titleIndex >= closing - 10);
    near.sort((a, b) => Math.abs(a.titleIndex - closing) - Math.abs(b.titleIndex - closing));
    if (near[0]) return near[0].name;
  }
  return blocks[blocks.length - 1]?.name;
}

// ---------------------------------------------------------------------------

function findTypeLine(lines: readonly Line[], limit: number): { index: number; type: string; rest: string } | undefined {
  for (let index = 0; index < limit; index++) {
    const text = lines[index]?.text ?? "";
    for (const type of TYPE_LINES) {
      if (!text.startsWith(type)) continue;
      const rest = text.slice(type.length);
      // "GIẤY PHÉP, VẬN CHUYỂN HÀNG HÓA NGUY HIỂM": a table's cells joined by the loader, the title in capitals.
      const joinedCells = /^,\s+\p{Lu}/u.test(rest) && isAllCaps(rest);
      if (rest !== "" && !/^[\s:]/u.test(rest) && !joinedCells) continue;
      const trimmed = stripTrailingSeparator(rest.replace(/^[\s:,]+/u, ""));
      // "THÔNG BÁO kết luận" in lower case is a sentence, not a type line.
      if (LOWER_CASE_START.test(trimmed)) continue;
      return { index, type, rest: trimmed };
    }
  }
  return undefined;
}

/**
 * Header fields of a clean document. Every field is optional: a field is left
 * out rather than guessed when no rule finds it.
 */
export function parseHeader(text: string, options: ParseHeaderOptions = {}): DocumentMeta {
  const lines = headerLinesOf(text);
  const meta: DocumentMeta = {};

  // The header zone ends at the first body line (or a section heading).
  let zoneEnd = Math.min(lines.length, HEADER_LINES);
  for (let index = 0; index < zoneEnd; index++) {
    const line = lines[index]?.text ?? "";
    const heading = detectHeading(line);
    if (BODY_START.test(line) || line.length > MAX_HEADER_LINE_CHARS || (heading && heading.kind !== "closing" && heading.kind !== "appendix")) {
      zoneEnd = index;
      break;
    }
  }

  const typeLine = findTypeLine(lines, zoneEnd);
  let numberLineIndex: number | undefined;
  let parsedNumber: ParsedNumber | undefined;
  let dateLine: DateLine | undefined;
  let dateLineIndex: number | undefined;
  const numberZone = typeLine ? typeLine.index + 1 : zoneEnd;
  for (let index = 0; index < numberZone; index++) {
    const line = lines[index]?.text ?? "";
    if (!parsedNumber) {
      const number = parseNumberLine(withCodeContinuation(lines, index));
      if (number) {
        parsedNumber = number;
        numberLineIndex = index;
      }
    }
    if (!dateLine) {
      const date = parseDateLine(line);
      if (date) {
        dateLine = date;
        dateLineIndex = index;
      }
    }
  }

  // Issuer lines: above the first of number, date and type lines.
  const issuerEnd = Math.min(numberLineIndex ?? Infinity, dateLineIndex ?? Infinity, typeLine?.index ?? Infinity, zoneEnd);
  const headerIssuer = parseIssuerLines(lines.slice(0, Number.isFinite(issuerEnd) ? issuerEnd : 0).map((line) => line.text));
  // A merged line "UBND TỈNH X Số: 12/KH-UBND" carries the issuer before "Số".
  if (!headerIssuer.issuer && numberLineIndex !== undefined) {
    const before = (lines[numberLineIndex]?.text ?? "").split(/\sSố\s*:/u)[0] ?? "";
    if (before !== lines[numberLineIndex]?.text) Object.assign(headerIssuer, parseIssuerLines([before]));
  }

  // Type and title.
  let type = typeLine?.type;
  if (typeLine) {
    const following = collectTitleLines(lines, typeLine.index + 1, typeLine.rest !== "");
    const title = titleFromTypeLine(typeLine.type, typeLine.rest, following);
    if (title) meta.title = title;
  }
  if (!type && parsedNumber?.typeCode) type = DOCUMENT_TYPE_BY_CODE.get(parsedNumber.typeCode)?.name;
  // "V/v …" under the number is the subject line of an official letter (Decree 30/2020/NĐ-CP, Appendix I):
  // without a type line or a type code the document is a letter, whatever laws its body quotes ("Luật này").
  const subjectLine = lines.slice(0, zoneEnd + 3).find((line) => /^(V\/v|V\/V)\s+\S/u.test(line.text));
  if (!type && subjectLine) type = DOCUMENT_TYPE_BY_CODE.get("CV")?.name;
  if (!meta.title) {
    const subject = subjectLine ?? lines.slice(0, zoneEnd + 3).find((line) => /^Về việc\s+\S/u.test(line.text));
    if (subject) meta.title = subject.text.replace(/^(V\/v|V\/V)\s*/u, "Về việc ");
  }

  const paragraphs = lines.slice(typeLine ? typeLine.index + 1 : 0).map((line) => line.text);
  const bodyStart = paragraphs.slice(0, 15);
  // The intro often follows the last "Căn cứ …;" in the same paragraph: try every clause start.
  const introClauses = bodyStart.flatMap((paragraph) => paragraph.split(CLAUSE_BREAK));
  const intro = introClauses.map(parseIntroSentence).find((sentence) => sentence !== undefined);
  if (!type) type = intro?.type ?? typeFromSelfReference(text) ?? typeFromSource(options.source);
  if (!meta.title && intro?.title) meta.title = intro.title;
  if (type) meta.type = type;
  if (parsedNumber) meta.number = parsedNumber.number;

  // Place, date, province.
  if (dateLine) {
    if (dateLine.place) meta.place = dateLine.place;
    if (dateLine.date) meta.date = dateLine.date;
  } else if (typeEntry(type)?.namedAct) {
    // Acts of the National Assembly carry their date at the end: "… thông qua ngày 13 tháng 11 năm 2020".
    const adopted = /thông qua ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)/u.exec(text.slice(-3000));
    if (adopted) meta.date = isoDate({ year: Number(adopted[3]), month: Number(adopted[2]), day: Number(adopted[1]) });
  }

  let issuer = headerIssuer.issuer ?? typeEntry(type)?.issuer;
  const isCentral = (name: string | undefined) => name !== undefined && CENTRAL_ISSUER.test(name);
  const issuerCode = parsedNumber?.issuerCode?.replace(/\d+$/u, "");
  const codedIssuer = issuerCode ? ISSUER_CODES[issuerCode] : undefined;
  const central =
    isCentral(issuer) ||
    Boolean(typeEntry(type)?.central) ||
    (issuer === undefined && codedIssuer !== undefined && !codedIssuer.local);
  let province = headerIssuer.province;
  if (!province && dateLine?.place && !central) province = resolveProvince(dateLine.place);
  // A body under a ministry ("BỘ CÔNG THƯƠNG" over "CỤC HÓA CHẤT") belongs to no province its text mentions most.
  if (!province && !central && !headerIssuer.underCentral) province = dominantProvince(text);
  if (province) meta.province = province.name;

  if (!issuer && codedIssuer) issuer = codedIssuer.local ? localIssuer(codedIssuer.name, province) : codedIssuer.name;
  if (!issuer && intro) issuer = agencyWithProvince(intro.agency, province);
  if (!issuer) {
    const lastParagraphs = paragraphs.slice(-40);
    const closingIntro = lastParagraphs.map(parseIntroSentence).find((sentence) => sentence !== undefined);
    if (closingIntro) issuer = agencyWithProvince(closingIntro.agency, province);
  }
  if (!issuer) {
    // A notice of the chairman's conclusions is issued on behalf of the provincial People's Committee.
    const opening = [meta.title ?? "", ...bodyStart.slice(0, 5)].join("\n");
    const chair = /Chủ tịch (?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (tỉnh|thành phố)(?![\p{L}\p{N}])/u.exec(opening);
    if (chair && province) issuer = `UBND ${province.kind} ${province.name}`;
  }
  if (issuer) meta.issuer = issuer;

  // Meeting date, year, signer.
  const meetingDate = parseMeetingDate(bodyStart);
  if (meetingDate) meta.meetingDate = meetingDate;
  const titleYear = meta.title ? /(?<!\d)((?:19|20)\d\d)(?!\d)(?!.*(?<!\d)(?:19|20)\d\d(?!\d))/u.exec(meta.title)?.[1] : undefined;
  const year =
    dateLine?.year ??
    parsedNumber?.year ??
    (meetingDate ? Number(meetingDate.slice(0, 4)) : undefined) ??
    (meta.date ? Number(meta.date.slice(0, 4)) : undefined) ??
    (titleYear ? Number(titleYear) : undefined);
  if (year !== undefined) meta.year = year;
  const signer = parseSigner(lines);
  if (signer) meta.signer = signer;
  return meta;
}

