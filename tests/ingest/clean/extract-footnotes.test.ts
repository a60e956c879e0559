import { describe, expect, it } from "vitest";
import {
  cleanFootnoteText,
  extractFootnotes,
  findDefinitionCandidates,
  findMarkCandidates,
} from "../../../ingest/clean/extract-footnotes.js";

const WRAPPED = { layout: "wrapped", typicalLineLength: 70 } as const;
const PARAGRAPHS = { layout: "paragraphs", typicalLineLength: 300 } as const;

// Sample 000 as pdf-parse reads it: footnote 1 is printed inside the flow,
// cutting "tồn tại, | hạn chế" in the middle of a line.
const SAMPLE_000_PDF_PAGE_1 = [
  "tham mưu, đề xuất với Tỉnh ủy, HĐND, UBND tỉnh về các cơ chế, chính sách",
  "lĩnh vực nội vụ1 cơ bản kịp thời, chất lượng, hiệu quả; công tác quản lý, sử",
  "chưa có nhiều chuyển biến thực chất … Để khắc phục các tồn tại, hạn chế;",
  "nâng cao hiệu quả, chất lượng thực hiện các nhiệm vụ chính trị của ngành;",
  "thực hiện; chủ động chỉ đạo, hướng dẫn các cơ quan, đơn vị, địa",
  "phương giải quyết, tháo gỡ các tồn tại, 1 nổi bật là: Hoàn thành việc",
  "thành lập thị xã Việt Yên và các phường thuộc thị xã Việt Yên; Tham",
  "mưu ban hành Nghị quyết của HĐND tỉnh quy định một số nội dung",
  "liên quan đến người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ",
  "dân phố và người trực tiếp tham gia hoạt động ở thôn, tổ dân phố trên",
  "địa bàn tỉnh … hạn chế trong lĩnh vực nội vụ hoặc tham mưu cho Tỉnh ủy -",
  "UBND tỉnh chỉ đạo giải quyết.",
].join("\n");

// The same passage as the seed extraction has it: the block on lines of its own.
const SEED_000 = [
  "xuất với Tỉnh ủy, HĐND, UBND tỉnh về các cơ chế, chính sách lĩnh vực nội vụ1 ",
  "cơ bản kịp thời, chất lượng, hiệu quả; công tác quản lý, sử dụng công chức, viên ",
  "Để khắc phục các tồn tại, hạn chế; nâng cao hiệu quả, chất lượng thực hiện ",
  "đạo, hướng dẫn các cơ quan, đơn vị, địa phương giải quyết, tháo gỡ các tồn tại, ",
  "1 nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên và các phường thuộc thị xã Việt Yên; Tham mưu ban hành ",
  "động không chuyên trách ở xã, phường, thị trấn trên địa bàn tỉnh … ",
  " hạn chế trong lĩnh vực nội vụ hoặc tham mưu cho Tỉnh ủy - UBND tỉnh chỉ đạo ",
  "giải quyết. ",
].join("\n");

// Page 2 of sample 000 as pdf-parse reads it: footnote 2's mark is glued to a
// year ("năm 20242") and its block cuts "ĐVHC cấp | xã" inside a line.
const SAMPLE_000_PDF_PAGE_2 = [
  "• Thường xuyên tổng kết, rút kinh nghiệm thực tiễn quá trình triển khai",
  "thực hiện chủ trương của Đảng, chính sách pháp luật của Nhà nước về",
  "lĩnh vực của ngành trên địa bàn tỉnh; đồng thời tìm hiểu phương pháp,",
  "• Chủ trì, phối hợp với các ngành tham mưu Nghị quyết của HĐND tỉnh,",
  "Quyết định của UBND tỉnh về các cơ chế, chính sách thuộc lĩnh vực",
  "nội vụ theo Chương trình công tác của UBND tỉnh năm 20242 đảm",
  "bảo chất lượng, thời gian theo quy định.",
  "• Tiếp tục cập nhật quy định mới của Trung ương, rà soát các văn bản",
  "QPPL của tỉnh quy định về lĩnh vực nội vụ để kịp thời tham mưu chỉ",
  "đạo thực hiện/sửa đổi, bổ sung, thay thế. Yêu cầu các cơ chế, chính",
  "sách phù hợp với tình hình thực tế, quy định của cấp trên và đảm bảo",
  "phân cấp, uỷ quyền tối đa cho các ngành, địa phương.",
  "2. Tập trung cao cho sắp xếp đơn vị hành chính cấp huyện, cấp xã; xác",
  "định đây là nhiệm vụ trọng tâm số 1 của ngành trong năm 2024",
  "• Tăng cường kiểm tra, hướng dẫn đôn đốc UBND cấp huyện xây dựng",
  "Đề án sắp xếp đơn vị hành chính (ĐVHC) cấp xã; Đề án nhập địa giới",
  "hành chính huyện Yên Dũng với thành phố Bắc Giang; Đề án sắp xếp,",
  "điều chỉnh lại địa giới hành chính huyện Lục Ngạn và huyện Sơn Động",
  "để thành lập thị xã Chũ và huyện Lục Ngạn (mới). Yêu cầu: Các Đề án",
  "• Sở Nội vụ hoàn thành hồ sơ Đề án sắp xếp lại ĐVHC cấp huyện và",
  "phát triển đô thị trên địa bàn tỉnh giai đoạn 2022 - 2025 và Đề án sắp",
  "xếp ĐVHC cấp 2 Quyết định số 1341/QĐ-UBND ngày 05/12/2024 của",
  "Chủ tịch UBND tỉnh xã giai đoạn 2023- 2025. Phấn đấu trình HĐND",
  "tỉnh trong tháng 5/2024; hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước",
  "ngày 30/6/2024.",
].join("\n");

// Sample 003 (pdf-parse): superscript marks, blocks "¹ …", "² …" after a finished paragraph.
const SAMPLE_003_SUPERSCRIPTS = [
  "giáo viên và hoàn thành 12 lớp bồi dưỡng¹ theo kế hoạch.",
  "Trình Chủ tịch UBND tỉnh² phê duyệt Dự toán Kinh phí “Xây dựng đề án",
  "thành lập thị trấn Phương Sơn, huyện Lục Nam và thị trấn Bắc Lý, huyện",
  "Hiệp Hòa”; Nộp hồ sơ về Bộ Nội vụ, trình Chính phủ, UBTVQH về Đề án",
  "Thành lập thị trấn Phương Sơn, Bắc Lý.",
  "¹ gồm: 05 lớp bồi dưỡng lãnh đạo quản lý cấp phòng, 05 lớp theo vị trí việc",
  "làm, 02 lớp bồi dưỡng cán bộ cấp xã",
  "² Tham mưu Quyết định bãi bỏ Quyết định số 264/2014/QĐ-UBND ngày",
  "16/5/2014 của UBND tỉnh về việc quy định số lượng, xét chọn, cơ quan quản",
  "phong khắc phục hậu quả chiến tranh, xây dựng kinh tế giai đoạn sau năm",
  "1975.",
  "Tham mưu UBND tỉnh trình HĐND tỉnh về chia tách thôn Bãi Đá, xã Bình",
  "Sơn, huyện Lục Nam; sửa đổi bổ sung Nghị quyết số 45/2019/NQ-HĐND của",
].join("\n");

describe("extractFootnotes: printed footnotes", () => {
  it.each([
    ["block inside a line (sample 000 PDF)", SAMPLE_000_PDF_PAGE_1, WRAPPED],
    ["block on lines of its own (seed 000)", SEED_000, WRAPPED],
  ])("joins a sentence cut by a footnote back together: %s", (_name, input, options) => {
    const { text, footnotes } = extractFootnotes(input, options);
    expect(text.replace(/\s+/gu, " ")).toContain("tháo gỡ các tồn tại, hạn chế trong lĩnh vực nội vụ");
    expect(text).not.toContain("nổi bật là");
    expect(footnotes).toHaveLength(1);
    const [footnote] = footnotes;
    expect(footnote?.mark).toBe("1");
    expect(footnote?.text).toMatch(/^nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên/u);
    expect(footnote?.text).toMatch(/trên địa bàn tỉnh …$/u);
    // The mark is gone and `at` points right after the word it was glued to.
    expect(text.slice(0, footnote?.at)).toMatch(/lĩnh vực nội vụ$/u);
    expect(text.replace(/\s+/gu, " ")).toContain("nội vụ cơ bản");
  });

  it("takes a mark off a year only as far as the footnote needs (sample 000 PDF, footnote 2)", () => {
    const { text, footnotes } = extractFootnotes(SAMPLE_000_PDF_PAGE_2, WRAPPED);
    expect(footnotes.map((footnote) => footnote.mark)).toEqual(["2"]);
    expect(footnotes[0]?.text).toBe("Quyết định số 1341/QĐ-UBND ngày 05/12/2024 của Chủ tịch UBND tỉnh");
    expect(text.slice(0, footnotes[0]?.at)).toMatch(/UBND tỉnh năm 2024$/u);
    expect(text.replace(/\s+/gu, " ")).toContain("Đề án sắp xếp ĐVHC cấp xã giai đoạn 2023- 2025.");
  });

  it("takes superscript footnotes out and resumes at the next paragraph (sample 003 PDF)", () => {
    const { text, footnotes } = extractFootnotes(SAMPLE_003_SUPERSCRIPTS, WRAPPED);
    expect(footnotes.map((footnote) => footnote.mark)).toEqual(["1", "2"]);
    expect(footnotes[0]?.text).toBe("gồm: 05 lớp bồi dưỡng lãnh đạo quản lý cấp phòng, 05 lớp theo vị trí việc làm, 02 lớp bồi dưỡng cán bộ cấp xã");
    expect(footnotes[1]?.text).toMatch(/^Tham mưu Quyết định bãi bỏ .* giai đoạn sau năm 1975\.$/u);
    expect(text).toContain("lớp bồi dưỡng theo kế hoạch.");
    expect(text).toContain("Trình Chủ tịch UBND tỉnh phê duyệt");
    expect(text).toContain("Bắc Lý.\nTham mưu UBND tỉnh trình HĐND");
    expect(text).not.toMatch(/[¹²]/u);
  });

  it("ends a footnote at the page break when it sits at the bottom of a page", () => {
    const input = [
      "Chủ tịch UBND tỉnh thành lập Tổ công tác⁵ do Chủ tịch UBND tỉnh làm Tổ trưởng nhằm tiếp",
      "⁵ Quyết định số 633/QĐ-UBND ngày 07/4/2021",
      "\f",
      "nhận và xử lý thông tin, phản ánh của doanh nghiệp, nhà đầu tư về các hành",
    ].join("\n");
    const { text, footnotes } = extractFootnotes(input, WRAPPED);
    expect(footnotes).toEqual([{ mark: "5", text: "Quyết định số 633/QĐ-UBND ngày 07/4/2021", at: input.indexOf("⁵") }]);
    expect(text).toBe(
      "Chủ tịch UBND tỉnh thành lập Tổ công tác do Chủ tịch UBND tỉnh làm Tổ trưởng nhằm tiếp\n\f\nnhận và xử lý thông tin, phản ánh của doanh nghiệp, nhà đầu tư về các hành",
    );
  });

  it("removes every superscript mark of a note referred to twice; the first places it", () => {
    const input = [
      "Trình Chủ tịch UBND tỉnh² phê duyệt Dự toán Kinh phí; Nộp hồ sơ về Bộ Nội vụ²,",
      "trình Chính phủ, UBTVQH về Đề án Thành lập thị trấn Phương Sơn, Bắc Lý.",
      "² Tham mưu Quyết định bãi bỏ Quyết định số 264/2014/QĐ-UBND ngày 16/5/2014.",
      "Tham mưu UBND tỉnh trình HĐND tỉnh về chia tách thôn Bãi Đá, xã Bình Sơn.",
    ].join("\n");
    const { text, footnotes } = extractFootnotes(input, WRAPPED);
    expect(footnotes).toHaveLength(1);
    expect(text).not.toContain("²");
    expect(text.slice(0, footnotes[0]?.at)).toBe("Trình Chủ tịch UBND tỉnh");
    expect(text).toContain("Nộp hồ sơ về Bộ Nội vụ,");
  });

  it("takes footnote paragraphs out of paragraph text (seed 003)", () => {
    const input = [
      "Một số các cơ quan, địa phương đã có những sáng kiến hay, như: Tỉnh đoàn thành lập Đội Thanh niên tình nguyện hỗ trợ nhân",
      "",
      "³ Đề nghị Chính phủ, Bộ Nội vụ cho phép kéo dài thời gian sắp xếp, bố trí cán bộ, công chức cấp xã dôi dư đến 2030.",
      "",
      "dân tiếp cận, thực hiện dịch vụ công trực tuyến mức độ 3,4 tại Trung tâm Phục vụ Hành chính công tỉnh; Hội đồng nhân dân",
    ].join("\n");
    const withMark = `Còn dôi dư 189 cán bộ, công chức cấp xã tiếp tục sắp xếp và giải quyết chính sách đến 2024³.\n\n${input}`;
    const { text, footnotes } = extractFootnotes(withMark, PARAGRAPHS);
    expect(footnotes.map((footnote) => [footnote.mark, footnote.text.slice(0, 25)])).toEqual([["3", "Đề nghị Chính phủ, Bộ Nội"]]);
    expect(text).toContain("chính sách đến 2024.");
    expect(text).toContain("hỗ trợ nhân\ndân tiếp cận");
  });

  it.each([
    ["years, article numbers, thousands and percentages", "Năm 2024, theo Điều 5 khoản 2, toàn tỉnh bồi dưỡng 19.121 lượt người, đạt 99,0%."],
    ["a number after “số” (sample 000 PDF)", "xác định đây là nhiệm vụ trọng tâm số 1 của ngành trong năm 2024"],
    ["a glued number with no footnote block", "các cơ chế, chính sách lĩnh vực nội vụ1 cơ bản kịp thời, chất lượng, hiệu quả"],
    ["a bare number with no mark (page number inside a line, sample 000 PDF)", "hiện tinh giản 4 biên chế và tăng cường kỷ luật, kỷ cương hành chính."],
    ["ranges and document numbers", "giai đoạn 2023-2025 theo Quyết định số 16/2021/QĐ-UBND ngày 18/5/2021"],
    ["units with superscripts and no footnote text", "diện tích 120 m² và 3 km²"],
  ])("leaves real numbers alone: %s", (_name, input) => {
    const { text, footnotes } = extractFootnotes(input, WRAPPED);
    expect(footnotes).toEqual([]);
    expect(text).toBe(input);
  });

  it("does not take a numbered phrase for the block of a pending mark", () => {
    const input = [
      "tham mưu, đề xuất với Tỉnh ủy, HĐND, UBND tỉnh về các cơ chế, chính sách",
      "lĩnh vực nội vụ1 cơ bản kịp thời, chất lượng, hiệu quả; công tác quản lý, sử",
      "2. Tập trung cao cho sắp xếp đơn vị hành chính cấp huyện, cấp xã; xác",
      "định đây là nhiệm vụ trọng tâm số 1 của ngành trong năm 2024",
      "- Tăng cường kiểm tra, hướng dẫn đôn đốc UBND cấp huyện xây dựng",
    ].join("\n");
    const { text, footnotes } = extractFootnotes(input, WRAPPED);
    expect(footnotes).toEqual([]);
    expect(text).toBe(input);
  });
});

describe("extractFootnotes: Markdown footnotes (DOCX/HTML loaders)", () => {
  it("takes definitions out and puts `at` where the mark stood", () => {
    const input = [
      "Việc tham mưu, đề xuất về các cơ chế, chính sách lĩnh vực nội vụ[^1] cơ bản kịp thời.",
      "",
      "Chương trình công tác của UBND tỉnh năm 2024[^2] đảm bảo chất lượng.",
      "",
      "[^1]: nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên",
      "[^2]: Quyết định số 1341/QĐ-UBND ngày 05/12/2024",
      "  của Chủ tịch UBND tỉnh",
    ].join("\n");
    const { text, footnotes, warnings } = extractFootnotes(input, PARAGRAPHS);
    expect(text.trimEnd()).toBe(
      "Việc tham mưu, đề xuất về các cơ chế, chính sách lĩnh vực nội vụ cơ bản kịp thời.\n\nChương trình công tác của UBND tỉnh năm 2024 đảm bảo chất lượng.",
    );
    expect(footnotes).toEqual([
      { mark: "1", text: "nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên", at: text.indexOf(" cơ bản") },
      { mark: "2", text: "Quyết định số 1341/QĐ-UBND ngày 05/12/2024 của Chủ tịch UBND tỉnh", at: text.indexOf(" đảm bảo") },
    ]);
    expect(warnings).toEqual([]);
  });

  it("warns about a mark without a definition and a definition without a mark", () => {
    const { footnotes, warnings } = extractFootnotes("nội vụ[^1] cơ bản\n\n[^2]: ghi chú", PARAGRAPHS);
    expect(footnotes.map((footnote) => footnote.mark)).toEqual(["2"]);
    expect(warnings).toHaveLength(2);
  });
});

describe("candidates", () => {
  it.each([
    ["lĩnh vực nội vụ1 cơ bản", [1]],
    ["năm 20242 đảm bảo", [2]],
    ["bồi dưỡng¹ theo kế hoạch", [1]],
    ["các Chỉ số trong năm 2021⁴.", [4]],
    ["năm 2024 đảm bảo", []],
    ["19.121 lượt người, 99,0%", []],
    ["COVID-19 và F0", []],
    ["diện tích 12 km2", []],
  ])("marks in %j", (input, numbers) => {
    expect(findMarkCandidates(input).map((mark) => mark.number)).toEqual(numbers);
  });

  it.each([
    ["1 nổi bật là: Hoàn thành", [1]],
    ["tồn tại, 1 nổi bật", [1]],
    ["¹ gồm: 05 lớp", [1]],
    ["năm 2024. Hoàn thành", []],
  ])("definition starts in %j", (input, numbers) => {
    expect(findDefinitionCandidates(input).map((definition) => definition.number)).toEqual(numbers);
  });

  it("cleanFootnoteText joins the lines of a footnote", () => {
    expect(cleanFootnoteText(" Kế hoạch số 208-\nKH/TU ngày 07/7/2023 của Ban Chấp\n\f\nhành Đảng bộ tỉnh  ")).toBe(
      "Kế hoạch số 208-KH/TU ngày 07/7/2023 của Ban Chấp hành Đảng bộ tỉnh",
    );
  });
});
