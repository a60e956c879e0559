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
  /** Scratch table of feature weights, reused from text to text (embedSyllables is synchronous). */
  private readonly weights = new WeightTable();

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
    const weights = this.weights;
    weights.clear();
    const parts = syllables.map(syllableHashesOf);
    for (const part of parts) {
      weights.add(part.unigram, part.weight);
      weights.add(part.foldedUnigram, part.weight);
    }
    for (let i = 0; i + 1 < parts.length; i++) {
      weights.add(continueHash(parts[i]!.bigramPrefix, syllables[i + 1]!), 1.2);
      weights.add(continueHash(parts[i]!.foldedBigramPrefix, parts[i + 1]!.folded), 1.2);
    }
    // In insertion order, so the float sums are the same on every run.
    for (let slot = 0; slot < weights.size; slot++) {
      const hash = weights.keyAt(slot) >>> 0;
      const weight = weights.valueAt(slot);
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

/**
 * Feature hash -> summed weight, in insertion order: an open-addressing table
 * in typed arrays, cleared in O(features) between texts. The embedder's
 * inner loop; a Map of numbers was most of its time.
 */
class WeightTable {
  private capacity = 4096;
  private slots = new Int32Array(this.capacity).fill(-1);
  private keys = new Int32Array(this.capacity / 2);
  private values = new Float64Array(this.capacity / 2);
  /** The slot of each entry, so clearing never has to probe. */
  private slotOf = new Int32Array(this.capacity / 2);
  size = 0;

  clear(): void {
    for (let i = 0; i < this.size; i++) this.slots[this.slotOf[i]!] = -1;
    this.size = 0;
  }

  add(key: number, weight: number): void {
    const at = this.find(key);
    const entry = this.slots[at]!;
    if (entry >= 0) {
      this.values[entry] = this.values[entry]! + weight;
      return;
    }
    if (this.size >= this.capacity / 2) {
      this.grow();
      this.add(key, weight);
      return;
    }
    this.slots[at] = this.size;
    this.slotOf[this.size] = at;
    this.keys[this.size] = key;
    this.values[this.size] = weight;
    this.size++;
  }

  keyAt(entry: number): number {
    return this.keys[entry]!;
  }

  valueAt(entry: number): number {
    return this.values[entry]!;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private find(key: number): number {
    const mask = this.capacity - 1;
    let at = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const entry = this.slots[at]!;
      if (entry < 0 || this.keys[entry] === key) return at;
      at = (at + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys.slice(0, this.size);
    const values = this.values.slice(0, this.size);
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity).fill(-1);
    this.keys = new Int32Array(this.capacity / 2);
    this.values = new Float64Array(this.capacity / 2);
    this.slotOf = new Int32Array(this.capacity / 2);
    const count = this.size;
    this.size = 0;
    for (let i = 0; i < count; i++) this.add(keys[i]!, values[i]!);
  }
}

/** What a syllable contributes, the same wherever it occurs: memoized per syllable. */
type SyllableHashes = {
  folded: string;
  weight: number;
  unigram: number;
  foldedUnigram: number;
  /** FNV states after "b:" + syllable + " " and "g:" + folded + " ": a bigram continues over the next syllable. */
  bigramPrefix: number;
  foldedBigramPrefix: number;
};

const syllableCache = new Map<string, SyllableHashes>();
const SYLLABLE_CACHE_LIMIT = 200_000;

function syllableHashesOf(syllable: string): SyllableHashes {
  let hashes = syllableCache.get(syllable);
  if (hashes) return hashes;
  // Folding a bigram is folding its two syllables.
  const folded = foldTerm(syllable);
  hashes = {
    folded,
    weight: FUNCTION_WORDS.has(syllable) ? 0.2 : 1,
    unigram: continueHash(UNIGRAM_SEED, syllable),
    foldedUnigram: continueHash(FOLDED_UNIGRAM_SEED, folded),
    bigramPrefix: continueHash(continueHash(BIGRAM_SEED, syllable), " "),
    foldedBigramPrefix: continueHash(continueHash(FOLDED_BIGRAM_SEED, folded), " "),
  };
  if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
  syllableCache.set(syllable, hashes);
  return hashes;
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
