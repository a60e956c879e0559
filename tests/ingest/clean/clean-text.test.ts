import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { PDFParse } from "pdf-parse";
import { beforeAll, describe, expect, it } from "vitest";
import type { SourceFormat } from "../../../core/types.js";
import { cleanText } from "../../../ingest/clean/clean-text.js";
import { normalizeText } from "../../../ingest/clean/normalize-text.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures");
const SAMPLES = path.join(FIXTURES, "samples");
const SEEDS = path.join(FIXTURES, "seeds");

/** Same call as the PDF loader: page texts joined with form feeds. */
async function readPdfText(file: string): Promise<string> {
  const parser = new PDFParse({ data: fs.readFileSync(file) });
  try {
    const result = await parser.getText();
    return result.pages.map((page) => page.text).join("\f");
  } finally {
    await parser.destroy();
  }
}

const squash = (text: string): string => text.replace(/\s+/gu, " ");

// Page 1 of sample 000 as pdf-parse reads it (abridged): footnote 1 inside the flow.
const SAMPLE_000_PAGE_1 = [
  "THÔNG BÁO Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về kết quả",
  "thực hiện nhiệm vụ năm 2023; nhiệm vụ trọng tâm của ngành nội vụ năm",
  "2024 ––––––––––",
  "Ngày 19/02/2024, đồng chí Lê Ánh Dương, Chủ tịch UBND tỉnh chủ trì buổi",
  "tham mưu, đề xuất với Tỉnh ủy, HĐND, UBND tỉnh về các cơ chế, chính sách",
  "lĩnh vực nội vụ1 cơ bản kịp thời, chất lượng, hiệu quả; công tác quản lý, sử",
  "chưa có nhiều chuyển biến thực chất … Để khắc phục các tồn tại, hạn chế;",
  "nâng cao hiệu quả, chất lượng thực hiện các nhiệm vụ chính trị của ngành;",
  "sau:",
  "1. Chú trọng nâng cao hơn nữa chất lượng công tác tác tham mưu",
  "• Lãnh đạo, công chức, viên chức của Sở cần nghiên cứu, nắm chắc các",
  "thực hiện; chủ động chỉ đạo, hướng dẫn các cơ quan, đơn vị, địa",
  "phương giải quyết, tháo gỡ các tồn tại, 1 nổi bật là: Hoàn thành việc",
  "thành lập thị xã Việt Yên và các phường thuộc thị xã Việt Yên; Tham",
  "mưu ban hành Nghị quyết của HĐND tỉnh quy định một số nội dung",
  "dân phố và người trực tiếp tham gia hoạt động ở thôn, tổ dân phố trên",
  "địa bàn tỉnh … hạn chế trong lĩnh vực nội vụ hoặc tham mưu cho Tỉnh ủy -",
  "UBND tỉnh chỉ đạo giải quyết.",
].join("\n");

describe("cleanText on snippets", () => {
  it("gives the same result for NFC and NFD input", () => {
    const nfc = cleanText(SAMPLE_000_PAGE_1.normalize("NFC"), { format: "pdf" });
    const nfd = cleanText(SAMPLE_000_PAGE_1.normalize("NFD"), { format: "pdf" });
    expect(nfd).toEqual(nfc);
    expect(nfc.text).toBe(nfc.text.normalize("NFC"));
  });

  it("takes out a footnote that cuts a sentence and keeps the sentence whole", () => {
    const { text, footnotes } = cleanText(SAMPLE_000_PAGE_1, { format: "pdf" });
    expect(text).toContain("tháo gỡ các tồn tại, hạn chế trong lĩnh vực nội vụ hoặc tham mưu cho Tỉnh ủy - UBND tỉnh chỉ đạo giải quyết.");
    expect(text).toContain("lĩnh vực nội vụ cơ bản kịp thời");
    expect(footnotes).toHaveLength(1);
    expect(footnotes[0]?.mark).toBe("1");
    expect(footnotes[0]?.text).toMatch(/^nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên/u);
    expect(text.slice(0, footnotes[0]?.at)).toMatch(/lĩnh vực nội vụ$/u);
  });

  it("puts headings, items and paragraphs on their own lines", () => {
    const { text } = cleanText(SAMPLE_000_PAGE_1, { format: "pdf" });
    const paragraphs = text.split("\n\n");
    expect(paragraphs[0]).toBe("THÔNG BÁO");
    expect(paragraphs[1]).toBe("Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về kết quả thực hiện nhiệm vụ năm 2023; nhiệm vụ trọng tâm của ngành nội vụ năm 2024");
    expect(paragraphs).toContain("1. Chú trọng nâng cao hơn nữa chất lượng công tác tác tham mưu");
    expect(paragraphs.some((paragraph) => paragraph.startsWith("- Lãnh đạo, công chức, viên chức của Sở"))).toBe(true);
  });

  it.each<[string, string, SourceFormat, string, string]>([
    [
      "page-number line at a page edge",
      "Văn phòng UBND tỉnh để làm rõ sự cần thiết xây dựng Nghị quyết và thực\n\f- 3 -\nhiện quy trình theo quy định.",
      "pdf",
      "Văn phòng UBND tỉnh để làm rõ sự cần thiết xây dựng Nghị quyết và thực hiện quy trình theo quy định.",
      "- 3 -",
    ],
    [
      "superscript mark (sample 003)",
      "giáo viên và hoàn thành 12 lớp bồi dưỡng¹ theo kế hoạch.\n¹ gồm: 05 lớp bồi dưỡng lãnh đạo quản lý cấp phòng\n\f\nTriển khai phần mềm Quản lý cán bộ, công chức, viên chức tỉnh Bắc Giang.",
      "pdf",
      "giáo viên và hoàn thành 12 lớp bồi dưỡng theo kế hoạch.",
      "¹",
    ],
    ["Markdown bold and italic (seed 001)", "Số: /TB-UBND\n\n*Bắc Giang, ngày tháng 9 năm 2021*\n\n**THÔNG BÁO**", "text", "THÔNG BÁO", "**"],
    [
      "a range wrapped after its hyphen stays a range",
      "Hoàn thành tốt phương án, đề án sắp xếp đơn vị hành chính cấp xã giai đoạn 2023-\n2025 thực hiện sắp xếp 42 đơn vị hành chính cấp xã, thành lập mới",
      "pdf",
      "cấp xã giai đoạn 2023-2025 thực hiện sắp xếp 42 đơn vị",
      "2023- 2025",
    ],
    [
      "a document number wrapped after its hyphen stays whole",
      "Căn cứ các Quyết định của Sở Nội vụ: Số 08/QĐ-SNV ngày 03/02/2020 về\nviệc ban hành Quy chế làm việc của Sở Nội vụ tỉnh Hưng Yên; số 1436/QĐ-\nSNV ngày 16/5/2023 về việc sửa đổi, bổ sung Quy chế làm việc của Sở Nội",
      "pdf",
      "số 1436/QĐ-SNV ngày 16/5/2023",
      "QĐ- SNV",
    ],
  ])("%s", (_name, input, format, expected, absent) => {
    const { text } = cleanText(input, { format });
    expect(text).toContain(expected);
    expect(text).not.toContain(absent);
  });

  it("takes Markdown footnotes out of DOCX text", () => {
    const input = [
      "Chương trình công tác của UBND tỉnh năm 2024[^1] đảm bảo chất lượng, thời gian theo quy định.",
      "",
      "- Tiếp tục cập nhật quy định mới của Trung ương.",
      "",
      "[^1]: Quyết định số 1341/QĐ-UBND ngày 05/12/2024 của Chủ tịch UBND tỉnh",
    ].join("\n");
    const { text, footnotes, warnings } = cleanText(input, { format: "docx" });
    expect(text).toBe(
      "Chương trình công tác của UBND tỉnh năm 2024 đảm bảo chất lượng, thời gian theo quy định.\n\n- Tiếp tục cập nhật quy định mới của Trung ương.",
    );
    expect(footnotes).toEqual([{ mark: "1", text: "Quyết định số 1341/QĐ-UBND ngày 05/12/2024 của Chủ tịch UBND tỉnh", at: text.indexOf(" đảm bảo") }]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ["empty text", ""],
    ["a scanned PDF without a text layer", "\f\f\f\f"],
    ["page numbers only", "1\f2\f3"],
  ])("returns empty text with a warning for %s", (_name, input) => {
    const result = cleanText(input, { format: "pdf" });
    expect(result.text).toBe("");
    expect(result.footnotes).toEqual([]);
    expect(result.warnings).toContain("no text left after cleaning");
  });
});

// ---------------------------------------------------------------------------
// Whole documents: every sample PDF (read with pdf-parse) and every seed.

type Document = { name: string; format: SourceFormat; raw: string };
const documents: Document[] = [];

beforeAll(async () => {
  for (const file of fs.readdirSync(SAMPLES).filter((name) => name.endsWith(".pdf")).sort()) {
    documents.push({ name: `sample ${file}`, format: "pdf", raw: await readPdfText(path.join(SAMPLES, file)) });
  }
  for (const file of fs.readdirSync(SEEDS).filter((name) => name.endsWith(".txt")).sort()) {
    documents.push({ name: `seed ${file}`, format: "text", raw: fs.readFileSync(path.join(SEEDS, file), "utf8") });
  }
});

const documentNamed = (prefix: string): Document => {
  const found = documents.find((document) => document.name.startsWith(prefix));
  if (!found) throw new Error(`fixture ${prefix} not loaded`);
  return found;
};

// Each document is cleaned once; the tests below read the same result.
const cleaned = new Map<string, ReturnType<typeof cleanText>>();
const cleanDocument = (document: Document): ReturnType<typeof cleanText> => {
  const cached = cleaned.get(document.name) ?? cleanText(document.raw, { format: document.format });
  cleaned.set(document.name, cached);
  return cached;
};
const cleanNamed = (prefix: string): ReturnType<typeof cleanText> => cleanDocument(documentNamed(prefix));

/** Starts of seed 000's two footnotes, as the seed prints them. */
const SEED_000_FOOTNOTE_STARTS = ["nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên", "Quyết định số 1341/QĐ-UBND ngày 05/12/2024"];

describe("cleanText on whole documents", () => {
  it("loads four sample PDFs and five seeds", () => {
    expect(documents.filter((document) => document.format === "pdf")).toHaveLength(4);
    expect(documents.filter((document) => document.format === "text")).toHaveLength(5);
  });

  it("leaves no markup, page breaks, page-number lines or stray whitespace in any document", () => {
    for (const document of documents) {
      const { text, footnotes } = cleanDocument(document);
      const context = document.name;
      expect(text, context).not.toContain("**");
      expect(text, context).not.toContain("\f");
      expect(text, context).toBe(text.normalize("NFC"));
      expect(text.split("\n").filter((line) => /^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$/u.test(line)), context).toEqual([]);
      expect(text, context).not.toMatch(/ {2}|\n{3}|^\s|\s$/u);
      for (const footnote of footnotes) {
        expect(footnote.at, context).toBeGreaterThanOrEqual(0);
        expect(footnote.at, context).toBeLessThanOrEqual(text.length);
        // The mark stood right after a word or number; nothing of it is left.
        expect(text.slice(footnote.at - 1, footnote.at), context).toMatch(/[\p{L}\p{N})”]/u);
        expect(text.slice(footnote.at, footnote.at + 1), context).not.toMatch(/\d/u);
      }
    }
  });

  it.each(["sample 000_492514bbfbcde4f8.pdf", "seed 000_492514bbfbcde4f8.txt"])(
    "%s: the sentences cut by footnotes are whole and both footnotes are out",
    (name) => {
      const { text, footnotes } = cleanNamed(name);
      const flat = squash(text);
      expect(flat).toContain("tồn tại, hạn chế trong lĩnh vực nội vụ");
      expect(flat).toContain("Đề án sắp xếp ĐVHC cấp xã giai đoạn 2023- 2025");
      expect(flat).toContain("chính sách lĩnh vực nội vụ cơ bản");
      expect(flat).toContain("của UBND tỉnh năm 2024 đảm bảo chất lượng");
      expect(flat).not.toMatch(/nổi bật là|1341\/QĐ-UBND/u);
      expect(footnotes.length).toBeGreaterThanOrEqual(2);
      for (const start of SEED_000_FOOTNOTE_STARTS) {
        expect(footnotes.some((footnote) => footnote.text.startsWith(start)), start).toBe(true);
      }
    },
  );

  it.each(["sample 003_66615375c7bf5e13.pdf", "seed 003_66615375c7bf5e13.txt"])("%s: eight superscript footnotes", (name) => {
    const { text, footnotes } = cleanNamed(name);
    expect(footnotes.map((footnote) => footnote.mark)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(text).not.toMatch(/[¹²³⁴⁵⁶⁷⁸]/u);
    const flat = squash(text);
    expect(flat).toContain("hỗ trợ nhân dân tiếp cận");
    expect(flat).toContain("cán bộ, công chức, viên chức; Thanh tra hành chính");
    expect(footnotes[4]?.text).toBe("Quyết định số 633/QĐ-UBND ngày 07/4/2021");
  });

  it.each(["sample 004_38b8e90ea4ed07a7.pdf", "seed 004_38b8e90ea4ed07a7.txt"])("%s: the footnote across a page is out", (name) => {
    const { text, footnotes } = cleanNamed(name);
    expect(footnotes).toHaveLength(1);
    expect(footnotes[0]?.text).toMatch(/^Kế hoạch số 140-KH\/TU ngày 30\/11\/2022 .* giai đoạn 2023-2025\.$/u);
    expect(squash(text)).toContain("các lớp đào tạo, bồi dưỡng, tập huấn cán bộ");
    expect(text.slice(0, footnotes[0]?.at)).toMatch(/mục tiêu tinh giản biên chế$/u);
  });

  it("reads the same footnotes from the PDF and from the seed of each document", () => {
    for (const id of ["000", "003", "004"]) {
      const fromPdf = cleanNamed(`sample ${id}`).footnotes;
      const fromSeed = cleanNamed(`seed ${id}`).footnotes;
      const starts = (notes: typeof fromPdf): string[] => notes.map((note) => `${note.mark}:${note.text.slice(0, 40)}`);
      expect(starts(fromPdf), id).toEqual(starts(fromSeed));
    }
  });

  it("keeps the scanned PDF empty and says so", () => {
    const result = cleanNamed("sample 000_492514bbfbcde4f8.scanned");
    expect(result.text).toBe("");
    expect(result.warnings.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// Properties

const SYLLABLES = [
  "tỉnh", "cấp", "xã", "nội", "vụ", "năm", "Điều", "các", "tồn", "tại", "hạn", "chế", "UBND", "QĐ", "THÔNG", "BÁO",
  "Kế", "hoạch", "quan", "theo", "hoà", "hòa", "thuỷ", "thủy", "Sở", "Nội", "đồng", "chí", "số",
];
const SEPARATORS = [
  " ", " ", " ", "  ", "\n", "\n", "\n\n", "\f", "\t", "\u00a0", ", ", ". ", "; ", ": ", "… ", "-", " - ", "/", " (", ") ",
  "“", "”", "¹", "²", "1", "2", " 1 ", " 2 ", "2024", "20242", " 19.121 ", " 99,0% ", "\n- ", "\n• ", "\n1. ", "\na) ",
  "\nII. ", "\n\f\n- 2 -\n", "\n3\n", "–––––", "\u200b",
];
const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SYLLABLES) },
  { weight: 1, arbitrary: fc.constantFrom(...SYLLABLES).map((syllable) => syllable.normalize("NFD")) },
  { weight: 4, arbitrary: fc.constantFrom(...SEPARATORS) },
);
const vietnameseDocument = fc.array(piece, { maxLength: 300 }).map((pieces) => pieces.join(""));
const anyFormat = fc.constantFrom<SourceFormat>("pdf", "docx", "text", "html");

/** Letter runs of a text, counted. Digits are left out: marks and page numbers are digits. */
function letterWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/\p{L}+/gu)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  return counts;
}

describe("cleanText properties", () => {
  it("never throws and always returns NFC text and footnotes inside the text", () => {
    const anyText = fc.oneof(vietnameseDocument, fc.string({ maxLength: 400 }), fc.string({ unit: "binary", maxLength: 200 }));
    fc.assert(
      fc.property(anyText, anyFormat, (raw, format) => {
        const result = cleanText(raw, { format });
        expect(result.text).toBe(result.text.normalize("NFC"));
        for (const footnote of result.footnotes) {
          expect(footnote.at).toBeGreaterThanOrEqual(0);
          expect(footnote.at).toBeLessThanOrEqual(result.text.length);
          expect(footnote.text).toBe(footnote.text.normalize("NFC"));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("never invents or duplicates a word: output words are a sub-multiset of input words", () => {
    fc.assert(
      fc.property(vietnameseDocument, anyFormat, (raw, format) => {
        const input = letterWords(normalizeText(raw));
        const { text, footnotes } = cleanText(raw, { format });
        const output = letterWords([text, ...footnotes.map((footnote) => footnote.text)].join(" "));
        for (const [word, count] of output) expect(count, word).toBeLessThanOrEqual(input.get(word) ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it("never loses a word of text without footnotes", () => {
    const plain = fc
      .array(fc.oneof(fc.constantFrom(...SYLLABLES), fc.constantFrom(" ", "\n", "\n\n", ", ", ". ", "\f", " - ")), { maxLength: 200 })
      .map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(plain, anyFormat, (raw, format) => {
        expect(letterWords(cleanText(raw, { format }).text)).toEqual(letterWords(normalizeText(raw)));
      }),
      { numRuns: 150 },
    );
  });
});
