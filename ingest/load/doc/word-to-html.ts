import { decodeLegacy, detectLegacyEncoding, legacyEncodingOfFont, type LegacyEncoding } from "../../../core/legacy-encoding.js";
import { computeListLabels } from "../docx-numbering.js";
import { FcLcb, fcOfCp, findRun, readPieces, readPlc, readPropertyRuns, tableSlice, type Piece, type PropertyRun, type WordBinary } from "./word-binary.js";
import {
  applyCharacterSprms,
  applyParagraphSprms,
  readFontTable,
  readListDefinitions,
  readRowMerges,
  readStyleSheet,
  type CellMerge,
  styleChain,
  type CharacterProperties,
  type ParagraphProperties,
  type StyleSheet,
} from "./word-styles.js";

/** What the legacy-font pass did: runs converted, the fonts and encodings met. */
export type LegacyRuns = { runs: number; fonts: Set<string>; encodings: Set<LegacyEncoding> };

export type WordHtml = { html: string; legacy: LegacyRuns };

/** Special characters of Word's text stream ([MS-DOC] 2.8.25). */
const FIELD_BEGIN = 0x13;
const FIELD_SEPARATOR = 0x14;
const FIELD_END = 0x15;
const NOTE_REFERENCE = 0x02;
const CELL_MARK = 0x07;
const PARAGRAPH_MARK = 0x0d;
const PAGE_BREAK = 0x0c;
const LINE_BREAK = 0x0b;
const NON_BREAKING_HYPHEN = 0x1e;
/** Word's optional hyphen; in a TCVN3 run it is the byte 0xAD, "ư". */
const SOFT_HYPHEN_MARK = 0x1f;

type Paragraph = { start: number; end: number; mark: number; properties: ParagraphProperties; style: number; merges?: CellMerge[] };
type CharacterSegment = { start: number; end: number; properties: CharacterProperties };

/**
 * Turn a Word 97-2003 document into the same HTML shape mammoth gives for a DOCX (paragraphs,
 * tables, footnote links and definitions), so one HTML-to-text converter serves both formats.
 * List numbers Word computes at display time are written into the paragraphs; field codes are
 * dropped and their results kept; deleted revisions are dropped; runs set in TCVN3 or VNI
 * fonts are converted to Unicode.
 */
export function convertWordBinaryToHtml(binary: WordBinary): WordHtml {
  const { text, pieces } = readPieces(binary);
  const stories = binary.fib.stories;
  const sheet = readStyleSheet(binary);
  const fonts = readFontTable(binary);
  const paragraphRuns = readPropertyRuns(binary, "paragraph");
  const segments = characterSegments(pieces, readPropertyRuns(binary, "character"));
  const hidden = fieldInstructionMask(text);
  const legacy: LegacyRuns = { runs: 0, fonts: new Set(), encodings: new Set() };
  const hasLegacyFonts = fonts.some((font) => legacyEncodingOfFont(font) !== undefined);
  const renderer = new TextRenderer({ text, hidden, segments, sheet, fonts, legacy, hasLegacyFonts });

  const footnotes = readNotes(binary, { references: FcLcb.footnoteReferences, texts: FcLcb.footnoteTexts, storyStart: stories.text, key: "footnote" });
  const endnotesStart = stories.text + stories.footnotes + stories.headers + stories.macros + stories.annotations;
  const endnotes = readNotes(binary, { references: FcLcb.endnoteReferences, texts: FcLcb.endnoteTexts, storyStart: endnotesStart, key: "endnote" });
  const noteAt = new Map<number, string>([...footnotes.referenceKeys, ...endnotes.referenceKeys]);

  const paragraphs = splitParagraphs({ text, start: 0, end: Math.min(stories.text, text.length), pieces, paragraphRuns, sheet });
  const labels = listLabelsOf(binary, paragraphs);
  const blocks: string[] = [];
  let rows: TableRow[] = [];
  let cells: string[] = [];
  let cellParagraphs: string[] = [];
  const flushTable = () => {
    if (cellParagraphs.length > 0) cells.push(cellParagraphs.join(""));
    if (cells.length > 0) rows.push({ cells, merges: [] });
    if (rows.length > 0) blocks.push(tableHtml(rows));
    rows = [];
    cells = [];
    cellParagraphs = [];
  };

  for (const paragraph of paragraphs) {
    const { properties } = paragraph;
    const label = labels.get(paragraph);
    const body = renderer.render(paragraph.start, paragraph.end, paragraph.style, noteAt);
    const content = label && body.trim() !== "" ? `${escapeHtml(label)} ${body}` : body;
    const inTable = properties.inTable || properties.depth > 0;
    if (!inTable) {
      flushTable();
      if (content.trim() !== "") blocks.push(`<p>${content}</p>`);
      continue;
    }
    if (properties.depth > 1) {
      // A nested table is read as text of the outer cell.
      if (!properties.innerRowEnd && content.trim() !== "") cellParagraphs.push(`<p>${content}</p>`);
      continue;
    }
    if (properties.rowEnd) {
      if (cellParagraphs.length > 0) cells.push(cellParagraphs.join(""));
      if (cells.length > 0) rows.push({ cells, merges: paragraph.merges ?? [] });
      cells = [];
      cellParagraphs = [];
      continue;
    }
    if (content.trim() !== "") cellParagraphs.push(`<p>${content}</p>`);
    if (paragraph.mark === CELL_MARK) {
      cells.push(cellParagraphs.join(""));
      cellParagraphs = [];
    }
  }
  flushTable();

  const definitions = [...footnotes.texts, ...endnotes.texts].map(
    ({ key, start, end }) => `<li id="${key}">${renderer.render(start, end, undefined, new Map())}</li>`,
  );
  const html = `${blocks.join("\n")}${definitions.length > 0 ? `\n<ol>${definitions.join("")}</ol>` : ""}`;
  return { html, legacy };
}

type TableRow = { cells: string[]; merges: CellMerge[] };

/**
 * A table as mammoth writes one: a cell merged into its left neighbour widens it (colspan), a
 * cell merged into the one above lengthens that one (rowspan); the merged cells' own copies
 * of the text are dropped.
 */
function tableHtml(rows: readonly TableRow[]): string {
  type Cell = { html: string; columnSpan: number; rowSpan: number };
  const grid: Array<Array<Cell | undefined>> = [];
  const above = new Map<number, Cell>();
  for (const row of rows) {
    const out: Array<Cell | undefined> = [];
    let column = 0;
    let previous: Cell | undefined;
    row.cells.forEach((html, index) => {
      const merge = row.merges[index];
      if (merge?.mergedLeft && previous) {
        previous.columnSpan += 1;
        column += 1;
        return;
      }
      const top = above.get(column);
      if (merge?.mergedAbove && top) {
        top.rowSpan += 1;
        previous = undefined;
        column += 1;
        return;
      }
      const cell: Cell = { html, columnSpan: 1, rowSpan: 1 };
      out.push(cell);
      above.set(column, cell);
      previous = cell;
      column += 1;
    });
    grid.push(out);
  }
  const attributes = (cell: Cell) => `${cell.columnSpan > 1 ? ` colspan="${cell.columnSpan}"` : ""}${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ""}`;
  return `<table>${grid.map((row) => `<tr>${row.map((cell) => (cell ? `<td${attributes(cell)}>${cell.html}</td>` : "")).join("")}</tr>`).join("")}</table>`;
}

/** Paragraphs of a story: each ends at a paragraph mark, a cell mark or a page break; its properties are those of its mark. */
function splitParagraphs(options: { text: string; start: number; end: number; pieces: readonly Piece[]; paragraphRuns: readonly PropertyRun[]; sheet: StyleSheet }): Paragraph[] {
  const { text, pieces, paragraphRuns, sheet } = options;
  const paragraphs: Paragraph[] = [];
  let start = options.start;
  for (let cp = options.start; cp < options.end; cp += 1) {
    const code = text.charCodeAt(cp);
    if (code !== PARAGRAPH_MARK && code !== CELL_MARK && code !== PAGE_BREAK) continue;
    const located = fcOfCp(pieces, cp);
    const run = located ? findRun(paragraphRuns, located.fc) : undefined;
    const style = run?.istd ?? 0;
    const properties: ParagraphProperties = { inTable: false, rowEnd: false, depth: 0, innerCell: false, innerRowEnd: false, listOverride: 0, listLevel: 0 };
    for (const sprms of styleChain(sheet, style, "paragraph")) applyParagraphSprms(properties, sprms);
    if (run) applyParagraphSprms(properties, run.grpprl);
    if (located?.piece.grpprl) applyParagraphSprms(properties, located.piece.grpprl);
    if (properties.inTable && properties.depth === 0) properties.depth = 1;
    const merges = properties.rowEnd && run ? readRowMerges(run.grpprl) : undefined;
    paragraphs.push({ start, end: cp, mark: code, properties, style, ...(merges?.length ? { merges } : {}) });
    start = cp + 1;
  }
  if (start < options.end) {
    paragraphs.push({ start, end: options.end, mark: PARAGRAPH_MARK, style: 0, properties: { inTable: false, rowEnd: false, depth: 0, innerCell: false, innerRowEnd: false, listOverride: 0, listLevel: 0 } });
  }
  return paragraphs;
}

/** "1.", "a)", "III." for the numbered paragraphs, as Word draws them (see docx-numbering.ts). */
function listLabelsOf(binary: WordBinary, paragraphs: readonly Paragraph[]): Map<Paragraph, string> {
  const definitions = readListDefinitions(binary);
  // Only paragraphs whose list and level exist: the label algorithm then yields one label each.
  const numbered = paragraphs.filter(({ properties }) => {
    const { listOverride, listLevel } = properties;
    if (listOverride <= 0) return false;
    const num = definitions.nums.get(String(listOverride));
    return Boolean(num && definitions.abstractNums.get(num.abstractNumId)?.levels.has(String(listLevel)));
  });
  const labels = computeListLabels(
    numbered.map(({ properties }) => ({ numId: String(properties.listOverride), ilvl: String(properties.listLevel) })),
    definitions,
  );
  const byParagraph = new Map<Paragraph, string>();
  numbered.forEach((paragraph, index) => {
    const label = labels[index]?.label;
    if (label) byParagraph.set(paragraph, label);
  });
  return byParagraph;
}

/** Character properties by CP range: the CHPX runs, mapped from file positions through the pieces. */
function characterSegments(pieces: readonly Piece[], runs: readonly PropertyRun[]): CharacterSegment[] {
  const segments: CharacterSegment[] = [];
  for (const piece of pieces) {
    const width = piece.compressed ? 1 : 2;
    const fcEnd = piece.fc + (piece.cpEnd - piece.cpStart) * width;
    let index = lowerBound(runs, piece.fc);
    for (; index < runs.length; index += 1) {
      const run = runs[index];
      if (!run || run.fcStart >= fcEnd) break;
      const from = Math.max(run.fcStart, piece.fc);
      const to = Math.min(run.fcEnd, fcEnd);
      if (to <= from) continue;
      const properties: CharacterProperties = { deleted: false };
      applyCharacterSprms(properties, run.grpprl);
      if (piece.grpprl) applyCharacterSprms(properties, piece.grpprl);
      segments.push({ start: piece.cpStart + Math.floor((from - piece.fc) / width), end: piece.cpStart + Math.ceil((to - piece.fc) / width), properties });
    }
  }
  return segments.sort((a, b) => a.start - b.start);
}

function lowerBound(runs: readonly PropertyRun[], fc: number): number {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((runs[middle]?.fcEnd ?? 0) <= fc) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** 1 where a character is a field's instruction ("HYPERLINK …", "PAGE") or a field mark; results stay visible. */
function fieldInstructionMask(text: string): Uint8Array {
  const hidden = new Uint8Array(text.length);
  const stack: boolean[] = [];
  for (let cp = 0; cp < text.length; cp += 1) {
    const code = text.charCodeAt(cp);
    if (code === FIELD_BEGIN) {
      stack.push(true);
      hidden[cp] = 1;
    } else if (code === FIELD_SEPARATOR && stack.length > 0) {
      stack[stack.length - 1] = false;
      hidden[cp] = 1;
    } else if (code === FIELD_END && stack.length > 0) {
      stack.pop();
      hidden[cp] = 1;
    } else if (stack.includes(true)) {
      hidden[cp] = 1;
    }
  }
  return hidden;
}

type NoteText = { key: string; start: number; end: number };

/** Notes of one kind: the CP of each reference mark in the body, and each note's text range. */
function readNotes(binary: WordBinary, options: { references: number; texts: number; storyStart: number; key: string }): { referenceKeys: Array<[number, string]>; texts: NoteText[] } {
  const references = readPlc(tableSlice(binary, options.references, `${options.key} references`), 2, `${options.key} references`);
  const texts = readPlc(tableSlice(binary, options.texts, `${options.key} texts`), 0, `${options.key} texts`);
  const referenceKeys: Array<[number, string]> = [];
  const noteTexts: NoteText[] = [];
  const count = Math.min(references.items.length, Math.max(texts.positions.length - 1, 0));
  for (let index = 0; index < count; index += 1) {
    const key = `${options.key}-${index + 1}`;
    referenceKeys.push([references.positions[index] ?? -1, key]);
    const start = options.storyStart + (texts.positions[index] ?? 0);
    const end = options.storyStart + (texts.positions[index + 1] ?? 0);
    noteTexts.push({ key, start, end });
  }
  return { referenceKeys, texts: noteTexts };
}

/** Renders CP ranges to escaped HTML text: specials resolved, fields and deletions dropped, legacy fonts converted. */
class TextRenderer {
  constructor(
    private readonly context: {
      text: string;
      hidden: Uint8Array;
      segments: readonly CharacterSegment[];
      sheet: StyleSheet;
      fonts: readonly string[];
      legacy: LegacyRuns;
      hasLegacyFonts: boolean;
    },
  ) {}

  render(start: number, end: number, paragraphStyle: number | undefined, noteAt: ReadonlyMap<number, string>): string {
    const { text, hidden } = this.context;
    const pieces: string[] = [];
    let segmentIndex = this.firstSegment(start);
    let cp = start;
    while (cp < end) {
      const segment = this.context.segments[segmentIndex];
      const segmentEnd = segment && segment.start <= cp ? Math.min(segment.end, end) : Math.min(segment?.start ?? end, end);
      const properties = segment && segment.start <= cp ? segment.properties : undefined;
      if (segmentEnd <= cp) {
        segmentIndex += 1;
        continue;
      }
      if (!properties?.deleted) {
        let run = "";
        const flushRun = () => {
          if (run !== "") pieces.push(escapeHtml(this.convertRun(run, properties, paragraphStyle)));
          run = "";
        };
        for (let at = cp; at < segmentEnd; at += 1) {
          if (hidden[at]) continue;
          const code = text.charCodeAt(at);
          const note = noteAt.get(at);
          if (note !== undefined) {
            flushRun();
            pieces.push(`<a href="#${note}">[${note}]</a>`);
          } else if (code === LINE_BREAK) {
            flushRun();
            pieces.push("<br>");
          } else if (code === NON_BREAKING_HYPHEN) run += "-";
          else if (code === 0x09 || code === PAGE_BREAK || code === 0x0e) run += " ";
          else if (code === SOFT_HYPHEN_MARK) run += "\u001f";
          else if (code >= 0x20 && code !== 0xfffd) run += text[at];
          // Other controls (picture and object anchors, note marks, soft hyphens 0x1F) carry no text.
        }
        flushRun();
      }
      cp = segmentEnd;
      if (segment && segment.end <= cp) segmentIndex += 1;
    }
    const html = pieces.join("");
    return this.convertParagraphFallback(html);
  }

  private firstSegment(cp: number): number {
    const { segments } = this.context;
    let low = 0;
    let high = segments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((segments[middle]?.end ?? 0) <= cp) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** A run set in a TCVN3/VNI font holds that encoding's cp1252 reading: decode it. */
  private convertRun(run: string, properties: CharacterProperties | undefined, paragraphStyle: number | undefined): string {
    const fontName = this.context.fonts[this.fontOf(properties, paragraphStyle) ?? -1];
    const legacy = legacyEncodingOfFont(fontName);
    if (!legacy) return run.replaceAll("\u001f", "");
    run = run.replaceAll("\u001f", "\u00ad");
    if (!/[^\x00-\x7f]/u.test(run)) return run;
    this.context.legacy.runs += 1;
    this.context.legacy.fonts.add(fontName ?? "");
    this.context.legacy.encodings.add(legacy.encoding);
    return decodeLegacy(run, legacy.encoding, { capitals: legacy.capitals });
  }

  /** Direct font, else the character style's, else the paragraph style's, else the document default. */
  private fontOf(properties: CharacterProperties | undefined, paragraphStyle: number | undefined): number | undefined {
    if (properties?.font !== undefined) return properties.font;
    const { sheet } = this.context;
    for (const style of [properties?.style, paragraphStyle]) {
      if (style === undefined) continue;
      let font: number | undefined;
      for (const sprms of styleChain(sheet, style, "character")) {
        const inherited: CharacterProperties = { deleted: false };
        applyCharacterSprms(inherited, sprms);
        if (inherited.font !== undefined) font = inherited.font;
      }
      if (font !== undefined) return font;
    }
    return sheet.defaultFont;
  }

  /**
   * A document that uses legacy fonts sometimes holds legacy text in a run whose font we could
   * not resolve (a theme font, a damaged style): such a paragraph is decoded when it reads as
   * TCVN3/VNI and not as Unicode Vietnamese.
   */
  private convertParagraphFallback(html: string): string {
    if (!this.context.hasLegacyFonts) return html;
    const plain = html.replace(/<[^>]*>/gu, " ");
    const detected = detectLegacyEncoding(plain);
    if (!detected) return html;
    this.context.legacy.runs += 1;
    this.context.legacy.encodings.add(detected.encoding);
    return html.replace(/(<[^>]*>)|([^<]+)/gu, (_match, tag: string | undefined, content: string | undefined) => tag ?? decodeLegacy(content ?? "", detected.encoding));
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}
