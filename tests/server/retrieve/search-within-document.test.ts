import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArchiveDocument } from "../../../core/types.js";
import { answerQuestion } from "../../../server/answer/answer-question.js";
import { analyzeQuery } from "../../../server/retrieve/analyze-query.js";
import type { Archive } from "../../../server/retrieve/archive.js";
import { chunksOfDocument, searchArchive } from "../../../server/retrieve/hybrid-search.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

describe("chunksOfDocument", () => {
  it("lists each document's chunks in ascending order, whatever the chunk order", () => {
    const documents = ["a", "b", "c", "d"].map((id) => ({ id }) as ArchiveDocument);
    const archive = { documents, chunkDocument: Int32Array.from([0, 1, 0, 2, 1, -1, 0]) };
    expect([...chunksOfDocument(archive, "a")]).toEqual([0, 2, 6]);
    expect([...chunksOfDocument(archive, "b")]).toEqual([1, 4]);
    expect([...chunksOfDocument(archive, "c")]).toEqual([3]);
    expect([...chunksOfDocument(archive, "d")]).toEqual([]);
    expect([...chunksOfDocument(archive, "unknown")]).toEqual([]);
  });
});

/**
 * A search within one document scores only that document's chunks
 * (`within`); it must find what a search of every chunk filtered to the
 * document finds, and the answers built on such searches must not change.
 */
describe("searching within a document", () => {
  let built: Awaited<ReturnType<typeof buildTestArchive>>;
  let scanning: Archive;

  beforeAll(async () => {
    built = await buildTestArchive();
    const index = built.archive.index;
    // The same generation, told nothing of `within`: every chunk scored, the filter alone restricting.
    scanning = { ...built.archive, index: { ...index, retrieve: ({ within: _within, ...options }) => index.retrieve(options) } };
  }, 120_000);

  afterAll(async () => {
    await built?.cleanup();
  });

  const questions = ["Sở Nội vụ nộp hồ sơ đề án trước ngày nào?", "han nop ho so sap xep don vi hanh chinh", "who signed the conclusion?", "Kế hoạch tuyển dụng công chức năm 2021"];

  it("finds the same hits, scores and order as a filtered search of every chunk", async () => {
    const { archive } = built;
    let compared = 0;
    for (const question of questions) {
      const query = analyzeQuery(question, { knownProvinces: archive.provinces });
      for (const document of archive.documents) {
        for (const limit of [3, 12]) {
          const filters = { docId: document.id };
          const within = await searchArchive({ archive, query, limit, filters });
          const full = await searchArchive({ archive: scanning, query, limit, filters });
          expect(within.hits.map((hit) => [hit.chunkIndex, hit.score, hit.lexicalRaw, hit.vectorScore])).toEqual(full.hits.map((hit) => [hit.chunkIndex, hit.score, hit.lexicalRaw, hit.vectorScore]));
          expect(within.total).toBe(full.total);
          compared += within.hits.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("leaves the answers unchanged", async () => {
    for (const question of questions) {
      const today = new Date("2026-12-01T00:00:00Z");
      const answer = await answerQuestion({ archive: built.archive, question, today });
      const { query: _query, ...expected } = await answerQuestion({ archive: scanning, question, today });
      const { query: _same, ...actual } = answer;
      expect(actual).toEqual(expected);
    }
  });
});
