import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Section } from "../../../core/types.js";
import { detectHeading, headingTextOf, parseSections, type HeadingKind } from "../../../ingest/parse/parse-sections.js";
import { listLaws, readLaw, readSeed } from "./seed-text.js";

function outline(sections: readonly Section[]): string[] {
  return sections.map((section) => `${"  ".repeat(section.level - 1)}${section.heading}`);
}

describe("detectHeading", () => {
  it.each<[string, HeadingKind | null]>([
    ["PHẦN I", "part"],
    ["Phần thứ hai", "part"],
    ["PHẦN THỨ NHẤT. NHỮNG QUY ĐỊNH CHUNG", "part"],
    ["Phần I của Kế hoạch này gồm các nội dung", null],
    ["Phần mềm quản lý văn bản", null],
    ["Chương II. NHỮNG QUY ĐỊNH CHUNG", "chapter"],
    ["CHƯƠNG 3", "chapter"],
    ["Chương trình công tác năm 2024", null],
    ["Mục 1. QUY ĐỊNH CHUNG", "division"],
    ["Mục đích của đánh giá viên chức để làm căn cứ bố trí", null],
    ["A. KẾT QUẢ THỰC HIỆN", "capitalLetter"],
    ["A. Kết quả thực hiện", null],
    ["I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KT-XH", "roman"],
    ["III. Nhiệm vụ trọng tâm thời gian tới", "roman"],
    ["IIII. Sai số La Mã", null],
    ["V/v báo cáo tình hình", null],
    ["Điều 5. Nguyên tắc cư trú", "article"],
    ["Điều 2. 1. Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam là nhà nước pháp quyền", "article"],
    ["Điều 1: Ban hành kèm theo Quyết định này Quy chế làm việc", "article"],
    ["Điều 5 của Luật này quy định", null],
    ["Khoản 2. Sửa đổi điểm a", "number"],
    ["1. Chú trọng nâng cao hơn nữa chất lượng công tác tác tham mưu", "number"],
    ["10. Các nhiệm vụ công tác khác", "number"],
    ["1.1. Cụ thể hóa mục tiêu, nhiệm vụ các nghị quyết", "decimal"],
    ["2.3 Thủ trưởng các cơ quan", "decimal"],
    ["2.3.1. Rà soát biên chế", "decimal3"],
    ["a) Các Sở, cơ quan thuộc UBND tỉnh", "letter"],
    ["đ) Sở Nội vụ làm việc với Sở Tài chính", "letter"],
    ["a) Họ, chữ đệm và tên khai sinh;", "letter"],
    ["f) không có trong bảng chữ cái tiếng Việt", null],
    ["- Lãnh đạo, công chức, viên chức của Sở cần nghiên cứu", null],
    ["+ Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", null],
    ["2024 là năm bản lề của nhiệm kỳ", null],
    ["2024. Năm bản lề", null],
    ["1.000 người tham dự hội nghị", null],
    ["1. về việc giao nhiệm vụ", null],
    ["19/02/2024, đồng chí Chủ tịch chủ trì", null],
    ["“1. Nội dung thông tin được thu thập, cập nhật gồm:", null],
    ["Nơi nhận:", "closing"],
    ["Nơi nhận hồ sơ là Bộ phận một cửa", null],
    ["PHỤ LỤC I", "appendix"],
    ["Phụ lục 2. Danh mục nhiệm vụ", "appendix"],
    ["Phụ lục chi tiết kèm theo Kế hoạch này.", null],
  ])("%j -> %s", (line, kind) => {
    expect(detectHeading(line)?.kind ?? null).toBe(kind);
  });
});

describe("headingTextOf", () => {
  it.each([
    ["1. Chú trọng nâng cao hơn nữa chất lượng công tác tham mưu", "1. Chú trọng nâng cao hơn nữa chất lượng công tác tham mưu"],
    [
      "5. Nghiên cứu tham mưu giải pháp nâng cao chất lượng cán bộ toàn tỉnh. Thực hiện công tác tuyển dụng, nâng ngạch công chức.",
      "5. Nghiên cứu tham mưu giải pháp nâng cao chất lượng cán bộ toàn tỉnh.",
    ],
    ["2. Quản lý có hiệu quả tổ chức bộ máy, biên chế: Tham mưu kiện toàn tổ chức", "2. Quản lý có hiệu quả tổ chức bộ máy, biên chế"],
    ["7. Giao các Sở, ngành chủ động thực hiện một số nhiệm vụ sau:", "7. Giao các Sở, ngành chủ động thực hiện một số nhiệm vụ sau:"],
    ["3. Họp tại TP. Hồ Chí Minh với các tỉnh. Sau đó", "3. Họp tại TP. Hồ Chí Minh với các tỉnh."],
    ["Điều 2. 1. Nhà nước là nhà nước pháp quyền. 2. Nước do Nhân dân làm chủ.", "Điều 2. 1. Nhà nước là nhà nước pháp quyền."],
  ])("%j", (line, expected) => {
    const candidate = detectHeading(line);
    expect(candidate).not.toBeNull();
    expect(headingTextOf(line, candidate ?? { rest: "" })).toBe(expected);
  });

  it("caps a long heading at a word boundary", () => {
    const line = `3. ${"Tập trung cao cho công tác cải cách hành chính, tham mưu ban hành các văn bản ".repeat(4)}`;
    const heading = headingTextOf(line, detectHeading(line) ?? { rest: "" });
    expect(heading.length).toBeLessThanOrEqual(160);
    expect(heading.endsWith("…")).toBe(true);
    expect(line.startsWith(heading.slice(0, -1))).toBe(true);
  });
});

describe("parseSections", () => {
  it("nests headings by the kinds in use and ends each section at the next sibling or higher heading", () => {
    const text = [
      "Mở đầu của văn bản.",
      "I. MỤC ĐÍCH, YÊU CẦU",
      "1. Mục đích",
      "1.1. Cụ thể hóa mục tiêu.",
      "1.2. Làm căn cứ đánh giá.",
      "2. Yêu cầu",
      "Nội dung yêu cầu.",
      "II. NHIỆM VỤ",
      "1. Nhiệm vụ chung",
      "a) Công tác tổ chức",
      "b) Công tác cán bộ",
      "Nơi nhận:",
      "- Như trên;",
    ].join("\n");
    const sections = parseSections(text);
    expect(outline(sections)).toEqual([
      "I. MỤC ĐÍCH, YÊU CẦU",
      "  1. Mục đích",
      "    1.1. Cụ thể hóa mục tiêu.",
      "    1.2. Làm căn cứ đánh giá.",
      "  2. Yêu cầu",
      "II. NHIỆM VỤ",
      "  1. Nhiệm vụ chung",
      "    a) Công tác tổ chức",
      "    b) Công tác cán bộ",
      "Nơi nhận",
    ]);
    const byHeading = new Map(sections.map((section) => [section.heading, section]));
    expect(byHeading.get("I. MỤC ĐÍCH, YÊU CẦU")?.end).toBe(text.indexOf("II. NHIỆM VỤ"));
    expect(byHeading.get("2. Yêu cầu")?.end).toBe(text.indexOf("II. NHIỆM VỤ"));
    expect(byHeading.get("b) Công tác cán bộ")?.end).toBe(text.indexOf("Nơi nhận"));
    expect(byHeading.get("Nơi nhận")?.end).toBe(text.length);
    expect(byHeading.get("a) Công tác tổ chức")?.path).toEqual(["II. NHIỆM VỤ", "1. Nhiệm vụ chung", "a) Công tác tổ chức"]);
  });

  it("keeps a numbered list inside a lettered item out of the tree", () => {
    const text = ["1. Giao các Sở thực hiện:", "a) Các Sở rà soát:", "1. Biên chế", "2. Vị trí việc làm", "b) Sở Tài chính bố trí kinh phí.", "2. Về các kiến nghị"].join("\n");
    expect(outline(parseSections(text))).toEqual(["1. Giao các Sở thực hiện:", "  a) Các Sở rà soát:", "  b) Sở Tài chính bố trí kinh phí.", "2. Về các kiến nghị"]);
  });

  it("does not take a line that continues a sentence for a heading", () => {
    const text = ["1. Tổ chức thực hiện", "Thực hiện theo quy định tại khoản", "2. Điều 5 của Luật Cán bộ, công chức.", "2. Kinh phí"].join("\n");
    expect(outline(parseSections(text))).toEqual(["1. Tổ chức thực hiện", "2. Kinh phí"]);
  });

  it("does not take a jump in numbering for a heading", () => {
    const text = ["1. Một", "2. Hai", "9. Chín người tham dự", "3. Ba"].join("\n");
    expect(outline(parseSections(text))).toEqual(["1. Một", "2. Hai", "3. Ba"]);
  });

  it("restarts numbering under a new parent and tolerates a skipped roman numeral", () => {
    const text = ["I. Đánh giá", "1. Ưu điểm", "2. Hạn chế", "III. Nhiệm vụ", "1. Nhiệm vụ chung"].join("\n");
    expect(parseSections(text).map((section) => [section.heading, section.level])).toEqual([
      ["I. Đánh giá", 1],
      ["1. Ưu điểm", 2],
      ["2. Hạn chế", 2],
      ["III. Nhiệm vụ", 1],
      ["1. Nhiệm vụ chung", 2],
    ]);
  });

  it("takes the title of a bare part or chapter from the next line", () => {
    const text = ["PHẦN I", "Đánh giá kết quả thực hiện nhiệm vụ năm 2021", "I. KẾT QUẢ", "Phần thứ hai", "QUYỀN SỞ HỮU", "Điều 158. Quyền sở hữu"].join("\n");
    expect(outline(parseSections(text))).toEqual([
      "PHẦN I. Đánh giá kết quả thực hiện nhiệm vụ năm 2021",
      "  I. KẾT QUẢ",
      "Phần thứ hai. QUYỀN SỞ HỮU",
      "  Điều 158. Quyền sở hữu",
    ]);
  });

  it("puts clauses and points under their article", () => {
    const text = ["LUẬT CƯ TRÚ", "Điều 1. Phạm vi điều chỉnh", "Luật này quy định …", "Điều 2. Giải thích từ ngữ", "1. Chỗ ở hợp pháp là nơi sinh sống.", "a) Nhà ở;", "b) Tàu, thuyền;", "2. Cư trú là việc sinh sống.", "Điều 3. Nguyên tắc"].join(
      "\n",
    );
    expect(outline(parseSections(text))).toEqual([
      "Điều 1. Phạm vi điều chỉnh",
      "Điều 2. Giải thích từ ngữ",
      "  1. Chỗ ở hợp pháp là nơi sinh sống.",
      "    a) Nhà ở;",
      "    b) Tàu, thuyền;",
      "  2. Cư trú là việc sinh sống.",
      "Điều 3. Nguyên tắc",
    ]);
  });

  it("ignores quoted amendments and out-of-order article numbers", () => {
    const text = ["Điều 38. Sửa đổi luật khác", "1. Sửa đổi khoản 1 Điều 9 như sau:", "“1. Nội dung thông tin gồm:", "Điều 9. Quy định trích dẫn", "Điều 39. Hiệu lực thi hành"].join("\n");
    expect(outline(parseSections(text))).toEqual(["Điều 38. Sửa đổi luật khác", "  1. Sửa đổi khoản 1 Điều 9 như sau:", "Điều 39. Hiệu lực thi hành"]);
  });

  it("reads the outline of seed 000 (numbered items, lettered sub-items, bullets kept inside)", () => {
    const sections = parseSections(readSeed("000_492514bbfbcde4f8.txt"));
    const top = sections.filter((section) => section.level === 1).map((section) => section.heading.split(" ")[0]);
    expect(top).toEqual(["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "Nơi"]);
    const under7 = sections.filter((section) => section.path[0]?.startsWith("7.") && section.level === 2).map((section) => section.heading.slice(0, 2));
    expect(under7).toEqual(["a)", "b)", "c)", "d)", "đ)"]);
    const under8 = sections.filter((section) => section.path[0]?.startsWith("8.") && section.level === 2).map((section) => section.heading.slice(0, 2));
    expect(under8).toEqual(["a)", "b)", "c)", "d)", "đ)", "e)"]);
    expect(sections.some((section) => section.heading.startsWith("-"))).toBe(false);
  });

  it.each([
    ["001_02132e011992bfae.txt", ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "Nơi"]],
    ["002_606ab56a5eb8481a.txt", ["I.", "III.", "Nơi"]],
    ["003_66615375c7bf5e13.txt", ["PHẦN", "PHẦN", "Nơi"]],
    ["004_38b8e90ea4ed07a7.txt", ["I.", "II.", "III.", "IV.", "Nơi"]],
  ])("top-level headings of %s", (seed, expected) => {
    const top = parseSections(readSeed(seed))
      .filter((section) => section.level === 1)
      .map((section) => section.heading.split(" ")[0]);
    expect(top).toEqual(expected);
  });

  it("reads the three-level numbering of seed 004", () => {
    const sections = parseSections(readSeed("004_38b8e90ea4ed07a7.txt"));
    const decimal = sections.find((section) => section.heading.startsWith("1.2. Làm căn cứ"));
    expect(decimal?.path.map((part) => part.split(" ")[0])).toEqual(["I.", "1.", "1.2."]);
    expect(sections.filter((section) => section.path[0]?.startsWith("II.") && section.level === 2)).toHaveLength(9);
  });

  it("reads the parts, roman sections and items of seed 003", () => {
    const sections = parseSections(readSeed("003_66615375c7bf5e13.txt"));
    expect(sections[0]?.heading).toBe("PHẦN I. Đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2021");
    const firstRoman = sections.filter((section) => section.path[1] === "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KT-XH" && section.level === 3);
    expect(firstRoman.map((section) => section.heading.split(".")[0])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  });

  const laws = listLaws();
  it.skipIf(laws.length === 0)("finds every article of every benchmark law, in order", () => {
    for (const name of laws) {
      const text = readLaw(name);
      const sections = parseSections(text);
      const articleLines = text.match(/^Điều \d+\./gmu) ?? [];
      const articles = sections.filter((section) => /^Điều \d+\./u.test(section.heading));
      expect(articles.length, name).toBe(articleLines.length);
      const numbers = articles.map((section) => Number(/^Điều (\d+)/u.exec(section.heading)?.[1]));
      expect(numbers.every((number, index) => index === 0 || number > (numbers[index - 1] ?? 0)), name).toBe(true);
      for (const article of articles) expect(text.slice(article.start).startsWith(article.heading.slice(0, 8)), name).toBe(true);
    }
  });

  it("returns no section for text without headings", () => {
    expect(parseSections("Một đoạn văn.\nHai đoạn văn.")).toEqual([]);
    expect(parseSections("")).toEqual([]);
  });

  it("keeps its structural invariants on generated documents", () => {
    const line = fc.oneof(
      fc.constantFrom("I. KẾT QUẢ", "II. NHIỆM VỤ", "1. Mục đích", "2. Yêu cầu", "3. Kinh phí", "1.1. Cụ thể", "1.2. Tiếp theo", "a) Nội dung", "b) Nội dung", "Điều 1. Phạm vi", "Điều 2. Đối tượng", "PHẦN I", "Chương II", "Nơi nhận:", "- Gạch đầu dòng;", "2024 là năm bản lề."),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom("\n", "\n\n", "\n \n"), (lines, separator) => {
        const text = lines.join(separator);
        const sections = parseSections(text);
        sections.forEach((section, index) => {
          expect(section.start).toBeGreaterThanOrEqual(0);
          expect(section.end).toBeLessThanOrEqual(text.length);
          expect(section.start).toBeLessThan(section.end);
          expect(/\s/u.test(text[section.start] ?? " ")).toBe(false);
          expect(section.path).toHaveLength(section.level);
          expect(section.path[section.path.length - 1]).toBe(section.heading);
          const previous = sections[index - 1];
          if (previous) expect(section.start).toBeGreaterThan(previous.start);
          // A deeper section lies inside the nearest shallower one before it.
          const parent = sections.slice(0, index).reverse().find((candidate) => candidate.level < section.level);
          if (parent) {
            expect(section.end).toBeLessThanOrEqual(parent.end);
            expect(section.path.slice(0, -1)).toEqual(parent.path.slice(0, section.level - 1));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
