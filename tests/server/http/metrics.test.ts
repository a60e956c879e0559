import { Writable } from "node:stream";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { pino } from "pino";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { createMetrics, type Metrics } from "../../../server/http/metrics.js";
import { useTestArchive } from "../../helpers/start-test-server.js";

/** /metrics (Prometheus text) and request ids in responses, error bodies and log lines. */
const SEED = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";

const sample = useTestArchive();

async function scrape(app: ReturnType<typeof createApp>): Promise<Map<string, MetricFamily> & { text: string }> {
  const response = await request(app).get("/metrics").expect(200);
  expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/u);
  const families = new Map(parsePrometheusTextFormat(response.text).map((family) => [family.name, family]));
  expect(families.size).toBeGreaterThan(8);
  return Object.assign(families, { text: response.text });
}

/**
 * A labelled histogram's observation count, read from its `_count` line (the
 * parser package drops labels of histograms whose `le` label comes first, as
 * prom-client writes them).
 */
function histogramCount(scraped: { text: string }, name: string, labels: string): number {
  const line = scraped.text.split("\n").find((candidate) => candidate.startsWith(`${name}_count{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

/** The value of the sample of `name` whose labels include `labels` (0 when absent). */
function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  const sample = family?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  if (!sample) return 0;
  return Number(sample.count ?? sample.value);
}

describe("GET /metrics", () => {
  it("parses as Prometheus text and its counters move after requests", async () => {
    const app = createApp({ archives: new ArchiveHolder(sample.archive), rateLimitPerMinute: 0 });
    const before = await scrape(app);
    const searches = { method: "GET", route: "/api/search", status: "200" };
    expect(sampleValue(before, "vanban_http_requests_total", searches)).toBe(0);
    await request(app).get("/api/search").query({ q: "Sở Nội vụ" }).expect(200);
    await request(app).get("/api/search").query({ q: "Sở Nội vụ", k: 3 }).expect(200);
    await request(app).get("/api/documents/no-such-document").expect(404);
    await request(app).post("/api/ask").send({ question: SEED }).expect(200);
    await request(app).post("/api/ask").send({ question: "Giá vé tàu cao tốc Bắc Nam năm 2030 là bao nhiêu?" }).expect(200);
    await request(app).post("/v1/chat/completions").send({ model: "vanban", messages: [{ role: "user", content: SEED }] }).expect(200);
    const after = await scrape(app);
    expect(sampleValue(after, "vanban_http_requests_total", searches)).toBe(2);
    // The route label is the pattern, not the URL.
    expect(sampleValue(after, "vanban_http_requests_total", { route: "/api/documents/:docId", status: "404" })).toBe(1);
    expect(histogramCount(after, "vanban_http_request_duration_seconds", 'method="GET",route="/api/search"')).toBe(2);
    expect(sampleValue(after, "vanban_answers_total", { outcome: "found", transport: "api" })).toBe(1);
    expect(sampleValue(after, "vanban_answers_total", { outcome: "abstained", transport: "api" })).toBe(1);
    expect(sampleValue(after, "vanban_answers_total", { outcome: "found", transport: "openai" })).toBe(1);
    expect(sampleValue(after, "vanban_index_documents")).toBe(5);
    expect(sampleValue(after, "vanban_index_chunks")).toBe(sample.archive.chunks.length);
    // Two searches and three answers went through the work queue.
    expect(sampleValue(after, "vanban_work_queue_wait_seconds")).toBe(5);
  });

  it("records ingest runs, their duration and failed files (shared with server/main.ts)", async () => {
    const metrics: Metrics = createMetrics();
    metrics.observeIngest({ seconds: 2.5, failedFiles: 2 });
    metrics.observeIngest({ seconds: 0.4, failedFiles: 0, error: true });
    const app = createApp({ archives: new ArchiveHolder(sample.archive), rateLimitPerMinute: 0, metrics });
    const families = await scrape(app);
    expect(sampleValue(families, "vanban_ingest_duration_seconds")).toBe(2);
    expect(families.get("vanban_ingest_duration_seconds")!.metrics[0]!.sum).toBe("2.9");
    expect(sampleValue(families, "vanban_ingest_failed_files_total")).toBe(2);
    expect(sampleValue(families, "vanban_ingest_runs_total", { result: "error" })).toBe(1);
    expect(sampleValue(families, "vanban_ingest_runs_total", { result: "ok" })).toBe(1);
  });
});

describe("request ids", () => {
  const capture = () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    return { lines, logger: pino({ level: "debug" }, stream) };
  };

  it("puts the id in the header, the error body and every log line of the request", async () => {
    const { lines, logger } = capture();
    const broken = { get: () => { throw new Error("disk on fire"); }, set: () => undefined } as unknown as ArchiveHolder;
    const app = createApp({ archives: broken, rateLimitPerMinute: 0, logger });
    const response = await request(app).get("/api/health").expect(500);
    const id = response.headers["x-request-id"] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/u);
    expect(response.body.error).toEqual({ code: "internal", message: "The server could not process the request.", requestId: id });
    const requestLines = lines.filter((line) => line.requestId === id);
    expect(requestLines.map((line) => line.msg)).toEqual(["unexpected error", "request"]);
    expect(lines.every((line) => line.requestId === id)).toBe(true);
  });

  it("keeps a caller's plain id and replaces one that is not", async () => {
    const app = createApp({ archives: new ArchiveHolder(sample.archive), rateLimitPerMinute: 0 });
    const kept = await request(app).get("/api/search").set("x-request-id", "proxy-42.a").query({ q: "" }).expect(400);
    expect(kept.headers["x-request-id"]).toBe("proxy-42.a");
    expect(kept.body.error.requestId).toBe("proxy-42.a");
    const replaced = await request(app).get("/api/health").set("x-request-id", "bad id\twith spaces").expect(200);
    expect(replaced.headers["x-request-id"]).not.toBe("bad id\twith spaces");
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/u);
  });
});
