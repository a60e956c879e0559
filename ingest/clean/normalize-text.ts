import { normalizeUnicode } from "../../core/vietnamese.js";

/** Every character that one of the replacements in normalizeText needs to find. */
const HANDLED_CHARACTERS =
  /[\r\u2028\u2029\u0085\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ue000-\uf8ff\ufb00-\ufb04\u00d0\u00f0]/u;

/**
 * First cleaning step for every format: Unicode NFC (so NFD input from some
 * PDF producers and macOS tools matches), one line-ending convention, plain
 * spaces instead of the many Unicode spaces, and no control or private-use
 * characters; Đ/đ for the look-alike eth (Ð/ð) of legacy fonts. Tabs,
 * newlines and form feeds (page breaks) are kept: later steps read tables,
 * lines and pages from them. Tone placement is left as typed; indexing
 * canonicalizes it, quotes must keep the original.
 */
export function normalizeText(raw: string): string {
  const text = normalizeUnicode(raw);
  // Most texts have none of the characters below: one scan instead of one per replacement.
  if (!HANDLED_CHARACTERS.test(text)) return text;
  return (
    text
      .replace(/\r\n?|[\u2028\u2029\u0085]/gu, "\n")
      .replace(/\v/gu, "\n")
      // NBSP, en/em/thin/hair spaces, narrow NBSP, ideographic space …
      .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu, " ")
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/gu, "")
      // Word's Symbol-font bullets arrive as private-use characters at line start.
      .replace(/^([ \t]*)[\ue000-\uf8ff](?=[ \t])/gmu, "$1•")
      // Elsewhere a symbol-font glyph stands between words, never inside one.
      .replace(/[\ue000-\uf8ff]/gu, " ")
      .replace(/[\ufb00-\ufb04]/gu, expandLigature)
      // Legacy Vietnamese fonts (VNI, TCVN3) and some PDF producers give the Icelandic eth (U+00D0/U+00F0)
      // for Đ/đ: they look alike, but a search or a quote of "QĐ" would never match "QÐ".
      .replace(/\u00d0/gu, "Đ")
      .replace(/\u00f0/gu, "đ")
  );
}

const LIGATURES: Record<string, string> = { "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl" };

function expandLigature(ligature: string): string {
  return LIGATURES[ligature] ?? ligature;
}
