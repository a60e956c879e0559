/**
 * Section-aware chunking: cuts a document's clean text into passages that
 * follow its section tree, so a search hit names the item it comes from
 * ("III. Nhiệm vụ > 2. Tập trung cao cho sắp xếp …") and an answer never mixes
 * two numbered items.
 *
 * - A section that fits in `targetChars` is one chunk.
 * - A larger section is cut along its children; small consecutive siblings
 *   (each under half the target) share a chunk up to the target, labelled with
 *   their parent's path. Articles ("Điều N") are never merged with each other:
 *   a law's passage must name exactly one article.
 * - Text without children that is still too long is cut at sentence ends;
 *   only a sentence longer than twice the target is cut, at a word boundary.
 * - A heading with little text of its own before its first child ("2. Nhiệm vụ
 *   cụ thể" / "a) …") joins the chunk that follows it.
 * - Text before the first heading (preamble) gets its own chunks, labelled
 *   with the document title or "Mở đầu".
 *
 * Chunks are trimmed by moving offsets, so `text === document.text.slice(start, end)`.
 */
import { VanbanError } from "../../core/errors.js";
import type { ArchiveDocument, Chunk, DocumentMeta, Section } from "../../core/types.js";
import { isTableRowLine } from "../../core/table-rows.js";
import { splitAtWords, splitSentences, type TextSpan } from "./split-sentences.js";

export type ChunkableDocument = Pick<ArchiveDocument, "id" | "text" | "sections" | "footnotes"> & {
  /** When present, the title labels the preamble's chunks. */
  meta?: Pick<DocumentMeta, "title">;
};

export type ChunkOptions = { targetChars: number };

/** Label of the preamble's chunks when the document has no title. */
export const PREAMBLE_LABEL = "Mở đầu";
/** Siblings shorter than this share of the target may be merged into one chunk. */
const SMALL_SIBLING_SHARE = 0.5;
/** A heading-only piece shorter than this share of the target joins the next piece of the same section. */
const TINY_PIECE_SHARE = 0.25;
/** A single sentence longer than this many targets is cut at word boundaries. */
const LONG_SENTENCE_TARGETS = 2;
/** Longest label kept for the preamble (titles can be paragraph-long). */
const MAX_LABEL_CHARS = 160;

const ARTICLE_HEADING = /^(?:Điều|ĐIỀU)\s+\d+/u;

type TreeNode = {
  path: string[];
  start: number;
  end: number;
  children: TreeNode[];
  isArticle: boolean;
  isRoot: boolean;
};

type Unit = { kind: "text"; start: number; end: number; owner: TreeNode } | { kind: "node"; start: number; end: number; node: TreeNode };

type Piece = TextSpan & {
  path: string[];
  isPreamble: boolean;
  /** True when the piece holds no sub-section: only the section's own text (a heading, a lead-in). */
  ownTextOnly: boolean;
};

type Context = { text: string; targetChars: number };

function isWhitespace(character: string | undefined): boolean {
  return character !== undefined && /\s/u.test(character);
}

/** The span without leading and trailing whitespace (empty when all whitespace). */
function trimSpan(text: string, span: TextSpan): TextSpan {
  let { start, end } = span;
  while (start < end && isWhitespace(text[start])) start++;
  while (end > start && isWhitespace(text[end - 1])) end--;
  return { start, end };
}

function visibleLength(text: string, span: TextSpan): number {
  const trimmed = trimSpan(text, span);
  return trimmed.end - trimmed.start;
}

function preambleLabel(title: string | undefined): string {
  const label = title?.replace(/\s+/gu, " ").trim() ?? "";
  if (label === "") return PREAMBLE_LABEL;
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1).trimEnd()}…` : label;
}

/**
 * Nests the flat section list into a tree. Sections come from parseSections
 * and are well formed, but the chunker must not lose text on any input:
 * offsets are clamped, a section that pokes out of its parent is cut at the
 * parent's end, and empty ones are dropped.
 */
function buildTree(sections: readonly Section[], options: { textLength: number; rootPath: string[] }): TreeNode {
  const { textLength, rootPath } = options;
  const root: TreeNode = { path: rootPath, start: 0, end: textLength, children: [], isArticle: false, isRoot: true };
  const sorted = sections
    .map((section) => ({
      section,
      start: Math.max(0, Math.min(textLength, Math.floor(section.start))),
      end: Math.max(0, Math.min(textLength, Math.floor(section.end))),
    }))
    .filter((entry) => Number.isFinite(entry.start) && Number.isFinite(entry.end) && entry.end > entry.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || a.section.level - b.section.level);
  const stack: TreeNode[] = [root];
  for (const { section, start, end } of sorted) {
    while (stack.length > 1 && (stack[stack.length - 1]?.end ?? 0) <= start) stack.pop();
    const parent = stack[stack.length - 1] ?? root;
    const clampedEnd = Math.min(end, parent.end);
    if (clampedEnd <= start) continue;
    const heading = section.heading.trim();
    const path = section.path.length > 0 ? [...section.path] : heading !== "" ? [heading] : parent.path;
    const node: TreeNode = {
      path,
      start,
      end: clampedEnd,
      children: [],
      isArticle: ARTICLE_HEADING.test(heading || (path[path.length - 1] ?? "")),
      isRoot: false,
    };
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

/** The node's own text runs and its children, in order, covering the node exactly. */
function unitsOf(node: TreeNode): Unit[] {
  const units: Unit[] = [];
  let cursor = node.start;
  for (const child of node.children) {
    if (child.start > cursor) units.push({ kind: "text", start: cursor, end: child.start, owner: node });
    units.push({ kind: "node", start: child.start, end: child.end, node: child });
    cursor = child.end;
  }
  if (cursor < node.end) units.push({ kind: "text", start: cursor, end: node.end, owner: node });
  return units;
}

/**
 * A table row ("Nội dung: …; Đơn vị chủ trì: …; Thời gian hoàn thành: …") is one segment, not
 * cut at the sentence ends inside its cells, so a passage never holds half a row (unless the
 * row alone is longer than `maxChars`).
 */
function keepTableRowsWhole(text: string, sentences: TextSpan[], maxChars: number): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const sentence of sentences) {
    const previous = merged[merged.length - 1];
    if (previous && text[sentence.start - 1] !== "\n") {
      const lineStart = text.lastIndexOf("\n", sentence.start - 1) + 1;
      const lineEnd = text.indexOf("\n", sentence.start);
      const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
      if (line.length <= maxChars && isTableRowLine(line)) {
        previous.end = sentence.end;
        continue;
      }
    }
    merged.push({ ...sentence });
  }
  return merged;
}

/** Cuts a run of text with no sub-sections into passages at sentence ends. */
function splitLongText(context: Context, options: { span: TextSpan; path: string[]; isPreamble: boolean }): Piece[] {
  const { text, targetChars } = context;
  const { span, path, isPreamble } = options;
  const segments = keepTableRowsWhole(text, splitSentences(text, span), LONG_SENTENCE_TARGETS * targetChars).flatMap((sentence) =>
    visibleLength(text, sentence) > LONG_SENTENCE_TARGETS * targetChars
      ? splitAtWords(text, { span: sentence, maxChars: targetChars })
      : [sentence],
  );
  // Aim for pieces of equal size rather than full pieces and a runt at the end.
  const total = visibleLength(text, span);
  const goal = total / Math.max(1, Math.ceil(total / targetChars));
  const pieces: Piece[] = [];
  let current: TextSpan | undefined;
  for (const segment of segments) {
    if (current) {
      const currentLength = visibleLength(text, current);
      const joinedLength = visibleLength(text, { start: current.start, end: segment.end });
      if (currentLength > 0 && (joinedLength > targetChars || currentLength >= goal)) {
        pieces.push({ ...current, path, isPreamble, ownTextOnly: true });
        current = undefined;
      }
    }
    current = current ? { start: current.start, end: segment.end } : { ...segment };
  }
  if (current) pieces.push({ ...current, path, isPreamble, ownTextOnly: true });
  return pieces;
}

function piecesOfText(context: Context, unit: { start: number; end: number; owner: TreeNode }): Piece[] {
  const span = { start: unit.start, end: unit.end };
  const isPreamble = unit.owner.isRoot;
  if (visibleLength(context.text, span) <= context.targetChars) return [{ ...span, path: unit.owner.path, isPreamble, ownTextOnly: true }];
  return splitLongText(context, { span, path: unit.owner.path, isPreamble });
}

function piecesOfNode(context: Context, node: TreeNode): Piece[] {
  const { text, targetChars } = context;
  if (!node.isRoot && visibleLength(text, node) <= targetChars) {
    return [{ start: node.start, end: node.end, path: node.path, isPreamble: false, ownTextOnly: node.children.length === 0 }];
  }
  const pieces: Piece[] = [];
  let group: Unit[] = [];
  const expand = (unit: Unit): Piece[] => (unit.kind === "node" ? piecesOfNode(context, unit.node) : piecesOfText(context, unit));
  const flush = () => {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return;
    if (group.length === 1) {
      pieces.push(...expand(first));
    } else {
      // Several small siblings: labelled with their parent, or with the one child when the rest is the parent's own lead-in.
      const children = group.filter((unit): unit is Extract<Unit, { kind: "node" }> => unit.kind === "node");
      const path = children.length === 1 && children[0] ? children[0].node.path : node.path;
      pieces.push({ start: first.start, end: last.end, path, isPreamble: false, ownTextOnly: children.length === 0 });
    }
    group = [];
  };
  for (const unit of unitsOf(node)) {
    const length = visibleLength(text, unit);
    if (length === 0) continue;
    // The root's children are the document's top-level parts: each keeps its own chunks, and the preamble stays apart.
    const mergeable =
      !node.isRoot && !(unit.kind === "node" && unit.node.isArticle) && length < SMALL_SIBLING_SHARE * targetChars;
    const groupStart = group[0]?.start;
    if (mergeable && (groupStart === undefined || visibleLength(text, { start: groupStart, end: unit.end }) <= targetChars)) {
      group.push(unit);
      continue;
    }
    flush();
    if (mergeable) group.push(unit);
    else pieces.push(...expand(unit));
  }
  flush();
  return pieces;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}

/**
 * A heading with almost no text of its own ("2. Nhiệm vụ cụ thể" before its
 * "a)") joins the next piece of its own section. Pieces that hold whole
 * sub-sections never move: that would put two items in one chunk.
 */
function absorbTinyPieces(context: Context, pieces: Piece[]): Piece[] {
  const result: Piece[] = [];
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index];
    if (!piece) continue;
    const next = pieces[index + 1];
    const tiny = visibleLength(context.text, piece) < TINY_PIECE_SHARE * context.targetChars;
    if (tiny && next && piece.ownTextOnly && !piece.isPreamble && !next.isPreamble && isPrefix(piece.path, next.path)) {
      pieces[index + 1] = { ...next, start: piece.start, ownTextOnly: false };
      continue;
    }
    result.push(piece);
  }
  return result;
}

/**
 * Cuts a document into retrievable passages. Same input, same chunks (ids are
 * `${docId}#${ordinal}`, ordinal from 0). Footnotes go to the chunk whose
 * stretch of text holds their mark: [start of this chunk, start of the next),
 * so a mark standing right after a chunk's last character stays with it.
 */
export function chunkDocument(document: ChunkableDocument, options: ChunkOptions): Chunk[] {
  const { targetChars } = options;
  if (!Number.isFinite(targetChars) || targetChars < 1) {
    throw new VanbanError("config_invalid", `targetChars must be a positive number of characters, got ${String(targetChars)}`);
  }
  const context: Context = { text: document.text, targetChars: Math.floor(targetChars) };
  const root = buildTree(document.sections, {
    textLength: document.text.length,
    rootPath: [preambleLabel(document.meta?.title)],
  });
  const pieces = absorbTinyPieces(context, piecesOfNode(context, root));

  const spans = pieces
    .map((piece) => ({ ...trimSpan(document.text, piece), path: piece.path }))
    .filter((span) => span.end > span.start);
  const footnotes = [...document.footnotes].sort((a, b) => a.at - b.at);
  return spans.map((span, ordinal) => {
    const regionStart = ordinal === 0 ? -Infinity : span.start;
    const regionEnd = spans[ordinal + 1]?.start ?? Infinity;
    return {
      id: `${document.id}#${ordinal}`,
      docId: document.id,
      sectionPath: span.path.length > 0 ? span.path : [PREAMBLE_LABEL],
      text: document.text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      notes: footnotes.filter((footnote) => footnote.at >= regionStart && footnote.at < regionEnd).map((footnote) => footnote.text),
    };
  });
}
