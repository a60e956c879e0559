import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const legacy = path.resolve(here, "../../fixtures/legacy");
const SEED_QUESTION = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** The real ingest and API over a corpus holding only this file. */
async function appOver(file: string) {
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), "vanban-legacy-"));
  await copyFile(path.join(legacy, file), path.join(corpusDir, file));
  const built = await buildTestArchive({ corpusDir });
  cleanups.push(async () => {
    await built.cleanup();
    await rm(corpusDir, { recursive: true, force: true });
  });
  return createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0 });
}

// The sample notice 000 as an old Word file and as text typed in TCVN3 and in VNI
// (tests/fixtures/legacy/make-fixtures.ts): each answers the seed question by itself.
describe.each([
  { file: "000.doc", format: "doc", legacyEncoding: undefined },
  { file: "000.tcvn3.txt", format: "text", legacyEncoding: { encodings: ["tcvn3"], scope: "file", source: "bytes" } },
  { file: "000.vni.txt", format: "text", legacyEncoding: { encodings: ["vni"], scope: "file", source: "bytes" } },
])("the sample notice as $file", ({ file, format, legacyEncoding }) => {
  it("answers the seed question with the deadline 30/6/2024, quoting the document", async () => {
    const app = await appOver(file);
    const response = await request(app).post("/api/ask").send({ question: SEED_QUESTION }).expect(200);
    expect(response.body.found).toBe(true);
    expect(response.body.answer).toContain("30/6/2024");
    const citation = response.body.citations[0];
    expect(citation.source).toBe(file);
    expect(citation.quote).toContain("trước ngày 30/6/2024");
    expect(citation.text).toContain(citation.quote);

    const document = await request(app).get(`/api/documents/${encodeURIComponent(citation.docId)}`).expect(200);
    expect(document.body.format).toBe(format);
    if (legacyEncoding) expect(document.body.legacyEncoding).toMatchObject(legacyEncoding);
    else expect(document.body.legacyEncoding).toBeUndefined();
    expect(document.body.text).toContain("Sở Nội vụ");
    expect(document.body.text).not.toMatch(/Së|Sôû|\uFFFD/u);
  }, 60_000);
});
