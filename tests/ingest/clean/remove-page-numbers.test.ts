import { describe, expect, it } from "vitest";
import { isPageNumberLine, removePageNumbers } from "../../../ingest/clean/remove-page-numbers.js";

describe("isPageNumberLine", () => {
  it.each([
    ["2", true],
    ["- 2 -", true],
    ["– 12 –", true],
    ["Trang 3", true],
    ["3/13", true],
    ["4 ", true],
    ["2. Yêu cầu", false],
    ["2024;", false],
    ["19.121", false],
    ["1\tThứ hạng năng lực cạnh tranh cấp tỉnh PCI", false],
  ])("%j -> %s", (line, expected) => {
    expect(isPageNumberLine(line)).toBe(expected);
  });
});

describe("removePageNumbers", () => {
  it.each([
    [
      "number at the top of a PDF page",
      "phát triển đô thị trên địa bàn tỉnh\n\f\n- 2 -\nxếp ĐVHC cấp xã giai đoạn 2023-2025.",
      "phát triển đô thị trên địa bàn tỉnh\n\f\nxếp ĐVHC cấp xã giai đoạn 2023-2025.",
    ],
    [
      "number at the bottom of a PDF page",
      "hành chính cấp huyện, cấp xã;\n3\n\f\nxây dựng mức chi tuyển dụng",
      "hành chính cấp huyện, cấp xã;\n\f\nxây dựng mức chi tuyển dụng",
    ],
    [
      "page number left by another extractor between blank lines (seed 000)",
      "thực hiện tinh giản \n\n\n\n4 \n\nbiên chế và tăng cường kỷ luật",
      "thực hiện tinh giản \n\n\n\n\n\nbiên chế và tăng cường kỷ luật",
    ],
    [
      "a number on a wrapped line with ordinary spacing stays",
      "đơn vị hành chính xã, thành lập mới\n\n20\n\nđơn vị hành chính xã",
      "đơn vị hành chính xã, thành lập mới\n\n20\n\nđơn vị hành chính xã",
    ],
    [
      "table cells of bare numbers stay",
      "Thực hiện 2020\n\n\n27\n25\n22\n\n\nTăng 9,3%",
      "Thực hiện 2020\n\n\n27\n25\n22\n\n\nTăng 9,3%",
    ],
    [
      "a number inside a sentence stays",
      "hoàn thành 12 lớp bồi dưỡng theo kế hoạch",
      "hoàn thành 12 lớp bồi dưỡng theo kế hoạch",
    ],
  ])("%s", (_name, input, expected) => {
    expect(removePageNumbers(input)).toBe(expected);
  });
});
