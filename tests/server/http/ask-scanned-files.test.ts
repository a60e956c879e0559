import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { loadSnapshot } from "../../../ingest/index/index-store.js";
import { DEFAULT_OCR } from "../../../ingest/load/ocr.js";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

const scans = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/scans");

// Page 2 of sample notice 000 scanned at 150 dpi, saved as a JPEG and pasted alone into a Word document
// (tests/fixtures/scans/make-fixtures.py). Real Tesseract (tesseract.js, Vietnamese data from npm): a page
// takes a few seconds on one core, up to about 20 s on a loaded machine; one page per file keeps it to two.
describe.each([
  { file: "000-page2.jpg", format: "image" },
  { file: "000-page2-image-only.docx", format: "docx" },
])("a scan of sample 000 saved as $file", ({ file, format }) => {
  it("is read by OCR in the real ingest and answers the seed question with the deadline 30/6/2024", { timeout: 300_000 }, async () => {
    const corpusDir = await mkdtemp(path.join(os.tmpdir(), "vanban-scan-corpus-"));
    await copyFile(path.join(scans, file), path.join(corpusDir, file));
    const built = await buildTestArchive({ corpusDir, ocr: { ...DEFAULT_OCR, maxPages: 2 } });
    try {
      const [document] = (await loadSnapshot(built.indexDir)).documents;
      expect(document).toMatchObject({ source: file, format, ocr: { pages: [1] } });
      expect(document!.ocr!.confidence).toBeGreaterThan(80);
      const app = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0 });
      const response = await request(app).post("/api/ask").send({ question: "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?" }).expect(200);
      expect(response.body.found).toBe(true);
      expect(response.body.answer).toContain("30/6/2024");
      const citation = response.body.citations[0];
      expect(citation.source).toBe(file);
      expect(citation.text).toContain(citation.quote);
      expect(citation.quote).toContain("30/6/2024");
    } finally {
      await built.cleanup();
      await rm(corpusDir, { recursive: true, force: true });
    }
  });
});
