import { describe, expect, it } from "vitest";
import { removeRunningHeaders } from "../../../ingest/clean/remove-running-headers.js";

const page = (header: string, body: string): string => `${header}\n${body}`;

describe("removeRunningHeaders", () => {
  it("removes a line that opens most pages, whatever its page number", () => {
    const text = [
      page("Kế hoạch số 171/KH-UBND – Trang 1", "Căn cứ Nghị quyết số 412/NQ-HĐND ngày 07/12/2023;"),
      page("Kế hoạch số 171/KH-UBND – Trang 2", "I. MỤC ĐÍCH, YÊU CẦU"),
      page("Kế hoạch số 171/KH-UBND – Trang 3", "1. Mục đích"),
      page("Kế hoạch số 171/KH-UBND – Trang 4", "2. Yêu cầu"),
    ].join("\n\f\n");
    const result = removeRunningHeaders(text);
    expect(result).not.toContain("Kế hoạch số 171/KH-UBND – Trang");
    expect(result).toContain("I. MỤC ĐÍCH, YÊU CẦU");
    expect(result.split("\f")).toHaveLength(4);
  });

  it.each([
    ["fewer than three pages", ["UBND TỈNH\nNội dung một", "UBND TỈNH\nNội dung hai"]],
    ["different first lines", ["1. Mục đích\nabc", "2. Yêu cầu\ndef", "II. PHƯƠNG HƯỚNG\nghi"]],
  ])("leaves text alone with %s", (_name, pages) => {
    const text = pages.join("\n\f\n");
    expect(removeRunningHeaders(text)).toBe(text);
  });
});
