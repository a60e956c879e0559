export declare const BASE_HEAP_MEGABYTES: number;
export declare const BASE_CHUNKS: number;
export declare const HEAP_MEGABYTES_PER_100K_CHUNKS: number;
export declare const RESTART_WITH_MORE_HEAP_EXIT_CODE: number;
export declare function serverHeapMegabytes(chunks: number): number;
export declare function heapLimitOf(argumentsList: readonly string[]): number | undefined;
export declare function splitNodeOptions(nodeOptions: string | undefined): string[];
export declare function withoutHeapLimit(argumentsList: readonly string[]): string[];
export type ServerLaunch = {
  /** Undefined: no limit. */
  heapMegabytes?: number;
  /** Chosen from the archive's size (the launcher may raise it); false when SERVER_HEAP_MB set it. */
  automatic?: boolean;
  reason: string;
};
export declare function planServerLaunch(options: {
  backend: string | undefined;
  /** SERVER_HEAP_MB as written. */
  configuredHeapMegabytes?: string;
  /** NODE_OPTIONS, which the server inherits. */
  nodeOptions?: string;
  /** Chunks of the live generation, when there is one. */
  liveChunks?: number;
}): ServerLaunch;
export declare function heapToRestartWith(options: { chunks: number; heapMegabytes: number | undefined; automatic: boolean }): number | undefined;
