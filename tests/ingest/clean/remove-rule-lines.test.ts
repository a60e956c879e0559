import { describe, expect, it } from "vitest";
import { removeRuleLines } from "../../../ingest/clean/remove-rule-lines.js";

describe("removeRuleLines", () => {
  it.each([
    ["rule glued to a title line (sample 000 PDF)", "2024 ––––––––––\nNgày 19/02/2024", "2024\n\nNgày 19/02/2024"],
    ["rule on its own line (seed 000)", "năm 2024 \n–––––––––– \nNgày 19/02/2024", "năm 2024 \n\n\nNgày 19/02/2024"],
    ["underscore gap inside a line", "Họ tên: ________ Chức vụ", "Họ tên: Chức vụ"],
    ["ranges and codes stay", "giai đoạn 2023-2025, số 16/2021/QĐ-UBND", "giai đoạn 2023-2025, số 16/2021/QĐ-UBND"],
    ["dotted placeholders stay", "Số: ……/QĐ-UBND", "Số: ……/QĐ-UBND"],
  ])("%s", (_name, input, expected) => {
    expect(removeRuleLines(input)).toBe(expected);
  });
});
