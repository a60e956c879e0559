import { Parser } from "htmlparser2";
import { formatListNumber } from "./format-list-number.js";

/**
 * Word computes list numbers ("1.", "III.", "a)") at display time from word/numbering.xml;
 * they are not in the text. mammoth only says "ordered or not", and restarts every HTML
 * list at 1, so "3." after an interrupting paragraph would come out as "1.". Directives
 * hang their sections and tasks on these numbers, so we recompute them here, mirroring
 * how mammoth assigns numbering to paragraphs, and the DOCX loader writes them into the text.
 */
export type ListLabel = {
  /** Whether mammoth treats the paragraph as an ordered list item. */
  isOrdered: boolean;
  /** "3.", "a)", "III." for ordered items; "-" for bullets. */
  label: string;
};

type LevelDefinition = { format: string; text: string; start: number; paragraphStyleId?: string };
type AbstractNumbering = { levels: Map<string, LevelDefinition>; styleLink?: string };
type NumberingInstance = { abstractNumId: string; startOverrides: Map<string, number> };

export type NumberingDefinitions = {
  abstractNums: Map<string, AbstractNumbering>;
  nums: Map<string, NumberingInstance>;
  /** Numbering styles (styles.xml) by style id -> the numId they apply; `w:numStyleLink` points here. */
  numberingStyles: Map<string, string>;
};

/**
 * Parse word/numbering.xml (list definitions) and the numbering styles of word/styles.xml.
 * Empty XML gives no definitions.
 */
export function readNumberingDefinitions(numberingXml: string, stylesXml = ""): NumberingDefinitions {
  const abstractNums = new Map<string, AbstractNumbering>();
  const nums = new Map<string, NumberingInstance>();
  const stack: string[] = [];
  let abstractNum: AbstractNumbering | undefined;
  let level: LevelDefinition | undefined;
  let num: NumberingInstance | undefined;
  let overrideLevel: string | undefined;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const parent = stack.at(-1);
        const value = attributes["w:val"];
        if (name === "w:abstractNum") {
          abstractNum = { levels: new Map() };
          abstractNums.set(attributes["w:abstractNumId"] ?? "", abstractNum);
        } else if (name === "w:lvl" && parent === "w:abstractNum" && abstractNum) {
          // Like mammoth: a level without an index is level 0 (seen in malformed documents).
          level = { format: "decimal", text: "", start: 1 };
          const index = attributes["w:ilvl"] ?? "0";
          if (!abstractNum.levels.has(index) || attributes["w:ilvl"] !== undefined) abstractNum.levels.set(index, level);
        } else if (parent === "w:lvl" && level && stack.at(-2) === "w:abstractNum") {
          if (name === "w:numFmt") level.format = value ?? "decimal";
          if (name === "w:lvlText") level.text = value ?? "";
          if (name === "w:start") level.start = Number.parseInt(value ?? "1", 10) || 0;
          if (name === "w:pStyle" && value !== undefined) level.paragraphStyleId = value;
        } else if (name === "w:numStyleLink" && parent === "w:abstractNum" && abstractNum && value !== undefined) {
          abstractNum.styleLink = value;
        } else if (name === "w:num") {
          num = { abstractNumId: "", startOverrides: new Map() };
          nums.set(attributes["w:numId"] ?? "", num);
        } else if (name === "w:abstractNumId" && parent === "w:num" && num) {
          num.abstractNumId = value ?? "";
        } else if (name === "w:lvlOverride" && num) {
          overrideLevel = attributes["w:ilvl"] ?? "0";
        } else if (name === "w:startOverride" && num && overrideLevel !== undefined && value !== undefined) {
          num.startOverrides.set(overrideLevel, Number.parseInt(value, 10) || 0);
        }
        stack.push(name);
      },
      onclosetag(name) {
        stack.pop();
        if (name === "w:lvl") level = undefined;
        if (name === "w:abstractNum") abstractNum = undefined;
        if (name === "w:num") num = undefined;
        if (name === "w:lvlOverride") overrideLevel = undefined;
      },
    },
    { xmlMode: true },
  );
  parser.end(numberingXml);
  return { abstractNums, nums, numberingStyles: readNumberingStyles(stylesXml) };
}

function readNumberingStyles(stylesXml: string): Map<string, string> {
  const numberingStyles = new Map<string, string>();
  let styleId: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "w:style") styleId = attributes["w:type"] === "numbering" ? attributes["w:styleId"] : undefined;
        // Like mammoth, the first definition of a style id wins.
        if (name === "w:numId" && styleId !== undefined && attributes["w:val"] !== undefined && !numberingStyles.has(styleId)) {
          numberingStyles.set(styleId, attributes["w:val"]);
        }
      },
      onclosetag(name) {
        if (name === "w:style") styleId = undefined;
      },
    },
    { xmlMode: true },
  );
  parser.end(stylesXml);
  return numberingStyles;
}

type ParagraphNumbering = { styleId?: string; numId?: string; ilvl?: string };

/**
 * The numbering properties of every body paragraph of word/document.xml, in document
 * order. Skips `mc:Choice` content because mammoth reads only `mc:Fallback`.
 */
export function readParagraphNumbering(documentXml: string): ParagraphNumbering[] {
  const paragraphs: ParagraphNumbering[] = [];
  const stack: string[] = [];
  const open: ParagraphNumbering[] = [];
  let skipDepth = 0;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        stack.push(name);
        if (skipDepth > 0 || name === "mc:Choice") {
          skipDepth += 1;
          return;
        }
        if (name === "w:p") {
          const paragraph: ParagraphNumbering = {};
          paragraphs.push(paragraph);
          open.push(paragraph);
          return;
        }
        const current = open.at(-1);
        if (!current) return;
        // Only the paragraph's own properties: w:p > w:pPr > ..., never w:pPrChange (an old, tracked version).
        const path = stack.slice(stack.lastIndexOf("w:p"));
        const value = attributes["w:val"];
        if (path.length === 3 && path[1] === "w:pPr" && name === "w:pStyle") current.styleId = value;
        if (path.length === 4 && path[1] === "w:pPr" && path[2] === "w:numPr") {
          if (name === "w:numId") current.numId = value;
          if (name === "w:ilvl") current.ilvl = value;
        }
      },
      onclosetag(name) {
        stack.pop();
        if (skipDepth > 0) {
          skipDepth -= 1;
          return;
        }
        if (name === "w:p") open.pop();
      },
    },
    { xmlMode: true },
  );
  parser.end(documentXml);
  return paragraphs;
}

/**
 * Labels for the numbered paragraphs of a document, in document order. Counters are kept
 * per abstract list, as Word does (two `w:num` sharing one definition continue each other
 * unless one restarts with `w:startOverride`); a level restarts after a higher level.
 */
export function computeListLabels(paragraphs: readonly ParagraphNumbering[], definitions: NumberingDefinitions): ListLabel[] {
  const levelsByStyle = new Map<string, { abstractNumId: string; level: string }>();
  for (const [abstractNumId, abstractNum] of definitions.abstractNums) {
    for (const [level, definition] of abstractNum.levels) {
      if (definition.paragraphStyleId !== undefined) levelsByStyle.set(definition.paragraphStyleId, { abstractNumId, level });
    }
  }
  const counters = new Map<string, Map<number, number>>();
  const restartedNums = new Set<string>();
  const labels: ListLabel[] = [];

  for (const paragraph of paragraphs) {
    const found = resolveLevel(paragraph, definitions, levelsByStyle);
    if (!found) continue;
    const { abstractNumId, abstractNum, level, numId } = found;
    const definition = abstractNum.levels.get(String(level));
    if (!definition) continue;
    if (definition.format === "bullet") {
      labels.push({ isOrdered: false, label: "-" });
      continue;
    }

    const levelCounters = counters.get(abstractNumId) ?? new Map<number, number>();
    counters.set(abstractNumId, levelCounters);
    const override = numId === undefined ? undefined : definitions.nums.get(numId)?.startOverrides.get(String(level));
    if (override !== undefined && numId !== undefined && !restartedNums.has(`${numId}:${level}`)) {
      restartedNums.add(`${numId}:${level}`);
      levelCounters.set(level, override);
    } else {
      const previous = levelCounters.get(level);
      levelCounters.set(level, previous === undefined ? definition.start : previous + 1);
    }
    for (const deeper of [...levelCounters.keys()]) if (deeper > level) levelCounters.delete(deeper);

    const label = definition.text.replace(/%(\d)/g, (_match, digit: string) => {
      const referenced = Number(digit) - 1;
      const referencedDefinition = abstractNum.levels.get(String(referenced));
      const value = levelCounters.get(referenced) ?? referencedDefinition?.start ?? 1;
      return formatListNumber(value, referencedDefinition?.format ?? "decimal");
    });
    labels.push({ isOrdered: true, label: label.trim() });
  }
  return labels;
}

type ResolvedLevel = { abstractNumId: string; abstractNum: AbstractNumbering; level: number; numId?: string };

/** The same precedence as mammoth's readNumberingProperties, so both agree on which paragraphs are list items. */
function resolveLevel(
  paragraph: ParagraphNumbering,
  definitions: NumberingDefinitions,
  levelsByStyle: ReadonlyMap<string, { abstractNumId: string; level: string }>,
): ResolvedLevel | undefined {
  const { numId, ilvl, styleId } = paragraph;
  if (numId !== undefined && ilvl !== undefined) return byNum(numId, ilvl, definitions);
  if (styleId !== undefined) {
    const byStyle = levelsByStyle.get(styleId);
    const abstractNum = byStyle && definitions.abstractNums.get(byStyle.abstractNumId);
    if (byStyle && abstractNum) return { abstractNumId: byStyle.abstractNumId, abstractNum, level: Number(byStyle.level) };
  }
  if (numId !== undefined) return byNum(numId, "0", definitions);
  return undefined;
}

function byNum(
  numId: string,
  ilvl: string,
  definitions: NumberingDefinitions,
  seenNumIds: ReadonlySet<string> = new Set(),
): ResolvedLevel | undefined {
  if (seenNumIds.has(numId)) return undefined;
  const num = definitions.nums.get(numId);
  const abstractNum = num && definitions.abstractNums.get(num.abstractNumId);
  if (!num || !abstractNum) return undefined;
  // A list that uses a list style takes its levels from the numbering the style applies.
  if (abstractNum.styleLink !== undefined) {
    const linkedNumId = definitions.numberingStyles.get(abstractNum.styleLink);
    if (linkedNumId === undefined) return undefined;
    const linked = byNum(linkedNumId, ilvl, definitions, new Set([...seenNumIds, numId]));
    // The paragraph's own numId keeps its start overrides.
    return linked && { ...linked, numId };
  }
  if (!abstractNum.levels.has(ilvl)) return undefined;
  return { abstractNumId: num.abstractNumId, abstractNum, level: Number(ilvl), numId };
}

/** The slice of mammoth's document model we touch (its typings leave it `any`). */
export type MammothElement = {
  type: string;
  children?: MammothElement[];
  numbering?: { isOrdered: boolean } | null;
  value?: string;
};

/**
 * Write list labels into mammoth's document and drop its list markup, so the HTML holds
 * "III. Nhiệm vụ ..." as a paragraph. Labels are matched to mammoth's numbered paragraphs
 * by order; when the two disagree (a construct we do not mirror), nothing is changed and
 * false is returned, leaving mammoth's own lists.
 */
export function applyListLabels(document: MammothElement, labels: readonly ListLabel[]): boolean {
  const numbered: MammothElement[] = [];
  collectNumberedParagraphs(document.children ?? [], numbered);
  if (numbered.length === 0) return true;
  const agrees =
    numbered.length === labels.length &&
    numbered.every((paragraph, index) => paragraph.numbering?.isOrdered === labels[index]?.isOrdered);
  if (!agrees) return false;
  numbered.forEach((paragraph, index) => {
    const label = labels[index]?.label ?? "";
    paragraph.numbering = null;
    if (label !== "") paragraph.children = [textRun(`${label} `), ...(paragraph.children ?? [])];
  });
  return true;
}

function collectNumberedParagraphs(elements: readonly MammothElement[], found: MammothElement[]): void {
  for (const element of elements) {
    if (element.type === "paragraph" && element.numbering) found.push(element);
    if (element.children) collectNumberedParagraphs(element.children, found);
  }
}

/** A plain run, shaped like mammoth's documents.Run. */
function textRun(value: string): MammothElement {
  const run = {
    type: "run",
    children: [{ type: "text", value }],
    styleId: null,
    styleName: null,
    isBold: false,
    isUnderline: false,
    isItalic: false,
    isStrikethrough: false,
    isAllCaps: false,
    isSmallCaps: false,
    verticalAlignment: "baseline",
    font: null,
    fontSize: null,
    highlight: null,
  };
  return run;
}
