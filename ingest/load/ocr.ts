import { mkdtemp, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Config } from "../../core/config.js";
import { VanbanError, describeError } from "../../core/errors.js";

/**
 * OCR for pages without a text layer (scanned PDFs), with tesseract.js
 * (Tesseract compiled to WebAssembly) and its language data from the npm
 * registry (@tesseract.js-data/<lang>), so it runs offline with nothing but
 * `npm install`. Plain data, so it travels to the ingest's worker threads.
 */
export type OcrSettings = {
  /** Tesseract language code(s), "+"-joined: "vie", "vie+eng". */
  lang: string;
  /** A PDF with more pages to recognize than this gets its first pages only, and a warning. */
  maxPages: number;
  /** Width in pixels pages are rendered at before recognition (about 150-200 dpi for A4). */
  pageWidth: number;
  /** Longest one page may take to render and recognize; the engine is stopped after it. Default 120 s. */
  pageTimeoutMs?: number;
};

export const DEFAULT_OCR: OcrSettings = { lang: "vie", maxPages: 100, pageWidth: 1600 };

/**
 * The OCR settings of a configuration, or undefined when OCR is off. `auto`
 * turns it off (with the reason) when the language data is missing; `on`
 * throws the config_invalid error instead.
 */
export function ocrSettingsFromConfig(config: Pick<Config, "OCR" | "OCR_LANG" | "OCR_MAX_PAGES">): { settings?: OcrSettings; note?: string } {
  if (config.OCR === "off") return {};
  try {
    languageDataPaths(config.OCR_LANG);
  } catch (error) {
    if (config.OCR === "on") throw error;
    return { note: `OCR is off: ${describeError(error)}` };
  }
  return { settings: { ...DEFAULT_OCR, lang: config.OCR_LANG, maxPages: config.OCR_MAX_PAGES } };
}

/** Recognizes the text of one page image (PNG, JPEG, BMP or PNM bytes). */
export type OcrEngine = {
  recognize(image: Uint8Array): Promise<{ text: string; confidence: number }>;
  close(): Promise<void>;
};

const require = createRequire(import.meta.url);

/** Where the traineddata of each language lies: the directory of its @tesseract.js-data package. */
export function languageDataPaths(lang: string): Map<string, string> {
  const paths = new Map<string, string>();
  for (const code of lang.split("+").map((part) => part.trim()).filter(Boolean)) {
    if (!/^[a-z_]{3,12}$/u.test(code)) throw new VanbanError("config_invalid", `OCR_LANG: "${code}" is not a Tesseract language code (e.g. vie, eng).`);
    let data: { langPath?: unknown };
    try {
      data = require(`@tesseract.js-data/${code}`) as { langPath?: unknown };
    } catch {
      throw new VanbanError("config_invalid", `OCR language data for "${code}" is not installed: npm install @tesseract.js-data/${code}`);
    }
    if (typeof data.langPath !== "string") throw new VanbanError("config_invalid", `@tesseract.js-data/${code} does not say where its data is.`);
    paths.set(code, data.langPath);
  }
  if (paths.size === 0) throw new VanbanError("config_invalid", "OCR_LANG names no language.");
  return paths;
}

/**
 * A Tesseract worker for the settings' languages. It is a thread of its own
 * and holds the language model (tens of MB): create one per file that needs
 * it and close it after.
 */
export async function createTesseractEngine(settings: Pick<OcrSettings, "lang">): Promise<OcrEngine> {
  const paths = languageDataPaths(settings.lang);
  const directories = new Set(paths.values());
  // tesseract.js reads every language from one directory; each @tesseract.js-data package has its own,
  // so several languages are linked into a temporary one.
  let langPath = [...directories][0]!;
  let linked: string | undefined;
  if (directories.size > 1) {
    linked = await mkdtemp(path.join(os.tmpdir(), "vanban-ocr-"));
    langPath = linked;
  }
  const cleanUp = async () => {
    if (linked) await rm(linked, { recursive: true, force: true }).catch(() => undefined);
  };
  let worker: Awaited<ReturnType<typeof import("tesseract.js").createWorker>>;
  try {
    for (const [code, directory] of linked ? paths : []) await symlink(path.join(directory, `${code}.traineddata.gz`), path.join(linked!, `${code}.traineddata.gz`));
    const { createWorker, OEM } = await import("tesseract.js");
    worker = await createWorker([...paths.keys()], OEM.LSTM_ONLY, {
      langPath,
      cacheMethod: "none",
      gzip: true,
      logger: () => undefined,
      errorHandler: () => undefined,
    });
  } catch (error) {
    await cleanUp();
    throw new VanbanError("file_no_text_layer", `OCR could not start (${describeError(error)}).`, { cause: error });
  }
  return {
    async recognize(image) {
      const result = await worker.recognize(Buffer.from(image));
      return { text: result.data.text ?? "", confidence: result.data.confidence ?? 0 };
    },
    async close() {
      await worker.terminate().catch(() => undefined);
      await cleanUp();
    },
  };
}

/** Pages read by recognizePages, the mean confidence, pages left out over the limit, and what stopped it early. */
export type RecognizedPages = { pages: Array<{ number: number; text: string }>; confidence: number; skipped: number[]; failure?: string };

/** Longest a page may take to render and recognize by default (a dense A4 page takes a few seconds). */
export const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

/**
 * Renders and recognizes pages one at a time (bounded memory), at most
 * `settings.maxPages` of them, each within the page time limit. Shared by
 * scanned PDFs and image files so both obey the same settings. The engine
 * lives for this call only. What was read before a failure is kept; the
 * failure is returned, not thrown.
 */
export async function recognizePages(options: {
  pageNumbers: readonly number[];
  /** The page's image (PNG, JPEG, BMP, PNM), or undefined when it has none. */
  renderPage: (number: number) => Promise<Uint8Array | undefined>;
  settings: OcrSettings;
  createEngine: (settings: OcrSettings) => Promise<OcrEngine>;
}): Promise<RecognizedPages> {
  const { pageNumbers, renderPage, settings } = options;
  const chosen = pageNumbers.slice(0, settings.maxPages);
  const skipped = pageNumbers.slice(settings.maxPages);
  if (chosen.length === 0) return { pages: [], confidence: 0, skipped };
  const engine = await options.createEngine(settings);
  const pages: Array<{ number: number; text: string }> = [];
  let weighted = 0;
  let letters = 0;
  let failure: string | undefined;
  const timeoutMs = settings.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS;
  try {
    for (const number of chosen) {
      try {
        const result = await withTimeout(
          (async () => {
            const image = await renderPage(number);
            return image && image.length > 0 ? engine.recognize(image) : undefined;
          })(),
          timeoutMs,
          `page ${number} took longer than ${Math.round(timeoutMs / 1000)} s`,
        );
        if (!result) continue;
        const count = countLetters(result.text);
        weighted += result.confidence * count;
        letters += count;
        pages.push({ number, text: result.text });
      } catch (error) {
        // A stuck or failing engine stops here; closing it (below) ends its thread.
        failure = `page ${number}: ${describeError(error)}`;
        break;
      }
    }
  } finally {
    await engine.close();
  }
  return { pages, confidence: letters ? weighted / letters : 0, skipped, ...(failure ? { failure } : {}) };
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  // The work may still fail after the timeout won; that late failure is nobody's to handle.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function countLetters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

/** "1-5, 8" for [1, 2, 3, 4, 5, 8]. */
export function formatPages(pages: readonly number[]): string {
  const parts: string[] = [];
  for (let index = 0; index < pages.length; index++) {
    const first = pages[index]!;
    let last = first;
    while (pages[index + 1] === last + 1) last = pages[++index]!;
    parts.push(last > first + 1 ? `${first}-${last}` : last === first + 1 ? `${first}, ${last}` : String(first));
  }
  return parts.join(", ");
}
