import { describe, expect, it } from "vitest";
import { insertAnnotationLines, joinWordsOnOneBaseline, pageTextFromItems, repairVietnameseLetters, type PositionedText } from "../../../ingest/load/pdf-page-text.js";

/** An item as pdf.js gives it: baseline at (x, y) in PDF space, width from the string at 6 points a character. */
function item(str: string, x: number, y: number, options: { hasEOL?: boolean; height?: number; width?: number } = {}): PositionedText {
  return { str, transform: [12, 0, 0, 12, x, y], width: options.width ?? str.length * 6, height: options.height ?? (str.trim() ? 12 : 0), hasEOL: options.hasEOL ?? false };
}
const toViewport = (x: number, y: number): [number, number] => [x, 842 - y];
/** The page text with each line's spacing collapsed (the cleaner does as much). */
const textOf = (items: PositionedText[]) =>
  pageTextFromItems(items, toViewport)
    .split("\n")
    .map((line) => line.replace(/[ \t]+/gu, " ").trim())
    .join("\n")
    .trim();

// The header line of a document signed in Lào Cai (cv-4378): "Số:" and "/SCT - CN" typed, the number stamped.
const headerLine = [item("Số:", 96, 729), item(" ", 113, 729, { width: 39 }), item("/SCT - CN", 152, 729), item(" ", 209, 729, { width: 76 }), item("Lào Cai, ngày", 285, 728), item(" ", 365, 728, { width: 32 }), item("tháng 7", 396, 728), item(" năm 2026", 438, 728, { hasEOL: true }), item("V/v trả lại hồ sơ", 90, 704, { hasEOL: true })];

describe("pageTextFromItems", () => {
  it("ends lines at line ends and baseline moves, and separates distant pieces of a line with a tab", () => {
    expect(pageTextFromItems([item("UBND TỈNH", 94, 772), item("CỘNG HÒA", 263, 772, { hasEOL: true }), item("SỞ CÔNG THƯƠNG", 94, 755)], toViewport)).toBe("UBND TỈNH\tCỘNG HÒA\nSỞ CÔNG THƯƠNG");
    expect(pageTextFromItems([item("một", 90, 700), item("hai", 90, 680)], toViewport)).toBe("một\nhai");
  });
});

describe("insertAnnotationLines", () => {
  it("puts a stamped number and day between the typed pieces of their line", () => {
    const merged = insertAnnotationLines(headerLine, [
      { text: "4378", x: 117, y: 728.5, width: 28, height: 14 },
      { text: "22", x: 369, y: 728.5, width: 14, height: 14 },
    ]);
    expect(textOf(merged)).toBe("Số: 4378 /SCT - CN Lào Cai, ngày 22 tháng 7 năm 2026\nV/v trả lại hồ sơ");
  });

  it("lets a stamp hide the typed character it is drawn over", () => {
    // "tháng 4" typed on the draft, "5" stamped over the "4" at signing (qd-1696).
    const line = [item("Lào Cai, ngày", 294, 728), item("tháng 4", 391, 728, { width: 42 }), item(" năm 2026", 437, 728, { hasEOL: true })];
    expect(textOf(insertAnnotationLines(line, [{ text: "5", x: 424.5, y: 732.5, width: 6.5, height: 13 }]))).toBe("Lào Cai, ngày tháng 5 năm 2026");
  });

  it("ends the line after a stamp that closes it", () => {
    const line = [item("Số:", 96, 729, { hasEOL: true }), item("Kính gửi: Sở Công Thương", 90, 700)];
    expect(textOf(insertAnnotationLines(line, [{ text: "12/SCT", x: 130, y: 729, width: 40, height: 12 }]))).toBe("Số: 12/SCT\nKính gửi: Sở Công Thương");
  });

  it("gives a box of its own lines a place before the first text below it", () => {
    const page = [item("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 263, 772, { hasEOL: true }), item("Kính gửi: Sở Công Thương", 90, 600, { hasEOL: true }), item("Nơi nhận:", 90, 200)];
    const merged = insertAnnotationLines(page, [
      { text: "Ký bởi: Bộ Công Thương", x: 380, y: 820, width: 120, height: 8 },
      { text: "Thời gian ký: 02.04.2026 14:24:26 +07:00", x: 380, y: 810, width: 160, height: 8 },
    ]);
    expect(textOf(merged)).toBe("Ký bởi: Bộ Công Thương\nThời gian ký: 02.04.2026 14:24:26 +07:00\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKính gửi: Sở Công Thương\nNơi nhận:");
  });

  it("appends what lies below all text, and ignores empty lines", () => {
    const page = [item("Nơi nhận:", 90, 200, { hasEOL: true })];
    expect(textOf(insertAnnotationLines(page, [{ text: "Nguyễn Văn A", x: 300, y: 100, width: 60, height: 12 }, { text: "  ", x: 0, y: 0, width: 0, height: 12 }]))).toBe("Nơi nhận:\nNguyễn Văn A");
  });
});

describe("joinWordsOnOneBaseline", () => {
  it("joins a page of words each ended as a line (an OCR layer laid word by word)", () => {
    const words = ["BỘ", "CÔNG", "AN", "-", "BỘ", "QUỐC", "PHÒNG"].flatMap((word, index) => [item(word, 50 + index * 40, 788), item("", 50 + index * 40 + 30, 788, { hasEOL: true })]);
    const next = [item("BỘ", 50, 774), item("Y", 80, 774), item("TẾ", 100, 774)];
    expect(textOf(joinWordsOnOneBaseline([...words, ...next]))).toBe("BỘ CÔNG AN - BỘ QUỐC PHÒNG\nBỘ Y TẾ");
  });

  it("leaves a typed page's line ends alone", () => {
    expect(joinWordsOnOneBaseline(headerLine)).toEqual(headerLine);
  });
});

describe("repairVietnameseLetters", () => {
  it.each([
    ["BỘ CÔNG THƢƠNG", "BỘ CÔNG THƯƠNG"],
    ["trƣờng hợp", "trường hợp"],
    ["ВСТ-ВТC-VKSNDTC-TANDTC", "BCT-BTC-VKSNDTC-TANDTC"],
    // A Russian word without Latin letters stays Russian.
    ["Москва", "Москва"],
    ["Sở Nội vụ", "Sở Nội vụ"],
  ])("%s -> %s", (input, expected) => {
    expect(repairVietnameseLetters(input)).toBe(expected);
  });
});
