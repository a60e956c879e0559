import { inflateRawSync } from "node:zlib";
import { VanbanError } from "../../core/errors.js";
import { FileOverBudgetError, formatMegabytes } from "./file-over-budget.js";
import { measureInflatedSize } from "./measure-inflated-size.js";

/**
 * A ZIP archive's table of contents, read from its central directory without inflating
 * anything. We read it ourselves because JSZip keeps the declared sizes private, and the
 * zip-bomb check needs them before any library starts inflating.
 */
export type ZipEntry = {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  /** As declared by the archive; a hostile archive may lie, see inflateZipEntry. */
  uncompressedSize: number;
  localHeaderOffset: number;
};

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA_FIELD = 0x0001;
const MAX_UINT16 = 0xffff;
const MAX_UINT32 = 0xffffffff;
/** The end record is 22 bytes plus a comment of at most 65535 bytes. */
const END_RECORD_SEARCH_BYTES = 22 + MAX_UINT16;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && readUint32(bytes, 0) === LOCAL_FILE_HEADER;
}

/** List the entries of a ZIP archive. Throws `file_corrupt` when the structure is broken. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  try {
    return readEntries(bytes);
  } catch (error) {
    // Offsets that point outside the file make Buffer reads throw RangeError: a damaged archive.
    if (error instanceof RangeError) throw corrupt("its table of contents points outside the file", error);
    throw error;
  }
}

function readEntries(bytes: Uint8Array): ZipEntry[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view);
  let entryCount = view.readUInt16LE(end + 10);
  let directoryOffset = view.readUInt32LE(end + 16);
  if (entryCount === MAX_UINT16 || directoryOffset === MAX_UINT32) {
    ({ entryCount, directoryOffset } = readZip64EndRecord(view, end));
  }

  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index += 1) {
    if (offset + 46 > view.length || view.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
      throw corrupt("its table of contents is damaged");
    }
    const nameLength = view.readUInt16LE(offset + 28);
    const extraLength = view.readUInt16LE(offset + 30);
    const commentLength = view.readUInt16LE(offset + 32);
    const nameEnd = offset + 46 + nameLength;
    if (nameEnd + extraLength > view.length) throw corrupt("its table of contents is cut short");
    const entry: ZipEntry = {
      name: view.toString("utf8", offset + 46, nameEnd),
      method: view.readUInt16LE(offset + 10),
      compressedSize: view.readUInt32LE(offset + 20),
      uncompressedSize: view.readUInt32LE(offset + 24),
      localHeaderOffset: view.readUInt32LE(offset + 42),
    };
    applyZip64Sizes(entry, view.subarray(nameEnd, nameEnd + extraLength));
    entries.push(entry);
    offset = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflate one entry, refusing to produce more than `maxBytes`: the declared size cannot be
 * trusted, and this is what stops a bomb whose headers lie.
 */
export function inflateZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeaderOffset;
  if (header + 30 > view.length || view.readUInt32LE(header) !== LOCAL_FILE_HEADER) {
    throw corrupt(`the entry ${entry.name} is damaged`);
  }
  const dataStart = header + 30 + view.readUInt16LE(header + 26) + view.readUInt16LE(header + 28);
  const data = view.subarray(dataStart, dataStart + entry.compressedSize);
  if (data.length < entry.compressedSize) throw corrupt(`the entry ${entry.name} is cut short`);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw new ZipEntryTooLargeError(entry.name);
    return Buffer.from(data);
  }
  if (entry.method !== 8) throw corrupt(`the entry ${entry.name} uses an unsupported compression method`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(maxBytes, 1) });
  } catch (error) {
    if (error instanceof RangeError) throw new ZipEntryTooLargeError(entry.name);
    throw corrupt(`the entry ${entry.name} cannot be decompressed`, error);
  }
}

/**
 * The inflated-size limit for ZIP containers (DOCX and any other): every part
 * is inflated with its output counted, not kept, and the file is refused as
 * soon as one part, or all parts together, pass `maxInflatedBytes`. Declared
 * sizes are not trusted; parts a loader never reads (images) count too, since
 * no loader is asked. A damaged part counts what inflates before the damage.
 */
export async function checkZipInflation(bytes: Uint8Array, options: { maxInflatedBytes: number }): Promise<{ parts: number; totalBytes: number }> {
  const entries = readZipDirectory(bytes);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let totalBytes = 0;
  for (const entry of entries) {
    const data = entryData(view, entry);
    let size: number;
    if (entry.method === 0) size = data.length;
    else if (entry.method === 8) {
      // Each part is measured up to the limit alone; the total is checked after it.
      const measured = await measureInflatedSize(data, { format: "raw", limit: options.maxInflatedBytes });
      if (measured.over) {
        throw new FileOverBudgetError(
          "inflated-size",
          `The archive's part ${entry.name} inflates past ${formatMegabytes(options.maxInflatedBytes)}, the inflated-size limit (MAX_INFLATED_MB); it was not opened.`,
        );
      }
      size = measured.bytes;
    } else continue; // an unknown method: the loader reports it
    totalBytes += size;
    if (totalBytes > options.maxInflatedBytes) {
      throw new FileOverBudgetError(
        "inflated-size",
        `The archive's parts inflate past ${formatMegabytes(options.maxInflatedBytes)} together (at ${entry.name}), the inflated-size limit (MAX_INFLATED_MB); it was not opened.`,
      );
    }
  }
  return { parts: entries.length, totalBytes };
}

/** An entry's compressed bytes, as its local header places them. */
function entryData(view: Buffer, entry: ZipEntry): Buffer {
  const header = entry.localHeaderOffset;
  if (header + 30 > view.length || view.readUInt32LE(header) !== LOCAL_FILE_HEADER) {
    throw corrupt(`the entry ${entry.name} is damaged`);
  }
  const dataStart = header + 30 + view.readUInt16LE(header + 26) + view.readUInt16LE(header + 28);
  return view.subarray(dataStart, dataStart + entry.compressedSize);
}

/** Thrown by inflateZipEntry when an entry inflates past its budget. */
export class ZipEntryTooLargeError extends Error {
  constructor(readonly entryName: string) {
    super(`ZIP entry ${entryName} inflates past its size limit`);
    this.name = "ZipEntryTooLargeError";
  }
}

function findEndRecord(view: Buffer): number {
  const lowest = Math.max(0, view.length - END_RECORD_SEARCH_BYTES);
  for (let offset = view.length - 22; offset >= lowest; offset -= 1) {
    if (view.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw corrupt("it is not a complete ZIP archive (the end of the archive is missing)");
}

function readZip64EndRecord(view: Buffer, end: number): { entryCount: number; directoryOffset: number } {
  const locator = end - 20;
  if (locator < 0 || view.readUInt32LE(locator) !== ZIP64_END_LOCATOR) {
    throw corrupt("its ZIP64 table of contents is missing");
  }
  const record = Number(view.readBigUInt64LE(locator + 8));
  if (record + 56 > view.length || view.readUInt32LE(record) !== ZIP64_END_OF_CENTRAL_DIRECTORY) {
    throw corrupt("its ZIP64 table of contents is damaged");
  }
  return {
    entryCount: Number(view.readBigUInt64LE(record + 32)),
    directoryOffset: Number(view.readBigUInt64LE(record + 48)),
  };
}

/** ZIP64 stores the real sizes in an extra field, only for the fields saturated at 0xFFFFFFFF. */
function applyZip64Sizes(entry: ZipEntry, extra: Buffer): void {
  let offset = 0;
  while (offset + 4 <= extra.length) {
    const id = extra.readUInt16LE(offset);
    const size = extra.readUInt16LE(offset + 2);
    if (id === ZIP64_EXTRA_FIELD) {
      let field = offset + 4;
      const fieldEnd = field + size;
      if (entry.uncompressedSize === MAX_UINT32 && field + 8 <= fieldEnd) {
        entry.uncompressedSize = Number(extra.readBigUInt64LE(field));
        field += 8;
      }
      if (entry.compressedSize === MAX_UINT32 && field + 8 <= fieldEnd) {
        entry.compressedSize = Number(extra.readBigUInt64LE(field));
        field += 8;
      }
      if (entry.localHeaderOffset === MAX_UINT32 && field + 8 <= fieldEnd) {
        entry.localHeaderOffset = Number(extra.readBigUInt64LE(field));
      }
      return;
    }
    offset += 4 + size;
  }
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(offset);
}

function corrupt(reason: string, cause?: unknown): VanbanError {
  return new VanbanError("file_corrupt", `The document is damaged: ${reason}.`, { cause });
}
