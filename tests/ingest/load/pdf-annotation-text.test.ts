import { describe, expect, it } from "vitest";
import { annotationLinesFromOperators, type OperatorCodes } from "../../../ingest/load/pdf-annotation-text.js";

// pdf.js's operator codes (OPS) for the operators read.
const codes: OperatorCodes = {
  save: 10, restore: 11, transform: 12, beginText: 31, endText: 32, setLeading: 36, setFont: 37, moveText: 40, setLeadingMoveText: 41,
  setTextMatrix: 42, nextLine: 43, showText: 44, showSpacedText: 45, nextLineShowText: 46, nextLineSetSpacingShowText: 47,
  paintFormXObjectBegin: 74, paintFormXObjectEnd: 75, beginAnnotation: 80, endAnnotation: 81,
};
const glyphs = (text: string) => [...text].map((unicode) => ({ unicode, width: 500 }));

function operatorList(operations: Array<[keyof OperatorCodes, unknown[]]>) {
  return { fnArray: operations.map(([name]) => codes[name]), argsArray: operations.map(([, args]) => args) };
}

describe("annotationLinesFromOperators", () => {
  it("places a stamped number at its rectangle, through the annotation's transform and nested forms", () => {
    // As pdf.js lists the stamp "4378" of a signature widget at [117 727 150 741] (cv-4378-sct-mong-son.pdf).
    const lines = annotationLinesFromOperators(
      operatorList([
        ["beginAnnotation", ["79R", [117, 727, 150, 741], [1, 0, 0, 1, 117, 727], [1, 0, 0, 1, 0, 0], false]],
        ["save", []],
        ["paintFormXObjectBegin", [null, [0, 0, 33, 14]]],
        ["save", []],
        ["transform", [1, 0, 0, 1, 0, 0]],
        ["paintFormXObjectBegin", [null, [0, 0, 33, 14]]],
        ["beginText", []],
        ["setFont", ["g_d0_f7", 14]],
        ["moveText", [0, 1.53]],
        ["showText", [glyphs("4378")]],
        ["endText", []],
        ["paintFormXObjectEnd", []],
        ["restore", []],
        ["paintFormXObjectEnd", []],
        ["restore", []],
        ["endAnnotation", []],
      ]),
      codes,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ text: "4378", x: 117, height: 14 });
    expect(lines[0]!.y).toBeCloseTo(728.53, 2);
    expect(lines[0]!.width).toBeCloseTo(28, 5);
  });

  it("reads a box of lines top to bottom, words split by wide TJ gaps, and ignores text outside annotations", () => {
    const lines = annotationLinesFromOperators(
      operatorList([
        ["beginText", []],
        ["showText", [glyphs("page text")]],
        ["endText", []],
        ["beginAnnotation", ["12R", [374, 727, 589, 837], [1, 0, 0, 1, 374, 727], [1, 0, 0, 1, 0, 0], false]],
        ["beginText", []],
        ["setFont", ["F1", 8]],
        ["setTextMatrix", [[1, 0, 0, 1, 4, 90]]],
        ["showSpacedText", [[...glyphs("Ký"), -400, ...glyphs("bởi:"), -30, ...glyphs("Bộ")]]],
        ["setLeading", [10]],
        ["nextLineShowText", [glyphs("Cơ quan: Bộ Công Thương")]],
        ["endText", []],
        ["endAnnotation", []],
      ]),
      codes,
    );
    expect(lines.map((line) => line.text)).toEqual(["Ký bởi:Bộ", "Cơ quan: Bộ Công Thương"]);
    expect(lines[0]!.y).toBeCloseTo(817, 5);
    expect(lines[1]!.y).toBeCloseTo(807, 5);
  });
});
