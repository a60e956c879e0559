import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { foldTerm, tokenize } from "../../../core/vietnamese.js";
import { HashedEmbeddings, hashString } from "../../../ingest/index/hashed-embeddings.js";

/**
 * The features as defined, with strings and a Map: "u:" and "f:" + each
 * (folded) syllable, "b:" and "g:" + each (folded) bigram, sublinear weights,
 * signed hashing, L2 norm. The embedder computes the same without strings.
 */
function referenceEmbedding(text: string, dimension: number): number[] {
  const functionWords = new Set("và của các có được cho với là trong theo tại về đã đang sẽ này đó những một không thì mà để khi từ đến như trên dưới ra vào nào gì bao nhiêu ai sao làm phải cần việc".split(" "));
  const syllables = tokenize(text);
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  for (const syllable of syllables) {
    const weight = functionWords.has(syllable) ? 0.2 : 1;
    add(`u:${syllable}`, weight);
    add(`f:${foldTerm(syllable)}`, weight);
  }
  for (let i = 0; i + 1 < syllables.length; i++) {
    add(`b:${syllables[i]} ${syllables[i + 1]}`, 1.2);
    add(`g:${foldTerm(`${syllables[i]} ${syllables[i + 1]}`)}`, 1.2);
  }
  const vector = new Array<number>(dimension).fill(0);
  for (const [feature, weight] of counts) {
    const hash = hashString(feature);
    vector[hash % dimension]! += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(Math.max(weight, 1))) * Math.min(weight, 1.2);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe("HashedEmbeddings", () => {
  const embedder = new HashedEmbeddings({ dimension: 256 });

  it("computes exactly the defined features, on short and long real texts", () => {
    const seed = readFileSync(new URL("../../fixtures/seeds/000_492514bbfbcde4f8.txt", import.meta.url), "utf8");
    // The long one (thousands of features) makes the scratch table grow.
    for (const text of [seed.slice(0, 300), seed.slice(2000, 3500), seed, "", "Sở Nội vụ"]) {
      const ours = Array.from(embedder.embedSync(text));
      const reference = referenceEmbedding(text, 256);
      ours.forEach((value, i) => expect(value).toBeCloseTo(reference[i]!, 5));
    }
  });

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
