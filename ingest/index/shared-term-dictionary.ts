import { VanbanError } from "../../core/errors.js";
import { foldTerm } from "../../core/vietnamese.js";

/**
 * The BM25 vocabulary (term -> term id, folded form -> term ids) in
 * SharedArrayBuffers, so that search worker threads look terms up in one copy
 * instead of each building a Map of every term (a Map of strings is the one
 * part of the lexical index that typed arrays do not already hold).
 *
 * Layout: the terms' UTF-8 bytes one after the other with their start
 * offsets; an open-addressing hash table (FNV-1a over the bytes, linear
 * probing, size a power of two at least twice the count) holding id + 1.
 * Folded forms are a second such table whose entries are groups; each group
 * lists its term ids in ascending order, the order Bm25Index's own fold
 * groups have, so BM25 sums add up in the same order and scores are equal to
 * the bit.
 */
export type SharedTermDictionary = {
  terms: SharedStringTable;
  folded: SharedStringTable;
  /** Group g's term ids are groupIds[groupStarts[g] .. groupStarts[g + 1]). */
  groupStarts: Int32Array;
  groupIds: Int32Array;
};

/** Strings with a hash table from string to position. */
export type SharedStringTable = { bytes: Uint8Array; starts: Int32Array; slots: Int32Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Builds the shared dictionary of a vocabulary (term id = position). */
export function buildSharedTermDictionary(vocabulary: readonly string[]): SharedTermDictionary {
  const groupsByKey = new Map<string, number[]>();
  vocabulary.forEach((term, id) => {
    const key = foldTerm(term);
    const group = groupsByKey.get(key);
    if (group) group.push(id);
    else groupsByKey.set(key, [id]);
  });
  const keys = [...groupsByKey.keys()];
  const groupStarts = sharedInt32(keys.length + 1);
  let total = 0;
  keys.forEach((key, group) => {
    groupStarts[group] = total;
    total += groupsByKey.get(key)!.length;
  });
  groupStarts[keys.length] = total;
  const groupIds = sharedInt32(total);
  keys.forEach((key, group) => groupIds.set(groupsByKey.get(key)!, groupStarts[group]!));
  return { terms: buildStringTable(vocabulary), folded: buildStringTable(keys), groupStarts, groupIds };
}

/** Look-ups over a shared dictionary (any thread). */
export class TermDictionaryReader {
  private scratch = new Uint8Array(256);

  constructor(private readonly dictionary: SharedTermDictionary) {}

  get size(): number {
    return this.dictionary.terms.starts.length - 1;
  }

  /** The id of a vocabulary term, or undefined. */
  idOf(term: string): number | undefined {
    const position = this.find(this.dictionary.terms, term);
    return position < 0 ? undefined : position;
  }

  /** Ids of the terms whose folded form is `key` (ascending), or an empty list. */
  foldedIds(key: string): number[] {
    const group = this.find(this.dictionary.folded, key);
    if (group < 0) return [];
    const { groupStarts, groupIds } = this.dictionary;
    return Array.from(groupIds.subarray(groupStarts[group]!, groupStarts[group + 1]!));
  }

  /** The term with this id. */
  termOf(id: number): string {
    const { bytes, starts } = this.dictionary.terms;
    // TextDecoder refuses views of shared memory: copy the few bytes out first.
    return decoder.decode(bytes.slice(starts[id]!, starts[id + 1]!));
  }

  private find(table: SharedStringTable, text: string): number {
    const length = this.encode(text);
    const key = this.scratch;
    const { bytes, starts, slots } = table;
    const mask = slots.length - 1;
    for (let slot = hashBytes(key, length) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      const position = entry - 1;
      const start = starts[position]!;
      if (starts[position + 1]! - start !== length) continue;
      let equal = true;
      for (let i = 0; i < length; i++) {
        if (bytes[start + i] !== key[i]) {
          equal = false;
          break;
        }
      }
      if (equal) return position;
    }
  }

  /** UTF-8 of `text` into the scratch buffer; its length. */
  private encode(text: string): number {
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    return encoder.encodeInto(text, this.scratch).written;
  }
}

function buildStringTable(strings: readonly string[]): SharedStringTable {
  const encoded = strings.map((text) => encoder.encode(text));
  const starts = sharedInt32(strings.length + 1);
  let total = 0;
  encoded.forEach((bytes, position) => {
    starts[position] = total;
    total += bytes.length;
  });
  starts[strings.length] = total;
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)));
  encoded.forEach((text, position) => bytes.set(text, starts[position]!));
  let size = 2;
  while (size < strings.length * 2) size *= 2;
  const slots = sharedInt32(size);
  const mask = size - 1;
  encoded.forEach((text, position) => {
    let slot = hashBytes(text, text.length) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = position + 1;
  });
  if (total > 2 ** 31 - 1) throw new VanbanError("internal", "The vocabulary is too large for a shared dictionary.");
  return { bytes, starts, slots };
}

/** FNV-1a over the first `length` bytes. */
function hashBytes(bytes: Uint8Array, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * Int32Array.BYTES_PER_ELEMENT), 0, length);
}
