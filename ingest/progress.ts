/**
 * Ingest progress: a one-line bar (files, chunks, ETA) on a terminal, plain
 * lines otherwise (CI logs, pipes). The ingest talks only to this port.
 */
export interface ProgressReporter {
  start(totalFiles: number): void;
  file(event: { source: string; status: "indexed" | "reused" | "failed"; chunks: number; reason?: string }): void;
  message(text: string): void;
  finish(summary: IngestSummary): void;
}

export type IngestSummary = {
  files: number;
  indexed: number;
  reused: number;
  /** Files that could not be indexed; `limit` names the budget limit a file passed (time, memory, pages, inflated-size, text-size). */
  failed: Array<{ source: string; code: string; message: string; limit?: string }>;
  removed: number;
  documents: number;
  chunks: number;
  seconds: number;
  megabytes: number;
  changed: boolean;
  generation?: string;
  /** Corpus entries that are not files the ingest reads (symbolic link loops, FIFOs …), with the reason. */
  skipped?: Array<{ source: string; reason: string }>;
};

export function createProgressReporter(options: { stream: NodeJS.WriteStream | NodeJS.WritableStream; interactive: boolean; now?: () => number }): ProgressReporter {
  const now = options.now ?? (() => Date.now());
  const write = (text: string) => options.stream.write(text);
  let total = 0;
  let done = 0;
  let chunks = 0;
  let startedAt = now();
  const bar = () => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const elapsed = (now() - startedAt) / 1000;
    const eta = done && total > done ? ((elapsed / done) * (total - done)).toFixed(0) + "s" : "-";
    return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} files, ${chunks} chunks, ETA ${eta}   `;
  };
  return {
    start(totalFiles) {
      total = totalFiles;
      startedAt = now();
      if (!options.interactive) write(`ingest: ${totalFiles} file(s)\n`);
    },
    file(event) {
      done++;
      chunks += event.chunks;
      if (event.status === "failed") {
        write(`${options.interactive ? "\r\x1b[K" : ""}  skipped ${printable(event.source)}: ${printable(event.reason ?? "failed")}\n`);
      } else if (!options.interactive) {
        write(`  ${event.status} ${printable(event.source)} (${event.chunks} chunks)\n`);
      }
      if (options.interactive) write(bar());
    },
    message(text) {
      write(`${options.interactive ? "\r\x1b[K" : ""}${printable(text)}\n`);
    },
    finish(summary) {
      if (options.interactive) write("\r\x1b[K");
      const rate = summary.seconds > 0 ? (summary.megabytes / summary.seconds).toFixed(2) : "-";
      write(
        `ingest: ${summary.documents} documents, ${summary.chunks} chunks; ${summary.indexed} processed, ${summary.reused} unchanged, ` +
          `${summary.removed} removed, ${summary.failed.length} failed; ${summary.seconds.toFixed(1)} s (${rate} MB/s)` +
          `${summary.changed ? "" : "; index already up to date"}\n`,
      );
      for (const failure of summary.failed) write(`  failed: ${describeFailure(failure)}\n`);
      for (const entry of summary.skipped ?? []) write(`  skipped: ${printable(entry.source)}: ${printable(entry.reason)}\n`);
    },
  };
}

/** "x.pdf: [file_over_budget, limit pages] The PDF declares …", printable on a terminal. */
export function describeFailure(failure: IngestSummary["failed"][number]): string {
  return printable(`${failure.source}: [${failure.code}${failure.limit ? `, limit ${failure.limit}` : ""}] ${failure.message}`);
}

/**
 * Text as a terminal may show it: control characters (ESC of ANSI sequences,
 * carriage returns, bells, C1 controls) written as visible escapes, so a
 * file name cannot move the cursor, recolour or clear the screen.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A reporter that prints nothing (tests, the server's quiet start-up). */
export const silentProgress: ProgressReporter = { start() {}, file() {}, message() {}, finish() {} };
