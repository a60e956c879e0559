import { describe, expect, it } from "vitest";
import { findAddressBlocks, findAddressees } from "../../../ingest/parse/find-addressees.js";
import { foldKeepingOffsets } from "../../../ingest/parse/fold-text.js";

// Openings of real letters of corpus-dev (Lào Cai), as the loaders and cleaning give them.
describe("findAddressees", () => {
  it.each<[string, string, string[]]>([
    ["one addressee on the line", "Kính gửi: Công ty cổ phần Mông Sơn\n\nPhúc đáp Văn bản số 12/2026/CV-MS ngày 25/6/2026", ["Công ty cổ phần Mông Sơn"]],
    [
      "an address in parentheses on the next line",
      "Kính gửi: Công ty TNHH Đại Đồng Tiến.\n(Địa chỉ: Văn phòng giao dịch Công ty TNHH Đại Đồng Tiến,\nsố 190, đường Lý Thường Kiệt, phường Yên Bái, tỉnh Lào Cai)\nSở Xây dựng nhận được Văn bản số 94/CV-ĐĐT",
      ["Công ty TNHH Đại Đồng Tiến"],
    ],
    [
      "a list of addressees",
      "Kính gửi:\n\n- Sở Nông nghiệp và Môi trường;\n\n- Ủy ban nhân dân xã Quy Mông;\n\n- Công ty cổ phần Luyện kim hoá chất Tây Bắc.\n\nNhằm nắm bắt tiến độ và kịp thời báo cáo",
      ["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân xã Quy Mông", "Công ty cổ phần Luyện kim hoá chất Tây Bắc"],
    ],
    [
      "a line that continues in lower case",
      "Kính gửi: Các tổ chức, cá nhân hoạt động vật liệu nổ công nghiệp\n\ntrên địa bàn tỉnh Lào Cai\n\nThực hiện chức năng tham mưu giúp UBND tỉnh",
      ["Các tổ chức, cá nhân hoạt động vật liệu nổ công nghiệp trên địa bàn tỉnh Lào Cai"],
    ],
    [
      "the body joined to the addressee's line by cleaning",
      "Kính gửi: Công ty cổ phần Đầu tư xây dựng hạ tầng cơ sở Sở Công Thương nhận được Văn bản số 01/GM-HTCS ngày 17/3/2026",
      ["Công ty cổ phần Đầu tư xây dựng hạ tầng cơ sở"],
    ],
    [
      "a date that starts the body on the same line",
      "Kính gửi: Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ Ngày 14/7/2026, Sở Công Thương Lào Cai nhận được Giấy đề nghị",
      ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"],
    ],
    ["no addressee line", "KẾ HOẠCH\nKiểm tra năm 2026\nI. MỤC ĐÍCH", []],
  ])("%s", (_name, text, expected) => {
    expect(findAddressees(text).map((addressee) => addressee.text)).toEqual(expected);
  });

  it("gives offsets into the text", () => {
    const text = "UBND TỈNH LÀO CAI\nKính gửi: Sở Công Thương.\nUỷ ban nhân dân tỉnh nhận được";
    const [addressee] = findAddressees(text);
    expect(text.slice(addressee!.start, addressee!.end)).toBe("Sở Công Thương.");
  });
});

describe("findAddressBlocks", () => {
  const blocksOf = (text: string) => findAddressBlocks(text, foldKeepingOffsets(text)).map((block) => [text.slice(block.start, block.end), block.addressees.map((addressee) => addressee.text)]);

  it("spans the list, its addresses and its last item ending in a full stop", () => {
    const text = "SỞ CÔNG THƯƠNG\nKính gửi:\n\n- Các Sở: Tư pháp, Nội vụ;\n\n- UBND các phường: Âu Lâu, Yên Bái.\n\nThực hiện Văn bản số 7569/UBND-KT ngày 24/7/2026 của UBND tỉnh.";
    expect(blocksOf(text)).toEqual([["Kính gửi:\n\n- Các Sở: Tư pháp, Nội vụ;\n\n- UBND các phường: Âu Lâu, Yên Bái.", ["Các Sở: Tư pháp, Nội vụ", "UBND các phường: Âu Lâu, Yên Bái"]]]);
  });

  it("ends where the body that cleaning joined to the line starts", () => {
    const text = "Kính gửi: Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ Ngày 14/7/2026, Sở Công Thương Lào Cai nhận được Giấy đề nghị.";
    expect(blocksOf(text)).toEqual([["Kính gửi: Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ", ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"]]]);
  });

  it("finds the address of a letter an appendix carries, which findAddressees leaves out", () => {
    const text = `Kính gửi: Sở Tư pháp\nĐề nghị Sở Tư pháp thẩm định.\n${"Nội dung dự thảo. ".repeat(300)}\nKính gửi: Bộ Công Thương\nỦy ban nhân dân tỉnh báo cáo.`;
    expect(blocksOf(text).map(([, names]) => names)).toEqual([["Sở Tư pháp"], ["Bộ Công Thương"]]);
    expect(findAddressees(text).map((addressee) => addressee.text)).toEqual(["Sở Tư pháp"]);
  });
});
