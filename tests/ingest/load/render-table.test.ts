import { describe, expect, it } from "vitest";
import { parseRow } from "../../../core/table-rows.js";
import { isLayoutTable, renderDataTable, type TableCell } from "../../../ingest/load/render-table.js";

const cells = (...texts: string[]): TableCell[] => texts.map((text) => ({ text }));

describe("renderDataTable", () => {
  it.each([
    {
      name: "an assignment table: header once, each row under its column names",
      rows: [
        cells("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
        cells("1.", "Rà soát quy hoạch cụm công nghiệp", "Sở Công Thương", "Sở Tài chính", "Quý II/2026"),
        cells("2.", "Báo cáo kết quả", "UBND các xã", "", "Trước 30/6/2026"),
      ],
      expected: [
        "STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành",
        "STT: 1; Nội dung: Rà soát quy hoạch cụm công nghiệp; Đơn vị chủ trì: Sở Công Thương; Đơn vị phối hợp: Sở Tài chính; Thời gian hoàn thành: Quý II/2026",
        "STT: 2; Nội dung: Báo cáo kết quả; Đơn vị chủ trì: UBND các xã; Thời gian hoàn thành: Trước 30/6/2026",
      ],
    },
    {
      name: "a merged lead cell (rowspan) names the lead of every row it covers",
      rows: [
        cells("TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"),
        [{ text: "1" }, { text: "Kiểm tra kho" }, { text: "Sở Công Thương", rowSpan: 2 }, { text: "Tháng 5/2026" }],
        cells("2", "Báo cáo kết quả", "Tháng 6/2026"),
      ],
      expected: [
        "TT | Nhiệm vụ | Chủ trì | Thời hạn",
        "TT: 1; Nhiệm vụ: Kiểm tra kho; Chủ trì: Sở Công Thương; Thời hạn: Tháng 5/2026",
        "TT: 2; Nhiệm vụ: Báo cáo kết quả; Chủ trì: Sở Công Thương; Thời hạn: Tháng 6/2026",
      ],
    },
    {
      name: "a two-row header under a merged cell, and the column-number row, are read as names",
      rows: [
        [{ text: "STT", rowSpan: 2 }, { text: "Nội dung", rowSpan: 2 }, { text: "Thời gian", columnSpan: 2 }],
        cells("Bắt đầu", "Kết thúc"),
        cells("(1)", "(2)", "(3)", "(4)"),
        cells("1", "Khảo sát hiện trạng", "01/3/2026", "31/3/2026"),
      ],
      expected: [
        "STT | Nội dung | Thời gian - Bắt đầu | Thời gian - Kết thúc",
        "STT: 1; Nội dung: Khảo sát hiện trạng; Thời gian - Bắt đầu: 01/3/2026; Thời gian - Kết thúc: 31/3/2026",
      ],
    },
    {
      name: "a group title across the table stays one plain line",
      rows: [cells("STT", "Tên thủ tục", "Mã thủ tục"), [{ text: "I" }, { text: "Lĩnh vực hóa chất", columnSpan: 2 }], cells("1", "Cấp giấy phép", "2.000229")],
      expected: ["STT | Tên thủ tục | Mã thủ tục", "I – Lĩnh vực hóa chất", "STT: 1; Tên thủ tục: Cấp giấy phép; Mã thủ tục: 2.000229"],
    },
    {
      name: "neighbouring cells that read the same are both kept (a design and its revision)",
      rows: [cells("Nội dung", "Thiết kế cơ sở", "Thiết kế sau TKCS", "Kết quả"), cells("Quy mô", "Đập dài 107,30m", "Đập dài 107,30m", "Phù hợp")],
      expected: ["Nội dung | Thiết kế cơ sở | Thiết kế sau TKCS | Kết quả", "Nội dung: Quy mô; Thiết kế cơ sở: Đập dài 107,30m; Thiết kế sau TKCS: Đập dài 107,30m; Kết quả: Phù hợp"],
    },
    {
      name: "a table whose first row is data keeps cells joined by |",
      rows: [cells("1", "Công ty A", "Xã Tằng Lỏong"), cells("2", "Công ty B", "Phường Lào Cai")],
      expected: ["1 | Công ty A | Xã Tằng Lỏong", "2 | Công ty B | Phường Lào Cai"],
    },
    {
      name: "a two-column key/value table has no header",
      rows: [cells("Tên dự án", "Nhà máy tuyển"), cells("Địa điểm", "Xã Cam Đường"), cells("Công suất", "1 triệu tấn/năm"), cells("Chủ đầu tư", "Công ty X")],
      expected: ["Tên dự án | Nhà máy tuyển", "Địa điểm | Xã Cam Đường", "Công suất | 1 triệu tấn/năm", "Chủ đầu tư | Công ty X"],
    },
  ])("$name", ({ rows, expected }) => {
    expect(renderDataTable(rows)).toEqual(expected);
  });

  it("writes rows that read back with their column names", () => {
    const lines = renderDataTable([cells("Nội dung", "Đơn vị chủ trì", "Thời gian hoàn thành"), cells("Rà soát; báo cáo: tổng hợp", "Sở Công Thương", "Quý II/2026")]);
    const names = lines[0]!.split(" | ");
    expect(parseRow(lines[1]!, names)?.map(({ name, value }) => [name, value])).toEqual([
      ["Nội dung", "Rà soát; báo cáo: tổng hợp"],
      ["Đơn vị chủ trì", "Sở Công Thương"],
      ["Thời gian hoàn thành", "Quý II/2026"],
    ]);
  });
});

describe("isLayoutTable", () => {
  it.each([
    ["the two-column header of a document", [cells("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), cells("Số: 12/TB-UBND", "Lào Cai, ngày 20 tháng 9 năm 2021")], true],
    ["a four-row header with an empty middle column", [cells("UBND TỈNH LÀO CAI", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), cells("SỞ CÔNG THƯƠNG", "", "Độc lập - Tự do - Hạnh phúc"), cells("Số: /SCT-CN", "", "Lào Cai, ngày tháng 11 năm 2025"), cells("V/v thẩm định thiết kế", "", "")], true],
    ["a signature block", [cells("Nơi nhận: - Như trên; - Lưu: VT.", "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"), cells("", "Hoàng Văn Thuân")], true],
    ["an assignment table", [cells("STT", "Nội dung", "Chủ trì"), cells("1", "Rà soát", "Sở Công Thương"), cells("2", "Báo cáo", "UBND xã")], false],
  ])("%s -> %s", (_name, rows, expected) => {
    expect(isLayoutTable(rows)).toBe(expected);
  });
});
