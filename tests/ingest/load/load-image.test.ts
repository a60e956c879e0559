import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { detectImageKind, encodeGreyBmp, loadImage } from "../../../ingest/load/load-image.js";
import { loadDocx } from "../../../ingest/load/load-docx.js";
import { DEFAULT_OCR, type OcrEngine } from "../../../ingest/load/ocr.js";

// Made from sample notice 000 by tests/fixtures/scans/make-fixtures.py (150 dpi).
const scans = new URL("../../fixtures/scans/", import.meta.url);
const readScan = (name: string): Buffer => readFileSync(new URL(name, scans));
const settings = { ...DEFAULT_OCR };

/** An engine that "reads" a fixed text and records the images it was given. */
function fakeEngine(text: (call: number) => string) {
  const images: Uint8Array[] = [];
  let closed = 0;
  const createOcrEngine = async (): Promise<OcrEngine> => ({
    async recognize(image) {
      images.push(image);
      return { text: text(images.length), confidence: 90 };
    },
    async close() {
      closed++;
    },
  });
  return { images, closed: () => closed, createOcrEngine };
}
const pageText = (number: number) => `Trang ${number}: Sở Nội vụ hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.`;

/** Width and height of a BMP, from its header. */
function bmpSize(bmp: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bmp.buffer, bmp.byteOffset, bmp.byteLength);
  return { width: view.readInt32LE(18), height: view.readInt32LE(22) };
}

async function loadError(work: Promise<unknown>): Promise<VanbanError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VanbanError);
  return error as VanbanError;
}

describe("detectImageKind", () => {
  it.each([
    ["000-page2.jpg", "jpeg"],
    ["000-pages1-2.g4.tif", "tiff"],
    ["000-page2-image-only.docx", undefined],
  ])("%s -> %s", (file, kind) => {
    expect(detectImageKind(readScan(file))).toBe(kind);
  });
});

describe("encodeGreyBmp", () => {
  it("writes rows bottom up, padded to 4 bytes, as greys over white paper", () => {
    // 3 x 2 pixels: black, white, transparent / red, green, blue.
    const rgba = Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255, 9, 9, 9, 0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
    const bmp = Buffer.from(encodeGreyBmp(rgba, 3, 2));
    expect(bmp.subarray(0, 2).toString("latin1")).toBe("BM");
    expect(bmpSize(bmp)).toEqual({ width: 3, height: 2 });
    const offset = bmp.readUInt32LE(10);
    expect([...bmp.subarray(offset, offset + 3)]).toEqual([76, 150, 29]);
    expect([...bmp.subarray(offset + 4, offset + 7)]).toEqual([0, 255, 255]);
    expect(bmp.length).toBe(offset + 8);
  });
});

describe("loadImage", () => {
  it("reads a JPEG as one page and records the OCR", async () => {
    const engine = fakeEngine(pageText);
    const loaded = await loadImage(readScan("000-page2.jpg"), { ocr: settings, createOcrEngine: engine.createOcrEngine });
    expect(loaded).toMatchObject({ format: "image", pages: 1, text: pageText(1), ocr: { pages: [1], confidence: 90 } });
    // Tesseract reads JPEG itself: the bytes go through unchanged.
    expect(Buffer.from(engine.images[0]!).equals(readScan("000-page2.jpg"))).toBe(true);
    expect(engine.closed()).toBe(1);
    expect(loaded.warnings.join(" ")).toMatch(/read by OCR \(vie, mean confidence 90%\)/u);
  });

  it("decodes every frame of a fax-compressed TIFF for the engine, one page each, within OCR_MAX_PAGES", async () => {
    const engine = fakeEngine(pageText);
    const loaded = await loadImage(readScan("000-pages1-2.g4.tif"), { ocr: settings, createOcrEngine: engine.createOcrEngine });
    expect(loaded.pages).toBe(2);
    expect(loaded.text).toBe(`${pageText(1)}\f${pageText(2)}`);
    expect(engine.images.map(bmpSize)).toEqual([
      { width: 1275, height: 1650 },
      { width: 1275, height: 1650 },
    ]);
    // A scanned page is mostly paper: mostly white pixels, some black.
    const pixels = engine.images[0]!.subarray(1078);
    const white = pixels.filter((grey) => grey === 255).length / pixels.length;
    expect(white).toBeGreaterThan(0.8);
    expect(white).toBeLessThan(0.999);

    const limited = await loadImage(readScan("000-pages1-2.g4.tif"), { ocr: { ...settings, maxPages: 1 }, createOcrEngine: fakeEngine(pageText).createOcrEngine });
    expect(limited.ocr?.pages).toEqual([1]);
    expect(limited.unreadPages).toEqual([2]);
    expect(limited.warnings.join(" ")).toMatch(/Page\(s\) 2 were not read by OCR: more than 1 scanned pages \(OCR_MAX_PAGES\)/u);
  });

  it("refuses an image while OCR is off, one OCR reads nothing on, and bytes that are no image", async () => {
    expect((await loadError(loadImage(readScan("000-page2.jpg")))).message).toMatch(/OCR is off/u);
    const blank = await loadError(loadImage(readScan("000-page2.jpg"), { ocr: settings, createOcrEngine: fakeEngine(() => "").createOcrEngine }));
    expect(blank.code).toBe("file_no_text_layer");
    expect(blank.message).toMatch(/OCR found no text/u);
    const notImage = await loadError(loadImage(Buffer.from("Đây không phải ảnh"), { ocr: settings }));
    expect(notImage.code).toBe("file_corrupt");
    const truncated = await loadError(loadImage(readScan("000-pages1-2.g4.tif").subarray(0, 6), { ocr: settings }));
    expect(truncated.code).toBe("file_corrupt");
  });
});

describe("loadDocx holding only a pasted page image", () => {
  it("reads the image by OCR as the document's page", async () => {
    const engine = fakeEngine(pageText);
    const loaded = await loadDocx(readScan("000-page2-image-only.docx"), { ocr: settings, createOcrEngine: engine.createOcrEngine });
    expect(loaded).toMatchObject({ format: "docx", pages: 1, text: pageText(1), ocr: { pages: [1], confidence: 90 } });
    expect(detectImageKind(engine.images[0]!)).toBe("png");
  });

  it("says OCR is needed when it is off", async () => {
    const error = await loadError(loadDocx(readScan("000-page2-image-only.docx")));
    expect(error.code).toBe("file_no_text_layer");
    expect(error.message).toMatch(/Word document contains only images.*OCR is off/u);
  });
});
