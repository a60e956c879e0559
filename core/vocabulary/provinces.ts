/**
 * Vietnam's provinces and centrally-run cities: the 63 units in place before
 * the 2025 reorganization and the 34 units in place from 1 July 2025
 * (Resolution 202/2025/QH15), plus Huế, which became a centrally-run city on
 * 1 January 2025. The one list of provinces: the ingest tags documents with it
 * (ingest/parse/provinces.ts) and query analysis spots province names in
 * questions with it (server/retrieve/query/find-provinces.ts).
 *
 * Matching is done on syllables, so tone placement (Hoà/Hòa), NFC/NFD,
 * hyphens ("Bà Rịa-Vũng Tàu") and upper case ("UBND TỈNH BẮC GIANG") do not
 * matter; text typed without diacritics ("bac giang") is matched on folded
 * syllables.
 */
import { foldTerm } from "../vietnamese.js";


/** "tỉnh" (province) or "thành phố" (centrally-run city). */
export type ProvinceKind = "tỉnh" | "thành phố";

/**
 * When the bare name may mean something else:
 * - "capital": it is also an ordinary phrase (hòa bình = peace), so the name
 *   counts only when each syllable is capitalized or a prefix precedes it;
 * - "prefix": it is also a person's name (Hồ Chí Minh), so it counts only after
 *   "tỉnh"/"thành phố"/"TP." or in an unambiguous alias (TP.HCM).
 */
export type NameAmbiguity = "capital" | "prefix";

export type Province = {
  /** Name without the "tỉnh"/"thành phố" prefix, e.g. "Bắc Giang". */
  name: string;
  kind: ProvinceKind;
  /** One of the 63 units before the 2025 reorganization. */
  before2025: boolean;
  /** One of the 34 units from 1 July 2025. */
  after2025: boolean;
  /** For a unit merged in 2025: the name of the unit it became part of. */
  mergedInto?: string;
  /** For a unit renamed without a change of territory (Thừa Thiên Huế -> Huế): its current name. */
  sameAs?: string;
  /** Other spellings seen in documents (old spellings, abbreviations). */
  aliases: readonly string[];
  /** How the bare name may be misread in text with diacritics. */
  ambiguity?: NameAmbiguity;
  /** How the bare name may be misread in text typed without diacritics. */
  foldedAmbiguity?: NameAmbiguity;
  /** Full forms: "tỉnh Bắc Giang" / "thành phố Hà Nội". */
  forms: readonly string[];
  /** Folded (no diacritics, lower case) name and full forms: "bac giang", "tinh bac giang". */
  foldedForms: readonly string[];
};

type ProvinceSeed = Omit<Province, "forms" | "foldedForms" | "aliases"> & { aliases?: readonly string[] };

const PROVINCE_SEEDS: readonly ProvinceSeed[] = [
  // Centrally-run cities.
  { name: "Hà Nội", kind: "thành phố", before2025: true, after2025: true, aliases: ["Ha Noi", "Hanoi", "thủ đô Hà Nội"] },
  {
    name: "Hồ Chí Minh",
    kind: "thành phố",
    before2025: true,
    after2025: true,
    aliases: ["TP.HCM", "TPHCM", "TP HCM", "HCMC", "Ho Chi Minh City", "Sài Gòn", "Saigon"],
    ambiguity: "prefix",
    foldedAmbiguity: "prefix",
  },
  { name: "Hải Phòng", kind: "thành phố", before2025: true, after2025: true, aliases: ["Haiphong"] },
  { name: "Đà Nẵng", kind: "thành phố", before2025: true, after2025: true, aliases: ["Danang"] },
  { name: "Cần Thơ", kind: "thành phố", before2025: true, after2025: true },
  { name: "Huế", kind: "thành phố", before2025: false, after2025: true, foldedAmbiguity: "prefix" },
  // Provinces that existed before 2025.
  { name: "An Giang", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Bà Rịa - Vũng Tàu", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hồ Chí Minh", aliases: ["Bà Rịa Vũng Tàu", "BR-VT", "Vũng Tàu"] },
  { name: "Bắc Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Bắc Ninh" },
  { name: "Bắc Kạn", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Thái Nguyên", aliases: ["Bắc Cạn"] },
  { name: "Bạc Liêu", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Cà Mau" },
  { name: "Bắc Ninh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Bến Tre", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Vĩnh Long" },
  { name: "Bình Định", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Gia Lai", ambiguity: "capital" },
  { name: "Bình Dương", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hồ Chí Minh" },
  { name: "Bình Phước", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đồng Nai" },
  { name: "Bình Thuận", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Lâm Đồng" },
  { name: "Cà Mau", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Cao Bằng", kind: "tỉnh", before2025: true, after2025: true, ambiguity: "capital" },
  { name: "Đắk Lắk", kind: "tỉnh", before2025: true, after2025: true, aliases: ["Đắc Lắc", "Đăk Lăk", "Đắk Lăk", "Daklak", "Dak Lak"] },
  { name: "Đắk Nông", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Lâm Đồng", aliases: ["Đắc Nông", "Đăk Nông", "Daknong", "Dak Nong"] },
  { name: "Điện Biên", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Đồng Nai", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Đồng Tháp", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Gia Lai", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Hà Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Tuyên Quang" },
  { name: "Hà Nam", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Ninh Bình" },
  { name: "Hà Tĩnh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Hải Dương", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hải Phòng", ambiguity: "capital", foldedAmbiguity: "prefix" },
  { name: "Hậu Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Cần Thơ" },
  { name: "Hòa Bình", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Phú Thọ", ambiguity: "capital", foldedAmbiguity: "prefix" },
  { name: "Hưng Yên", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Khánh Hòa", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Kiên Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "An Giang" },
  { name: "Kon Tum", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Quảng Ngãi", aliases: ["Kontum"] },
  { name: "Lai Châu", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Lâm Đồng", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Lạng Sơn", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Lào Cai", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Long An", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Tây Ninh" },
  { name: "Nam Định", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Ninh Bình", foldedAmbiguity: "prefix" },
  { name: "Nghệ An", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Ninh Bình", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Ninh Thuận", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Khánh Hòa" },
  { name: "Phú Thọ", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Phú Yên", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đắk Lắk" },
  { name: "Quảng Bình", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Quảng Trị" },
  { name: "Quảng Nam", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đà Nẵng" },
  { name: "Quảng Ngãi", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Quảng Ninh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Quảng Trị", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Sóc Trăng", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Cần Thơ" },
  { name: "Sơn La", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Tây Ninh", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Thái Bình", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Hưng Yên", ambiguity: "capital", foldedAmbiguity: "prefix" },
  { name: "Thái Nguyên", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Thanh Hóa", kind: "tỉnh", before2025: true, after2025: true },
  // Became the centrally-run city of Huế on 1 January 2025.
  { name: "Thừa Thiên Huế", kind: "tỉnh", before2025: true, after2025: false, sameAs: "Huế", aliases: ["Thừa Thiên - Huế"] },
  { name: "Tiền Giang", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Đồng Tháp" },
  { name: "Trà Vinh", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Vĩnh Long" },
  { name: "Tuyên Quang", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Vĩnh Long", kind: "tỉnh", before2025: true, after2025: true },
  { name: "Vĩnh Phúc", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Phú Thọ" },
  { name: "Yên Bái", kind: "tỉnh", before2025: true, after2025: false, mergedInto: "Lào Cai" },
];

/** Folded syllables of a phrase, space-separated ("Bà Rịa - Vũng Tàu" -> "ba ria vung tau"). */
function foldPhrase(phrase: string): string {
  return (phrase.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map((syllable) => foldTerm(syllable)).join(" ");
}

/** Every province and centrally-run city, old and new (64 names: 63 before 2025, 34 after, Huế in both eras' sense). */
export const PROVINCES: readonly Province[] = PROVINCE_SEEDS.map((seed) => {
  const forms = [`${seed.kind} ${seed.name}`];
  const aliases = seed.aliases ?? [];
  const foldedForms = [...new Set([seed.name, ...forms, ...aliases].map(foldPhrase))];
  return { ...seed, aliases, forms, foldedForms };
});

/** Names of every known province/city (old and new), for query analysis. */
export const PROVINCE_NAMES: readonly string[] = PROVINCES.map((province) => province.name);

