import { describe, expect, it } from "vitest";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe("HashedEmbeddings", () => {
  const embedder = new HashedEmbeddings({ dimension: 256 });

  it("is deterministic and unit length", async () => {
    const [a, b] = await embedder.embedDocuments(["Sở Nội vụ tỉnh Bắc Giang", "Sở Nội vụ tỉnh Bắc Giang"]);
    expect(a).toEqual(b);
    expect(Math.abs(cosine(a!, a!) - 1)).toBeLessThan(1e-5);
    expect(a).toHaveLength(256);
  });

  it("places a query typed without diacritics near its accented passage", async () => {
    const query = await embedder.embedQuery("so noi vu sap xep don vi hanh chinh");
    const [near, far] = await embedder.embedDocuments(["Sở Nội vụ sắp xếp đơn vị hành chính cấp xã", "Kết quả bầu cử đại biểu Quốc hội"]);
    expect(cosine(query, near!)).toBeGreaterThan(cosine(query, far!) + 0.2);
  });

  it("treats old and new tone placement alike", async () => {
    const [a, b] = await embedder.embedDocuments(["hoà bình thuỷ lợi", "hòa bình thủy lợi"]);
    expect(cosine(a!, b!)).toBeGreaterThan(0.999);
  });

  it("returns a zero vector for empty text without NaN", async () => {
    const vector = await embedder.embedQuery("");
    expect(vector.every((value) => value === 0)).toBe(true);
  });
});
