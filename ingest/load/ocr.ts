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

/** Recognizes the text of one page image (PNG or JPEG bytes). */
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
    throw new VanbanError("file_no_text_layer", `The PDF has no text layer and OCR could not start (${describeError(error)}).`, { cause: error });
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
