/**
 * Core types shared by ingest/ and server/. Everything downstream (search
 * results, citations, tasks) points back into a document's clean text by
 * character offsets, so the viewer can highlight exactly what was used.
 */

/** Source formats the loaders understand. */
/** What a document was loaded from; "image" is a scanned page saved as JPG, PNG or TIFF (read by OCR). */
export const SOURCE_FORMATS = ["pdf", "docx", "doc", "text", "html", "image"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/**
 * Text typed in a pre-Unicode Vietnamese encoding (TCVN3/ABC fonts .VnTime…, VNI fonts
 * VNI-Times…) and converted to Unicode by the loader.
 */
export type LegacyEncodingInfo = {
  encodings: Array<"tcvn3" | "vni">;
  /** "file": the whole text was in the encoding; "runs": the Word runs set in legacy fonts. */
  scope: "file" | "runs";
  /** How it was recognized: the file's bytes, a UTF-8 text holding their cp1252 reading, or the runs' fonts. */
  source: "bytes" | "mojibake" | "fonts";
  /** Words changed (file scope) or runs converted (runs scope). */
  words?: number;
  runs?: number;
  /** Legacy fonts the runs were set in (runs scope). */
  fonts?: string[];
};

/** Header fields parsed from a document (all optional: real documents leave blanks). */
export type DocumentMeta = {
  /** Upper-case document type as printed: "THÔNG BÁO", "KẾ HOẠCH", "QUYẾT ĐỊNH", "LUẬT" … */
  type?: string;
  /** Document number ("số hiệu"), e.g. "171/KH-UBND"; "" when printed blank ("Số: /TB-UBND"). */
  number?: string;
  /** Title / summary line ("trích yếu"). */
  title?: string;
  /** Issuing body ("cơ quan ban hành"), e.g. "UBND tỉnh Bắc Giang". */
  issuer?: string;
  /** Province name without the "tỉnh"/"thành phố" prefix, e.g. "Bắc Giang". */
  province?: string;
  /** Place on the date line, e.g. "Bắc Giang". */
  place?: string;
  /** Issue date, ISO YYYY-MM-DD (or YYYY-MM when the day is blank). */
  date?: string;
  /** Year of issue (from the date line, or the meeting date / title when the date is blank). */
  year?: number;
  /** Meeting date named in the body ("Ngày 19/02/2024, đồng chí … chủ trì"), ISO. */
  meetingDate?: string;
  /** Signer's name. */
  signer?: string;
};

/** A node of the section tree; offsets are into the clean text, end exclusive. */
export type Section = {
  /** Heading path from the root, e.g. ["II. NHIỆM VỤ", "2. Tập trung cao cho sắp xếp …"]. */
  path: string[];
  /** Heading of this node (last element of path). */
  heading: string;
  /** Depth in the tree, 1 = top level. */
  level: number;
  /** Offset of the heading's first character. */
  start: number;
  /** Offset just past the section's last character (including its sub-sections). */
  end: number;
};

/**
 * A footnote taken out of the running text; `at` is the offset in clean text
 * where its mark stood. `start`/`end`, when set, are where the note's text
 * sits in the notes section appended after the body (ingest/parse/notes-section.ts).
 */
export type Footnote = { mark: string; text: string; at: number; start?: number; end?: number };

/** A normalized reference to another document, e.g. "Quyết định số 16/2021/QĐ-UBND ngày 18/5/2021". */
export type DocumentReference = {
  /** As written in the text. */
  text: string;
  /** Document type as written in words ("Quyết định", "Kế hoạch", …), when present. */
  type?: string;
  /** Normalized number, upper case, no spaces: "16/2021/QĐ-UBND". */
  number: string;
  /** ISO date when the reference names one. */
  date?: string;
  start: number;
  end: number;
  /** docId of the referenced document when it is in the archive (filled at load time). */
  targetDocId?: string;
};

/** A deadline as written and normalized. Relative deadlines keep start/end undefined. */
export type Deadline = {
  text: string;
  /** ISO start of the window (inclusive), when known. */
  start?: string;
  /** ISO end of the window (inclusive), when known. */
  end?: string;
  /** True for "30 ngày kể từ ngày ký" and similar; `end` is set when the period counts from the document's date. */
  relative?: boolean;
  /** A continuous duty ("thường xuyên", "liên tục"): never due, never overdue. */
  ongoing?: boolean;
  /** A periodic one ("hằng tháng", "định kỳ"): text only. */
  recurring?: boolean;
  /**
   * Where a deadline the task's own sentence does not state comes from: its
   * section heading, the period of the plan it belongs to ("Kế hoạch … năm
   * 2024"), or its wording ("Tiếp tục …", "Tăng cường …": an ongoing duty).
   */
  resolvedFrom?: "heading" | "document" | "wording";
};

/** A task assigned by a document ("giao", "chủ trì", …). */
export type Task = {
  id: string;
  task: string;
  lead: string;
  partners: string[];
  deadline: Deadline | null;
  docId: string;
  source: string;
  /** Exact sentence of the clean text that states the task. */
  quote: string;
  start: number;
  end: number;
};

/** What OCR read in a document. */
export type OcrInfo = {
  /** Pages read by OCR (1-based); an image file is one page per frame. */
  pages: number[];
  /** Mean recognition confidence (0-100), weighted by letters. */
  confidence: number;
  /** Pages among `pages` whose text layer was there but judged untrustworthy (broken font encoding, a poor OCR layer). */
  untrustedTextPages?: number[];
};

/** A document as stored in the index. */
export type ArchiveDocument = {
  id: string;
  /** Path relative to the corpus root, forward slashes. */
  source: string;
  /** sha256 of the file's bytes. */
  hash: string;
  format: SourceFormat;
  meta: DocumentMeta;
  /**
   * Clean text: NFC, paragraphs unwrapped, page numbers taken out, footnotes
   * taken out of the running text and appended as a last "Chú thích" section.
   */
  text: string;
  /** Where the appended notes section starts (the body's length); absent when there is no note. */
  notesStart?: number;
  sections: Section[];
  footnotes: Footnote[];
  references: DocumentReference[];
  tasks: Task[];
  /** Number of pages for paged formats. */
  pages?: number;
  /** Pages read by OCR (scanned, no text layer, or a text layer not to be trusted) and the mean recognition confidence (0-100). */
  ocr?: OcrInfo;
  /** Set when the loader converted text typed in TCVN3 or VNI to Unicode. */
  legacyEncoding?: LegacyEncodingInfo;
  /** Scanned pages left unread (OCR off, failed, or over its page limit); re-read when the OCR settings change. */
  unreadPages?: number[];
  /** Non-fatal problems met while loading / cleaning. */
  warnings: string[];
};

/** A retrievable passage. */
export type Chunk = {
  id: string;
  docId: string;
  sectionPath: string[];
  /** Exactly `document.text.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  /** Texts of footnotes whose marks fall inside [start, end). */
  notes: string[];
};

/** A citation returned by /api/ask. */
export type Citation = {
  n: number;
  docId: string;
  source: string;
  title: string;
  section: string;
  text: string;
  quote: string;
  /** Offsets of the passage in the document's clean text. */
  start: number;
  end: number;
  /** Offsets of the quote in the document's clean text. */
  quoteStart: number;
  quoteEnd: number;
};

export type ChatTurn = { role: "user" | "assistant"; content: string };

export type SearchFilters = { province?: string; year?: number; type?: string; docId?: string };
