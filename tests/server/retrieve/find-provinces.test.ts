import { describe, expect, it } from "vitest";
import { findAbsentProvinces, findProvinces } from "../../../server/retrieve/query/find-provinces.js";

const provincesIn = (question: string, knownProvinces?: readonly string[]) =>
  findProvinces(question, knownProvinces === undefined ? {} : { knownProvinces }).map((mention) => mention.province);

describe("findProvinces", () => {
  it.each([
    ["UBND tỉnh Bắc Giang", ["Bắc Giang"]],
    ["so noi vu bac giang", ["Bắc Giang"]],
    ["Bac Giang province", ["Bắc Giang"]],
    ["Under Bắc Giang's 2024 conclusion", ["Bắc Giang"]],
    ["Hưng Yên và Lạng Sơn", ["Hưng Yên", "Lạng Sơn"]],
    ["Bắc Giang, rồi lại Bắc Giang", ["Bắc Giang"]],
    ["tỉnh Thanh Hoá (cũ)", ["Thanh Hóa"]],
    ["thanh hoa", ["Thanh Hóa"]],
    ["Đắk Lắk và Dak Nong", ["Đắk Lắk", "Đắk Nông"]],
    ["Bà Rịa - Vũng Tàu", ["Bà Rịa - Vũng Tàu"]],
    ["in Hanoi and Ho Chi Minh City", ["Hà Nội", "Hồ Chí Minh"]],
    ["TP.HCM", ["Hồ Chí Minh"]],
    ["thành phố Hồ Chí Minh", ["Hồ Chí Minh"]],
    ["Thừa Thiên Huế", ["Huế"]],
    // ordinary words that are also province names
    ["giữ gìn hòa bình", []],
    ["Tỉnh Hòa Bình", ["Hòa Bình"]],
    ["tinh hoa binh", ["Hòa Bình"]],
    ["tư tưởng Hồ Chí Minh", []],
    ["mức lương cao bằng mức cũ", []],
    ["Cao Bằng có bao nhiêu xã", ["Cao Bằng"]],
    // a span typed with diacritics must carry the right ones
    ["năm định hướng", []],
    ["Nam Định", ["Nam Định"]],
    // word boundaries
    ["Bắc Giangxyz", []],
    ["Lạng Sơnn", []],
  ])("%s -> %j", (question, expected) => {
    expect(provincesIn(question)).toEqual(expected);
  });

  it("reports only known provinces, under their given names, with the built-in spellings of the same province", () => {
    const known = ["Bắc Giang", "Thừa Thiên Huế", "Tỉnh Lạng Sơn"];
    expect(provincesIn("bac giang, Huế, Lạng Sơn và Hưng Yên", known)).toEqual(["Bắc Giang", "Thừa Thiên Huế", "Tỉnh Lạng Sơn"]);
  });

  it("accepts an archive province the built-in list does not know", () => {
    expect(provincesIn("tinh Hà Tây cũ", ["Hà Tây"])).toEqual(["Hà Tây"]);
  });

  it("gives the span that named the province", () => {
    const question = "Sở Nội vụ bac giang";
    const [mention] = findProvinces(question);
    expect(question.slice(mention?.start, mention?.end)).toBe("bac giang");
  });

  it("names the provinces a question asks about that the archive does not hold", () => {
    const known = ["Bắc Giang", "Thừa Thiên Huế", "Lạng Sơn"];
    expect(findAbsentProvinces("What deadline did Thái Nguyên province set for the commune merger?", known)).toEqual(["Thái Nguyên"]);
    expect(findAbsentProvinces("so noi vu thai nguyen va bac giang", known)).toEqual(["Thái Nguyên"]);
    // Another spelling of a province the archive holds is not absent.
    expect(findAbsentProvinces("Sở Nội vụ Huế và Lạng Sơn", known)).toEqual([]);
    expect(findAbsentProvinces("Sở Nội vụ phải nộp hồ sơ trước ngày nào?", known)).toEqual([]);
    // Part of a longer name, unless marked as a province.
    expect(findAbsentProvinces("Hợp tác xuyên Thái Bình Dương và Sở Nội vụ Bắc Giang", known)).toEqual([]);
    expect(findAbsentProvinces("tỉnh Thái Bình Sở Nội vụ giao gì?", known)).toEqual(["Thái Bình"]);
    expect(findAbsentProvinces("What did the Thái Nguyên Department of Home Affairs decide?", known)).toEqual(["Thái Nguyên"]);
    expect(findAbsentProvinces("What is the Thái Nguyên Department’s deadline?", known)).toEqual(["Thái Nguyên"]);
  });
});
