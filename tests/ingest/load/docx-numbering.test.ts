import { describe, expect, it } from "vitest";
import {
  applyListLabels,
  computeListLabels,
  readNumberingDefinitions,
  readParagraphNumbering,
  type MammothElement,
} from "../../../ingest/load/docx-numbering.js";
import { formatListNumber } from "../../../ingest/load/format-list-number.js";

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function level(index: number, format: string, text: string, extra = ""): string {
  return `<w:lvl w:ilvl="${index}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
}

const numbering = (xml: string): string => `<w:numbering ${W}>${xml}</w:numbering>`;

describe("formatListNumber", () => {
  it.each([
    [3, "decimal", "3"],
    [7, "decimalZero", "07"],
    [12, "decimalZero", "12"],
    [1, "lowerLetter", "a"],
    [26, "lowerLetter", "z"],
    [27, "lowerLetter", "aa"],
    [4, "upperLetter", "D"],
    [4, "lowerRoman", "iv"],
    [1994, "upperRoman", "MCMXCIV"],
    [5, "none", ""],
    [5, "ordinalText", "5"],
  ] as const)("%i as %s -> %s", (value, format, expected) => {
    expect(formatListNumber(value, format)).toBe(expected);
  });
});

describe("computeListLabels", () => {
  it("numbers articles with literal text around the number", () => {
    const definitions = readNumberingDefinitions(
      numbering(`<w:abstractNum w:abstractNumId="0">${level(0, "decimal", "Điều %1.")}${level(1, "decimal", "%2.")}${level(2, "lowerLetter", "%3)")}</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num>`),
    );
    const paragraphs = [
      { numId: "7", ilvl: "0" },
      { numId: "7", ilvl: "1" },
      { numId: "7", ilvl: "2" },
      { numId: "7", ilvl: "2" },
      { numId: "7", ilvl: "1" },
      { numId: "7", ilvl: "0" },
      { numId: "7", ilvl: "1" },
    ];
    expect(computeListLabels(paragraphs, definitions).map((label) => label.label)).toEqual([
      "Điều 1.",
      "1.",
      "a)",
      "b)",
      "2.",
      "Điều 2.",
      "1.",
    ]);
  });

  it("honours w:start, and numId 0 means no numbering", () => {
    const definitions = readNumberingDefinitions(
      numbering(`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>`),
    );
    const labels = computeListLabels([{ numId: "2", ilvl: "0" }, { numId: "0", ilvl: "0" }, {}, { numId: "2", ilvl: "0" }], definitions);
    expect(labels).toEqual([
      { isOrdered: true, label: "IV." },
      { isOrdered: true, label: "V." },
    ]);
  });

  it("numbers paragraphs whose style carries the numbering", () => {
    const definitions = readNumberingDefinitions(
      numbering(`<w:abstractNum w:abstractNumId="3">${level(0, "decimal", "Chương %1", '<w:pStyle w:val="Chuong"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>`),
    );
    const labels = computeListLabels([{ styleId: "Chuong" }, { styleId: "Normal" }, { styleId: "Chuong" }], definitions);
    expect(labels.map((label) => label.label)).toEqual(["Chương 1", "Chương 2"]);
  });

  it("follows a list style link to the numbering it applies", () => {
    const definitions = readNumberingDefinitions(
      numbering(
        `<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="DanhSach"/>${level(0, "lowerLetter", "%1)")}</w:abstractNum>` +
          `<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="DanhSach"/></w:abstractNum>` +
          `<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num>`,
      ),
      `<w:styles ${W}><w:style w:type="numbering" w:styleId="DanhSach"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style></w:styles>`,
    );
    const labels = computeListLabels([{ numId: "6", ilvl: "0" }, { numId: "6", ilvl: "0" }], definitions);
    expect(labels.map((label) => label.label)).toEqual(["a)", "b)"]);
  });

  it("marks bullets as unordered", () => {
    const definitions = readNumberingDefinitions(
      numbering(`<w:abstractNum w:abstractNumId="9">${level(0, "bullet", "\uf0b7")}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="9"/></w:num>`),
    );
    expect(computeListLabels([{ numId: "1", ilvl: "0" }], definitions)).toEqual([{ isOrdered: false, label: "-" }]);
  });
});

describe("readParagraphNumbering", () => {
  it("reads the paragraph's own numbering, not a tracked old one, and skips mc:Choice", () => {
    const xml =
      `<w:document ${W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
      `<w:p><w:pPr><w:pStyle w:val="List"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr>` +
      `<w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr></w:pPr></w:pPrChange></w:pPr></w:p>` +
      `<w:p><w:r><mc:AlternateContent><mc:Choice><w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:p></mc:Choice>` +
      `<mc:Fallback><w:p/></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
      `</w:body></w:document>`;
    expect(readParagraphNumbering(xml)).toEqual([{ styleId: "List", numId: "4", ilvl: "1" }, {}, {}]);
  });
});

describe("applyListLabels", () => {
  const tree = (): MammothElement => ({
    type: "document",
    children: [
      { type: "paragraph", numbering: { isOrdered: true }, children: [{ type: "run", children: [{ type: "text", value: "Nhiệm vụ" }] }] },
      { type: "paragraph", numbering: null, children: [] },
      {
        type: "table",
        children: [{ type: "paragraph", numbering: { isOrdered: false }, children: [{ type: "text", value: "ghi chú" }] }],
      },
    ],
  });

  it("prepends labels and drops mammoth's list markup when both agree", () => {
    const document = tree();
    expect(applyListLabels(document, [{ isOrdered: true, label: "III." }, { isOrdered: false, label: "-" }])).toBe(true);
    const first = document.children?.[0];
    expect(first?.numbering).toBeNull();
    expect(first?.children?.[0]?.children?.[0]?.value).toBe("III. ");
    expect(document.children?.[2]?.children?.[0]?.children?.[0]?.children?.[0]?.value).toBe("- ");
  });

  it.each([
    { name: "a count mismatch", labels: [{ isOrdered: true, label: "1." }] },
    { name: "an order mismatch", labels: [{ isOrdered: false, label: "-" }, { isOrdered: true, label: "1." }] },
  ])("changes nothing on $name", ({ labels }) => {
    const document = tree();
    expect(applyListLabels(document, labels)).toBe(false);
    expect(document).toEqual(tree());
  });
});
