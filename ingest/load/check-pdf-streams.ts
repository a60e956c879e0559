import { FileOverBudgetError, formatMegabytes } from "./file-over-budget.js";
import { inflateWithin, measureInflatedSize } from "./measure-inflated-size.js";

/**
 * The inflated-size limit for PDFs: every stream of the file is decoded
 * through its filter chain (Flate, LZW, RunLength, ASCIIHex, ASCII85) with its
 * output counted, not kept, and the file is refused as soon as one stream
 * passes `maxInflatedBytes`. A 3 MB Flate stream can hold a gigabyte of
 * content; pdfjs would decode it in full, into memory, before reading a word.
 *
 * The file is scanned for its `stream … endstream` sections directly, so the
 * check needs no PDF parser and runs before one is given the file. Streams
 * are never nested and never inside object streams, so this finds them all;
 * image codecs (DCT, JPX, CCITT, JBIG2) are not decoded (text extraction
 * does not decode images). Damaged or encrypted streams count what decodes
 * before the damage.
 */
export async function checkPdfStreams(bytes: Uint8Array, options: { maxInflatedBytes: number }): Promise<{ streams: number; largestBytes: number }> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let streams = 0;
  let largestBytes = 0;
  for (const stream of findStreams(buffer)) {
    streams++;
    const size = await decodedSize(stream.data, stream.filters, options.maxInflatedBytes);
    if (size === undefined) {
      throw new FileOverBudgetError(
        "inflated-size",
        `The PDF has a compressed stream (object ${stream.object}) that inflates past ${formatMegabytes(options.maxInflatedBytes)}, the inflated-size limit (MAX_INFLATED_MB); it was not opened.`,
      );
    }
    largestBytes = Math.max(largestBytes, size);
  }
  return { streams, largestBytes };
}

type PdfStream = { object: string; filters: string[]; data: Uint8Array };

const STREAM = Buffer.from("stream");
const END_STREAM = Buffer.from("endstream");
/** How far before `stream` its dictionary is looked for (dictionaries are small; fonts' may hold a few hundred entries). */
const DICTIONARY_REACH = 8192;

/** The streams of a PDF in file order: their object number (for messages), filter names and raw data. */
export function* findStreams(buffer: Buffer): Generator<PdfStream> {
  let position = 0;
  for (;;) {
    const keyword = buffer.indexOf(STREAM, position);
    if (keyword < 0) return;
    position = keyword + STREAM.length;
    // "endstream" also contains "stream".
    if (keyword >= 3 && buffer.toString("latin1", keyword - 3, keyword) === "end") continue;
    // The keyword is followed by an end of line, then the data.
    let dataStart = position;
    if (buffer[dataStart] === 0x0d) dataStart++;
    if (buffer[dataStart] === 0x0a) dataStart++;
    if (dataStart === position) continue;
    const before = buffer.toString("latin1", Math.max(0, keyword - DICTIONARY_REACH), keyword);
    const objectStart = before.lastIndexOf(" obj");
    if (objectStart < 0 || !before.trimEnd().endsWith(">>")) continue;
    const dictionary = before.slice(objectStart);
    const object = /(\d+)\s+(\d+)\s*$/u.exec(before.slice(Math.max(0, objectStart - 24), objectStart))?.[1] ?? "?";
    const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/u.exec(dictionary)?.[1] ?? Number.NaN);
    let dataEnd: number;
    if (Number.isInteger(length) && dataStart + length <= buffer.length && endsStreamAt(buffer, dataStart + length)) {
      dataEnd = dataStart + length;
    } else {
      const end = buffer.indexOf(END_STREAM, dataStart);
      dataEnd = end < 0 ? buffer.length : end;
      while (dataEnd > dataStart && (buffer[dataEnd - 1] === 0x0a || buffer[dataEnd - 1] === 0x0d)) dataEnd--;
    }
    position = Math.max(position, dataEnd);
    yield { object, filters: readFilters(dictionary), data: buffer.subarray(dataStart, dataEnd) };
  }
}

function endsStreamAt(buffer: Buffer, offset: number): boolean {
  let at = offset;
  while (at < buffer.length && at < offset + 4 && (buffer[at] === 0x0d || buffer[at] === 0x0a || buffer[at] === 0x20)) at++;
  return buffer.toString("latin1", at, at + END_STREAM.length) === "endstream";
}

/** "/Filter /FlateDecode" or "/Filter [/ASCII85Decode /FlateDecode]" -> the names, in decoding order. */
function readFilters(dictionary: string): string[] {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/u.exec(dictionary);
  if (!match?.[1]) return [];
  return [...match[1].matchAll(/\/([A-Za-z0-9]+)/gu)].map((name) => FILTER_ALIASES[name[1] ?? ""] ?? name[1] ?? "");
}

const FILTER_ALIASES: Record<string, string> = { Fl: "FlateDecode", LZW: "LZWDecode", RL: "RunLengthDecode", AHx: "ASCIIHexDecode", A85: "ASCII85Decode" };

/**
 * Size of the stream once decoded through its filters, or undefined when a
 * stage passes `limit`. Stages before the last are decoded into memory
 * (within `limit`); the last is only counted where it can be (Flate).
 */
async function decodedSize(data: Uint8Array, filters: readonly string[], limit: number): Promise<number | undefined> {
  let current = data;
  // A chain with an image codec or an unknown filter is decoded up to it.
  const stop = filters.findIndex((filter) => filter !== "FlateDecode" && DECODERS[filter] === undefined);
  const chain = stop < 0 ? filters : filters.slice(0, stop);
  for (const [index, filter] of chain.entries()) {
    const last = index === chain.length - 1;
    if (filter === "FlateDecode") {
      if (last) {
        const measured = await measureInflatedSize(current, { format: looksLikeZlib(current) ? "zlib" : "raw", limit });
        return measured.over ? undefined : measured.bytes;
      }
      const inflated = inflateWithin(current, { format: looksLikeZlib(current) ? "zlib" : "raw", limit });
      if (!inflated) return undefined;
      current = inflated;
      continue;
    }
    const decoded = DECODERS[filter]!(current, limit);
    if (!decoded) return undefined;
    current = decoded;
  }
  return current.length;
}

/** A zlib header: compression method 8 and a check value that divides by 31. */
function looksLikeZlib(data: Uint8Array): boolean {
  const first = data[0] ?? 0;
  const second = data[1] ?? 0;
  return (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
}

/** Decoders bounded by `limit`: undefined when the output would pass it. */
const DECODERS: Record<string, (data: Uint8Array, limit: number) => Uint8Array | undefined> = {
  LZWDecode: decodeLzw,
  RunLengthDecode: decodeRunLength,
  ASCIIHexDecode: decodeAsciiHex,
  ASCII85Decode: decodeAscii85,
};

/** LZW as PDF uses it (8-bit codes, EarlyChange 1), within `limit` bytes. */
export function decodeLzw(data: Uint8Array, limit: number): Uint8Array | undefined {
  const output = new GrowingBytes(limit);
  // Each entry is (prefix code, last byte, length); strings are rebuilt backwards into a scratch buffer.
  const prefixes = new Int32Array(4096);
  const suffixes = new Uint8Array(4096);
  const lengths = new Int32Array(4096);
  for (let code = 0; code < 256; code++) {
    prefixes[code] = -1;
    suffixes[code] = code;
    lengths[code] = 1;
  }
  const scratch = new Uint8Array(4096);
  let next = 258;
  let codeLength = 9;
  let previous = -1;
  let bitBuffer = 0;
  let bitCount = 0;
  const firstByteOf = (code: number) => {
    let at = code;
    while (prefixes[at]! >= 0) at = prefixes[at]!;
    return suffixes[at]!;
  };
  const emit = (code: number): boolean => {
    const length = lengths[code]!;
    let at = code;
    for (let index = length - 1; index >= 0; index--) {
      scratch[index] = suffixes[at]!;
      at = prefixes[at]!;
    }
    return output.push(scratch.subarray(0, length));
  };
  for (const byte of data) {
    bitBuffer = ((bitBuffer << 8) | byte) >>> 0;
    bitCount += 8;
    while (bitCount >= codeLength) {
      const code = (bitBuffer >>> (bitCount - codeLength)) & ((1 << codeLength) - 1);
      bitCount -= codeLength;
      bitBuffer &= (1 << bitCount) - 1;
      if (code === 256) {
        next = 258;
        codeLength = 9;
        previous = -1;
        continue;
      }
      if (code === 257) return output.bytes();
      if (previous < 0) {
        if (code > 255) return output.bytes();
        if (!emit(code)) return undefined;
        previous = code;
        continue;
      }
      let entry: number;
      if (code < next) {
        entry = code;
        if (next < 4096) {
          prefixes[next] = previous;
          suffixes[next] = firstByteOf(code);
          lengths[next] = lengths[previous]! + 1;
          next++;
        }
      } else if (code === next && next < 4096) {
        prefixes[next] = previous;
        suffixes[next] = firstByteOf(previous);
        lengths[next] = lengths[previous]! + 1;
        entry = next;
        next++;
      } else {
        return output.bytes();
      }
      if (!emit(entry)) return undefined;
      previous = entry;
      if (next + 1 >= 1 << codeLength && codeLength < 12) codeLength++;
    }
  }
  return output.bytes();
}

export function decodeRunLength(data: Uint8Array, limit: number): Uint8Array | undefined {
  const output = new GrowingBytes(limit);
  for (let index = 0; index < data.length; ) {
    const length = data[index++]!;
    if (length === 128) break;
    if (length < 128) {
      if (!output.push(data.subarray(index, index + length + 1))) return undefined;
      index += length + 1;
    } else {
      const count = 257 - length;
      const byte = data[index++] ?? 0;
      if (!output.push(new Uint8Array(count).fill(byte))) return undefined;
    }
  }
  return output.bytes();
}

export function decodeAsciiHex(data: Uint8Array, limit: number): Uint8Array | undefined {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  const end = text.indexOf(">");
  const digits = (end < 0 ? text : text.slice(0, end)).replace(/[^0-9a-fA-F]/gu, "");
  if (digits.length / 2 > limit) return undefined;
  return Buffer.from(digits.length % 2 ? `${digits}0` : digits, "hex");
}

export function decodeAscii85(data: Uint8Array, limit: number): Uint8Array | undefined {
  const output = new GrowingBytes(limit);
  const group: number[] = [];
  const flush = (count: number): boolean => {
    let value = 0;
    for (let index = 0; index < 5; index++) value = value * 85 + (group[index] ?? 84);
    const word = new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
    return output.push(word.subarray(0, count));
  };
  for (const byte of data) {
    if (byte === 0x7e) break; // "~>" ends the data
    if (byte === 0x7a && group.length === 0) {
      if (!output.push(new Uint8Array(4))) return undefined;
      continue;
    }
    if (byte < 0x21 || byte > 0x75) continue;
    group.push(byte - 0x21);
    if (group.length === 5) {
      if (!flush(4)) return undefined;
      group.length = 0;
    }
  }
  if (group.length > 1 && !flush(group.length - 1)) return undefined;
  return output.bytes();
}

/** Bytes collected up to a limit; push() answers false once the limit would be passed. */
class GrowingBytes {
  private buffer = new Uint8Array(1024);
  private length = 0;

  constructor(private readonly limit: number) {}

  push(piece: Uint8Array): boolean {
    if (this.length + piece.length > this.limit) return false;
    if (this.length + piece.length > this.buffer.length) {
      const larger = new Uint8Array(Math.min(this.limit, Math.max(this.buffer.length * 2, this.length + piece.length)));
      larger.set(this.buffer.subarray(0, this.length));
      this.buffer = larger;
    }
    this.buffer.set(piece, this.length);
    this.length += piece.length;
    return true;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
