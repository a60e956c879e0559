/**
 * Vietnamese provinces and centrally-run cities (the 63 before the 2025
 * merger; the 34 after it are a subset of these names, with Huế now a city),
 * kept here so query analysis does not depend on ingest. `names` are other
 * spellings, with or without diacritics, in English or abbreviated.
 * `guarded` names are also ordinary words ("hòa bình" = peace, "cao bằng" =
 * as high as, "tư tưởng Hồ Chí Minh"): they only count as a province when
 * capitalized or next to "tỉnh"/"province" ("capitalized"), or only next to
 * "thành phố"/"TP"/"city" ("marker").
 */
export type ProvinceEntry = {
  name: string;
  names?: readonly string[];
  guarded?: ReadonlyArray<{ text: string; guard: "capitalized" | "marker" }>;
};

export const VIETNAM_PROVINCES: readonly ProvinceEntry[] = [
  { name: "Hà Nội", names: ["Ha Noi", "Hanoi", "TP Hà Nội", "thủ đô Hà Nội"] },
  {
    name: "Hồ Chí Minh",
    names: ["TP Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM", "TPHCM", "TP HCM", "HCMC", "Ho Chi Minh City", "Sài Gòn", "Saigon"],
    guarded: [{ text: "Hồ Chí Minh", guard: "marker" }],
  },
  { name: "Hải Phòng", names: ["Hai Phong", "Haiphong"] },
  { name: "Đà Nẵng", names: ["Da Nang", "Danang"] },
  { name: "Cần Thơ", names: ["Can Tho"] },
  { name: "Huế", names: ["Thừa Thiên Huế", "Thừa Thiên - Huế", "Thua Thien Hue", "Hue"] },
  { name: "An Giang" },
  { name: "Bà Rịa - Vũng Tàu", names: ["Bà Rịa Vũng Tàu", "Bà Rịa-Vũng Tàu", "Ba Ria Vung Tau", "BR-VT", "Vũng Tàu", "Vung Tau"] },
  { name: "Bạc Liêu" },
  { name: "Bắc Giang" },
  { name: "Bắc Kạn", names: ["Bắc Cạn"] },
  { name: "Bắc Ninh" },
  { name: "Bến Tre" },
  { name: "Bình Dương" },
  { name: "Bình Định", guarded: [{ text: "Bình Định", guard: "capitalized" }] },
  { name: "Bình Phước" },
  { name: "Bình Thuận" },
  { name: "Cà Mau" },
  { name: "Cao Bằng", guarded: [{ text: "Cao Bằng", guard: "capitalized" }] },
  { name: "Đắk Lắk", names: ["Đắc Lắc", "Dak Lak", "Daklak", "Đăk Lăk"] },
  { name: "Đắk Nông", names: ["Đắc Nông", "Dak Nong", "Đăk Nông"] },
  { name: "Điện Biên" },
  { name: "Đồng Nai" },
  { name: "Đồng Tháp" },
  { name: "Gia Lai" },
  { name: "Hà Giang" },
  { name: "Hà Nam" },
  { name: "Hà Tĩnh" },
  { name: "Hải Dương", guarded: [{ text: "Hải Dương", guard: "capitalized" }] },
  { name: "Hậu Giang" },
  { name: "Hòa Bình", guarded: [{ text: "Hòa Bình", guard: "capitalized" }] },
  { name: "Hưng Yên" },
  { name: "Khánh Hòa" },
  { name: "Kiên Giang" },
  { name: "Kon Tum", names: ["Kontum"] },
  { name: "Lai Châu" },
  { name: "Lâm Đồng" },
  { name: "Lạng Sơn" },
  { name: "Lào Cai" },
  { name: "Long An" },
  { name: "Nam Định" },
  { name: "Nghệ An" },
  { name: "Ninh Bình" },
  { name: "Ninh Thuận" },
  { name: "Phú Thọ" },
  { name: "Phú Yên" },
  { name: "Quảng Bình" },
  { name: "Quảng Nam" },
  { name: "Quảng Ngãi" },
  { name: "Quảng Ninh" },
  { name: "Quảng Trị" },
  { name: "Sóc Trăng" },
  { name: "Sơn La" },
  { name: "Tây Ninh" },
  { name: "Thái Bình", guarded: [{ text: "Thái Bình", guard: "capitalized" }] },
  { name: "Thái Nguyên" },
  { name: "Thanh Hóa" },
  { name: "Tiền Giang" },
  { name: "Trà Vinh" },
  { name: "Tuyên Quang" },
  { name: "Vĩnh Long" },
  { name: "Vĩnh Phúc" },
  { name: "Yên Bái" },
];
