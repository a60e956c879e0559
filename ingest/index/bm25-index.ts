import { VanbanError } from "../../core/errors.js";
import { foldTerm } from "../../core/vietnamese.js";
import { BlockArray, GrowableInt32Array } from "./growable-array.js";
import type { DocumentTermTable } from "./index-terms.js";
import { buildSharedTermDictionary, TermDictionaryReader, type SharedTermDictionary } from "./shared-term-dictionary.js";

/**
 * A compact BM25 index over chunks. Postings live in typed arrays in CSR form
 * (term -> slice of chunk ids and term frequencies) so 100k chunks fit in a
 * few hundred MB and a query scans only the postings of its terms.
 *
 * Diacritic-folded search ("so noi vu") does not need postings of its own:
 * every vocabulary term is grouped under its folded form, and a folded query
 * term is the disjunction of the vocabulary terms that fold to it.
 */
export type Bm25Parameters = { k1: number; b: number };

export type QueryTerm = {
  term: string;
  weight: number;
  /** Match every vocabulary term whose folded form equals foldTerm(term). */
  folded?: boolean;
};

export type ScoredChunk = { chunk: number; score: number };

export type Bm25SearchOptions = {
  terms: readonly QueryTerm[];
  limit: number;
  /** Only chunks for which this returns true are ranked. */
  accept?: (chunk: number) => boolean;
  /**
   * The only chunks that can be ranked, ascending (a search within one
   * document): their postings are found by binary search, not by scanning
   * every posting of the query's terms. Scores and order are those of a full
   * search whose `accept` keeps these chunks alone.
   */
  within?: Int32Array;
};

type Bm25Data = {
  /** The terms by id: a list (with a Map built from it), or a dictionary in shared memory. */
  vocabulary: string[] | SharedTermDictionary;
  offsets: Int32Array;
  postingChunks: Int32Array;
  postingFrequencies: Uint16Array;
  lengths: Uint16Array;
  parameters: Bm25Parameters;
};

/**
 * The index's arrays as worker threads receive them: every array on a
 * SharedArrayBuffer, the vocabulary a shared dictionary (shared-term-dictionary.ts).
 */
export type SharedBm25 = {
  dictionary: SharedTermDictionary;
  offsets: Int32Array;
  postingChunks: Int32Array;
  postingFrequencies: Uint16Array;
  lengths: Uint16Array;
  parameters: Bm25Parameters;
};

const DEFAULT_PARAMETERS: Bm25Parameters = { k1: 1.2, b: 0.75 };

/** Term ids by term and by folded form. */
type TermLookup = {
  readonly size: number;
  idOf(term: string): number | undefined;
  /** Ids (ascending) of the terms whose folded form is `key`. */
  foldedIds(key: string): readonly number[];
  termOf(id: number): string;
};

export class Bm25Index {
  private readonly data: Bm25Data;
  private readonly terms: TermLookup;
  private norms: Float32Array | undefined;
  private readonly averageLength: number;

  private constructor(data: Bm25Data) {
    this.data = data;
    this.terms = Array.isArray(data.vocabulary) ? createListLookup(data.vocabulary) : new TermDictionaryReader(data.vocabulary);
    let total = 0;
    for (const length of data.lengths) total += length;
    this.averageLength = data.lengths.length ? total / data.lengths.length : 1;
  }

  get chunkCount(): number {
    return this.data.lengths.length;
  }

  get vocabularySize(): number {
    return this.terms.size;
  }

  /**
   * This index with every array on a SharedArrayBuffer (copied when it is
   * not) and its vocabulary a shared dictionary, and what worker threads
   * need to open it (`fromShared`). Searches of both give the same scores.
   */
  toShared(): { index: Bm25Index; shared: SharedBm25 } {
    const { data } = this;
    const shared: SharedBm25 = {
      dictionary: Array.isArray(data.vocabulary) ? buildSharedTermDictionary(data.vocabulary) : data.vocabulary,
      offsets: toSharedArray(data.offsets, (buffer, length) => new Int32Array(buffer, 0, length)),
      postingChunks: toSharedArray(data.postingChunks, (buffer, length) => new Int32Array(buffer, 0, length)),
      postingFrequencies: toSharedArray(data.postingFrequencies, (buffer, length) => new Uint16Array(buffer, 0, length)),
      lengths: toSharedArray(data.lengths, (buffer, length) => new Uint16Array(buffer, 0, length)),
      parameters: data.parameters,
    };
    return { index: Bm25Index.fromShared(shared), shared };
  }

  /** The index over arrays another thread shared (`toShared`); nothing is copied. */
  static fromShared(shared: SharedBm25): Bm25Index {
    const { dictionary, ...arrays } = shared;
    return new Bm25Index({ vocabulary: dictionary, ...arrays });
  }

  /**
   * Builds the index. `documentOf(i)` returns the terms of chunk i (with
   * repetitions) and its length for normalization, computed together so the
   * text is tokenized once.
   */
  static build(options: {
    count: number;
    documentOf: (chunk: number) => { terms: readonly string[]; length: number };
    parameters?: Bm25Parameters;
  }): Bm25Index {
    const builder = new Bm25Builder({ parameters: options.parameters });
    for (let chunk = 0; chunk < options.count; chunk++) builder.add(options.documentOf(chunk));
    return builder.finish();
  }

  /** @internal Used by Bm25Builder. */
  static fromData(data: Bm25Data): Bm25Index {
    return new Bm25Index(data);
  }

  /** k1 · (1 − b + b · length / average length) per chunk, computed on first use. */
  private lengthNorms(): Float32Array {
    if (!this.norms) {
      const { k1, b } = this.data.parameters;
      const { lengths } = this.data;
      this.norms = new Float32Array(lengths.length);
      for (let chunk = 0; chunk < lengths.length; chunk++) this.norms[chunk] = k1 * (1 - b + (b * lengths[chunk]!) / this.averageLength);
    }
    return this.norms;
  }

  /** Number of chunks containing the exact term. */
  documentFrequency(term: string): number {
    const id = this.terms.idOf(term);
    return id === undefined ? 0 : this.data.offsets[id + 1]! - this.data.offsets[id]!;
  }

  /** Inverse document frequency (BM25 form) of a document frequency. */
  inverseDocumentFrequency(documentFrequency: number): number {
    const n = this.chunkCount;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** Number of chunks containing the query term (for a folded term: any of its variants, an upper bound). */
  queryTermFrequency(term: QueryTerm): number {
    let frequency = 0;
    for (const id of this.resolve(term)) frequency += this.data.offsets[id + 1]! - this.data.offsets[id]!;
    return Math.min(frequency, this.chunkCount);
  }

  /** Vocabulary term ids a query term stands for. */
  resolve(term: QueryTerm): readonly number[] {
    if (!term.folded) {
      const id = this.terms.idOf(term.term);
      return id === undefined ? [] : [id];
    }
    return this.terms.foldedIds(foldTerm(term.term));
  }

  search(options: Bm25SearchOptions): ScoredChunk[] {
    const { k1 } = this.data.parameters;
    const norms = this.lengthNorms();
    const scores = new Float32Array(this.chunkCount);
    const touched = new GrowableInt32Array(256);
    const { offsets, postingChunks, postingFrequencies } = this.data;
    const { within } = options;
    if (within && !within.length) return [];
    const lastWithin = within ? within[within.length - 1]! : 0;
    for (const queryTerm of options.terms) {
      const ids = this.resolve(queryTerm);
      if (!ids.length) continue;
      let frequency = 0;
      for (const id of ids) frequency += offsets[id + 1]! - offsets[id]!;
      const factor = this.inverseDocumentFrequency(Math.min(frequency, this.chunkCount)) * queryTerm.weight * (k1 + 1);
      for (const id of ids) {
        const end = offsets[id + 1]!;
        if (within) {
          // A term's postings are ascending by chunk (Bm25Builder): from the first chunk of `within`, in step with it.
          let next = 0;
          for (let at = firstPostingAtLeast(postingChunks, offsets[id]!, end, within[0]!); at < end; at++) {
            const chunk = postingChunks[at]!;
            if (chunk > lastWithin) break;
            while (within[next]! < chunk) next++;
            if (within[next] !== chunk) continue;
            const tf = postingFrequencies[at]!;
            const previous = scores[chunk]!;
            if (previous === 0) touched.push(chunk);
            scores[chunk] = previous + (factor * tf) / (tf + norms[chunk]!);
          }
          continue;
        }
        // The hot loop of every search (a question touches ~10^6 postings at 100k chunks).
        for (let at = offsets[id]!; at < end; at++) {
          const chunk = postingChunks[at]!;
          const tf = postingFrequencies[at]!;
          const previous = scores[chunk]!;
          if (previous === 0) touched.push(chunk);
          scores[chunk] = previous + (factor * tf) / (tf + norms[chunk]!);
        }
      }
    }
    return selectTop({ scores, candidates: touched.toArray(), limit: options.limit, accept: options.accept });
  }

  /**
   * The index of the kept chunks alone, renumbered in order (kept chunk i
   * becomes the i-th kept chunk): chunk count, average length, document
   * frequencies and so every idf are those of the kept chunks, exactly as if
   * the index had been built from them. Access control uses it so that the
   * statistics a reader's search and answers are computed from come from the
   * documents that reader may see (server/access/scope-archive.ts).
   */
  restrict(keep: (chunk: number) => boolean): Bm25Index {
    const { offsets, postingChunks, postingFrequencies, lengths, parameters } = this.data;
    const vocabulary = this.terms;
    const renumbered = new Int32Array(lengths.length);
    let keptChunks = 0;
    for (let chunk = 0; chunk < lengths.length; chunk++) renumbered[chunk] = keep(chunk) ? keptChunks++ : -1;
    const keptLengths = new Uint16Array(keptChunks);
    for (let chunk = 0; chunk < lengths.length; chunk++) if (renumbered[chunk]! >= 0) keptLengths[renumbered[chunk]!] = lengths[chunk]!;
    let keptPostings = 0;
    for (let at = 0; at < postingChunks.length; at++) if (renumbered[postingChunks[at]!]! >= 0) keptPostings++;
    const keptVocabulary: string[] = [];
    const keptOffsets = new GrowableInt32Array(1024);
    keptOffsets.push(0);
    const keptPostingChunks = new Int32Array(keptPostings);
    const keptFrequencies = new Uint16Array(keptPostings);
    let written = 0;
    for (let id = 0; id < vocabulary.size; id++) {
      const before = written;
      for (let at = offsets[id]!; at < offsets[id + 1]!; at++) {
        const chunk = renumbered[postingChunks[at]!]!;
        if (chunk < 0) continue;
        keptPostingChunks[written] = chunk;
        keptFrequencies[written] = postingFrequencies[at]!;
        written++;
      }
      // A term only hidden chunks use is not in the vocabulary at all.
      if (written > before) {
        keptVocabulary.push(vocabulary.termOf(id));
        keptOffsets.push(written);
      }
    }
    return new Bm25Index({ vocabulary: keptVocabulary, offsets: keptOffsets.toArray(), postingChunks: keptPostingChunks, postingFrequencies: keptFrequencies, lengths: keptLengths, parameters });
  }

  /** Serializes to a header (JSON-safe) and one binary buffer. */
  /** The vocabulary header and the postings as consecutive byte blocks (written one after the other, never concatenated). */
  serialize(): { header: Bm25Header; binary: Uint8Array[] } {
    const { offsets, postingChunks, postingFrequencies, lengths } = this.data;
    const binary = [offsets, postingChunks, postingFrequencies, lengths].map((array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    const header: Bm25Header = {
      version: 1,
      parameters: this.data.parameters,
      vocabulary: Array.isArray(this.data.vocabulary) ? this.data.vocabulary : Array.from({ length: this.terms.size }, (_, id) => this.terms.termOf(id)),
      sizes: { offsets: offsets.length, postings: postingChunks.length, lengths: lengths.length },
    };
    return { header, binary };
  }

  static deserialize(header: Bm25Header, binary: Uint8Array): Bm25Index {
    if (header.version !== 1) throw new VanbanError("index_corrupt", `Unknown lexical index version ${String(header.version)}`);
    const { offsets: offsetCount, postings, lengths: lengthCount } = header.sizes;
    const expected = offsetCount * 4 + postings * 4 + postings * 2 + lengthCount * 2;
    if (binary.byteLength !== expected) {
      throw new VanbanError("index_corrupt", `Lexical index is ${binary.byteLength} bytes, expected ${expected}`);
    }
    // Views into the file's bytes when they are 4-byte aligned (every block then is: the
    // 32-bit ones come first); otherwise copies into fresh aligned buffers.
    const aligned = binary.byteOffset % 4 === 0;
    let at = 0;
    const take = (bytes: number): [ArrayBufferLike, number] => {
      const from = at;
      at += bytes;
      if (aligned) return [binary.buffer, binary.byteOffset + from];
      const copy = new ArrayBuffer(bytes);
      new Uint8Array(copy).set(binary.subarray(from, from + bytes));
      return [copy, 0];
    };
    const offsets = new Int32Array(...take(offsetCount * 4), offsetCount);
    const postingChunks = new Int32Array(...take(postings * 4), postings);
    const postingFrequencies = new Uint16Array(...take(postings * 2), postings);
    const lengths = new Uint16Array(...take(lengthCount * 2), lengthCount);
    return new Bm25Index({ vocabulary: header.vocabulary, offsets, postingChunks, postingFrequencies, lengths, parameters: header.parameters });
  }

}

/** Look-ups over a vocabulary list: a Map of the terms, fold groups built on first use. */
function createListLookup(vocabulary: readonly string[]): TermLookup {
  const ids = new Map(vocabulary.map((term, id) => [term, id]));
  let groups: Map<string, number[]> | undefined;
  return {
    size: vocabulary.length,
    idOf: (term) => ids.get(term),
    foldedIds(key) {
      if (!groups) {
        groups = new Map();
        for (const [id, term] of vocabulary.entries()) {
          const folded = foldTerm(term);
          const group = groups.get(folded);
          if (group) group.push(id);
          else groups.set(folded, [id]);
        }
      }
      return groups.get(key) ?? [];
    },
    termOf: (id) => vocabulary[id]!,
  };
}

/** The array itself when it is already on a SharedArrayBuffer, else a copy on one. */
function toSharedArray<T extends Int32Array | Uint16Array>(array: T, view: (buffer: SharedArrayBuffer, length: number) => T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = view(new SharedArrayBuffer(Math.max(1, array.byteLength)), array.length);
  copy.set(array);
  return copy;
}

export type Bm25Header = {
  version: 1;
  parameters: Bm25Parameters;
  vocabulary: string[];
  sizes: { offsets: number; postings: number; lengths: number };
};

/** The first position in postings[from, to) whose chunk is at least `chunk` (`to` if none). */
function firstPostingAtLeast(postings: Int32Array, from: number, to: number, chunk: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (postings[middle]! < chunk) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Top `limit` candidates by score, best first (ties by lower chunk number for stable output). */
export function selectTop(options: {
  scores: Float32Array;
  candidates: Int32Array;
  limit: number;
  accept?: (chunk: number) => boolean;
}): ScoredChunk[] {
  const { scores, candidates, limit, accept } = options;
  // A small sorted buffer is enough: limit is at most a few hundred.
  const top: ScoredChunk[] = [];
  let floor = -Infinity;
  for (const chunk of candidates) {
    const score = scores[chunk]!;
    if (top.length >= limit && score <= floor) continue;
    if (accept && !accept(chunk)) continue;
    let position = top.length;
    while (position > 0 && (top[position - 1]!.score < score || (top[position - 1]!.score === score && top[position - 1]!.chunk > chunk))) position--;
    top.splice(position, 0, { chunk, score });
    if (top.length > limit) top.pop();
    if (top.length >= limit) floor = top[top.length - 1]!.score;
  }
  return top;
}

/**
 * Builds a Bm25Index one chunk at a time, in chunk order, so an ingest can
 * index each document as soon as it is processed instead of holding every
 * chunk's terms until the end.
 */
export class Bm25Builder {
  private readonly termIds = new Map<string, number>();
  private readonly vocabulary: string[] = [];
  // One (term, tf) pair per distinct term of each chunk, chunk after chunk; a
  // chunk's pairs start at chunkStarts[chunk]. 6 bytes a pair, no chunk id.
  private readonly pairTerms = new BlockArray((size) => new Int32Array(size));
  private readonly pairFrequencies = new BlockArray((size) => new Uint16Array(size));
  private readonly chunkStarts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly parameters: Bm25Parameters;

  constructor(options: { parameters?: Bm25Parameters } = {}) {
    this.parameters = options.parameters ?? DEFAULT_PARAMETERS;
  }

  get chunkCount(): number {
    return this.lengths.length;
  }

  /** Adds the next chunk: its terms (with repetitions) and its length. */
  add(document: { terms: readonly string[]; length: number }): void {
    this.chunkStarts.push(this.pairTerms.length);
    this.lengths.push(Math.min(65535, Math.max(1, document.length)));
    const counts = new Map<string, number>();
    for (const term of document.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, frequency] of counts) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.vocabulary.length;
        this.vocabulary.push(term);
        this.termIds.set(term, id);
      }
      this.pairTerms.push(id);
      this.pairFrequencies.push(Math.min(65535, frequency));
    }
  }

  /**
   * Adds the chunks of one document from its term table, in chunk order. The
   * index is the same as adding each chunk with add(): global term ids are
   * given in the order terms are first met.
   */
  addTable(table: DocumentTermTable): void {
    const globalIds = new Int32Array(table.vocabulary.length).fill(-1);
    const chunkCount = table.chunkStarts.length;
    for (let chunk = 0; chunk < chunkCount; chunk++) {
      this.chunkStarts.push(this.pairTerms.length);
      this.lengths.push(Math.min(65535, Math.max(1, table.lengths[chunk]!)));
      const end = chunk + 1 < chunkCount ? table.chunkStarts[chunk + 1]! : table.termIndexes.length;
      for (let i = table.chunkStarts[chunk]!; i < end; i++) {
        const local = table.termIndexes[i]!;
        let id = globalIds[local]!;
        if (id < 0) {
          const term = table.vocabulary[local]!;
          id = this.termIds.get(term) ?? -1;
          if (id < 0) {
            id = this.vocabulary.length;
            this.vocabulary.push(term);
            this.termIds.set(term, id);
          }
          globalIds[local] = id;
        }
        this.pairTerms.push(id);
        this.pairFrequencies.push(table.frequencies[i]!);
      }
    }
  }

  finish(): Bm25Index {
    const vocabulary = this.vocabulary;
    // Counting sort of the pairs into CSR; chunks stay ascending per term.
    const terms = this.pairTerms;
    const frequencies = this.pairFrequencies;
    const offsets = new Int32Array(vocabulary.length + 1);
    for (let i = 0; i < terms.length; i++) {
      const id = terms.get(i);
      offsets[id + 1] = (offsets[id + 1] ?? 0) + 1;
    }
    for (let i = 1; i < offsets.length; i++) offsets[i] = (offsets[i] ?? 0) + (offsets[i - 1] ?? 0);
    const cursor = offsets.slice(0, vocabulary.length);
    const postingChunks = new Int32Array(terms.length);
    const postingFrequencies = new Uint16Array(terms.length);
    const chunkCount = this.chunkStarts.length;
    for (let chunk = 0; chunk < chunkCount; chunk++) {
      const end = chunk + 1 < chunkCount ? this.chunkStarts[chunk + 1]! : terms.length;
      for (let i = this.chunkStarts[chunk]!; i < end; i++) {
        const id = terms.get(i);
        const at = cursor[id]!;
        postingChunks[at] = chunk;
        postingFrequencies[at] = frequencies.get(i);
        cursor[id] = at + 1;
      }
      // The pairs read so far are not needed again: their blocks go back to the allocator
      // while the postings fill up, instead of both being held at the peak.
      terms.releaseBefore(end);
      frequencies.releaseBefore(end);
    }
    return Bm25Index.fromData({ vocabulary, offsets, postingChunks, postingFrequencies, lengths: Uint16Array.from(this.lengths), parameters: this.parameters });
  }
}
