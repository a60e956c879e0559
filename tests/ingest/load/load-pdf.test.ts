import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { formatPages, loadPdf, type LoadPdfOptions } from "../../../ingest/load/load-pdf.js";
import { DEFAULT_OCR } from "../../../ingest/load/ocr.js";
import { cleanText } from "../../../ingest/clean/clean-text.js";
import { parseHeader } from "../../../ingest/parse/parse-header.js";
import { buildAnnotatedPdf } from "../../helpers/build-annotated-pdf.js";

const samples = new URL("../../fixtures/samples/", import.meta.url);
const readSample = (name: string): Buffer => readFileSync(new URL(name, samples));

/** A valid PDF with one Helvetica text line per entry of each page (ASCII only). */
function buildPdf(pages: ReadonlyArray<readonly string[]>): Buffer {
  const bodies = new Map<number, string>();
  const pageIds = pages.map((_, index) => 4 + index * 2);
  bodies.set(1, "<< /Type /Catalog /Pages 2 0 R >>");
  bodies.set(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`);
  bodies.set(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  pages.forEach((lines, index) => {
    const id = pageIds[index] ?? 0;
    const content = lines
      .map((line, lineIndex) => `BT /F1 11 Tf 50 ${800 - lineIndex * 14} Td (${line.replace(/[()\\]/g, "\\$&")}) Tj ET`)
      .join("\n");
    bodies.set(id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${id + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    bodies.set(id + 1, `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`);
  });
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  const size = 4 + pages.length * 2;
  for (let id = 1; id < size; id += 1) {
    offsets[id] = Buffer.byteLength(pdf, "latin1");
    pdf += `${id} 0 obj\n${bodies.get(id) ?? ""}\nendobj\n`;
  }
  const xrefOffset = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let id = 1; id < size; id += 1) pdf += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

const typedPage = [
  "Article 1. The Department of Home Affairs shall report before 30/6/2024.",
  "Article 2. District committees coordinate and send results every quarter.",
];

async function loadError(bytes: Buffer, options: LoadPdfOptions = {}): Promise<VanbanError> {
  const error: unknown = await loadPdf(bytes, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VanbanError);
  return error as VanbanError;
}

describe("loadPdf on the samples", () => {
  it.each([
    { file: "000_492514bbfbcde4f8.pdf", pages: 5, contains: ["Sở Nội vụ", "30/6/2024", "Lê Ánh Dương"] },
    { file: "003_66615375c7bf5e13.pdf", pages: 19, contains: ["KẾ HOẠCH Phát triển kinh tế - xã hội năm 2022", "5797/UBND-TH"] },
    { file: "004_38b8e90ea4ed07a7.pdf", pages: 13, contains: ["412/NQ-HĐND ngày 07/12/2023", "Hưng Yên"] },
  ])("$file", async ({ file, pages, contains }) => {
    const loaded = await loadPdf(readSample(file));
    expect(loaded.format).toBe("pdf");
    expect(loaded.pages).toBe(pages);
    expect(loaded.text.split("\f")).toHaveLength(pages);
    for (const snippet of contains) expect(loaded.text).toContain(snippet);
    // pdf-parse's own page separators must not leak into the text.
    expect(loaded.text).not.toMatch(/-- \d+ of \d+ --/);
    expect(loaded.warnings).toEqual([]);
  });

  it("refuses the scanned copy when OCR is off: no text layer", async () => {
    const error = await loadError(readSample("000_492514bbfbcde4f8.scanned.pdf"));
    expect(error.code).toBe("file_no_text_layer");
    expect(error.message).toMatch(/scanned/);
    expect(error.message).toMatch(/OCR is off \(set OCR=auto/);
  });

  it("leaves the caller's buffer usable", async () => {
    const bytes = readSample("000_492514bbfbcde4f8.pdf");
    const length = bytes.length;
    await loadPdf(bytes);
    expect(bytes.length).toBe(length);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

describe("loadPdf on built PDFs", () => {
  it("joins pages with form feeds", async () => {
    const loaded = await loadPdf(buildPdf([typedPage, ["Article 3. This plan takes effect from the date of signing."]]));
    expect(loaded.pages).toBe(2);
    expect(loaded.text).toBe(`${typedPage.join("\n")}\fArticle 3. This plan takes effect from the date of signing.`);
  });

  it("judges the text layer by letters per page, whatever the document", async () => {
    const signatureStampOnly = [["Signed: Nguyen Van A"], [], [], []];
    const error = await loadError(buildPdf(signatureStampOnly));
    expect(error.code).toBe("file_no_text_layer");
  });

  it("accepts a mostly typed PDF and names the pages without text", async () => {
    const loaded = await loadPdf(buildPdf([typedPage, [], typedPage, typedPage]));
    expect(loaded.pages).toBe(4);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(/Page\(s\) 2 have almost no text/);
  });

  it("lets the caller move the threshold", async () => {
    const sparse = buildPdf([["Short page of text only"], ["Another short page"]]);
    await expect(loadPdf(sparse, { minLettersPerPage: 100 })).rejects.toMatchObject({ code: "file_no_text_layer" });
    await expect(loadPdf(sparse, { minLettersPerPage: 5 })).resolves.toMatchObject({ pages: 2 });
  });
});

describe("loadPdf failures", () => {
  it("reports a truncated PDF as corrupt", async () => {
    const bytes = readSample("000_492514bbfbcde4f8.pdf");
    const error = await loadError(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(error.code).toBe("file_corrupt");
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("reports a password-protected PDF as encrypted", async () => {
    // tests/fixtures/bad/encrypted.pdf: a one-page PDF encrypted by qpdf (AES-256, user password "secret").
    const error = await loadError(readFileSync(new URL("../../fixtures/bad/encrypted.pdf", import.meta.url)));
    expect(error.code).toBe("file_encrypted");
    expect(error.message).toMatch(/password/);
    expect((error.cause as Error).name).toBe("PasswordException");
  });

  it.each([
    { name: "zero bytes", bytes: Buffer.alloc(0), code: "file_empty" },
    { name: "text named .pdf", bytes: Buffer.from("Đây không phải PDF"), code: "file_corrupt" },
    { name: "a header and nothing else", bytes: Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), code: "file_corrupt" },
    { name: "random bytes after a header", bytes: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256))]), code: "file_corrupt" },
  ])("$name -> $code", async ({ bytes, code }) => {
    expect((await loadError(bytes)).code).toBe(code);
  });
});

describe("loadPdf with OCR for pages without a text layer", () => {
  /** An engine that "reads" a fixed text per page and records what it was given. */
  function fakeEngine(texts: string[], confidence = 90) {
    const calls: { images: number; closed: number } = { images: 0, closed: 0 };
    const createOcrEngine = async () => ({
      async recognize(image: Uint8Array) {
        // A rendered page: PNG bytes.
        expect(Buffer.from(image.subarray(1, 4)).toString("latin1")).toBe("PNG");
        return { text: texts[calls.images++] ?? "", confidence };
      },
      async close() {
        calls.closed++;
      },
    });
    return { calls, createOcrEngine };
  }
  const settings = { ...DEFAULT_OCR, pageWidth: 400 };

  it("reads only the pages without text, keeps the typed ones, closes the engine and says so", async () => {
    const engine = fakeEngine(["Sở Nội vụ hoàn thành trước ngày 30/6/2024, trang quét."]);
    const loaded = await loadPdf(buildPdf([typedPage, []]), { ocr: settings, createOcrEngine: engine.createOcrEngine });
    expect(loaded.text).toBe(`${typedPage.join("\n")}\fSở Nội vụ hoàn thành trước ngày 30/6/2024, trang quét.`);
    expect(loaded.ocr).toEqual({ pages: [2], confidence: 90 });
    expect(engine.calls).toEqual({ images: 1, closed: 1 });
    expect(loaded.warnings.join(" ")).toMatch(/Page\(s\) 2 have no text layer and were read by OCR \(vie, mean confidence 90%\)/u);
  });

  it("reads at most maxPages and names the pages left out", async () => {
    const page = "Trang của bản quét có đủ chữ để đọc được: Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan.";
    const engine = fakeEngine([page, page]);
    const loaded = await loadPdf(buildPdf([[], [], [], []]), { ocr: { ...settings, maxPages: 2 }, createOcrEngine: engine.createOcrEngine });
    expect(loaded.ocr?.pages).toEqual([1, 2]);
    expect(loaded.warnings.join(" ")).toMatch(/Page\(s\) 3, 4 were not read by OCR: more than 2 scanned pages/u);
  });

  it("keeps the pages read before the engine failed, and names the rest as unread", async () => {
    let calls = 0;
    const page = "Trang của bản quét có đủ chữ để đọc được: Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan.";
    const flaky = async () => ({
      recognize: async () => {
        if (calls++ > 0) throw new Error("engine crashed");
        return { text: page, confidence: 88 };
      },
      close: async () => undefined,
    });
    const loaded = await loadPdf(buildPdf([[], [], typedPage]), { ocr: settings, createOcrEngine: flaky });
    expect(loaded.text.split("\f")[0]).toBe(page);
    expect(loaded.ocr?.pages).toEqual([1]);
    expect(loaded.unreadPages).toEqual([2]);
    expect(loaded.warnings.join(" ")).toMatch(/Page\(s\) 2 have almost no text.*OCR failed: page 2: engine crashed/u);
  });

  it("reports an engine that fails, or finds nothing, as no text layer with the reason", async () => {
    const failing = async () => ({
      recognize: async () => {
        throw new Error("out of memory");
      },
      close: async () => undefined,
    });
    const failed = await loadError(buildPdf([[], []]), { ocr: settings, createOcrEngine: failing });
    expect(failed.code).toBe("file_no_text_layer");
    expect(failed.message).toMatch(/OCR failed: page 1: out of memory/u);
    const empty = await loadError(buildPdf([[], []]), { ocr: settings, createOcrEngine: fakeEngine(["", ""]).createOcrEngine });
    expect(empty.message).toMatch(/OCR found no text/u);
    expect((await loadError(buildPdf([[], []]))).message).toMatch(/OCR is off/u);
  });

  it("reads the real scanned sample with Tesseract and its Vietnamese data from npm", { timeout: 120_000 }, async () => {
    const loaded = await loadPdf(readSample("000_492514bbfbcde4f8.scanned.pdf"), { ocr: { ...DEFAULT_OCR, maxPages: 1 } });
    expect(loaded.pages).toBe(5);
    expect(loaded.ocr?.pages).toEqual([1]);
    expect(loaded.ocr?.confidence).toBeGreaterThan(80);
    const firstPage = loaded.text.split("\f")[0]!.normalize("NFC");
    for (const phrase of ["THÔNG BÁO", "Ngày 19/02/2024", "Sở Nội vụ", "Chủ tịch UBND tỉnh"]) expect(firstPage).toContain(phrase);
    expect(loaded.warnings.join(" ")).toMatch(/Page\(s\) 2-5 were not read by OCR/u);
  });
});

describe("formatPages", () => {
  it.each([
    [[1], "1"],
    [[1, 2], "1, 2"],
    [[1, 2, 3, 4, 5, 8], "1-5, 8"],
    [[2, 4, 5, 6, 9, 10], "2, 4-6, 9, 10"],
  ])("%j -> %s", (pages, expected) => {
    expect(formatPages(pages)).toBe(expected);
  });
});

describe("loadPdf with annotations (signed documents, form fields)", () => {
  // The header of a document signed with a Vietnamese signing tool: the number and the day are stamped
  // into signature widgets at signing; the rest was typed in Word.
  const signedHeader = [
    { x: 90, y: 780, text: "UBND TỈNH LÀO CAI" },
    { x: 300, y: 780, text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" },
    { x: 90, y: 765, text: "SỞ CÔNG THƯƠNG" },
    { x: 320, y: 765, text: "Độc lập - Tự do - Hạnh phúc" },
    { x: 96, y: 729, text: "Số:" },
    { x: 152, y: 729, text: "/SCT-CN" },
    { x: 285, y: 729, text: "Lào Cai, ngày" },
    { x: 396, y: 729, text: "tháng 7 năm 2026" },
    { x: 90, y: 700, text: "V/v trả lại hồ sơ đề nghị cấp giấy phép" },
    { x: 90, y: 600, text: "Sở Công Thương trả lại hồ sơ và đề nghị Công ty hoàn thiện." },
  ];
  const stamps = [
    { kind: "signature" as const, rect: [117, 726, 150, 740] as [number, number, number, number], text: "4378" },
    { kind: "signature" as const, rect: [369, 726, 393, 740] as [number, number, number, number], text: "22" },
  ];

  it("puts the stamped number and day into the header line, in reading order", async () => {
    const loaded = await loadPdf(buildAnnotatedPdf([{ texts: signedHeader, annotations: stamps }]));
    const headerLine = loaded.text.split("\n").find((line) => line.startsWith("Số:"))!.replace(/\s+/gu, " ");
    expect(headerLine).toBe("Số: 4378 /SCT-CN Lào Cai, ngày 22 tháng 7 năm 2026");
    const meta = parseHeader(cleanText(loaded.text, { format: "pdf" }).text);
    expect(meta).toMatchObject({ number: "4378/SCT-CN", date: "2026-07-22", place: "Lào Cai", issuer: "Sở Công thương tỉnh Lào Cai" });
    expect(loaded.warnings).toEqual([]);
  });

  it("without the stamps the header has no number and no day (what pdf.js's page text alone gives)", async () => {
    const meta = parseHeader(cleanText((await loadPdf(buildAnnotatedPdf([{ texts: signedHeader }]))).text, { format: "pdf" }).text);
    expect(meta.number).toBe("");
    expect(meta.date).toBe("2026-07");
  });

  it("reads form field values, drawn or only stored", async () => {
    const loaded = await loadPdf(
      buildAnnotatedPdf([
        {
          texts: typedPage.map((line, index) => ({ x: 50, y: 800 - index * 14, text: line })),
          annotations: [
            { kind: "text-field", rect: [90, 500, 300, 515], value: "Người ký: Hoàng Văn Thuân" },
            { kind: "text-field", rect: [90, 480, 300, 495], value: "Mã hồ sơ: HS-0042", appearance: false },
          ],
        },
      ]),
    );
    expect(loaded.text).toContain("Người ký: Hoàng Văn Thuân");
    expect(loaded.text).toContain("Mã hồ sơ: HS-0042");
    // Below the typed lines, in that order.
    expect(loaded.text.indexOf("Article 2")).toBeLessThan(loaded.text.indexOf("Người ký"));
    expect(loaded.text.indexOf("Người ký")).toBeLessThan(loaded.text.indexOf("Mã hồ sơ"));
  });

  it("judges a scan by its own text: a signature box over a scanned page does not make it typed", async () => {
    const box = { kind: "signature" as const, rect: [374, 727, 589, 837] as [number, number, number, number], text: "Ký bởi: Bộ Công Thương, thời gian ký 02.04.2026", size: 7 };
    const error = await loadError(buildAnnotatedPdf([{ texts: [], annotations: [box] }]));
    expect(error.code).toBe("file_no_text_layer");
  });
});

describe("loadPdf of a signed scan", () => {
  const box = { kind: "signature" as const, rect: [374, 727, 589, 837] as [number, number, number, number], text: "Thời gian ký: 02.04.2026 14:24:26", size: 7 };
  const scanned = "Sở Nội vụ hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024, theo kế hoạch của tỉnh.";
  const engine = (text: string) => async () => ({ recognize: async () => ({ text, confidence: 90 }), close: async () => undefined });

  it("adds the signature box OCR missed, above the page's text as it stands in the upper half", async () => {
    const loaded = await loadPdf(buildAnnotatedPdf([{ texts: [], annotations: [box] }]), { ocr: { ...DEFAULT_OCR, pageWidth: 400 }, createOcrEngine: engine(scanned) });
    expect(loaded.text).toBe(`Thời gian ký: 02.04.2026 14:24:26\n${scanned}`);
  });

  it("with OCR off names the signed scanned page as unread, whatever its signature box says", async () => {
    const typed = typedPage.map((line, index) => ({ x: 50, y: 800 - index * 14, text: line }));
    const loaded = await loadPdf(buildAnnotatedPdf([{ texts: typed }, { texts: [], annotations: [{ ...box, text: "Ký bởi: Sở Nội vụ tỉnh Bắc Giang, thời gian ký 02.04.2026" }] }]));
    expect(loaded.unreadPages).toEqual([2]);
    expect(loaded.text.split("\f")[1]).toContain("Ký bởi: Sở Nội vụ");
    expect(loaded.warnings.join(" ")).toMatch(/Page\(s\) 2 have almost no text/u);
  });

  it("does not repeat what OCR read of it", async () => {
    const read = `Thời gian ký: 02.04.2026 14:24:26\n${scanned}`;
    const loaded = await loadPdf(buildAnnotatedPdf([{ texts: [], annotations: [box] }]), { ocr: { ...DEFAULT_OCR, pageWidth: 400 }, createOcrEngine: engine(read) });
    expect(loaded.text).toBe(read);
  });
});

describe("loadPdf with text layers that cannot be trusted", () => {
  // A scanner's OCR layer made without Vietnamese (bb-sct-kiem-tra-kho-mong-son.pdf, as pdf.js reads it).
  const poorOcrLayer = [
    "Tr6n co sd <16 nghi cta C6ng ty c6 phAn M6ng Son t4i Vdn s6 tZ ICV-US",
    "ngiry 2510612026 v6 viQc biio crio ktit quA kh6c phgc c6c tdn tai kho chria",
    "tai khu vuc m6 c16 Hoa Tring th6n Ldng M6i, xa 86o Ai, tinh Ldo Cai",
    "H6m nay, ngiry 291612026, Sd C6ng Thucmg ti6n hanh ki6m tra thlrc t6 kho",
  ].map((text, index) => ({ x: 50, y: 800 - index * 14, text }));
  const recognized = "Trên cơ sở đề nghị của Công ty cổ phần Mông Sơn tại Văn bản số 12/CV-MS ngày 25/6/2026 về việc báo cáo kết quả khắc phục các tồn tại.";

  it("reads the page by OCR instead, and records it", async () => {
    const calls: number[] = [];
    const createOcrEngine = async () => ({
      recognize: async () => {
        calls.push(1);
        return { text: recognized, confidence: 91 };
      },
      close: async () => undefined,
    });
    const loaded = await loadPdf(buildAnnotatedPdf([{ texts: poorOcrLayer }]), { ocr: { ...DEFAULT_OCR, pageWidth: 400 }, createOcrEngine });
    expect(calls).toHaveLength(1);
    expect(loaded.text).toBe(recognized);
    expect(loaded.ocr).toEqual({ pages: [1], confidence: 91, untrustedTextPages: [1] });
    expect(loaded.unreadPages).toBeUndefined();
    expect(loaded.warnings.join(" ")).toMatch(/Page\(s\) 1 have a text layer that cannot be trusted \(words that mix letters with digits.*\) and were read by OCR instead/u);
  });

  it("keeps the text layer when OCR is off, says why, and leaves the page to be read when OCR is on", async () => {
    const loaded = await loadPdf(buildAnnotatedPdf([{ texts: poorOcrLayer }]));
    expect(loaded.text).toContain("C6ng ty");
    expect(loaded.ocr).toBeUndefined();
    expect(loaded.unreadPages).toEqual([1]);
    expect(loaded.warnings.join(" ")).toMatch(/cannot be trusted .* kept as it is .*OCR is off/u);
  });
});
