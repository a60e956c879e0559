// Plain JavaScript (types in server-heap.d.ts): the launcher (server/start.js) runs without a
// TypeScript loader, so that the process that waits beside the server for its whole life stays small.

/**
 * How `npm start` runs the server: always as a child of the launcher, and,
 * with the OpenSearch backend, under a V8 heap limit (DESIGN.md, "npm start
 * under 300 MB with OpenSearch"). Pure functions: the launcher and the server
 * (server/main.ts) pass in what they read.
 *
 * Why a limit: with OpenSearch the server keeps only a catalogue of the
 * archive (about 15 MB of heap at 100k chunks), but V8 lets garbage grow the
 * heap toward twice the live size before a full collection; exports of the
 * whole task table make garbage fast, and without a limit the server peaked
 * at 484-597 MB. The in-process engine holds its BM25 index and vectors in the
 * heap and is never limited.
 */

/** The limit up to BASE_CHUNKS chunks: measured at 100k chunks under the mixed load (bench/serving-memory.ts). */
export const BASE_HEAP_MEGABYTES = 128;
export const BASE_CHUNKS = 100_000;
/**
 * Heap added per 100k chunks above BASE_CHUNKS: what the server's heap holds
 * per 100k chunks after a full collection (the catalogue: document summaries,
 * chunk and task columns and views), twice, for the room V8 takes above the live size.
 */
export const HEAP_MEGABYTES_PER_100K_CHUNKS = 64;
/** The server asks the launcher, by this exit code, to start it again with a larger heap (a new generation outgrew it). */
export const RESTART_WITH_MORE_HEAP_EXIT_CODE = 75;

/** The heap limit (MB) for serving an archive of `chunks` chunks. */
export function serverHeapMegabytes(chunks) {
  const beyond = Math.max(0, chunks - BASE_CHUNKS);
  return BASE_HEAP_MEGABYTES + Math.ceil((beyond / 100_000) * HEAP_MEGABYTES_PER_100K_CHUNKS);
}

const HEAP_FLAG = /^--max[-_]old[-_]space[-_]size(?:=(\d+))?$/u;

/** The old-space limit (MB) a list of node arguments sets, the last one winning; undefined when none does. */
export function heapLimitOf(argumentsList) {
  let limit;
  for (let i = 0; i < argumentsList.length; i++) {
    const match = HEAP_FLAG.exec(argumentsList[i]);
    if (!match) continue;
    const value = match[1] ?? argumentsList[++i];
    if (value !== undefined && /^\d+$/u.test(value)) limit = Number(value);
  }
  return limit;
}

/** NODE_OPTIONS split as node splits it (on white space; heap flags hold no quoted values). */
export function splitNodeOptions(nodeOptions) {
  return (nodeOptions ?? "").split(/\s+/u).filter(Boolean);
}

/** The arguments without any heap limit flag (and its value when given apart). */
export function withoutHeapLimit(argumentsList) {
  const kept = [];
  for (let i = 0; i < argumentsList.length; i++) {
    const match = HEAP_FLAG.exec(argumentsList[i]);
    if (!match) kept.push(argumentsList[i]);
    else if (match[1] === undefined) i++;
  }
  return kept;
}

/**
 * The server's heap limit: none with the in-process engine; with OpenSearch,
 * none added when a limit was typed by hand (NODE_OPTIONS, which the server
 * inherits, kept as it is) or
 * SERVER_HEAP_MB=0, SERVER_HEAP_MB when set, or else chosen from the live
 * generation's chunks. Values it cannot read route to no limit: the server
 * validates the whole configuration and says what is wrong.
 */
export function planServerLaunch(options) {
  if (options.backend !== "opensearch") return { reason: "the in-process engine holds its indexes in the heap: no limit" };
  const byHand = heapLimitOf(splitNodeOptions(options.nodeOptions));
  if (byHand !== undefined) return { reason: `a heap limit was given by hand (--max-old-space-size=${byHand})` };
  const configured = options.configuredHeapMegabytes?.trim();
  if (configured) {
    if (!/^\d+$/u.test(configured)) return { reason: "SERVER_HEAP_MB is not a whole number" };
    if (Number(configured) === 0) return { reason: "SERVER_HEAP_MB=0: no limit" };
    return { heapMegabytes: Number(configured), automatic: false, reason: `SERVER_HEAP_MB=${configured}` };
  }
  const chunks = options.liveChunks ?? 0;
  return { heapMegabytes: serverHeapMegabytes(chunks), automatic: true, reason: `chosen for ${chunks} chunks` };
}

/**
 * The larger limit a server started with an automatic one must be started
 * again with before it opens a generation of `chunks` chunks; undefined when
 * its limit is enough, or not the launcher's to change.
 */
export function heapToRestartWith(options) {
  if (!options.automatic || options.heapMegabytes === undefined) return undefined;
  const needed = serverHeapMegabytes(options.chunks);
  return needed > options.heapMegabytes ? needed : undefined;
}
