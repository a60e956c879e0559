import { describe, expect, it } from "vitest";
import { shouldJoinAcrossParagraphBreak, shouldJoinWrappedLines, unwrapLines } from "../../../ingest/clean/unwrap-lines.js";

// A full line of the sample PDFs is about 70 characters.
const TYPICAL = 70;

describe("shouldJoinWrappedLines (lines from the sample PDFs)", () => {
  it.each([
    ["mid-sentence wrap", "làm việc với Sở Nội vụ về kết quả thực hiện nhiệm vụ năm 2023; phương", "hướng, nhiệm vụ trọng tâm năm 2024. Tham dự buổi có đại diện lãnh đạo", true],
    ["next line is a bullet", "UBND tỉnh chỉ đạo giải quyết.", "- Thường xuyên tổng kết, rút kinh nghiệm thực tiễn quá trình triển khai", false],
    ["next line is a numbered item", "phân cấp, uỷ quyền tối đa cho các ngành, địa phương.", "2. Tập trung cao cho sắp xếp đơn vị hành chính cấp huyện, cấp xã; xác", false],
    ["next line is a lettered item", "thực hiện một số nhiệm vụ sau:", "a) Các Sở, cơ quan thuộc UBND tỉnh và UBND cấp huyện khẩn trương", false],
    ["a year that ends a sentence is not an item", "triển khai Kế hoạch đào tạo, bồi dưỡng, kế hoạch kiểm tra công vụ năm", "2024. Hoàn thành việc cập nhật cơ sở dữ liệu về cán bộ, công chức, viên", true],
    ["a number after a numeral word is not an item", "Tỉnh ủy Hưng Yên, theo quy định tại Điều", "5. Quy định này và các văn bản", true],
    ["a dash inside a phrase is not a bullet", "Sở Nội vụ xây dựng Kế hoạch phát triển kinh tế", "- xã hội năm 2022 theo chức năng nhiệm vụ, cụ thể như sau:", true],
    ["a dash after a colon is a bullet", "Nơi nhận:", "- Bộ Nội vụ;", false],
    ["a numeral-taking noun at a line end does not swallow the next item", "Phòng Nội vụ các huyện, thành phố, lực lượng vũ trang", "2. Văn phòng Sở có trách nhiệm theo dõi, đôn đốc, kiểm tra việc triển", false],
    ["a numbered heading that nearly fills the line (sample 002)", "I. Đánh giá kết quả thực hiện nhiệm vụ trong 4 tháng đầu năm 2026", "Lãnh đạo UBND tỉnh ghi nhận, đánh giá cao tinh thần trách nhiệm, hiệu", false],
    ["upper-case heading stays on its own line", "II. PHƯƠNG HƯỚNG, MỤC TIÊU", "Năm 2024, toàn ngành Nội vụ quyết tâm, đoàn kết, thống nhất thực hiện", false],
    ["a numbered heading goes on in capitals", "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN", "KINH TẾ - XÃ HỘI", true],
    ["signature lines stay apart", "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", false],
    ["short last line of a paragraph", "bộ.", "Tuy nhiên một số lĩnh vực, chất lượng hiệu quả chưa cao như: Tham mưu", false],
    ["full line ending a sentence goes on (sample 003 PDF)", "Triển khai phần mềm Quản lý cán bộ, công chức, viên chức tỉnh Bắc Giang.", "Đồng thời, ban hành mẫu phiếu kê khai thông tin cán bộ, công chức, viên", true],
    ["short line ending with a semicolon closes a paragraph (sample 003 PDF)", "cách ly với trên 600 giường bệnh;", "Động viên chức sắc, chức việc tham gia ứng cử đại biểu HĐND các cấp", false],
    ["full line ending with a semicolon goes on (sample 004 PDF)", "các cơ quan, tổ chức hành chính của tỉnh Hưng Yên giai đoạn 2023-2026;", "Quyết định số 2041/QĐ-UBND ngày 03/10/2023 phê duyệt Đề án đảm bảo", true],
    ["numbered heading without a full stop (sample 003 PDF)", "5. Công tác thanh tra, giải quyết khiếu nại tố cáo", "Thanh tra chuyên ngành Nội vụ tại Sở Nông nghiệp & Phát triển nông thôn,", false],
    ["short header line before a capital", "Số: /KH-SNV", "Bắc Giang, ngày tháng 11 năm 2021", false],
    ["short line before a lower-case word", "lưu trữ theo luật", "quy định; đẩy mạnh ứng dụng công nghệ thông tin, bảo quản an toàn, phục", true],
    ["abbreviation with a dot", "Tiểu ban giải quyết khiếu nại tố cáo tỉnh liên quan, 02 đơn đến UBCC TP.", "Bắc Giang, 01 đơn chuyển đến UBCC huyện Việt Yên, 04 đơn chuyển đến", true],
    ["open quotation in capitals", "tâm, đoàn kết, thống nhất thực hiện phương châm hành động “KỶ", "CƯƠNG, TRÁCH NHIỆM, CHỦ ĐỘNG, SÁNG TẠO, HIỆU QUẢ”, tiếp", true],
    ["closing formula", "yêu cầu các cơ quan, đơn vị, địa phương triển khai thực hiện./.", "Nơi nhận:", false],
  ])("%s", (_name, previous, next, expected) => {
    expect(shouldJoinWrappedLines(previous, next, TYPICAL)).toBe(expected);
  });
});

describe("shouldJoinAcrossParagraphBreak (paragraphs split by a page break in the seeds)", () => {
  it.each([
    ["lower-case continuation (seed 002)", "tăng cường kiểm tra, đôn đốc, kịp thời", "chấn chỉnh những nội dung chậm tiến độ.", true],
    ["dangling word before a capital (seed 003)", "dự thảo Quyết định thay thế Quyết định số 27/2015/QĐ-UBND ngày 22/01/2015 của", "UBND tỉnh Bắc Giang quy định chức năng, nhiệm vụ", true],
    ["finished paragraph", "Các nhiệm vụ UBND tỉnh giao cơ bản hoàn thành, đảm bảo chất lượng.", "Tuy nhiên, bên cạnh những kết quả đạt được", false],
    ["heading without a full stop", "1. Công tác tổ chức bộ máy và biên chế", "Trình UBND tỉnh ban hành các Quyết định", false],
    ["lettered item after a paragraph", "việc làm của Sở Nội vụ", "b) Công tác công chức, viên chức", false],
  ])("%s", (_name, previous, next, expected) => {
    expect(shouldJoinAcrossParagraphBreak(previous, next)).toBe(expected);
  });
});

describe("unwrapLines", () => {
  it("rebuilds paragraphs and keeps items on their own lines (sample 000 PDF)", () => {
    const input = [
      "sau:",
      "1. Chú trọng nâng cao hơn nữa chất lượng công tác tác tham mưu",
      "- Lãnh đạo, công chức, viên chức của Sở cần nghiên cứu, nắm chắc các",
      "cơ chế, chính sách, quy định của pháp luật; sâu sát cơ sở để kịp thời",
      "phát hiện các hạn chế, khó khăn, vướng mắc trong quá trình triển khai",
      "thực hiện.",
      "- Thường xuyên tổng kết, rút kinh nghiệm thực tiễn quá trình triển khai",
    ].join("\n");
    expect(unwrapLines(input, { layout: "wrapped", typicalLineLength: TYPICAL })).toBe(
      [
        "sau:",
        "1. Chú trọng nâng cao hơn nữa chất lượng công tác tác tham mưu",
        "- Lãnh đạo, công chức, viên chức của Sở cần nghiên cứu, nắm chắc các cơ chế, chính sách, quy định của pháp luật; sâu sát cơ sở để kịp thời phát hiện các hạn chế, khó khăn, vướng mắc trong quá trình triển khai thực hiện.",
        "- Thường xuyên tổng kết, rút kinh nghiệm thực tiễn quá trình triển khai",
      ].join("\n\n"),
    );
  });

  it("keeps paragraphs of paragraph text and rejoins one split by a page break", () => {
    const input = "Tập trung rà soát các nhiệm vụ, kịp thời\n\nchấn chỉnh những nội dung chậm tiến độ.\n\n2. Nhiệm vụ cụ thể";
    expect(unwrapLines(input, { layout: "paragraphs", typicalLineLength: 300 })).toBe(
      "Tập trung rà soát các nhiệm vụ, kịp thời chấn chỉnh những nội dung chậm tiến độ.\n\n2. Nhiệm vụ cụ thể",
    );
  });

  it("keeps a hyphenated number whole across a wrap", () => {
    const input = "Căn cứ các Quyết định của Sở Nội vụ: số 1436/QĐ-\nSNV ngày 16/5/2023 về việc sửa đổi";
    expect(unwrapLines(input, { layout: "wrapped", typicalLineLength: TYPICAL })).toBe(
      "Căn cứ các Quyết định của Sở Nội vụ: số 1436/QĐ-SNV ngày 16/5/2023 về việc sửa đổi",
    );
  });
});
