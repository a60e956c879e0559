import { describe, expect, it } from "vitest";
import { findUnits } from "../../../ingest/parse/find-units.js";

describe("findUnits", () => {
  it.each<[string, Array<[name: string, written: string]>]>([
    [
      "Giao Sở Kế hoạch\nvà   Đầu tư chủ trì, phối hợp với Sở KH&ĐT, Sở KH & ĐT và so ke hoach va dau tu",
      [
        ["Sở Kế hoạch và Đầu tư", "Sở Kế hoạch\nvà   Đầu tư"],
        ["Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"],
        ["Sở Kế hoạch và Đầu tư", "Sở KH & ĐT"],
        ["Sở Kế hoạch và Đầu tư", "so ke hoach va dau tu"],
      ],
    ],
    [
      // A pattern's words may run together where it allows it ("hoach ?va", "vp ?ubnd").
      "Sở Kế hoạchvà Đầu tư; UBND tỉnh, Ủy ban nhân dân cấp tỉnh, VP UBND tỉnh, VPUBND tỉnh",
      [
        ["Sở Kế hoạch và Đầu tư", "Sở Kế hoạchvà Đầu tư"],
        ["UBND tỉnh", "UBND tỉnh"],
        ["UBND tỉnh", "Ủy ban nhân dân cấp tỉnh"],
        ["Văn phòng UBND tỉnh", "VP UBND tỉnh"],
        ["Văn phòng UBND tỉnh", "VPUBND tỉnh"],
      ],
    ],
    ["Chủ tịch UBND tỉnh giao Giám đốc Sở Nội vụ; đề nghị Văn phòng UBND tỉnh theo dõi", [["Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"]]],
    [
      "UBND huyện Lục Nam, UBND các huyện, thành phố và các sở, ban, ngành có liên quan",
      [
        ["UBND huyện Lục Nam", "UBND huyện Lục Nam"],
        ["UBND các huyện, thành phố", "UBND các huyện, thành phố"],
        ["Các sở, ban, ngành có liên quan", "các sở, ban, ngành có liên quan"],
      ],
    ],
    [
      "Trung tâm Dịch vụ việc làm tỉnh phối hợp với Ban Quản lý các khu công nghiệp thực hiện",
      [
        ["Trung tâm Dịch vụ việc làm tỉnh", "Trung tâm Dịch vụ việc làm tỉnh"],
        ["Ban Quản lý các khu công nghiệp", "Ban Quản lý các khu công nghiệp"],
      ],
    ],
    [
      "Kho bạc Nhà nước tỉnh, Bộ Y tế, Sở Y tế, Sở Lao động - Thương binh và Xã hội",
      [
        ["Kho bạc Nhà nước tỉnh", "Kho bạc Nhà nước tỉnh"],
        ["Bộ Y tế", "Bộ Y tế"],
        ["Sở Y tế", "Sở Y tế"],
        ["Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"],
      ],
    ],
    // A name starts a word: not after a letter or a digit, whatever the script.
    ["xSở Nội vụ, 1Sở Tư pháp, ösở tài chính, Sở\u00a0Xây dựng", [["Sở Xây dựng", "Sở\u00a0Xây dựng"]]],
  ])("%j", (text, expected) => {
    expect(findUnits(text).map((unit) => [unit.name, text.slice(unit.start, unit.end)])).toEqual(expected);
  });
});
