import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, promises as fs, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import JSZip from "jszip";

/**
 * A disposable OpenSearch 2.19 cluster on 127.0.0.1 for tests, CI and
 * benchmarks, built from Maven Central artifacts alone: `mvn` resolves the
 * core, the netty4 transport and the k-NN plugin (pom.xml beside this file)
 * into ~/.m2, and each node is a JVM running ClasspathNode.java (Java's
 * single-file launcher, no build step) with those jars on its classpath.
 *
 * State lives in one folder (default `.cluster/` at the project root,
 * gitignored): the classpath, the k-NN zip unpacked, one folder per node
 * (data, logs, node.log) and state.json with the pids and URLs. Every start
 * begins from empty data: this is a test cluster, not a place to keep an index.
 */
export type ClusterNode = { name: string; pid: number; httpUrl: string; transportPort: number };
export type ClusterState = { clusterName: string; nodes: ClusterNode[]; url: string; startedAt: string };

export type StartClusterOptions = {
  directory: string;
  nodes?: number;
  /** JVM heap of each node, e.g. "512m". */
  heap?: string;
  /** Most milliseconds to wait for green. */
  timeoutMs?: number;
  log?: (line: string) => void;
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PLUGINS = ["org.opensearch.transport.Netty4Plugin", "org.opensearch.knn.plugin.KNNPlugin"];
const run = promisify(execFile);

export class ClusterError extends Error {
  constructor(
    readonly code: "java_missing" | "maven_failed" | "cluster_not_green" | "node_exited",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ClusterError";
  }
}

/** The java and mvn commands, or why a cluster cannot be started here. */
export async function findClusterTools(): Promise<{ java: string; mvn: string } | { missing: string }> {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
  const mvn = "mvn";
  try {
    await run(java, ["-version"]);
  } catch {
    return { missing: `no Java (looked for ${java}); install a JDK 17 (apt-get install openjdk-17-jdk-headless)` };
  }
  try {
    await run(mvn, ["-v"]);
  } catch {
    return { missing: "no Maven (mvn); install it (apt-get install maven)" };
  }
  return { java, mvn };
}

/** Resolves the jars with mvn (cached by the pom's hash) and returns the classpath. */
export async function resolveClasspath(options: { directory: string; mvn: string; log?: (line: string) => void }): Promise<string[]> {
  const pom = path.join(HERE, "pom.xml");
  const key = createHash("sha256").update(await fs.readFile(pom)).digest("hex").slice(0, 16);
  const cached = path.join(options.directory, `classpath-${key}.txt`);
  const pluginDir = path.join(options.directory, `plugins-${key}`);
  let entries: string[] | undefined;
  if (existsSync(cached)) {
    entries = (await fs.readFile(cached, "utf8")).split(path.delimiter).filter(Boolean);
    if (!entries.every((entry) => existsSync(entry))) entries = undefined;
  }
  if (!entries) {
    options.log?.("resolving OpenSearch with mvn (from ~/.m2; the first time from Maven Central, about 60 MB)…");
    const output = path.join(options.directory, `classpath-${key}.tmp`);
    try {
      await run(options.mvn, ["-B", "-q", "-f", pom, "dependency:build-classpath", `-Dmdep.outputFile=${output}`], { maxBuffer: 16 << 20 });
    } catch (error) {
      const detail = (error as { stdout?: string }).stdout?.slice(-2000) ?? "";
      throw new ClusterError("maven_failed", `mvn could not resolve OpenSearch: ${detail || (error as Error).message}`, { cause: error });
    }
    await fs.rename(output, cached);
    entries = (await fs.readFile(cached, "utf8")).split(path.delimiter).filter(Boolean);
  }
  // The k-NN plugin comes as a zip of jars: unpacked once beside the classpath file.
  const jars: string[] = [];
  for (const entry of entries) {
    if (!entry.endsWith(".zip")) {
      jars.push(entry);
      continue;
    }
    const target = path.join(pluginDir, path.basename(entry, ".zip"));
    if (!existsSync(path.join(target, ".unpacked"))) {
      await fs.rm(target, { recursive: true, force: true });
      await fs.mkdir(target, { recursive: true });
      await unpackZip(entry, target);
      await fs.writeFile(path.join(target, ".unpacked"), "");
    }
    for (const name of await fs.readdir(target)) if (name.endsWith(".jar")) jars.push(path.join(target, name));
  }
  return jars;
}

/** Extracts the jars and descriptor of a plugin zip (flat: the k-NN zip has no folders). */
async function unpackZip(file: string, target: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const destination = path.join(target, path.basename(entry.name));
    await fs.writeFile(destination, await entry.async("uint8array"));
  }
}

/** `count` distinct free ports: all held open until every one is chosen, so none is handed out twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            resolve(typeof address === "object" && address ? address.port : 0);
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** Whether the pid is still one of this cluster's nodes (a pid reused by another process is not). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("ClasspathNode");
  } catch {
    // No /proc (not Linux): trust the pid.
    return true;
  }
}

export async function readClusterState(directory: string): Promise<ClusterState | undefined> {
  try {
    const state = JSON.parse(await fs.readFile(path.join(directory, "state.json"), "utf8")) as ClusterState;
    return state.nodes.some((node) => isAlive(node.pid)) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Starts N nodes and returns once the cluster is green; a cluster already running in `directory` is returned as it is. */
export async function startCluster(options: StartClusterOptions): Promise<ClusterState> {
  const directory = path.resolve(options.directory);
  await fs.mkdir(directory, { recursive: true });
  const running = await readClusterState(directory);
  if (running) return running;
  const tools = await findClusterTools();
  if ("missing" in tools) throw new ClusterError("java_missing", `cannot start OpenSearch: ${tools.missing}`);
  const classpath = await resolveClasspath({ directory, mvn: tools.mvn, log: options.log });
  const count = options.nodes ?? 2;
  const clusterName = `vanban-${createHash("sha256").update(directory).digest("hex").slice(0, 8)}`;
  const names = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
  const free = await freePorts(2 * count);
  const ports = Array.from({ length: count }, (_, i) => ({ http: free[2 * i]!, transport: free[2 * i + 1]! }));
  const seeds = ports.map((port) => `127.0.0.1:${port.transport}`).join(",");
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[i]!;
    const home = path.join(directory, "nodes", name);
    await fs.rm(home, { recursive: true, force: true });
    await fs.mkdir(path.join(home, "config"), { recursive: true });
    await fs.writeFile(path.join(home, "config", "opensearch.yml"), "");
    const settings = {
      "cluster.name": clusterName,
      "node.name": name,
      "path.home": home,
      "path.data": path.join(home, "data"),
      "path.logs": path.join(home, "logs"),
      "network.host": "127.0.0.1",
      "http.port": String(ports[i]!.http),
      "transport.port": String(ports[i]!.transport),
      "discovery.seed_hosts": seeds,
      "cluster.initial_cluster_manager_nodes": names.join(","),
      // A test machine's disk is often fuller than the default watermarks allow.
      "cluster.routing.allocation.disk.threshold_enabled": "false",
      "action.auto_create_index": "false",
    };
    const log = openSync(path.join(home, "node.log"), "a");
    const child = spawn(
      tools.java,
      [
        `-Xms${options.heap ?? "512m"}`,
        `-Xmx${options.heap ?? "512m"}`,
        "-XX:+UseG1GC",
        "-Dfile.encoding=UTF-8",
        "-Djava.awt.headless=true",
        "-Dlog4j2.disable.jmx=true",
        `-Dlog4j.configurationFile=${path.join(HERE, "log4j2.properties")}`,
        `-Djava.io.tmpdir=${home}`,
        `-Dvanban.plugins=${PLUGINS.join(",")}`,
        "-cp",
        classpath.join(path.delimiter),
        path.join(HERE, "ClasspathNode.java"),
        ...Object.entries(settings).map(([key, value]) => `${key}=${value}`),
      ],
      { detached: true, stdio: ["ignore", log, log] },
    );
    closeSync(log);
    child.unref();
    if (!child.pid) throw new ClusterError("node_exited", `node ${name} did not start`);
    nodes.push({ name, pid: child.pid, httpUrl: `http://127.0.0.1:${ports[i]!.http}`, transportPort: ports[i]!.transport });
  }
  const state: ClusterState = { clusterName, nodes, url: nodes[0]!.httpUrl, startedAt: new Date().toISOString() };
  await fs.writeFile(path.join(directory, "state.json"), JSON.stringify(state, null, 1));
  try {
    await waitForGreen({ state, directory, timeoutMs: options.timeoutMs ?? 240_000 });
  } catch (error) {
    await stopCluster({ directory });
    throw error;
  }
  return state;
}

async function waitForGreen(options: { state: ClusterState; directory: string; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const expected = options.state.nodes.length;
  let last = "";
  while (Date.now() < deadline) {
    const dead = options.state.nodes.find((node) => !isAlive(node.pid));
    if (dead) {
      const log = await fs.readFile(path.join(options.directory, "nodes", dead.name, "node.log"), "utf8").catch(() => "");
      throw new ClusterError("node_exited", `node ${dead.name} exited while starting:\n${log.slice(-3000)}`);
    }
    try {
      const response = await fetch(`${options.state.url}/_cluster/health?wait_for_status=green&wait_for_nodes=${expected}&timeout=2s`, { signal: AbortSignal.timeout(5000) });
      const health = (await response.json()) as { status?: string; number_of_nodes?: number };
      last = `${health.status ?? "?"}, ${health.number_of_nodes ?? 0}/${expected} nodes`;
      if (response.ok && health.status === "green" && health.number_of_nodes === expected) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new ClusterError("cluster_not_green", `the cluster was not green after ${Math.round(options.timeoutMs / 1000)} s (last: ${last})`);
}

/** Stops every node the state names (SIGTERM, then SIGKILL after 20 s) and removes the state. */
export async function stopCluster(options: { directory: string }): Promise<ClusterNode[]> {
  const directory = path.resolve(options.directory);
  let state: ClusterState;
  try {
    state = JSON.parse(await fs.readFile(path.join(directory, "state.json"), "utf8")) as ClusterState;
  } catch {
    return [];
  }
  const alive = state.nodes.filter((node) => isAlive(node.pid));
  for (const node of alive) process.kill(node.pid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (alive.some((node) => isAlive(node.pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const node of alive) if (isAlive(node.pid)) process.kill(node.pid, "SIGKILL");
  await fs.rm(path.join(directory, "state.json"), { force: true });
  await fs.rm(path.join(directory, "nodes"), { recursive: true, force: true });
  return alive;
}
