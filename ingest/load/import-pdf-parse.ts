/**
 * Loads pdf-parse on first use and undoes the global damage its pdfjs build
 * does on Node 20.
 *
 * pdf-parse runs pdfjs-dist's "legacy" build, which bundles core-js polyfills
 * that *replace* some correct native built-ins when the engine misses an
 * obscure edge case: on Node 20 (V8 11) `Array.prototype.push` and
 * `JSON.parse` become JavaScript functions. Every `push` in the whole process
 * (the ingest's and the server's hot loops) then runs several times slower.
 * We keep what the build *adds* (Promise.withResolvers, Iterator helpers,
 * which pdfjs needs) and put back every native it replaced on these
 * intrinsics; the natives' behaviour differs only for arrays whose length was
 * made read-only and JSON revivers reading source text, which nothing here uses.
 */
type PdfParseModule = typeof import("pdf-parse");
/** pdf.js itself (the same legacy build pdf-parse loads), for what pdf-parse does not expose: positioned text, annotations, operator lists. */
export type PdfjsModule = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let loading: Promise<PdfParseModule> | undefined;
let loadingPdfjs: Promise<PdfjsModule> | undefined;

/** Intrinsics whose methods sit on hot paths; their natives are restored after the import. */
function guardedIntrinsics(): object[] {
  return [Array.prototype, Array, JSON, Object, String.prototype, Map.prototype, Set.prototype, Promise.prototype, Math, Number, RegExp.prototype];
}

type Snapshot = Array<{ target: object; key: PropertyKey; descriptor: PropertyDescriptor }>;

function snapshotIntrinsics(): Snapshot {
  const snapshot: Snapshot = [];
  for (const target of guardedIntrinsics()) {
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) snapshot.push({ target, key, descriptor });
    }
  }
  return snapshot;
}

/** Puts back every property whose value or accessor changed; returns the names restored. */
export function restoreIntrinsics(snapshot: Snapshot): string[] {
  const restored: string[] = [];
  for (const { target, key, descriptor } of snapshot) {
    const now = Object.getOwnPropertyDescriptor(target, key);
    const same = now !== undefined && Object.is(now.value, descriptor.value) && now.get === descriptor.get && now.set === descriptor.set;
    if (same || !descriptor.configurable) continue;
    Object.defineProperty(target, key, descriptor);
    restored.push(String(key));
  }
  return restored;
}

/** The pdf-parse module, imported once, with the process's native built-ins intact. */
export function importPdfParse(): Promise<PdfParseModule> {
  loading ??= importRestoringIntrinsics(() => import("pdf-parse"));
  return loading;
}

/** pdf.js's legacy build, imported once, with the process's native built-ins intact. */
export function importPdfjs(): Promise<PdfjsModule> {
  loadingPdfjs ??= importRestoringIntrinsics(() => import("pdfjs-dist/legacy/build/pdf.mjs"));
  return loadingPdfjs;
}

async function importRestoringIntrinsics<T>(load: () => Promise<T>): Promise<T> {
  const snapshot = snapshotIntrinsics();
  try {
    return await load();
  } finally {
    restoreIntrinsics(snapshot);
  }
}
