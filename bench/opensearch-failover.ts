import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { runIngest } from "../ingest/run-ingest.js";
import { analyzeQuery } from "../server/retrieve/analyze-query.js";
import { createArchive } from "../server/retrieve/archive.js";
import { createOpenSearchBackend } from "../server/retrieve/backend/opensearch-search-backend.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { startCluster, stopCluster } from "../scripts/cluster/opensearch-cluster.js";

/**
 * Failure behaviour on a real cluster: starts a 2-node cluster (scripts/cluster),
 * ingests a corpus into an index of 2 shards with 1 replica, runs hybrid
 * searches from several concurrent loops for `--seconds`, `kill -9`s one node
 * after `--kill-after` seconds, and reports every failed search against the
 * moment the cluster noticed (the surviving node reports one node).
 *
 *   npx tsx bench/opensearch-failover.ts [--corpus DIR] [--seconds 30] [--kill-after 10] [--concurrency 4]
 */
const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "tests/fixtures/samples" },
    seconds: { type: "string", default: "30" },
    "kill-after": { type: "string", default: "10" },
    concurrency: { type: "string", default: "4" },
    out: { type: "string" },
  },
});

const QUESTIONS = [
  "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?",
  "han nop ho so de an sap xep don vi hanh chinh cap xa",
  "what is the deadline for the commune merger?",
  "kế hoạch chuyển đổi số năm 2024",
  "báo cáo kết quả thực hiện nhiệm vụ",
  "tổ chức lấy ý kiến cử tri",
];

type Sample = { startedAt: number; endedAt: number; ok: boolean; error?: string };

async function main(): Promise<void> {
  const seconds = Number(values.seconds);
  const killAfter = Number(values["kill-after"]);
  const concurrency = Number(values.concurrency);
  const clusterDir = await mkdtemp(path.join(os.tmpdir(), "vanban-failover-cluster-"));
  const indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-failover-index-"));
  const state = await startCluster({ directory: clusterDir, nodes: 2, heap: "512m", log: (line) => console.error(line) });
  const urls = state.nodes.map((node) => node.httpUrl);
  const backend = createOpenSearchBackend({ urls, indexPrefix: "vanban-failover", shards: 2, replicas: 1 });
  try {
    const embedder = new HashedEmbeddings({ dimension: 512 });
    const corpusDir = path.resolve(values.corpus!);
    const files = (await readdir(corpusDir)).length;
    let started = performance.now();
    await runIngest({ embedder, commitGeneration: backend.commitGeneration }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024, searchBackend: "opensearch" });
    const ingestSeconds = (performance.now() - started) / 1000;
    const snapshot = await loadSnapshot(indexDir, { vectors: false, indexes: false, documents: "on-demand" });
    const archive = createArchive({ snapshot, embedder, index: await backend.openGeneration(snapshot) });
    console.error(`ingested ${files} files (${archive.chunks.length} chunks) in ${ingestSeconds.toFixed(1)} s; load for ${seconds} s, kill -9 of node-2 at ${killAfter} s`);

    const samples: Sample[] = [];
    started = performance.now();
    const now = () => (performance.now() - started) / 1000;
    const deadline = seconds;
    let killedAt: number | undefined;
    let noticedAt: number | undefined;
    const victim = state.nodes[1]!;
    const survivor = state.nodes[0]!;
    const killer = (async () => {
      await new Promise((resolve) => setTimeout(resolve, killAfter * 1000));
      process.kill(victim.pid, "SIGKILL");
      killedAt = now();
      while (now() < deadline && noticedAt === undefined) {
        try {
          const health = (await (await fetch(`${survivor.httpUrl}/_cluster/health`, { signal: AbortSignal.timeout(2000) })).json()) as { number_of_nodes: number };
          if (health.number_of_nodes === 1) noticedAt = now();
        } catch {
          // The survivor may be busy electing; ask again.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const loops = Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = loop; now() < deadline; i += concurrency) {
        const question = QUESTIONS[i % QUESTIONS.length]!;
        const startedAt = now();
        try {
          await searchArchive({ archive, query: analyzeQuery(question, { knownProvinces: archive.provinces }), limit: 10 });
          samples.push({ startedAt, endedAt: now(), ok: true });
        } catch (error) {
          samples.push({ startedAt, endedAt: now(), ok: false, error: (error as Error).message.slice(0, 200) });
        }
      }
    });
    await Promise.all([...loops, killer]);
    const failed = samples.filter((sample) => !sample.ok);
    const latency = (list: Sample[]) => {
      const sorted = list.map((sample) => (sample.endedAt - sample.startedAt) * 1000).sort((a, b) => a - b);
      const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));
      return { count: list.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
    };
    const report = {
      date: new Date().toISOString(),
      cluster: { nodes: 2, heap: "512m", shards: 2, replicas: 1 },
      corpus: { files, chunks: archive.chunks.length, ingestSeconds: Number(ingestSeconds.toFixed(1)) },
      load: { seconds, concurrency, searches: samples.length },
      killedAtSeconds: killedAt && Number(killedAt.toFixed(2)),
      clusterNoticedAtSeconds: noticedAt && Number(noticedAt.toFixed(2)),
      noticeWindowSeconds: killedAt !== undefined && noticedAt !== undefined ? Number((noticedAt - killedAt).toFixed(2)) : null,
      failedSearches: failed.length,
      failedAfterNotice: noticedAt === undefined ? null : failed.filter((sample) => sample.startedAt >= noticedAt!).length,
      failureWindow: failed.length ? { firstStartedAt: failed[0]!.startedAt, lastEndedAt: failed[failed.length - 1]!.endedAt } : null,
      errors: [...new Set(failed.map((sample) => sample.error))].slice(0, 5),
      latencyBeforeKill: latency(samples.filter((sample) => killedAt === undefined || sample.endedAt < killedAt)),
      latencyKillToNotice: latency(samples.filter((sample) => killedAt !== undefined && sample.endedAt >= killedAt && (noticedAt === undefined || sample.startedAt < noticedAt))),
      latencyAfterNotice: latency(samples.filter((sample) => noticedAt !== undefined && sample.startedAt >= noticedAt)),
    };
    const text = JSON.stringify(report, null, 1);
    console.log(text);
    if (values.out) await writeFile(values.out, `${text}\n`);
  } finally {
    await backend.close();
    await stopCluster({ directory: clusterDir });
    await rm(clusterDir, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
