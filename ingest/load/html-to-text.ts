import type { AnyNode, Element } from "domhandler";
import { parseDocument } from "htmlparser2";
import { formatListNumber } from "./format-list-number.js";
import { isLayoutTable, renderDataTable, type TableCell } from "./render-table.js";

/**
 * HTML -> plain text that keeps the block structure the later stages rely on:
 * - paragraphs, headings and other blocks are separated by a blank line;
 * - list items sit on their own line, "- " for bullets, "3. " / "c. " for ordered lists;
 * - data tables keep their header row as "A | B | C" and write every other row with its
 *   column names, "A: x; B: y; C: z" (see render-table.ts); layout tables (the two-column
 *   header and signature blocks of Vietnamese documents) become plain paragraphs, cell by
 *   cell, because their cells are not related like data columns;
 * - footnotes (mammoth's `#footnote-N` / `#endnote-N` links and Word's HTML export
 *   `#_ftnN` / `#_ednN`) become `[^N]` inline with `[^N]: text` definitions at the end,
 *   numbered in order of first reference;
 * - bold, italics and other inline markup are dropped, never turned into Markdown;
 * - script, style, head and hidden elements are dropped; entities are decoded;
 * - below MAX_RENDER_DEPTH nested elements the rest of a subtree is read as
 *   plain text (without recursion), so 200,000 nested `div`s cannot overflow the stack.
 */
export function htmlToText(html: string): string {
  const document = parseDocument(limitNesting(html, MAX_PARSE_DEPTH), { decodeEntities: true });
  const converter = new HtmlConverter();
  const writer = new TextWriter();
  converter.renderNodes(document.children, writer, { inListItem: false, preformatted: false, depth: 0 });
  return converter.appendFootnotes(writer.toString());
}

type RenderContext = { inListItem: boolean; preformatted: boolean; /** Elements entered so far. */ depth: number };

/**
 * htmlparser2 keeps its open elements in an array it shifts and unshifts, so
 * each tag costs as much as the nesting is deep: 200,000 nested `div`s take
 * minutes. Tags that would nest deeper than this are dropped before parsing
 * (their text stays).
 */
const MAX_PARSE_DEPTH = 1000;
/** Elements whose end tag is optional: left open in real documents, they are not counted as nesting. */
const OPTIONAL_END_TAG = new Set(["p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "colgroup", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "html", "head", "body"]);
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/**
 * The HTML with the tags that open or close elements nested deeper than
 * `maxDepth` removed, or the HTML itself when nothing nests that deep. Depth
 * is counted from the tags alone (no parsing), which is enough to cap it.
 */
export function limitNesting(html: string, maxDepth: number): string {
  const tags = /<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/gu;
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(tags)) {
    const name = (match[2] ?? "").toLowerCase();
    if (OPTIONAL_END_TAG.has(name) || VOID_ELEMENTS.has(name) || match[3] === "/") continue;
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
    deepest = Math.max(deepest, depth);
  }
  if (deepest <= maxDepth) return html;
  const pieces: string[] = [];
  let cursor = 0;
  depth = 0;
  for (const match of html.matchAll(tags)) {
    const name = (match[2] ?? "").toLowerCase();
    if (OPTIONAL_END_TAG.has(name) || VOID_ELEMENTS.has(name) || match[3] === "/") continue;
    const closing = match[1] === "/";
    const level = closing ? depth : depth + 1;
    depth = closing ? Math.max(0, depth - 1) : depth + 1;
    if (level <= maxDepth) continue;
    pieces.push(html.slice(cursor, match.index));
    cursor = match.index + match[0].length;
  }
  pieces.push(html.slice(cursor));
  return pieces.join("");
}

/**
 * Rendering recurses once per nested element; past this depth (never reached
 * by a real document) a subtree's text is collected by a loop instead.
 */
const MAX_RENDER_DEPTH = 200;

const skippedElements = new Set([
  "script",
  "style",
  "head",
  "title",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "canvas",
  "select",
  "textarea",
  "img",
  "video",
  "audio",
]);

const blockElements = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "caption",
  "center",
  "details",
  "dialog",
  "div",
  "dl",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "html",
  "legend",
  "main",
  "nav",
  "p",
  "section",
  "summary",
]);

/** Elements that are one line of a list rather than a paragraph. */
const lineElements = new Set(["dt", "dd"]);

const htmlListTypes: Readonly<Record<string, string>> = {
  "1": "decimal",
  a: "lowerLetter",
  A: "upperLetter",
  i: "lowerRoman",
  I: "upperRoman",
};

type NoteKey = string;

/** A line ending in a word that needs what follows ("Công chức của" / "Sở …") continues on the next. */
const CONTINUES_LINE = /(?:^|\s)(?:của|và|tại|các|cho|với|về|theo|trong|để|thuộc|hoặc|đến|từ)$/iu;

class HtmlConverter {
  /** Mark given to each note, in order of first reference. */
  private readonly marks = new Map<NoteKey, number>();
  private readonly definitions = new Map<NoteKey, string>();

  renderNodes(nodes: readonly AnyNode[], writer: TextWriter, context: RenderContext): void {
    for (const node of nodes) this.renderNode(node, writer, context);
  }

  appendFootnotes(body: string): string {
    for (const key of this.definitions.keys()) this.markFor(key);
    const lines: string[] = [];
    for (const [key, mark] of this.marks) {
      const definition = this.definitions.get(key);
      if (definition !== undefined) lines.push(`[^${mark}]: ${definition}`);
    }
    if (lines.length === 0) return body;
    return body === "" ? lines.join("\n") : `${body}\n\n${lines.join("\n")}`;
  }

  private renderNode(node: AnyNode, writer: TextWriter, context: RenderContext): void {
    if (node.type === "text") {
      writer.write(node.data, context.preformatted);
      return;
    }
    // Comments, directives, CDATA: not document text. Script and style nodes have their own types.
    if (node.type !== "tag") return;
    this.renderElement(node, writer, context);
  }

  private renderElement(element: Element, writer: TextWriter, outer: RenderContext): void {
    const name = element.name.toLowerCase();
    if (skippedElements.has(name) || isHidden(element)) return;
    if (outer.depth >= MAX_RENDER_DEPTH) {
      writer.breakLine(1);
      writer.write(collectText(element), outer.preformatted);
      writer.breakLine(1);
      return;
    }
    const context = { ...outer, depth: outer.depth + 1 };

    const noteReference = noteReferenceKey(element);
    if (noteReference !== undefined) {
      writer.write(`[^${this.markFor(noteReference)}]`, false);
      return;
    }
    const noteDefinition = noteDefinitionKey(element);
    if (noteDefinition !== undefined) {
      this.definitions.set(noteDefinition, this.renderInline(element.children, context));
      return;
    }
    if (isNoteBackLink(element)) return;

    if (name === "br") {
      writer.breakLine(1);
      return;
    }
    if (name === "hr") {
      writer.breakLine(2);
      return;
    }
    if (name === "table") {
      this.renderTable(element, writer, context);
      return;
    }
    if (name === "ul" || name === "ol" || name === "menu" || name === "dir") {
      this.renderList(element, writer, context);
      return;
    }
    if (name === "pre") {
      writer.breakLine(2);
      this.renderNodes(element.children, writer, { ...context, preformatted: true });
      writer.breakLine(2);
      return;
    }
    if (name === "li" || lineElements.has(name)) {
      writer.breakLine(1);
      this.renderNodes(element.children, writer, { ...context, inListItem: true });
      writer.breakLine(1);
      return;
    }
    if (blockElements.has(name)) {
      // Inside a list item a paragraph is a line of that item, not a new paragraph.
      const gap = context.inListItem ? 1 : 2;
      writer.breakLine(gap);
      this.renderNodes(element.children, writer, context);
      writer.breakLine(gap);
      return;
    }
    this.renderNodes(element.children, writer, context);
  }

  private renderList(list: Element, writer: TextWriter, context: RenderContext): void {
    const ordered = list.name.toLowerCase() === "ol";
    const format = htmlListTypes[list.attribs["type"] ?? "1"] ?? "decimal";
    let counter = parseInteger(list.attribs["start"]) ?? 1;
    writer.breakLine(context.inListItem ? 1 : 2);
    for (const child of list.children) {
      if (child.type !== "tag" || child.name.toLowerCase() !== "li") {
        this.renderNode(child, writer, context);
        continue;
      }
      if (isHidden(child)) continue;
      const definition = noteDefinitionKey(child);
      if (definition !== undefined) {
        this.definitions.set(definition, this.renderInline(child.children, context));
        continue;
      }
      counter = parseInteger(child.attribs["value"]) ?? counter;
      // An empty item still takes its number, as a browser shows it, but a lone marker is noise.
      if (collectText(child).trim() !== "") {
        writer.breakLine(1);
        writer.writeMarker(ordered ? `${formatListNumber(counter, format)}.` : "-");
        this.renderNodes(child.children, writer, { ...context, inListItem: true });
        writer.endItem();
      }
      counter += 1;
    }
    writer.breakLine(context.inListItem ? 1 : 2);
  }

  private renderTable(table: Element, writer: TextWriter, context: RenderContext): void {
    const rows = tableRows(table).map((row) =>
      row.children.filter((cell): cell is Element => cell.type === "tag" && /^t[dh]$/i.test(cell.name)),
    );
    const cells: TableCell[][] = rows.map((row) =>
      row.map((cell) => ({
        text: this.renderCell(cell.children, context),
        columnSpan: parseInteger(cell.attribs["colspan"]) ?? 1,
        rowSpan: parseInteger(cell.attribs["rowspan"]) ?? 1,
      })),
    );
    const caption = table.children.find(
      (child): child is Element => child.type === "tag" && child.name.toLowerCase() === "caption",
    );
    writer.breakLine(2);
    if (caption) {
      this.renderNodes(caption.children, writer, context);
      writer.breakLine(2);
    }
    if (isLayoutTable(cells)) {
      for (const row of rows) {
        for (const cell of row) {
          writer.breakLine(2);
          this.renderNodes(cell.children, writer, { ...context, inListItem: false });
          writer.breakLine(2);
        }
      }
    } else {
      for (const line of renderDataTable(cells)) {
        writer.breakLine(1);
        writer.write(line, true);
        writer.breakLine(1);
      }
    }
    writer.breakLine(2);
  }

  /**
   * A cell on one line. Its paragraphs are often a list without punctuation (one person or
   * unit a line): they are joined by ", ", paragraphs that end a sentence by a space.
   */
  private renderCell(nodes: readonly AnyNode[], context: RenderContext): string {
    const writer = new TextWriter();
    this.renderNodes(nodes, writer, { inListItem: false, preformatted: false, depth: context.depth });
    const lines = writer
      .toString()
      .split(/\s*\n\s*/u)
      .map((line) => line.trim())
      .filter((line) => line !== "");
    let joined = "";
    for (const line of lines) {
      if (joined === "") joined = line;
      else joined += /[.;:,!?…]$/u.test(joined) || CONTINUES_LINE.test(joined) || /^[-–+•(\d\p{Ll}]/u.test(line) ? ` ${line}` : `, ${line}`;
    }
    return joined;
  }

  /** Render nodes to a single line (table cells, footnote definitions). */
  private renderInline(nodes: readonly AnyNode[], context: RenderContext): string {
    const writer = new TextWriter();
    this.renderNodes(nodes, writer, { inListItem: false, preformatted: false, depth: context.depth });
    return writer.toString().replace(/\s*\n\s*/g, " ").trim();
  }

  private markFor(key: NoteKey): number {
    let mark = this.marks.get(key);
    if (mark === undefined) {
      mark = this.marks.size + 1;
      this.marks.set(key, mark);
    }
    return mark;
  }
}

/** `<a href="#footnote-3">` (mammoth) or `<a href="#_ftn3">` (Word "Save as HTML"). */
function noteReferenceKey(element: Element): NoteKey | undefined {
  if (element.name.toLowerCase() !== "a") return undefined;
  const href = element.attribs["href"] ?? "";
  const mammoth = /^#(footnote|endnote)-(\d+)$/.exec(href);
  if (mammoth) return `${mammoth[1]}-${mammoth[2]}`;
  const word = /^#_(ftn|edn)(\d+)$/.exec(href);
  if (word) return `${word[1] === "ftn" ? "footnote" : "endnote"}-${word[2]}`;
  return undefined;
}

/** `<li id="footnote-3">` (mammoth) or `<div id="ftn3">` (Word "Save as HTML"). */
function noteDefinitionKey(element: Element): NoteKey | undefined {
  const id = element.attribs["id"] ?? "";
  const mammoth = /^(footnote|endnote)-(\d+)$/.exec(id);
  if (mammoth && element.name.toLowerCase() === "li") return `${mammoth[1]}-${mammoth[2]}`;
  const word = /^(ftn|edn)(\d+)$/.exec(id);
  if (word) return `${word[1] === "ftn" ? "footnote" : "endnote"}-${word[2]}`;
  return undefined;
}

/** The "↑" link back from a note to its reference, and Word's "[1]" label inside the note. */
function isNoteBackLink(element: Element): boolean {
  if (element.name.toLowerCase() !== "a") return false;
  const href = element.attribs["href"] ?? "";
  return /^#(footnote|endnote)-ref-\d+$/.test(href) || /^#_(ftn|edn)ref\d+$/.test(href);
}

/**
 * The text of an element's subtree, skipping what rendering skips, by a loop
 * over an explicit stack (DomUtils.textContent recurses once per level).
 */
function collectText(root: Element): string {
  const pieces: string[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "text") pieces.push(node.data);
    else if (node.type === "tag" && !skippedElements.has(node.name.toLowerCase()) && !isHidden(node)) {
      for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index]!);
      // Block boundaries still separate words.
      if (blockElements.has(node.name.toLowerCase()) || node.name.toLowerCase() === "br") pieces.push(" ");
    }
  }
  return pieces.join("");
}

function isHidden(element: Element): boolean {
  if (element.attribs["hidden"] !== undefined) return true;
  return /display\s*:\s*none/i.test(element.attribs["style"] ?? "");
}

/** Rows of this table only: direct `tr` children or inside thead/tbody/tfoot, never a nested table's. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== "tag") continue;
    const name = child.name.toLowerCase();
    if (name === "tr") rows.push(child);
    if (name === "thead" || name === "tbody" || name === "tfoot") {
      for (const row of child.children) if (row.type === "tag" && row.name.toLowerCase() === "tr") rows.push(row);
    }
  }
  return rows;
}

function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*-?\d+\s*$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/**
 * Accumulates text with HTML's whitespace rules: runs of white space collapse to one space,
 * white space at line edges disappears, and break requests merge (the largest wins) so
 * nested blocks never pile up blank lines.
 */
class TextWriter {
  private readonly parts: string[] = [];
  private pendingBreak = 0;
  private pendingSpace = false;
  private atLineStart = true;
  /** Set after a list marker: the item's first block starts on the marker's line. */
  private afterMarker = false;

  writeMarker(marker: string): void {
    this.write(`${marker} `, false);
    this.afterMarker = true;
  }

  endItem(): void {
    this.afterMarker = false;
    this.breakLine(1);
  }

  write(raw: string, preformatted: boolean): void {
    if (preformatted) {
      if (raw === "") return;
      this.flushBreak();
      this.parts.push(raw.replace(/\r\n?/g, "\n"));
      this.afterMarker = false;
      this.atLineStart = raw.endsWith("\n");
      this.pendingSpace = false;
      return;
    }
    const collapsed = raw.replace(/\s+/g, " ");
    if (collapsed === "") return;
    const content = collapsed.trim();
    if (content === "") {
      // Dropped later if it ends up at the start of a line.
      this.pendingSpace = true;
      return;
    }
    if (collapsed.startsWith(" ")) this.pendingSpace = true;
    this.flushBreak();
    if (this.pendingSpace && !this.atLineStart) this.parts.push(" ");
    this.parts.push(content);
    this.atLineStart = false;
    this.afterMarker = false;
    this.pendingSpace = collapsed.endsWith(" ");
  }

  breakLine(newlines: 1 | 2): void {
    if (this.afterMarker) return;
    this.pendingBreak = Math.max(this.pendingBreak, newlines);
    this.pendingSpace = false;
  }

  toString(): string {
    return this.parts.join("").trim();
  }

  private flushBreak(): void {
    if (this.pendingBreak > 0 && this.parts.length > 0) {
      this.parts.push("\n".repeat(this.pendingBreak));
      this.atLineStart = true;
    }
    this.pendingBreak = 0;
  }
}
