import { createHash } from "node:crypto";
import { appendFile, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describeError } from "../core/errors.js";
import { loadSnapshot, readCurrentGeneration } from "../ingest/index/index-store.js";
import { checkSnapshot } from "./fault-trials.js";

/**
 * The concurrency probe of issue 10: rounds of parallel POST
 * /api/admin/reindex against a running server, each round after changing
 * one file. Every answer must be below 500; after every round CURRENT must
 * name a complete generation that holds the change. `npm run bench` runs it
 * against the real server (12 rounds of 4); tests/faults runs a quick one.
 */
export type ReindexProbeReport = {
  rounds: number;
  parallel: number;
  /** Answers by status code ("200": 40 …). */
  statuses: Record<string, number>;
  serverErrors: number;
  /** Rounds after which CURRENT named a complete generation. */
  completeRounds: number;
  /** Rounds after which the live generation held that round's change. */
  changeLiveRounds: number;
  problems: string[];
};

export async function runReindexProbe(options: {
  url: string;
  indexDir: string;
  corpusDir: string;
  rounds: number;
  parallel: number;
  log?: (line: string) => void;
}): Promise<ReindexProbeReport> {
  const files = (await readdir(options.corpusDir)).filter((name) => name.endsWith(".txt")).sort();
  if (files.length === 0) throw new Error("the probe changes .txt files; the corpus has none");
  const report: ReindexProbeReport = { rounds: options.rounds, parallel: options.parallel, statuses: {}, serverErrors: 0, completeRounds: 0, changeLiveRounds: 0, problems: [] };
  for (let round = 1; round <= options.rounds; round++) {
    const changed = files[round % files.length]!;
    await appendFile(path.join(options.corpusDir, changed), `\nVòng thử nghiệm số ${round}: Sở Nội vụ rà soát, báo cáo kết quả.\n`);
    const replies = await Promise.all(
      Array.from({ length: options.parallel }, async () => {
        try {
          const response = await fetch(`${options.url}/api/admin/reindex`, { method: "POST" });
          const body = await response.text();
          return { status: response.status, body };
        } catch (error) {
          return { status: 0, body: describeError(error) };
        }
      }),
    );
    for (const reply of replies) {
      report.statuses[String(reply.status)] = (report.statuses[String(reply.status)] ?? 0) + 1;
      if (reply.status >= 500 || reply.status === 0) {
        report.serverErrors++;
        report.problems.push(`round ${round}: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
    }
    const check = await checkCurrentGeneration(options.indexDir);
    if (check.problems.length === 0) report.completeRounds++;
    else report.problems.push(`round ${round}: ${check.problems.join("; ")}`);
    const expected = createHash("sha256").update(await readFile(path.join(options.corpusDir, changed))).digest("hex");
    if (check.hashes.get(changed) === expected) report.changeLiveRounds++;
    else report.problems.push(`round ${round}: the live generation does not hold the change to ${changed}`);
    options.log?.(`reindex probe: round ${round}/${options.rounds}: ${replies.map((reply) => reply.status).join(" ")}; ${check.problems.length ? "INCOMPLETE" : "complete"}`);
  }
  return report;
}

/** Loads the generation CURRENT names and checks it is whole; the hashes of the files it holds. */
export async function checkCurrentGeneration(indexDir: string): Promise<{ problems: string[]; hashes: Map<string, string>; documents: number }> {
  const current = await readCurrentGeneration(indexDir);
  if (!current) return { problems: ["CURRENT names no complete generation"], hashes: new Map(), documents: 0 };
  try {
    const snapshot = await loadSnapshot(indexDir);
    return {
      problems: checkSnapshot(snapshot),
      hashes: new Map(snapshot.documents.map((document) => [document.source, document.hash])),
      documents: snapshot.documents.length,
    };
  } catch (error) {
    return { problems: [`the live generation does not load: ${describeError(error)}`], hashes: new Map(), documents: 0 };
  }
}
