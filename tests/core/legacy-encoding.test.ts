import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeTcvn3,
  decodeVni,
  detectLegacyEncoding,
  encodeTcvn3,
  encodeVni,
  isVietnameseSyllable,
  legacyEncodingOfFont,
} from "../../core/legacy-encoding.js";

// Real sentences of Vietnamese directives, as TCVN3 (.VnTime) and VNI (VNI-Times) text reads
// through cp1252: the mojibake a reader sees when the font is missing.
const tcvn3Sentences: Array<[string, string]> = [
  ["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"],
  ["§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"],
  ["Th«ng b¸o kÕt luËn cña Chñ tÞch UBND tØnh", "Thông báo kết luận của Chủ tịch UBND tỉnh"],
  ["Së Néi vô hoµn thµnh viÖc nép hå s¬ vÒ Bé Néi vô tr\u00adíc ngµy 30/6/2024.", "Sở Nội vụ hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024."],
  ["Uû ban nh©n d©n tØnh giao Së Tµi chÝnh chñ tr×, phèi hîp", "Uỷ ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp"],
  ["§¬n vÞ hµnh chÝnh cÊp x· ¨n khíp, ®Èy m¹nh, kh¾c phôc, quyÕt ®Þnh", "Đơn vị hành chính cấp xã ăn khớp, đẩy mạnh, khắc phục, quyết định"],
  ["ngõng, nh÷ng, th\u00adëng, ý kiÕn, kü thuËt, tû lÖ, hîp t¸c, mü thuËt", "ngừng, những, thưởng, ý kiến, kỹ thuật, tỷ lệ, hợp tác, mỹ thuật"],
];

const vniSentences: Array<[string, string]> = [
  ["Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"],
  ["Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"],
  ["COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
  ["Sôû Noäi vuï phaûi hoaøn thaønh vieäc saép xeáp ñôn vò haønh chính caáp xaõ tröôùc ngaøy 30/6/2024.", "Sở Nội vụ phải hoàn thành việc sắp xếp đơn vị hành chính cấp xã trước ngày 30/6/2024."],
  ["Giao Sôû Xaây döïng tham möu UÛy ban nhaân daân tænh ñieàu chænh quy hoaïch", "Giao Sở Xây dựng tham mưu Ủy ban nhân dân tỉnh điều chỉnh quy hoạch"],
  ["ngöôøi, ñöôøng, khuyeán khích, giöôøng, quyù III, ẳ→aú, ẵ→aü, ỵ→î", "người, đường, khuyến khích, giường, quý III, ẳ→ẳ, ẵ→ẵ, ỵ→ỵ"],
];

describe("TCVN3 (ABC, .VnTime)", () => {
  it.each(tcvn3Sentences)("decodes %j", (legacy, unicode) => {
    expect(decodeTcvn3(legacy)).toBe(unicode);
  });

  it.each(tcvn3Sentences)("encodes back to %j", (legacy, unicode) => {
    expect(encodeTcvn3(unicode)).toBe(legacy);
  });

  it("reads text set in a capitals font (.VnTimeH) as capitals", () => {
    expect(decodeTcvn3("céng hoµ x· héi chñ nghÜa viÖt nam", { capitals: true })).toBe("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  });

  it("round-trips every lower-case Vietnamese letter", () => {
    const letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
    expect(decodeTcvn3(encodeTcvn3(letters))).toBe(letters);
    expect(encodeTcvn3(letters)).not.toBe(letters);
  });
});

describe("VNI (VNI-Times)", () => {
  it.each(vniSentences)("decodes %j", (legacy, unicode) => {
    expect(decodeVni(legacy)).toBe(unicode);
  });

  it.each(vniSentences.slice(0, 5))("encodes back to %j", (legacy, unicode) => {
    expect(encodeVni(unicode)).toBe(legacy);
  });

  it("round-trips every Vietnamese letter, both cases", () => {
    const lower = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
    for (const letters of [lower, lower.toUpperCase()]) {
      expect(decodeVni(encodeVni(letters.split("").join(" "))).split(" ").join("")).toBe(letters);
    }
  });

  it("round-trips any text made of Vietnamese syllables", () => {
    const syllable = fc.constantFrom("Sở", "Nội", "vụ", "người", "đường", "quyết", "định", "khuyến", "giường", "Ủy", "ĐỘC", "LẬP", "tỷ", "hoà", "hòa", "ngày", "30/6/2024", "(ĐVHC)");
    fc.assert(
      fc.property(fc.array(syllable, { minLength: 1, maxLength: 20 }), (words) => {
        const text = words.join(" ");
        expect(decodeVni(encodeVni(text))).toBe(text);
      }),
    );
  });
});

describe("detectLegacyEncoding", () => {
  it.each([
    [tcvn3Sentences.map(([legacy]) => legacy).join(" "), "tcvn3"],
    [vniSentences.map(([legacy]) => legacy).join(" "), "vni"],
    [encodeTcvn3("Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan tham mưu"), "tcvn3"],
    [encodeVni("Giao Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan tham mưu"), "vni"],
  ])("recognizes %j as %s", (text, encoding) => {
    expect(detectLegacyEncoding(text)?.encoding).toBe(encoding);
  });

  it.each([
    ["Unicode Vietnamese", tcvn3Sentences.map(([, unicode]) => unicode).join(" ")],
    ["Unicode Vietnamese in capitals", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ĐỘC LẬP TỰ DO HẠNH PHÚC"],
    ["English", "The Department of Home Affairs shall complete the dossier before 30 June 2024."],
    ["French in cp1252", "Le comité a décidé que l'élève présentera son mémoire à la fin de l'été, après les vacances."],
    ["too little text", "Th«ng b¸o"],
    ["numbers and symbols", "12/KH-UBND ± 3 × 4 ÷ 2 © 2024 — § 5"],
  ])("leaves %s alone", (_name, text) => {
    expect(detectLegacyEncoding(text)).toBeUndefined();
  });
});

describe("legacyEncodingOfFont", () => {
  it.each([
    [".VnTime", { encoding: "tcvn3", capitals: false }],
    [".VnTimeH", { encoding: "tcvn3", capitals: true }],
    [".VnArial NarrowH", { encoding: "tcvn3", capitals: true }],
    [".VnArial", { encoding: "tcvn3", capitals: false }],
    ["VNI-Times", { encoding: "vni", capitals: false }],
    ["VNI-Helve", { encoding: "vni", capitals: false }],
    ["Times New Roman", undefined],
    ["Vni", undefined],
    [undefined, undefined],
  ])("%s -> %j", (font, expected) => {
    expect(legacyEncodingOfFont(font)).toEqual(expected);
  });
});

describe("isVietnameseSyllable", () => {
  it.each([
    ["nghiêng", true],
    ["người", true],
    ["khuyến", true],
    ["quốc", true],
    ["Hòa", true],
    ["hoà", true],
    ["office", true],
    ["Th«ng", false],
    ["b¸o", false],
    ["Vieät", false],
    ["hoøa", false],
    ["ăngk", false],
    ["ấắ", false],
  ])("%s -> %s", (word, expected) => {
    expect(isVietnameseSyllable(word)).toBe(expected);
  });
});
