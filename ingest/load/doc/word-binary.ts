import CFB, { type CFB$Container } from "cfb";
import { VanbanError, describeError } from "../../../core/errors.js";

/**
 * The low-level structures of a Word 97-2003 binary document ([MS-DOC]): the OLE container
 * (read by SheetJS's `cfb`), the File Information Block, the piece table that maps character
 * positions (CPs) to bytes, and the formatted disk pages (FKPs) of paragraph and character
 * properties. Everything here reads bounds-checked: a damaged file gives `file_corrupt`.
 */

/** Sub-documents, in CP order after the main text (FibRgLw97). */
export type StoryLengths = { text: number; footnotes: number; headers: number; macros: number; annotations: number; endnotes: number; textboxes: number; headerTextboxes: number };

export type Fib = {
  nFib: number;
  stories: StoryLengths;
  /** fc/lcb pair of FibRgFcLcb97 by index (offset and size in the table stream). */
  pair(index: number): { fc: number; lcb: number };
};

/** Indices into FibRgFcLcb97 ([MS-DOC] 2.5.6). */
export const FcLcb = {
  stylesheet: 1,
  footnoteReferences: 2,
  footnoteTexts: 3,
  characterBinTable: 12,
  paragraphBinTable: 13,
  fontTable: 15,
  pieceTable: 33,
  endnoteReferences: 46,
  endnoteTexts: 47,
  listDefinitions: 73,
  listOverrides: 74,
} as const;

export type WordBinary = { main: Buffer; table: Buffer; fib: Fib };

const WORD_IDENT = 0xa5ec;
/** Word 97 writes nFib 0x00C1; Word 6/95 files (0x0065-0x0068) have another FIB layout. */
const MIN_WORD97_NFIB = 0x00c1;

/** Open the OLE container and read the FIB. */
export function readWordBinary(bytes: Uint8Array): WordBinary {
  let container: CFB$Container;
  try {
    container = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: "buffer" });
  } catch (error) {
    // cfb's own messages name the broken structure; a TypeError from inside it only says the file ended early.
    const detail = error instanceof TypeError || error instanceof RangeError ? "the file is truncated or its sector chains are broken" : describeError(error);
    throw new VanbanError("file_corrupt", `The Word 97-2003 document is damaged: its OLE container cannot be read (${detail}).`, { cause: error });
  }
  if (CFB.find(container, "EncryptedPackage")) {
    throw new VanbanError("file_encrypted", "The Word document is password-protected; remove the password and try again.");
  }
  const main = streamOf(container, "WordDocument");
  if (!main) {
    throw new VanbanError("file_corrupt", "The file is an OLE container (an Office 97-2003 file) but not a Word document: it has no WordDocument stream.");
  }
  if (main.length < 0x200 || main.readUInt16LE(0) !== WORD_IDENT) {
    throw new VanbanError("file_corrupt", "The Word 97-2003 document is damaged: its File Information Block is missing or invalid.");
  }
  const nFib = main.readUInt16LE(2);
  const flags = main.readUInt16LE(0x0a);
  if ((flags & 0x0100) !== 0) {
    throw new VanbanError("file_encrypted", "The Word document is password-protected; remove the password and try again.");
  }
  if (nFib < MIN_WORD97_NFIB && nFib !== 0) {
    throw new VanbanError("file_unsupported", "This is a Word 6.0/95 document, older than Word 97; open it in Word and save it as .docx.");
  }
  const tableName = (flags & 0x0200) !== 0 ? "1Table" : "0Table";
  const table = streamOf(container, tableName);
  if (!table) throw new VanbanError("file_corrupt", `The Word 97-2003 document is damaged: its ${tableName} stream is missing.`);
  return { main, table, fib: readFib(main) };
}

function streamOf(container: CFB$Container, name: string): Buffer | undefined {
  const entry = CFB.find(container, name);
  if (!entry || entry.type !== 2 || !entry.content) return undefined;
  const content = entry.content;
  return Buffer.isBuffer(content) ? content : Buffer.from(content);
}

/** FibBase (32 bytes), then counted arrays: FibRgW97, FibRgLw97, FibRgFcLcb. */
function readFib(main: Buffer): Fib {
  const reader = new BoundedReader(main, "File Information Block");
  const csw = reader.u16(0x20);
  const longsAt = 0x22 + csw * 2;
  const cslw = reader.u16(longsAt);
  const longs = longsAt + 2;
  const long = (index: number) => (index < cslw ? reader.i32(longs + index * 4) : 0);
  const pairsAt = longs + cslw * 4;
  const pairCount = reader.u16(pairsAt);
  const stories: StoryLengths = {
    text: long(3),
    footnotes: long(4),
    headers: long(5),
    macros: long(6),
    annotations: long(7),
    endnotes: long(8),
    textboxes: long(9),
    headerTextboxes: long(10),
  };
  for (const [name, length] of Object.entries(stories)) {
    if (length < 0 || length > 0x7fffffff) throw corrupt(`the length of its ${name} text is invalid`);
  }
  return {
    nFib: reader.u16(2),
    stories,
    pair(index) {
      if (index >= pairCount) return { fc: 0, lcb: 0 };
      const at = pairsAt + 2 + index * 8;
      if (at + 8 > main.length) return { fc: 0, lcb: 0 };
      return { fc: main.readUInt32LE(at), lcb: main.readUInt32LE(at + 4) };
    },
  };
}

/** A slice of the table stream named by the FIB; empty when absent, `file_corrupt` when out of bounds. */
export function tableSlice(binary: WordBinary, index: number, name: string): Buffer {
  const { fc, lcb } = binary.fib.pair(index);
  if (lcb === 0) return Buffer.alloc(0);
  if (fc + lcb > binary.table.length) throw corrupt(`its ${name} lies outside the table stream`);
  return binary.table.subarray(fc, fc + lcb);
}

export function corrupt(reason: string): VanbanError {
  return new VanbanError("file_corrupt", `The Word 97-2003 document is damaged: ${reason}.`);
}

/** Reads that name the structure when they fall outside the buffer. */
export class BoundedReader {
  constructor(
    readonly buffer: Buffer,
    private readonly name: string,
  ) {}

  private check(offset: number, size: number): void {
    if (offset < 0 || offset + size > this.buffer.length) throw corrupt(`its ${this.name} is truncated`);
  }
  u8(offset: number): number {
    this.check(offset, 1);
    return this.buffer.readUInt8(offset);
  }
  u16(offset: number): number {
    this.check(offset, 2);
    return this.buffer.readUInt16LE(offset);
  }
  i16(offset: number): number {
    this.check(offset, 2);
    return this.buffer.readInt16LE(offset);
  }
  u32(offset: number): number {
    this.check(offset, 4);
    return this.buffer.readUInt32LE(offset);
  }
  i32(offset: number): number {
    this.check(offset, 4);
    return this.buffer.readInt32LE(offset);
  }
  slice(offset: number, length: number): Buffer {
    this.check(offset, length);
    return this.buffer.subarray(offset, offset + length);
  }
}

/** A PLCF: n+1 CPs (or FCs), then n data items of a fixed size. */
export function readPlc(data: Buffer, itemSize: number, name: string): { positions: number[]; items: Buffer[] } {
  if (data.length === 0) return { positions: [], items: [] };
  const count = Math.floor((data.length - 4) / (4 + itemSize));
  if (count < 0) throw corrupt(`its ${name} is truncated`);
  const positions: number[] = [];
  const items: Buffer[] = [];
  for (let index = 0; index <= count; index += 1) positions.push(data.readInt32LE(index * 4));
  const itemsAt = (count + 1) * 4;
  for (let index = 0; index < count; index += 1) items.push(data.subarray(itemsAt + index * itemSize, itemsAt + (index + 1) * itemSize));
  return { positions, items };
}

/** A run of text in the WordDocument stream: CPs [cpStart, cpEnd) stored at byte `fc`. */
export type Piece = { cpStart: number; cpEnd: number; fc: number; compressed: boolean; grpprl?: Buffer };

/** The whole text (all stories) and the pieces it was read from. */
export type PieceText = { text: string; pieces: Piece[] };

const cp1252 = new TextDecoder("windows-1252");

/**
 * Read the piece table (Clx: Prc* then Pcdt) and the text it maps. Compressed pieces are
 * 8-bit (cp1252), the others UTF-16LE. A piece's Prm may point at a Prc's property list,
 * which then applies to its text (fast-saved documents).
 */
export function readPieces(binary: WordBinary): PieceText {
  const clx = tableSlice(binary, FcLcb.pieceTable, "piece table");
  if (clx.length === 0) throw corrupt("it has no piece table");
  const reader = new BoundedReader(clx, "piece table");
  const modifiers: Buffer[] = [];
  let at = 0;
  while (at < clx.length && clx[at] === 0x01) {
    const size = reader.i16(at + 1);
    modifiers.push(reader.slice(at + 3, Math.max(size, 0)));
    at += 3 + Math.max(size, 0);
  }
  if (reader.u8(at) !== 0x02) throw corrupt("its piece table has no piece descriptors");
  const size = reader.u32(at + 1);
  const plc = readPlc(reader.slice(at + 5, size), 8, "piece table");
  const pieces: Piece[] = [];
  const parts: string[] = [];
  for (const [index, descriptor] of plc.items.entries()) {
    const cpStart = plc.positions[index] ?? 0;
    const cpEnd = plc.positions[index + 1] ?? cpStart;
    if (cpEnd < cpStart) throw corrupt("its piece table is out of order");
    const rawFc = descriptor.readUInt32LE(2);
    const compressed = (rawFc & 0x40000000) !== 0;
    const fc = compressed ? (rawFc & 0x3fffffff) / 2 : rawFc;
    const length = (cpEnd - cpStart) * (compressed ? 1 : 2);
    if (fc + length > binary.main.length) throw corrupt("a piece of its text lies outside the document stream");
    const bytes = binary.main.subarray(fc, fc + length);
    parts.push(compressed ? cp1252.decode(bytes) : bytes.toString("utf16le"));
    const prm = descriptor.readUInt16LE(6);
    // fComplex: the rest of the Prm is an index into the Prc list.
    const grpprl = (prm & 1) === 1 ? modifiers[prm >> 1] : undefined;
    pieces.push({ cpStart, cpEnd, fc, compressed, ...(grpprl ? { grpprl } : {}) });
  }
  return { text: parts.join(""), pieces };
}

/** One sprm (single property modifier): its 16-bit code and operand bytes. */
export type Sprm = { code: number; operand: Buffer };

/** Iterate the sprms of a property list; a truncated last sprm ends the list. */
export function* readSprms(grpprl: Buffer): Generator<Sprm> {
  let at = 0;
  while (at + 2 <= grpprl.length) {
    const code = grpprl.readUInt16LE(at);
    at += 2;
    const size = operandSize(code, grpprl, at);
    if (size < 0 || at + size > grpprl.length) return;
    yield { code, operand: grpprl.subarray(at, at + size) };
    at += size;
  }
}

const SPRM_TDEF_TABLE = 0xd608;
const SPRM_PCHG_TABS = 0xc615;

/** Operand size from the sprm's spra bits ([MS-DOC] 2.2.5.1). */
function operandSize(code: number, grpprl: Buffer, at: number): number {
  switch (code >> 13) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default: {
      // Variable: a size byte first; two table sprms use a 16-bit size.
      if (code === SPRM_TDEF_TABLE) return at + 2 <= grpprl.length ? grpprl.readUInt16LE(at) + 1 : -1;
      if (code === SPRM_PCHG_TABS) {
        const first = grpprl[at] ?? 0;
        return first === 255 ? -1 : first + 1;
      }
      return at < grpprl.length ? (grpprl[at] ?? 0) + 1 : -1;
    }
  }
}

/** A run of formatted text in file positions [fcStart, fcEnd) with its property list. */
export type PropertyRun = { fcStart: number; fcEnd: number; grpprl: Buffer; istd?: number };

/**
 * Read the paragraph (PAPX) or character (CHPX) runs: the bin table names 512-byte FKP pages
 * of the WordDocument stream; each page lists FCs and the properties of the runs between them.
 */
export function readPropertyRuns(binary: WordBinary, kind: "paragraph" | "character"): PropertyRun[] {
  const index = kind === "paragraph" ? FcLcb.paragraphBinTable : FcLcb.characterBinTable;
  const plc = readPlc(tableSlice(binary, index, `${kind} bin table`), 4, `${kind} bin table`);
  const runs: PropertyRun[] = [];
  for (const item of plc.items) {
    const page = item.readUInt32LE(0) & 0x3fffff;
    const pageAt = page * 512;
    if (pageAt + 512 > binary.main.length) throw corrupt(`a page of its ${kind} properties lies outside the document stream`);
    const fkp = binary.main.subarray(pageAt, pageAt + 512);
    const count = fkp[511] ?? 0;
    for (let run = 0; run < count; run += 1) {
      const fcStart = fkp.readUInt32LE(run * 4);
      const fcEnd = fkp.readUInt32LE((run + 1) * 4);
      runs.push(kind === "paragraph" ? paragraphRun(fkp, count, run, fcStart, fcEnd) : characterRun(fkp, count, run, fcStart, fcEnd));
    }
  }
  return runs.sort((a, b) => a.fcStart - b.fcStart);
}

function paragraphRun(fkp: Buffer, count: number, run: number, fcStart: number, fcEnd: number): PropertyRun {
  // BxPap: a word offset to the PapxInFkp, then 12 bytes of layout cache.
  const offset = (fkp[(count + 1) * 4 + run * 13] ?? 0) * 2;
  if (offset === 0 || offset >= 511) return { fcStart, fcEnd, grpprl: Buffer.alloc(0), istd: 0 };
  let size = (fkp[offset] ?? 0) * 2 - 1;
  let at = offset + 1;
  if (size < 0) {
    size = (fkp[offset + 1] ?? 0) * 2;
    at = offset + 2;
  }
  const end = Math.min(at + size, 511);
  if (end - at < 2) return { fcStart, fcEnd, grpprl: Buffer.alloc(0), istd: 0 };
  return { fcStart, fcEnd, istd: fkp.readUInt16LE(at), grpprl: fkp.subarray(at + 2, end) };
}

function characterRun(fkp: Buffer, count: number, run: number, fcStart: number, fcEnd: number): PropertyRun {
  const offset = (fkp[(count + 1) * 4 + run] ?? 0) * 2;
  if (offset === 0 || offset >= 511) return { fcStart, fcEnd, grpprl: Buffer.alloc(0) };
  const size = fkp[offset] ?? 0;
  return { fcStart, fcEnd, grpprl: fkp.subarray(offset + 1, Math.min(offset + 1 + size, 511)) };
}

/** The run containing file position `fc` (runs sorted, non-overlapping), by binary search. */
export function findRun(runs: readonly PropertyRun[], fc: number): PropertyRun | undefined {
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const run = runs[middle];
    if (!run) return undefined;
    if (fc < run.fcStart) high = middle - 1;
    else if (fc >= run.fcEnd) low = middle + 1;
    else return run;
  }
  return undefined;
}

/** File position of a CP, through its piece. */
export function fcOfCp(pieces: readonly Piece[], cp: number): { fc: number; piece: Piece } | undefined {
  let low = 0;
  let high = pieces.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const piece = pieces[middle];
    if (!piece) return undefined;
    if (cp < piece.cpStart) high = middle - 1;
    else if (cp >= piece.cpEnd) low = middle + 1;
    else return { fc: piece.fc + (cp - piece.cpStart) * (piece.compressed ? 1 : 2), piece };
  }
  return undefined;
}
