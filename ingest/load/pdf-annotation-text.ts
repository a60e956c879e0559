/**
 * The text a PDF page's annotations draw: the appearance streams of
 * signature widgets (the number and the day stamped at signing, "Ký bởi: …"
 * boxes), form fields, stamps and free-text notes. pdf.js renders them but
 * leaves them out of getTextContent; its operator list with annotations
 * enabled carries every glyph they draw with its Unicode value, so the text
 * and its position are read from there. Pure: works on an operator list.
 */
import type { PlacedLine } from "./pdf-page-text.js";

/** The operator codes this reader needs (pdf.js's `OPS`). */
export type OperatorCodes = Readonly<Record<
  | "save"
  | "restore"
  | "transform"
  | "beginText"
  | "endText"
  | "setFont"
  | "setLeading"
  | "moveText"
  | "setLeadingMoveText"
  | "setTextMatrix"
  | "nextLine"
  | "showText"
  | "showSpacedText"
  | "nextLineShowText"
  | "nextLineSetSpacingShowText"
  | "paintFormXObjectBegin"
  | "paintFormXObjectEnd"
  | "beginAnnotation"
  | "endAnnotation",
  number
>>;

export type OperatorList = { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> };

type Matrix = [number, number, number, number, number, number];
type Run = { text: string; x: number; y: number; width: number; height: number };

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** A TJ adjustment this far left (in thousandths of an em) is a space between words. */
const SPACE_ADJUSTMENT = -250;

/** Lines drawn inside annotations, one entry per line of each annotation, in PDF user space. */
export function annotationLinesFromOperators(operators: OperatorList, codes: OperatorCodes): PlacedLine[] {
  const lines: PlacedLine[] = [];
  let depth = 0;
  let runs: Run[] = [];
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let textMatrix: Matrix = IDENTITY;
  let lineX = 0;
  let lineY = 0;
  let x = 0;
  let fontSize = 0;
  let leading = 0;
  const moveText = (dx: number, dy: number) => {
    lineX += dx;
    lineY += dy;
    x = lineX;
  };
  for (let index = 0; index < operators.fnArray.length; index++) {
    const code = operators.fnArray[index];
    const args = (operators.argsArray[index] ?? []) as unknown[];
    if (code === codes.beginAnnotation) {
      if (depth === 0) {
        runs = [];
        stack.length = 0;
        // The appearance's /Matrix first, then the transform that fits its box to the annotation's rectangle.
        ctm = multiply(toMatrix(args[3]), toMatrix(args[2]));
      }
      depth++;
      continue;
    }
    if (code === codes.endAnnotation) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) lines.push(...groupIntoLines(runs));
      continue;
    }
    if (depth === 0) continue;
    switch (code) {
      case codes.save:
        stack.push(ctm);
        break;
      case codes.restore:
        ctm = stack.pop() ?? ctm;
        break;
      case codes.transform:
        ctm = multiply(toMatrix(args), ctm);
        break;
      case codes.paintFormXObjectBegin:
        stack.push(ctm);
        if (args[0]) ctm = multiply(toMatrix(args[0]), ctm);
        break;
      case codes.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        break;
      case codes.beginText:
        textMatrix = IDENTITY;
        lineX = lineY = x = 0;
        break;
      case codes.setFont:
        fontSize = Number(args[1]) || 0;
        break;
      case codes.setLeading:
        leading = Number(args[0]) || 0;
        break;
      case codes.moveText:
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case codes.setLeadingMoveText:
        leading = -(Number(args[1]) || 0);
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case codes.setTextMatrix:
        textMatrix = toMatrix(args[0] ?? args);
        lineX = lineY = x = 0;
        break;
      case codes.nextLine:
        moveText(0, -leading);
        break;
      case codes.showText:
      case codes.showSpacedText:
      case codes.nextLineShowText:
      case codes.nextLineSetSpacingShowText: {
        if (code === codes.nextLineShowText || code === codes.nextLineSetSpacingShowText) moveText(0, -leading);
        const glyphs = code === codes.nextLineSetSpacingShowText ? args[2] : args[0];
        const shown = readGlyphs(glyphs, fontSize);
        if (shown.text.trim() !== "") {
          const toPage = multiply(textMatrix, ctm);
          const [pageX, pageY] = apply(toPage, x, lineY);
          const scale = Math.hypot(toPage[0], toPage[1]) || 1;
          const verticalScale = Math.hypot(toPage[2], toPage[3]) || 1;
          runs.push({ text: shown.text, x: pageX, y: pageY, width: shown.advance * scale, height: fontSize * verticalScale });
        }
        x += shown.advance;
        break;
      }
      default:
        break;
    }
  }
  return lines;
}

/** The glyphs' text and their advance in text space; numbers are TJ adjustments. */
function readGlyphs(glyphs: unknown, fontSize: number): { text: string; advance: number } {
  if (!Array.isArray(glyphs)) return { text: "", advance: 0 };
  let text = "";
  let advance = 0;
  for (const glyph of glyphs) {
    if (typeof glyph === "number") {
      if (glyph <= SPACE_ADJUSTMENT && !text.endsWith(" ")) text += " ";
      advance -= (glyph / 1000) * fontSize;
      continue;
    }
    if (glyph === null || typeof glyph !== "object") continue;
    const { unicode, width } = glyph as { unicode?: unknown; width?: unknown };
    if (typeof unicode === "string") text += unicode;
    if (typeof width === "number") advance += (width / 1000) * fontSize;
  }
  return { text, advance };
}

/** Runs of one annotation on one baseline make a line, left to right; lines top to bottom. */
function groupIntoLines(runs: readonly Run[]): PlacedLine[] {
  const lines: Array<{ y: number; height: number; runs: Run[] }> = [];
  for (const run of [...runs].sort((first, second) => second.y - first.y)) {
    const line = lines.find((candidate) => Math.abs(candidate.y - run.y) <= 0.5 * Math.max(Math.min(candidate.height, run.height), 1));
    if (line) line.runs.push(run);
    else lines.push({ y: run.y, height: run.height, runs: [run] });
  }
  return lines.map((line) => {
    const sorted = line.runs.sort((first, second) => first.x - second.x);
    let text = "";
    let end = -Infinity;
    for (const run of sorted) {
      const gap = run.x - end;
      text += text === "" || gap < 0.15 * line.height ? run.text : ` ${run.text}`;
      end = run.x + run.width;
    }
    const first = sorted[0]!;
    const right = Math.max(...sorted.map((run) => run.x + run.width));
    return { text: text.replace(/\s+/gu, " ").trim(), x: first.x, y: line.y, width: right - first.x, height: line.height };
  });
}

function toMatrix(value: unknown): Matrix {
  const source = value as ArrayLike<unknown> | Record<string, unknown> | undefined;
  if (!source) return IDENTITY;
  const at = (index: number) => Number((source as Record<number, unknown>)[index]);
  const matrix = [0, 1, 2, 3, 4, 5].map(at) as Matrix;
  return matrix.every(Number.isFinite) ? matrix : IDENTITY;
}

/** first × second, PDF convention (row vectors): apply `first`, then `second`. */
function multiply(first: Matrix, second: Matrix): Matrix {
  const [a, b, c, d, e, f] = first;
  const [A, B, C, D, E, F] = second;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

function apply(matrix: Matrix, x: number, y: number): [number, number] {
  return [matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]];
}
