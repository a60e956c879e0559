import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findClusterTools, startCluster, stopCluster } from "../../scripts/cluster/opensearch-cluster.js";

/**
 * The OpenSearch cluster integration tests run against: the one OPENSEARCH_URL
 * names (CI or a developer's `npm run cluster -- start`), or else a 2-node
 * cluster started for the test file from Maven Central artifacts when Java and
 * Maven are installed (stopped afterwards). Neither: the tests are skipped and
 * `reason` says why.
 */
export type TestCluster = { urls: string[]; stop(): Promise<void> };

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
  const state = await startCluster({ directory, nodes: 2, heap: "384m" });
  return {
    urls: state.nodes.map((node) => node.httpUrl),
    async stop() {
      await stopCluster({ directory });
      await rm(directory, { recursive: true, force: true });
    },
  };
}
