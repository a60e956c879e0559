import { Embeddings } from "@langchain/core/embeddings";
import { bigrams, foldTerm, tokenize } from "../../core/vietnamese.js";

/**
 * Deterministic embeddings that need no model weights: signed feature hashing
 * of syllables, syllable bigrams and their diacritic-folded forms, with
 * sublinear term frequency and a damped weight for function words, then L2
 * normalization. Behind LangChain's `Embeddings` interface so a neural
 * embedder can replace it through configuration.
 */
export type HashedEmbeddingsOptions = { dimension: number };

// Function words carry little topic; damping them keeps short questions from
// matching every passage that says "của các".
const FUNCTION_WORDS = new Set(
  "và của các có được cho với là trong theo tại về đã đang sẽ này đó những một không thì mà để khi từ đến như trên dưới ra vào nào gì bao nhiêu ai sao làm phải cần việc".split(" "),
);

export class HashedEmbeddings extends Embeddings {
  readonly id: string;
  readonly dimension: number;

  constructor(options: HashedEmbeddingsOptions) {
    super({});
    this.dimension = options.dimension;
    this.id = `hashed-ngram-v1-${options.dimension}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => Array.from(this.embedSync(text)));
  }

  async embedQuery(document: string): Promise<number[]> {
    return Array.from(this.embedSync(document));
  }

  /** Synchronous core, also used by the ingest to avoid array copies. */
  embedSync(text: string): Float32Array {
    const vector = new Float32Array(this.dimension);
    const syllables = tokenize(text);
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    // Folding a bigram is folding its two syllables: fold each syllable once.
    const foldedSyllables = syllables.map(foldTerm);
    for (const [i, syllable] of syllables.entries()) {
      const weight = FUNCTION_WORDS.has(syllable) ? 0.2 : 1;
      add(`u:${syllable}`, weight);
      add(`f:${foldedSyllables[i]}`, weight);
    }
    for (const pair of bigrams(syllables)) add(`b:${pair}`, 1.2);
    for (const pair of bigrams(foldedSyllables)) add(`g:${pair}`, 1.2);
    for (const [feature, weight] of counts) {
      const hash = hashString(feature);
      const index = hash % this.dimension;
      const sign = hash & 0x80000000 ? -1 : 1;
      vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(weight > 1 ? weight : 1)) * Math.min(weight, 1.2);
    }
    normalizeInPlace(vector);
    return vector;
  }
}

/** FNV-1a 32-bit, unsigned. Stable across runs and platforms. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function normalizeInPlace(vector: Float32Array): void {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
}
