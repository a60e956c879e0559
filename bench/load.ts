import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { round } from "./measure.js";

/**
 * Load test: autocannon against a running server, N concurrent connections
 * for D seconds on /api/search (GET) and /api/ask (POST), cycling through a
 * list of real questions so caches and early exits do not flatter the result.
 * "errors" counts connection errors, timeouts and every non-2xx answer.
 */
export type LoadResult = {
  endpoint: "search" | "ask";
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
};

export async function runLoad(options: { url: string; endpoint: "search" | "ask"; questions: readonly string[]; connections: number; durationSeconds: number; timeoutSeconds?: number }): Promise<LoadResult> {
  const { questions } = options;
  if (!questions.length) throw new Error("runLoad needs at least one question");
  let next = 0;
  const nextQuestion = () => questions[next++ % questions.length]!;
  const request =
    options.endpoint === "search"
      ? {
          method: "GET",
          path: "/api/search?q=x",
          setupRequest: (raw: { path?: string }) => ({ ...raw, method: "GET", path: `/api/search?${new URLSearchParams({ q: nextQuestion(), k: "10" })}` }),
        }
      : {
          method: "POST",
          path: "/api/ask",
          headers: { "content-type": "application/json" },
          setupRequest: (raw: { headers?: Record<string, string> }) => ({ ...raw, method: "POST", path: "/api/ask", body: JSON.stringify({ question: nextQuestion() }) }),
        };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: options.timeoutSeconds ?? 10,
    requests: [request],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
  const requests = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    endpoint: options.endpoint,
    connections: options.connections,
    seconds: options.durationSeconds,
    requests,
    requestsPerSecond: round(requests / Math.max(result.duration, 1e-3), 1),
    latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max, mean: round(result.latency.mean) },
    errors: result.errors + result.non2xx,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
}

/** `tsx bench/load.ts --url http://127.0.0.1:3000 [--connections 100] [--duration 30] [--endpoint search|ask|both]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "http://127.0.0.1:3000" },
      connections: { type: "string", default: "100" },
      duration: { type: "string", default: "30" },
      endpoint: { type: "string", default: "both" },
    },
  });
  const questions = [
    "Sở Nội vụ phải hoàn thành thẩm định Đề án vị trí việc làm trước ngày nào?",
    "so noi vu cai cach hanh chinh",
    "Kế hoạch công tác tôn giáo giai đoạn 2021-2030",
    "What must the Department of Home Affairs do about administrative reform?",
    "tinh gian bien che cong chuc vien chuc",
  ];
  const endpoints = values.endpoint === "both" ? (["search", "ask"] as const) : [values.endpoint as "search" | "ask"];
  for (const endpoint of endpoints) {
    const result = await runLoad({ url: values.url, endpoint, questions, connections: Number(values.connections), durationSeconds: Number(values.duration) });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
