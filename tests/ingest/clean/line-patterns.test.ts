import { describe, expect, it } from "vitest";
import {
  endsMidSentence,
  endsSentence,
  isListItemStart,
  isUpperCaseLine,
  readItemMarker,
} from "../../../ingest/clean/line-patterns.js";

describe("isListItemStart", () => {
  it.each([
    ["- Các sở, cơ quan thuộc UBND tỉnh;", true],
    ["• Thường xuyên tổng kết, rút kinh nghiệm", true],
    ["+ LĐVP, TKCT, các phòng, đơn vị;", true],
    ["1. Chú trọng nâng cao hơn nữa chất lượng", true],
    ["1.1. Cụ thể hóa mục tiêu, nhiệm vụ", true],
    ["2.3 Thủ trưởng các cơ quan", true],
    ["a) Các Sở, cơ quan thuộc UBND tỉnh", true],
    ["đ) Sở Nội vụ làm việc với Sở Tài chính", true],
    ["II. PHƯƠNG HƯỚNG, MỤC TIÊU", true],
    ["Điều 3. Hiệu lực thi hành", true],
    ["Chương II", true],
    ["Chương II QUY ĐỊNH CHUNG", true],
    ["Điều 20 của Luật này bao gồm:", false],
    ["Mục 1 của Chương này", false],
    ["Căn cứ Nghị quyết số 412/NQ-HĐND ngày 07/12/2023", true],
    ["Nơi nhận:", true],
    ["2024. Hoàn thành việc cập nhật cơ sở dữ liệu", false],
    ["21/4/2024.", false],
    ["107/2020/NĐ-CP; Nghị định số 108/2020/NĐ-CP", false],
    ["1 nổi bật là: Hoàn thành việc", false],
    ["-19 trên địa bàn", false],
    ["Phần lớn các đơn vị", false],
  ])("%j -> %s", (line, expected) => {
    expect(isListItemStart(line)).toBe(expected);
  });
});

describe("readItemMarker", () => {
  it.each([
    ["7. Công tác quản lý nhà nước về tôn giáo", { style: "arabic", value: 7 }],
    ["IV. TỔ CHỨC THỰC HIỆN", { style: "roman", value: 4 }],
    ["đ) Về ban hành Kế hoạch", { style: "letter", value: 5 }],
    ["Tham mưu UBND tỉnh", null],
  ])("%j", (line, expected) => {
    expect(readItemMarker(line)).toEqual(expected);
  });
});

describe("endsSentence / endsMidSentence / isUpperCaseLine", () => {
  it.each([
    ["giải quyết.", true],
    ["thực hiện./.", true],
    ["kết luận như sau:", true],
    ["chuyển biến thực chất …", true],
    ["02 đơn chuyển đến UBCC TP.", false],
    ["tháo gỡ các tồn tại,", false],
    ["Đề án sắp xếp ĐVHC cấp", false],
  ])("endsSentence(%j) -> %s", (line, expected) => {
    expect(endsSentence(line)).toBe(expected);
  });

  it.each([
    ["dự thảo Quyết định thay thế Quyết định số 27/2015/QĐ-UBND ngày 22/01/2015 của", true],
    ["tháo gỡ các tồn tại,", true],
    ["tham mưu cho Tỉnh ủy -", true],
    ["1. Công tác tổ chức bộ máy và biên chế", false],
    ["hoàn thành nhiệm vụ.", false],
  ])("endsMidSentence(%j) -> %s", (line, expected) => {
    expect(endsMidSentence(line)).toBe(expected);
  });

  it.each([
    ["THÔNG BÁO", true],
    ["I. MỤC ĐÍCH, YÊU CẦU", true],
    ["TL. CHỦ TỊCH", true],
    ["Kết luận của Chủ tịch UBND tỉnh", false],
    ["2024", false],
  ])("isUpperCaseLine(%j) -> %s", (line, expected) => {
    expect(isUpperCaseLine(line)).toBe(expected);
  });
});
