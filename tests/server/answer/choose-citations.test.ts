import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../../server/answer/answer-question.js";
import type { Archive } from "../../../server/retrieve/archive.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

// The seed notice twice under two names (a scan's text copy, a re-sent file): its answer must not quote the same words twice.
let archive: Archive;
let cleanup: () => Promise<void>;
let corpusDir: string;

beforeAll(async () => {
  corpusDir = await mkdtemp(path.join(os.tmpdir(), "vanban-duplicates-"));
  const seed = path.join("tests", "fixtures", "samples", "000_492514bbfbcde4f8.pdf");
  await copyFile(seed, path.join(corpusDir, "thong-bao-ket-luan.pdf"));
  await copyFile(seed, path.join(corpusDir, "thong-bao-ket-luan-ban-sao.pdf"));
  const built = await buildTestArchive({ corpusDir });
  archive = built.archive;
  cleanup = built.cleanup;
});

afterAll(async () => {
  await cleanup();
  await rm(corpusDir, { recursive: true, force: true });
});

describe("further citations", () => {
  it("never repeat the same words from another copy of the document", async () => {
    const answer = await answerQuestion({ archive, question: "Sở Nội vụ Bắc Giang phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?", today: new Date("2024-05-01T00:00:00Z") });
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("30/6/2024");
    const keys = answer.citations.map((citation) => citation.quote.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
