import { Embeddings } from "@langchain/core/embeddings";
import { foldTerm, tokenize } from "../../core/vietnamese.js";

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
  readonly sparseQueries = true;

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
    return this.embedSyllables(tokenize(text));
  }

  /** embedSync from the text's syllables (tokenize(text)), for callers that tokenized it already. */
  embedSyllables(syllables: readonly string[]): Float32Array {
    const vector = new Float32Array(this.dimension);
    // Features are keyed by their FNV-1a hash, computed straight from the parts
    // ("u:" + syllable, "b:" + a + " " + b, …) without building the strings:
    // the hashes are exactly those of the strings, and only two distinct
    // features of one text with the same 32-bit hash would be merged.
    const weights = new Map<number, number>();
    const add = (hash: number, weight: number) => weights.set(hash, (weights.get(hash) ?? 0) + weight);
    // Folding a bigram is folding its two syllables: fold each syllable once.
    const foldedSyllables = syllables.map(foldTerm);
    for (const [i, syllable] of syllables.entries()) {
      const weight = FUNCTION_WORDS.has(syllable) ? 0.2 : 1;
      add(continueHash(UNIGRAM_SEED, syllable), weight);
      add(continueHash(FOLDED_UNIGRAM_SEED, foldedSyllables[i]!), weight);
    }
    for (let i = 0; i + 1 < syllables.length; i++) {
      add(continueHash(continueHash(continueHash(BIGRAM_SEED, syllables[i]!), " "), syllables[i + 1]!), 1.2);
      add(continueHash(continueHash(continueHash(FOLDED_BIGRAM_SEED, foldedSyllables[i]!), " "), foldedSyllables[i + 1]!), 1.2);
    }
    for (const [signedHash, weight] of weights) {
      const hash = signedHash >>> 0;
      const index = hash % this.dimension;
      const sign = hash & 0x80000000 ? -1 : 1;
      vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(weight > 1 ? weight : 1)) * Math.min(weight, 1.2);
    }
    normalizeInPlace(vector);
    return vector;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state after `text`, starting from `hash` (an int32 state; `>>> 0` gives the unsigned hash). */
function continueHash(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

// Hash states after each feature kind's prefix.
const UNIGRAM_SEED = continueHash(FNV_OFFSET, "u:");
const FOLDED_UNIGRAM_SEED = continueHash(FNV_OFFSET, "f:");
const BIGRAM_SEED = continueHash(FNV_OFFSET, "b:");
const FOLDED_BIGRAM_SEED = continueHash(FNV_OFFSET, "g:");

/** FNV-1a 32-bit, unsigned. Stable across runs and platforms. */
export function hashString(text: string): number {
  return continueHash(FNV_OFFSET, text) >>> 0;
}

export function normalizeInPlace(vector: Float32Array): void {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
}
