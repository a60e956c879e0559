import type { NumberingDefinitions } from "../docx-numbering.js";
import { BoundedReader, FcLcb, readSprms, tableSlice, type WordBinary } from "./word-binary.js";

/**
 * The parts of a Word 97-2003 document that give its text meaning beyond characters: the style
 * sheet (inherited paragraph and character properties), the font table (to find runs set in
 * TCVN3/VNI fonts) and the list definitions (to compute "1.", "a)", "III." as Word draws them).
 */

export type Style = {
  name: string;
  /** 1 paragraph, 2 character, 3 table, 4 numbering. */
  kind: number;
  base?: number;
  paragraphSprms?: Buffer;
  characterSprms?: Buffer;
};

export type StyleSheet = { styles: Array<Style | undefined>; defaultFont?: number };

const NO_STYLE = 0x0fff;

/** Read the STSH: Stshi, then one length-prefixed STD per style index. Damage gives no styles, never a failure. */
export function readStyleSheet(binary: WordBinary): StyleSheet {
  const data = tableSlice(binary, FcLcb.stylesheet, "style sheet");
  if (data.length < 4) return { styles: [] };
  try {
    return parseStyleSheet(data);
  } catch {
    // Styles only refine the text (fonts, list levels); the text is still worth reading.
    return { styles: [] };
  }
}

function parseStyleSheet(data: Buffer): StyleSheet {
  const reader = new BoundedReader(data, "style sheet");
  const headerSize = reader.u16(0);
  const count = reader.u16(2);
  const baseSize = reader.u16(4);
  const defaultFont = headerSize >= 14 ? reader.u16(2 + 12) : undefined;
  const styles: Array<Style | undefined> = [];
  let at = 2 + headerSize;
  for (let index = 0; index < count && at + 2 <= data.length; index += 1) {
    const size = reader.u16(at);
    at += 2;
    if (size === 0) {
      styles.push(undefined);
      continue;
    }
    const start = at;
    at += size;
    if (start + size > data.length || size < 10) {
      styles.push(undefined);
      continue;
    }
    const typeWord = data.readUInt16LE(start + 2);
    const kind = typeWord & 0x0f;
    const base = typeWord >> 4;
    const upxCount = data.readUInt16LE(start + 4) & 0x0f;
    let cursor = start + baseSize;
    const nameLength = cursor + 2 <= start + size ? data.readUInt16LE(cursor) : 0;
    const name = data.subarray(cursor + 2, Math.min(cursor + 2 + nameLength * 2, start + size)).toString("utf16le");
    cursor += 2 + (nameLength + 1) * 2;
    const upxs: Buffer[] = [];
    for (let upx = 0; upx < upxCount; upx += 1) {
      if ((cursor - start) % 2 === 1) cursor += 1;
      if (cursor + 2 > start + size) break;
      const upxSize = data.readUInt16LE(cursor);
      upxs.push(data.subarray(cursor + 2, Math.min(cursor + 2 + upxSize, start + size)));
      cursor += 2 + upxSize;
    }
    const style: Style = { name, kind, ...(base !== NO_STYLE ? { base } : {}) };
    if (kind === 1) {
      // UpxPapx starts with the style index it belongs to.
      if (upxs[0] && upxs[0].length >= 2) style.paragraphSprms = upxs[0].subarray(2);
      if (upxs[1]) style.characterSprms = upxs[1];
    } else if (kind === 2 && upxs[0]) {
      style.characterSprms = upxs[0];
    }
    styles.push(style);
  }
  return { styles, ...(defaultFont !== undefined ? { defaultFont } : {}) };
}

/** A style's property lists from the root of its inheritance chain down to itself (base first). */
export function styleChain(sheet: StyleSheet, index: number | undefined, kind: "paragraph" | "character"): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<number>();
  let current = index;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const style = sheet.styles[current];
    if (!style) break;
    const sprms = kind === "paragraph" ? style.paragraphSprms : style.characterSprms;
    if (sprms) chain.unshift(sprms);
    current = style.base;
  }
  return chain;
}

/** Font names by index (SttbfFfn: a count, then FFN records of cbFfnM1 + 1 bytes). */
export function readFontTable(binary: WordBinary): string[] {
  const data = tableSlice(binary, FcLcb.fontTable, "font table");
  if (data.length < 4) return [];
  const names: string[] = [];
  let count = data.readUInt16LE(0);
  let at = 4;
  if (count === 0xffff) {
    count = data.readUInt16LE(2);
    at = 6;
  }
  for (let index = 0; index < count && at < data.length; index += 1) {
    const size = (data[at] ?? 0) + 1;
    // cbFfnM1, then 39 bytes of flags, weight, charset, panose and font signature, then the name.
    const nameBytes = data.subarray(at + 40, Math.min(at + size, data.length));
    let name = nameBytes.toString("utf16le");
    const end = name.indexOf("\u0000");
    if (end >= 0) name = name.slice(0, end);
    names.push(name);
    at += size;
  }
  return names;
}

/** Word's number formats (nfc) as list-number formats. */
const NUMBER_FORMATS: Readonly<Record<number, string>> = {
  0: "decimal",
  1: "upperRoman",
  2: "lowerRoman",
  3: "upperLetter",
  4: "lowerLetter",
  22: "decimalZero",
  23: "bullet",
  255: "none",
};

/**
 * Read the list definitions (PlfLst, with the LVLs that follow it) and the list overrides
 * (PlfLfo) into the numbering model the DOCX loader uses: an "abstract" list per lsid and a
 * "num" per override index (the paragraph's ilfo), so one label algorithm serves both formats.
 * Damage gives no lists: paragraphs then simply carry no number.
 */
export function readListDefinitions(binary: WordBinary): NumberingDefinitions {
  const definitions: NumberingDefinitions = { abstractNums: new Map(), nums: new Map(), numberingStyles: new Map() };
  try {
    readLists(binary, definitions);
    readOverrides(binary, definitions);
  } catch {
    return { abstractNums: new Map(), nums: new Map(), numberingStyles: new Map() };
  }
  return definitions;
}

function readLists(binary: WordBinary, definitions: NumberingDefinitions): void {
  const { fc, lcb } = binary.fib.pair(FcLcb.listDefinitions);
  if (lcb === 0) return;
  const reader = new BoundedReader(binary.table, "list definitions");
  const count = reader.i16(fc);
  const lists: Array<{ lsid: string; simple: boolean }> = [];
  for (let index = 0; index < count; index += 1) {
    const at = fc + 2 + index * 28;
    lists.push({ lsid: String(reader.i32(at)), simple: (reader.u8(at + 26) & 1) === 1 });
  }
  // The LVLs follow the PlfLst: one per simple list, nine per other list.
  let at = fc + 2 + count * 28;
  for (const list of lists) {
    const levels = new Map<string, { format: string; text: string; start: number }>();
    for (let level = 0; level < (list.simple ? 1 : 9); level += 1) {
      const read = readLevel(reader, at);
      levels.set(String(level), read.level);
      at = read.next;
    }
    definitions.abstractNums.set(list.lsid, { levels });
  }
}

/** An LVL: LVLF (28 bytes), its paragraph and character property lists, then the number text. */
function readLevel(reader: BoundedReader, at: number): { level: { format: string; text: string; start: number }; next: number } {
  const start = reader.i32(at);
  const format = NUMBER_FORMATS[reader.u8(at + 4)] ?? "decimal";
  const characterSize = reader.u8(at + 24);
  const paragraphSize = reader.u8(at + 25);
  let cursor = at + 28 + paragraphSize + characterSize;
  const length = reader.u16(cursor);
  const raw = reader.slice(cursor + 2, length * 2).toString("utf16le");
  cursor += 2 + length * 2;
  // Characters 0-8 stand for the number of level 1-9.
  const text = raw.replace(/[\u0000-\u0008]/gu, (placeholder) => `%${placeholder.charCodeAt(0) + 1}`);
  return { level: { format, text: format === "bullet" ? "-" : text, start }, next: cursor };
}

function readOverrides(binary: WordBinary, definitions: NumberingDefinitions): void {
  const { fc, lcb } = binary.fib.pair(FcLcb.listOverrides);
  if (lcb === 0) return;
  const reader = new BoundedReader(binary.table, "list overrides");
  const count = reader.i32(fc);
  const overrides: Array<{ lsid: string; levels: number }> = [];
  for (let index = 0; index < count; index += 1) {
    const at = fc + 4 + index * 16;
    overrides.push({ lsid: String(reader.i32(at)), levels: reader.u8(at + 12) });
  }
  let at = fc + 4 + count * 16;
  for (const [index, override] of overrides.entries()) {
    const startOverrides = new Map<string, number>();
    at += 4; // cp
    for (let level = 0; level < override.levels; level += 1) {
      const startAt = reader.i32(at);
      const flags = reader.u32(at + 4);
      at += 8;
      if ((flags & 0x10) !== 0) startOverrides.set(String(flags & 0x0f), startAt);
      // fFormatting: a whole LVL follows, which replaces the level; its start is what counts here.
      if ((flags & 0x20) !== 0) {
        const read = readLevel(reader, at);
        at = read.next;
        startOverrides.set(String(flags & 0x0f), read.level.start);
      }
    }
    // Paragraphs name an override by its 1-based index (ilfo).
    definitions.nums.set(String(index + 1), { abstractNumId: override.lsid, startOverrides });
  }
}

/** The sprms this reader understands, by code ([MS-DOC] 2.6). */
export const Sprm = {
  paragraphInTable: 0x2416,
  paragraphTableRowEnd: 0x2417,
  paragraphTableDepth: 0x6649,
  paragraphInnerTableCell: 0x244b,
  paragraphInnerTableRowEnd: 0x244c,
  paragraphListLevel: 0x260a,
  paragraphListOverride: 0x460b,
  tableDefinition: 0xd608,
  tableMerge: 0x5624,
  tableVerticalMerge: 0xd62b,
  characterDeleted: 0x0800,
  characterHidden: 0x083c,
  characterStyle: 0x4a30,
  characterFontAscii: 0x4a4f,
  characterSpecial: 0x0855,
} as const;

export type ParagraphProperties = {
  inTable: boolean;
  rowEnd: boolean;
  depth: number;
  innerCell: boolean;
  innerRowEnd: boolean;
  listOverride: number;
  listLevel: number;
};

/** Apply paragraph sprms, in order, over properties (style chain first, then the paragraph's own). */
export function applyParagraphSprms(properties: ParagraphProperties, grpprl: Buffer): void {
  for (const { code, operand } of readSprms(grpprl)) {
    switch (code) {
      case Sprm.paragraphInTable:
        properties.inTable = (operand[0] ?? 0) !== 0;
        break;
      case Sprm.paragraphTableRowEnd:
        properties.rowEnd = (operand[0] ?? 0) !== 0;
        break;
      case Sprm.paragraphTableDepth:
        if (operand.length >= 4) properties.depth = operand.readInt32LE(0);
        break;
      case Sprm.paragraphInnerTableCell:
        properties.innerCell = (operand[0] ?? 0) !== 0;
        break;
      case Sprm.paragraphInnerTableRowEnd:
        properties.innerRowEnd = (operand[0] ?? 0) !== 0;
        break;
      case Sprm.paragraphListLevel:
        properties.listLevel = operand[0] ?? 0;
        break;
      case Sprm.paragraphListOverride:
        if (operand.length >= 2) properties.listOverride = operand.readInt16LE(0);
        break;
      default:
        break;
    }
  }
}

/** How a cell of a row is merged with its neighbours (TC flags, [MS-DOC] 2.9.327). */
export type CellMerge = { mergedLeft: boolean; mergedAbove: boolean; restartsColumn: boolean };

/**
 * The merges of a table row, from the property list of its row-end mark: sprmTDefTable holds
 * one TC per cell (fFirstMerged/fMerged across, fVertMerge/fVertRestart down), later sprms
 * merge ranges or set vertical merges. Word writes the text of every merged cell, so merged
 * continuation cells would otherwise repeat their neighbour.
 */
export function readRowMerges(grpprl: Buffer): CellMerge[] {
  let cells: CellMerge[] = [];
  for (const { code, operand } of readSprms(grpprl)) {
    if (code === Sprm.tableDefinition && operand.length >= 3) {
      const count = operand[2] ?? 0;
      const tcAt = 3 + (count + 1) * 2;
      cells = [];
      for (let cell = 0; cell < count; cell += 1) {
        const at = tcAt + cell * 20;
        const flags = at + 2 <= operand.length ? operand.readUInt16LE(at) : 0;
        cells.push({ mergedLeft: (flags & 0x2) !== 0, mergedAbove: (flags & 0x20) !== 0 && (flags & 0x40) === 0, restartsColumn: (flags & 0x40) !== 0 });
      }
    } else if (code === Sprm.tableMerge && operand.length >= 2) {
      const first = operand[0] ?? 0;
      const limit = operand[1] ?? 0;
      for (let cell = first + 1; cell < limit && cell < cells.length; cell += 1) {
        const current = cells[cell];
        if (current) current.mergedLeft = true;
      }
    } else if (code === Sprm.tableVerticalMerge && operand.length >= 3) {
      const cell = cells[operand[1] ?? 0];
      const merge = operand[2] ?? 0;
      if (cell) {
        cell.mergedAbove = merge === 1;
        cell.restartsColumn = merge === 3;
      }
    }
  }
  return cells;
}

export type CharacterProperties = { font?: number; deleted: boolean; style?: number };

export function applyCharacterSprms(properties: CharacterProperties, grpprl: Buffer): void {
  for (const { code, operand } of readSprms(grpprl)) {
    if (code === Sprm.characterFontAscii && operand.length >= 2) properties.font = operand.readUInt16LE(0);
    else if (code === Sprm.characterDeleted) properties.deleted = toggle(operand[0] ?? 0, properties.deleted);
    else if (code === Sprm.characterStyle && operand.length >= 2) properties.style = operand.readUInt16LE(0);
  }
}

/** Toggle operands: 0 off, 1 on, 0x80 same as the style, 0x81 the opposite. */
function toggle(value: number, inherited: boolean): boolean {
  if (value === 0x80) return inherited;
  if (value === 0x81) return !inherited;
  return value !== 0;
}
