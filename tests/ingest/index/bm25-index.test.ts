import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../../ingest/index/bm25-index.js";
import { analyzeIndexText, extractIndexTerms } from "../../../ingest/index/index-terms.js";

const passages = [
  "Sở Nội vụ hoàn thành hồ sơ đề án sắp xếp đơn vị hành chính cấp xã trước ngày 30/6/2024.",
  "Số lượng công chức được tuyển dụng năm 2021 là 941 người.",
  "Ủy ban nhân dân tỉnh giao Sở Tài chính bố trí kinh phí.",
  "Kế hoạch cải cách hành chính năm 2024 của tỉnh Hưng Yên.",
];

function build() {
  return Bm25Index.build({
    count: passages.length,
    documentOf: (i) => analyzeIndexText(passages[i]!, { folded: false }),
  });
}

const termsFor = (text: string, folded = false) => extractIndexTerms(text, { folded: false }).map((term) => ({ term, weight: 1, folded }));

describe("Bm25Index", () => {
  it("ranks the passage sharing the rare words first", () => {
    const hits = build().search({ terms: termsFor("sắp xếp đơn vị hành chính cấp xã"), limit: 3 });
    expect(hits[0]?.chunk).toBe(0);
  });

  it("finds folded queries through the fold groups (so noi vu -> Sở Nội vụ, not Số)", () => {
    const hits = build().search({ terms: termsFor("so noi vu", true), limit: 4 });
    expect(hits[0]?.chunk).toBe(0);
  });

  it("applies the accept filter", () => {
    const hits = build().search({ terms: termsFor("sắp xếp đơn vị hành chính"), limit: 4, accept: (chunk) => chunk !== 0 });
    expect(hits.map((hit) => hit.chunk)).not.toContain(0);
  });

  it("round-trips through serialize/deserialize with identical scores", () => {
    const index = build();
    const { header, binary } = index.serialize();
    const bytes = Buffer.concat(binary);
    // Aligned bytes are viewed in place; bytes at an odd offset are copied.
    const unaligned = new Uint8Array(bytes.length + 1).subarray(1);
    unaligned.set(bytes);
    const query = { terms: termsFor("công chức tuyển dụng 941"), limit: 4 };
    for (const data of [new Uint8Array(bytes), unaligned]) {
      const copy = Bm25Index.deserialize(JSON.parse(JSON.stringify(header)), data);
      expect(copy.search(query)).toEqual(index.search(query));
    }
  });

  it("rejects a truncated binary", () => {
    const { header, binary } = build().serialize();
    const bytes = Buffer.concat(binary);
    expect(() => Bm25Index.deserialize(header, bytes.subarray(0, bytes.length - 2))).toThrow(/expected/u);
  });

  it("searches within given chunks as a full search filtered to them: same scores, same order", async () => {
    // The seed texts' lines as chunks: many share words, so postings are long and scores tie.
    const seeds = await readFile(new URL("../../fixtures/seeds/000_492514bbfbcde4f8.txt", import.meta.url), "utf8");
    const lines = seeds.split("\n").filter((line) => line.trim().length > 20);
    const index = Bm25Index.build({ count: lines.length, documentOf: (i) => analyzeIndexText(lines[i]!, { folded: false }) });
    const chunkCount = lines.length;
    const ranges = [
      Int32Array.from({ length: 15 }, (_, i) => 10 + i),
      Int32Array.from({ length: chunkCount }, (_, i) => i),
      Int32Array.from([0, 7, chunkCount - 1]),
      new Int32Array(0),
    ];
    const queries = [termsFor("sắp xếp đơn vị hành chính cấp xã"), termsFor("so noi vu ho so de an", true), termsFor("Ủy ban nhân dân tỉnh giao")];
    for (const within of ranges) {
      const members = new Set(within);
      const accept = (chunk: number) => members.has(chunk);
      for (const terms of queries) {
        for (const limit of [3, 200]) {
          const full = index.search({ terms, limit, accept });
          expect(index.search({ terms, limit, accept, within })).toEqual(full);
          // `within` alone restricts too.
          expect(index.search({ terms, limit, within })).toEqual(full);
        }
      }
    }
    expect(index.search({ terms: queries[0]!, limit: 5, within: ranges[0] }).length).toBeGreaterThan(0);
  });

  it("returns nothing for words the archive never uses", () => {
    expect(build().search({ terms: termsFor("nghĩa trang liệt sĩ"), limit: 4 })).toEqual([]);
  });
});
