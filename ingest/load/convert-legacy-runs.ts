import { decodeLegacy, detectLegacyEncoding, legacyEncodingOfFont, type LegacyEncoding } from "../../core/legacy-encoding.js";
import type { LegacyEncodingInfo } from "../../core/types.js";

/** The slice of mammoth's document model this pass reads and writes (its typings leave it `any`). */
type MammothNode = { type: string; children?: MammothNode[]; font?: string | null; value?: string };

const SOFT_HYPHEN = "\u00ad";

/**
 * Convert the runs of a Word document (mammoth's tree) that are set in TCVN3 (.VnTime …) or VNI
 * (VNI-Times …) fonts: their characters are the legacy bytes read through cp1252. When the
 * document's font table names a legacy font, a paragraph whose runs name no font (they inherit
 * one from a style) is converted when its text reads as TCVN3/VNI and not as Unicode.
 * Returns what was converted, or undefined.
 */
export function convertLegacyRuns(document: MammothNode, options: { documentHasLegacyFonts: boolean }): LegacyEncodingInfo | undefined {
  const found = { runs: 0, fonts: new Set<string>(), encodings: new Set<LegacyEncoding>() };
  visitParagraphs(document, (paragraph) => {
    const runs: MammothNode[] = [];
    collect(paragraph, "run", runs);
    let converted = false;
    for (const run of runs) {
      const legacy = legacyEncodingOfFont(run.font);
      const texts: MammothNode[] = [];
      collect(run, "text", texts);
      for (const text of texts) {
        if (legacy) text.value = decodeLegacy(text.value ?? "", legacy.encoding, { capitals: legacy.capitals });
        // In a Unicode run a soft hyphen (written for w:softHyphen, see load-docx.ts) is only a hyphenation hint.
        else text.value = (text.value ?? "").replaceAll(SOFT_HYPHEN, "");
      }
      if (legacy && texts.some((text) => /[^\x00-\x7f]/u.test(text.value ?? ""))) {
        converted = true;
        found.runs += 1;
        found.fonts.add(run.font ?? "");
        found.encodings.add(legacy.encoding);
      }
    }
    if (converted || !options.documentHasLegacyFonts) return;
    const texts: MammothNode[] = [];
    collect(paragraph, "text", texts);
    const detected = detectLegacyEncoding(texts.map((text) => text.value ?? "").join(""));
    if (!detected) return;
    for (const text of texts) text.value = decodeLegacy(text.value ?? "", detected.encoding);
    found.runs += 1;
    found.encodings.add(detected.encoding);
  });
  if (found.runs === 0) return undefined;
  return { encodings: [...found.encodings], scope: "runs", source: "fonts", runs: found.runs, fonts: [...found.fonts].filter(Boolean) };
}

function visitParagraphs(node: MammothNode, visit: (paragraph: MammothNode) => void): void {
  if (node.type === "paragraph") {
    visit(node);
    return;
  }
  for (const child of node.children ?? []) visitParagraphs(child, visit);
}

function collect(node: MammothNode, type: string, found: MammothNode[]): void {
  for (const child of node.children ?? []) {
    if (child.type === type) found.push(child);
    else collect(child, type, found);
  }
}

/** Font names of word/fontTable.xml that announce a legacy encoding. */
export function legacyFontsOf(fontTableXml: string): string[] {
  return [...fontTableXml.matchAll(/<w:font\b[^>]*\bw:name="([^"]+)"/gu)].map((match) => match[1] ?? "").filter((name) => legacyEncodingOfFont(name) !== undefined);
}
