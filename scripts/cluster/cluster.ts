import path from "node:path";
import { parseArgs } from "node:util";
import { startCluster, stopCluster } from "./opensearch-cluster.js";

/**
 * `npm run cluster -- start [--nodes N] [--heap 512m] [--dir .cluster]`: starts a
 * test OpenSearch cluster on 127.0.0.1 and prints one line per node
 * (`node NAME pid PID http URL`), then `OPENSEARCH_URL=URL` as the last line,
 * once the cluster is green. `npm run cluster -- stop [--dir .cluster]` stops it.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    nodes: { type: "string", default: "2" },
    heap: { type: "string", default: "512m" },
    dir: { type: "string", default: ".cluster" },
  },
});

async function main(): Promise<void> {
  const command = positionals[0];
  const directory = path.resolve(values.dir!);
  if (command === "start") {
    const nodes = Number(values.nodes);
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) throw new Error(`--nodes must be a whole number from 1 to 9, got ${values.nodes}`);
    if (!/^\d+[mg]$/u.test(values.heap!)) throw new Error(`--heap must look like 512m or 2g, got ${values.heap}`);
    const started = performance.now();
    const state = await startCluster({ directory, nodes, heap: values.heap, log: (line) => process.stderr.write(`${line}\n`) });
    for (const node of state.nodes) console.log(`node ${node.name} pid ${node.pid} http ${node.httpUrl}`);
    process.stderr.write(`cluster ${state.clusterName} green in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    console.log(`OPENSEARCH_URL=${state.url}`);
  } else if (command === "stop") {
    const stopped = await stopCluster({ directory });
    console.log(stopped.length ? `stopped ${stopped.map((node) => `${node.name} (pid ${node.pid})`).join(", ")}` : "no cluster running");
  } else {
    throw new Error("usage: npm run cluster -- start [--nodes N] [--heap 512m] [--dir DIR] | stop [--dir DIR]");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
