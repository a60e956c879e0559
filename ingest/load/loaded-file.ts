import type { LegacyEncodingInfo, OcrInfo, SourceFormat } from "../../core/types.js";

/** What a loader hands to the cleaner: raw text plus what the format told us. */
export type LoadedFile = {
  /**
   * Raw text. PDF pages are joined with "\f"; footnotes known to the format (DOCX) are
   * written in Markdown form: inline `[^N]`, definitions `[^N]: text` at the end.
   */
  text: string;
  format: SourceFormat;
  /** Number of pages, for paged formats (PDF). */
  pages?: number;
  /** Pages read by OCR (1-based) and the mean recognition confidence (0-100), when any were. */
  ocr?: OcrInfo;
  /** Scanned pages, or pages whose text layer is untrustworthy (1-based), left unread: OCR off, failed, or over its page limit. */
  unreadPages?: number[];
  /** Set when text typed in TCVN3 or VNI was converted to Unicode. */
  legacyEncoding?: LegacyEncodingInfo;
  /** Non-fatal problems, phrased for a user ("3 invalid UTF-8 sequences were replaced"). */
  warnings: string[];
};
