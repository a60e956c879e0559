import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Shared measuring helpers of the benchmark: percentiles, child steps, peak memory. */

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type LatencySummary = { count: number; mean: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentile (the value at or below which p% of the samples fall). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarizeLatencies(milliseconds: readonly number[]): LatencySummary {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const round = (value: number) => Number(value.toFixed(2));
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : 0;
  return {
    count: sorted.length,
    mean: round(mean),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** Times an async function `runs` times after `warmup` untimed runs; returns each run's milliseconds. */
export async function timeEach<T>(items: readonly T[], work: (item: T) => unknown, options: { warmup?: number } = {}): Promise<number[]> {
  for (const item of items.slice(0, options.warmup ?? 0)) await work(item);
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await work(item);
    times.push(performance.now() - started);
  }
  return times;
}

/** Peak resident set ("high water mark") of a live process, in MB, from /proc. Undefined off Linux. */
export function readPeakRssMegabytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/mu.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time a live process has used, every thread together (user + system),
 * in ms, from /proc. Undefined off Linux. On a machine shared with other work
 * this, per request, is what a load test's throughput cannot show: how much
 * of the cores a request needs.
 */
export function readCpuMilliseconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, the 14th and 15th fields of the line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** This process's peak RSS in MB. */
export function ownPeakRssMegabytes(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Runs a bench step (a TypeScript file) in a child Node process and returns
 * the JSON it prints as its last stdout line. Each step gets its own process
 * so its peak memory is its own. stderr is passed through (progress).
 */
export async function runStep<T>(options: { script: string; args: string[]; nodeOptions?: string[]; env?: Record<string, string> }): Promise<T> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), "--import", "tsx", path.resolve(PROJECT_ROOT, options.script), ...options.args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (data: string) => {
    stdout += data;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode, signal) => resolve(signal ? -1 : exitCode));
  });
  const last = stdout.trim().split("\n").pop() ?? "";
  if (code !== 0) throw new Error(`${options.script} exited with ${code}: ${last.slice(0, 500)}`);
  return JSON.parse(last) as T;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
