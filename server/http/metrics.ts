import type { RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { WorkQueue } from "./work-queue.js";

/**
 * Prometheus metrics, in a registry of their own (no prom-client global), so
 * two apps in one process (tests) never mix their counts. `server/main.ts`
 * creates one and shares it between the ingest and the app; `createApp` makes
 * its own when given none.
 */
export type Metrics = {
  readonly registry: Registry;
  /** Counts every request and times it, labelled by its route pattern (not its URL: bounded label values). */
  readonly middleware: RequestHandler;
  /** One answer given (found or abstained), labelled by the way it was asked: api, openai, mcp. */
  observeAnswer(options: { found: boolean; transport: string }): void;
  /** One ingest run: its duration and the files that failed; `error` when the run itself failed. */
  observeIngest(options: { seconds: number; failedFiles: number; error?: boolean }): void;
  /** The queue with the time each job waited before it started recorded. */
  instrumentWorkQueue(queue: WorkQueue): WorkQueue;
  /** Where the index gauges read the live archive's size (undefined while none is loaded). */
  watchIndex(read: () => { documents: number; chunks: number } | undefined): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; text: string }>;
};

const SECONDS_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: { processMetrics?: boolean; now?: () => number } = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? (() => performance.now());
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "vanban_" });
  const requests = new Counter({
    name: "vanban_http_requests_total",
    help: "HTTP requests by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const durations = new Histogram({
    name: "vanban_http_request_duration_seconds",
    help: "HTTP request latency by method and route pattern (to the last byte of the response)",
    labelNames: ["method", "route"],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const answers = new Counter({
    name: "vanban_answers_total",
    help: "Answers given, by outcome (found or abstained) and transport (api, openai, mcp)",
    labelNames: ["outcome", "transport"],
    registers: [registry],
  });
  const ingestDuration = new Histogram({
    name: "vanban_ingest_duration_seconds",
    help: "Duration of ingest runs (start-up and re-index)",
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [registry],
  });
  const ingestRuns = new Counter({ name: "vanban_ingest_runs_total", help: "Ingest runs by result (ok, error)", labelNames: ["result"], registers: [registry] });
  const ingestFailures = new Counter({ name: "vanban_ingest_failed_files_total", help: "Files an ingest could not index (reported and skipped)", registers: [registry] });
  const queueWait = new Histogram({
    name: "vanban_work_queue_wait_seconds",
    help: "Time retrieval and answering jobs waited in the work queue before they started",
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const queues: WorkQueue[] = [];
  new Gauge({
    name: "vanban_work_queue_length",
    help: "Jobs waiting or running in the work queue",
    registers: [registry],
    collect() {
      this.set(queues.reduce((sum, queue) => sum + queue.length, 0));
    },
  });
  let readIndex: () => { documents: number; chunks: number } | undefined = () => undefined;
  const indexGauge = (name: string, help: string, pick: (size: { documents: number; chunks: number }) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const size = readIndex();
        if (size) this.set(pick(size));
      },
    });
  indexGauge("vanban_index_documents", "Documents in the live index", (size) => size.documents);
  indexGauge("vanban_index_chunks", "Chunks (passages) in the live index", (size) => size.chunks);

  const middleware: RequestHandler = (request, response, next) => {
    const started = now();
    response.on("finish", () => {
      // request.route is the matched pattern ("/api/documents/:docId"); anything unmatched (pages' assets, 404s) is one label.
      const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : response.statusCode === 404 ? "unmatched" : "other";
      requests.inc({ method: request.method, route, status: String(response.statusCode) });
      durations.observe({ method: request.method, route }, (now() - started) / 1000);
    });
    next();
  };

  return {
    registry,
    middleware,
    observeAnswer: ({ found, transport }) => answers.inc({ outcome: found ? "found" : "abstained", transport }),
    observeIngest: ({ seconds, failedFiles, error }) => {
      ingestDuration.observe(seconds);
      ingestRuns.inc({ result: error ? "error" : "ok" });
      if (failedFiles) ingestFailures.inc(failedFiles);
    },
    instrumentWorkQueue(queue) {
      queues.push(queue);
      return {
        ...(queue.pool ? { pool: queue.pool } : {}),
        get length() {
          return queue.length;
        },
        run(work, options) {
          const queued = now();
          return queue.run(() => {
            queueWait.observe((now() - queued) / 1000);
            return work();
          }, options);
        },
      };
    },
    watchIndex(read) {
      readIndex = read;
    },
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
