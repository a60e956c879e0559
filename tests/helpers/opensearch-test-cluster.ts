import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { findClusterTools } from "../../scripts/cluster/opensearch-cluster.js";

/**
 * The OpenSearch cluster integration tests run against: the one OPENSEARCH_URL
 * names (CI or a developer's `npm run cluster -- start`), or else a 2-node
 * cluster started for the test file with the committed cluster script (its
 * printed lines are kept so a test can check them) when Java and Maven are
 * installed, and stopped afterwards. Neither: the tests are skipped and
 * `reason` says why.
 */
export type TestCluster = { urls: string[]; printed?: string[]; stop(): Promise<void> };

const run = promisify(execFile);
const CLUSTER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/cluster/cluster.ts");

export async function testClusterAvailability(): Promise<{ available: true } | { available: false; reason: string }> {
  if (process.env.OPENSEARCH_URL) return { available: true };
  const tools = await findClusterTools();
  if ("missing" in tools) return { available: false, reason: `OpenSearch integration tests skipped: OPENSEARCH_URL is not set and a cluster cannot be started here (${tools.missing})` };
  return { available: true };
}

export async function provideTestCluster(): Promise<TestCluster> {
  if (process.env.OPENSEARCH_URL) {
    return { urls: process.env.OPENSEARCH_URL.split(",").map((url) => url.trim()).filter(Boolean), async stop() {} };
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-cluster-"));
  const cluster = (command: string[]) => run(process.execPath, ["--import", "tsx", CLUSTER_SCRIPT, ...command, "--dir", directory], { timeout: 300_000 });
  const { stdout } = await cluster(["start", "--nodes", "2", "--heap", "384m"]);
  const printed = stdout.trim().split("\n");
  const urls = printed.flatMap((line) => /^node \S+ pid \d+ http (\S+)$/u.exec(line)?.[1] ?? []);
  return {
    urls,
    printed,
    async stop() {
      await cluster(["stop"]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
