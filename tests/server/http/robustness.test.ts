import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../core/config.js";
import { IngestBusyError } from "../../../ingest/index/ingest-lock.js";
import type { IngestQueue, IngestStatus } from "../../../ingest/ingest-queue.js";
import type { IngestSummary } from "../../../ingest/progress.js";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp, type AppDependencies } from "../../../server/http/create-app.js";
import { describeMissingArchive } from "../../../server/http/ingest-state.js";
import { runRequestFuzz } from "../../../scripts/fuzz-requests.js";
import { useTestArchive } from "../../helpers/start-test-server.js";

/**
 * Bad input is a 4xx everywhere, dates included; admin endpoints refuse
 * cross-site browser requests; replies show no absolute path; the ingest
 * state is in /api/health and the reindex reply; and a few hundred random
 * requests (npm run bench sends 10,000) get no 5xx.
 */
const sample = useTestArchive();

const appWith = (options: Partial<AppDependencies> = {}) => createApp({ archives: new ArchiveHolder(sample.archive), rateLimitPerMinute: 0, ...options });

const summary: IngestSummary = {
  files: 6,
  indexed: 1,
  reused: 4,
  failed: [{ source: "hong.pdf", code: "file_corrupt", message: "The file cannot be opened: ENOENT: no such file or directory, open '/srv/vanban/corpus/hong.pdf'" }],
  removed: 0,
  documents: 5,
  chunks: 141,
  seconds: 1.2,
  megabytes: 0.5,
  changed: true,
  generation: "/srv/vanban/data/index/gen-mxabcdef-01234567",
};

/** A queue that answers like the real one, without ingesting. */
function fakeQueue(options: { run?: () => Promise<IngestSummary>; status?: IngestStatus } = {}): IngestQueue & { calls: number } {
  const queue = {
    calls: 0,
    request() {
      queue.calls++;
      return (options.run ?? (async () => summary))();
    },
    requestWhenFree() {
      return queue.request();
    },
    status: () => options.status ?? { state: "idle" as const, queued: false },
  };
  return queue;
}

describe("dates are calendar days or a 400", () => {
  const bad = ["2024-13-45", "0000-00-00", "9999-99-99", "2024-02-30", "2023-02-29", "2024-04-31", "1899-12-31", "2024-1-5", "20240105", " "];

  it.each(bad)("POST /api/ask with today %j -> 400", async (today) => {
    const response = await request(appWith()).post("/api/ask").send({ question: "Sở Nội vụ phải làm gì?", today }).expect(400);
    expect(response.body.error.code).toBe("bad_request");
    expect(response.body.error.message).toMatch(/^today: /u);
  });

  it.each(bad.filter((value) => value.trim() !== ""))("GET /api/tasks, .csv and .ics with today, from or to %j -> 400", async (value) => {
    for (const route of ["/api/tasks", "/api/tasks.csv", "/api/tasks.ics"]) {
      for (const field of ["today", "from", "to"]) {
        const response = await request(appWith()).get(route).query({ [field]: value });
        expect(response.status, `${route}?${field}=${value}`).toBe(400);
        expect(response.body.error.code).toBe("bad_request");
      }
    }
  });

  it("takes a real leap day", async () => {
    await request(appWith()).post("/api/ask").send({ question: "Sở Nội vụ phải làm gì?", today: "2024-02-29" }).expect(200);
    await request(appWith()).get("/api/tasks").query({ today: "2024-02-29" }).expect(200);
  });
});

describe("admin endpoints and other sites", () => {
  it.each([
    ["a page on another origin", { origin: "http://evil.example" }],
    ["a sandboxed frame (Origin: null)", { origin: "null" }],
    ["a browser's cross-site request", { "sec-fetch-site": "cross-site" }],
    ["a browser's same-site (other subdomain) request", { "sec-fetch-site": "same-site" }],
  ])("refuse %s (403), with or without an API key, and do not re-index", async (_label, headers) => {
    for (const apiKey of [undefined, "s3cret"]) {
      const queue = fakeQueue();
      const response = await request(appWith({ ingest: queue, ...(apiKey ? { apiKey } : {}) }))
        .post("/api/admin/reindex")
        .set({ ...headers, ...(apiKey ? { "x-api-key": apiKey } : {}) })
        .expect(403);
      expect(response.body.error.code).toBe("forbidden");
      expect(queue.calls).toBe(0);
    }
  });

  it("accept a script's request (no Origin) and a same-origin page's", async () => {
    const queue = fakeQueue();
    const app = appWith({ ingest: queue });
    await request(app).post("/api/admin/reindex").expect(200);
    const server: Server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await fetch(`${origin}/api/admin/reindex`, { method: "POST", headers: { origin, "sec-fetch-site": "same-origin" } });
      expect(response.status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(queue.calls).toBe(2);
  });

  it("an empty API_KEY is a configuration error, not a disabled check", () => {
    expect(() => loadConfig({ API_KEY: "" })).toThrow(/API_KEY is set but empty/u);
    expect(() => loadConfig({ API_KEY: "   " })).toThrow(/API_KEY is set but empty/u);
    expect(loadConfig({}).API_KEY).toBeUndefined();
    expect(loadConfig({ API_KEY: "k" }).API_KEY).toBe("k");
  });

  it("an empty key given to the app is still a key: no request passes without it", async () => {
    await request(appWith({ ingest: fakeQueue(), apiKey: "" })).post("/api/admin/reindex").expect(401);
  });
});

describe("the ingest through HTTP", () => {
  it("the reindex reply names the generation, not its path, and no failure message shows a server folder", async () => {
    const response = await request(appWith({ ingest: fakeQueue(), privatePaths: ["/srv/vanban/corpus", "/srv/vanban/data/index"] }))
      .post("/api/admin/reindex")
      .expect(200);
    expect(response.body.summary.generation).toBe("gen-mxabcdef-01234567");
    expect(JSON.stringify(response.body)).not.toContain("/srv/vanban");
    expect(response.body.summary.failed[0].message).toContain("open 'hong.pdf'");
  });

  it("answers 409 with the other process's progress when another process writes the index", async () => {
    const busy = new IngestBusyError({ pid: 4242, host: "here", token: "t", startedAt: "" }, { phase: "processing", total: 9, processed: 3, failed: 0, startedAt: "", updatedAt: "" });
    const response = await request(appWith({ ingest: fakeQueue({ run: () => Promise.reject(busy) }) }))
      .post("/api/admin/reindex")
      .expect(409);
    expect(response.body.error.code).toBe("ingest_busy");
    expect(response.body.error.message).toMatch(/3 of 9 files/u);
    expect(response.body.ingest).toMatchObject({ holder: { pid: 4242 }, progress: { processed: 3, total: 9 } });
  });

  it("?wait=false starts the ingest and answers 202 with its state", async () => {
    const status: IngestStatus = { state: "running", queued: false, progress: { phase: "processing", total: 9, processed: 2, failed: 0, startedAt: "", updatedAt: "" } };
    const queue = fakeQueue({ status, run: () => new Promise(() => undefined) });
    const response = await request(appWith({ ingest: queue })).post("/api/admin/reindex?wait=false").expect(202);
    expect(response.body).toEqual({ status: "accepted", ingest: { state: "running", phase: "processing", processed: 2, total: 9, queued: false } });
    expect(queue.calls).toBe(1);
  });

  it("/api/health keeps its fields and adds the ingest state; without an index it says 'indexing' and the API says how far (503)", async () => {
    const status: IngestStatus = { state: "running", queued: true, progress: { phase: "processing", total: 9, processed: 4, failed: 1, startedAt: "", updatedAt: "" } };
    const live = await request(appWith({ ingest: fakeQueue({ status }) })).get("/api/health").expect(200);
    expect(live.body).toMatchObject({ status: "ok", documents: sample.archive.documents.length, chunks: sample.archive.chunks.length, ingest: { state: "running", processed: 4, total: 9, queued: true } });
    const empty = createApp({ archives: new ArchiveHolder(undefined, { describeMissing: () => describeMissingArchive(status) }), rateLimitPerMinute: 0, ingest: fakeQueue({ status }) });
    const health = await request(empty).get("/api/health").expect(200);
    expect(health.body).toMatchObject({ status: "indexing", documents: 0, chunks: 0, ingest: { state: "running", processed: 4, total: 9 } });
    const search = await request(empty).get("/api/search").query({ q: "Sở Nội vụ" }).expect(503);
    expect(search.headers["retry-after"]).toBe("5");
    expect(search.body.error).toMatchObject({ code: "index_missing", message: "The archive is being indexed (4 of 9 files); try again in a moment." });
  });
});

describe("random requests", () => {
  it("get no 5xx and no dropped connection (300 here; npm run bench sends 10,000 to the real server)", async () => {
    const server: Server = appWith({ ingest: fakeQueue(), apiKey: "fuzz" }).listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    try {
      const report = await runRequestFuzz({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: 300, seed: Date.now() >>> 0 });
      expect(report.failures).toEqual([]);
      expect(report.serverErrors).toBe(0);
      expect(Object.keys(report.statuses).some((status) => status.startsWith("4"))).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 120_000);
});
