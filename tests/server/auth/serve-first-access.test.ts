import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";
import type { IngestSummary } from "../../../ingest/progress.js";
import { runIngest } from "../../../ingest/run-ingest.js";
import { createArchiveService, type ArchiveService } from "../../../server/archive-service.js";
import { createApp } from "../../../server/http/create-app.js";
import { createAuthTestApp, makeAccessCorpus, type AuthTestApp } from "../../helpers/access-fixture.js";

/**
 * Accounts (issue 15) with serving first and the ingest queue (issue 10),
 * over a real ingest of the access corpus: before the first generation is
 * live, /api/health says "indexing" in both AUTH modes and shows each caller
 * only what they may see of the ingest; the 503 of the other routes counts
 * the corpus's files for administrators only; the ingest routes answer as
 * the route policy says; and a browser request for another site never
 * reaches a route for editors or administrators, whatever it carries.
 */
let corpusDir: string;
let indexDir: string;
let service: ArchiveService;
let auth: AuthTestApp;
let open: Express;
let release!: () => void;
let atGate!: Promise<void>;
let firstRun: Promise<IngestSummary>;

beforeAll(async () => {
  corpusDir = await makeAccessCorpus();
  indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-serve-first-access-"));
  const embedder = new HashedEmbeddings({ dimension: 512 });
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reachedGate!: () => void;
  atGate = new Promise<void>((resolve) => (reachedGate = resolve));
  service = createArchiveService({
    indexDir,
    embedder,
    warmUp: false,
    // The real ingest; the first run then waits (its generation written, not yet live) until the test releases it.
    ingest: async (onProgress) => {
      const summary = await runIngest({ embedder, onProgress }, { corpusDir, indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });
      reachedGate();
      await gate;
      return summary;
    },
  });
  const app = { archives: service.archives, ingest: service.ingest, corpusDir, privatePaths: [corpusDir, indexDir] };
  auth = await createAuthTestApp({ app });
  open = createApp({ rateLimitPerMinute: 0, ...app });
  expect(await service.openLive()).toBe(false);
  firstRun = service.ingest.request();
  await atGate;
}, 120_000);

afterAll(async () => {
  release();
  await firstRun.catch(() => undefined);
  await auth.close();
  await rm(indexDir, { recursive: true, force: true });
  await rm(corpusDir, { recursive: true, force: true });
});

const as = (app: Express, token?: string) => ({
  get: (url: string) => (token ? request(app).get(url).set("authorization", `Bearer ${token}`) : request(app).get(url)),
  post: (url: string) => (token ? request(app).post(url).set("authorization", `Bearer ${token}`) : request(app).post(url)),
});

describe("before the first generation is live", () => {
  it("/api/health says 'indexing' in open mode with the whole ingest state", async () => {
    const health = await as(open).get("/api/health").expect(200);
    expect(health.body).toMatchObject({ status: "indexing", documents: 0, chunks: 0, ingest: { state: "running", queued: false, total: expect.any(Number), processed: expect.any(Number) } });
    expect(health.body.ingest.total).toBeGreaterThan(0);
  });

  it("/api/health says 'indexing' with accounts on: nothing of the ingest signed out, no counts for a reader, all of it for an administrator", async () => {
    const anonymous = await as(auth.app).get("/api/health").expect(200);
    expect(anonymous.body).toEqual({ status: "indexing", documents: 0, chunks: 0 });
    for (const name of ["outsider", "editor"]) {
      const reader = await as(auth.app, auth.tokens[name]).get("/api/health").expect(200);
      expect(reader.body).toMatchObject({ status: "indexing", documents: 0, chunks: 0 });
      expect(reader.body.ingest).toEqual({ state: "running", phase: expect.any(String), queued: false });
    }
    const admin = await as(auth.app, auth.tokens["docs-admin"]).get("/api/health").expect(200);
    const openHealth = await as(open).get("/api/health").expect(200);
    expect(admin.body).toEqual(openHealth.body);
  });

  it("the other routes answer 503 with Retry-After; the file counts only to administrators and in open mode", async () => {
    const counted = /\d+ of \d+ files/u;
    const reader = await as(auth.app, auth.tokens.outsider).get("/api/search?q=x").expect(503);
    expect(reader.headers["retry-after"]).toBe("5");
    expect(reader.body.error.code).toBe("index_missing");
    expect(reader.body.error.message).not.toMatch(counted);
    expect(reader.body.error.message).not.toMatch(/\d/u);
    await as(auth.app, auth.tokens.editor).get("/api/tasks").expect(503);
    const admin = await as(auth.app, auth.tokens["docs-admin"]).get("/api/search?q=x").expect(503);
    expect(admin.body.error.message).toMatch(counted);
    const openSearch = await as(open).get("/api/search?q=x").expect(503);
    expect(openSearch.body.error.message).toMatch(counted);
    // Signed out: the route policy answers first.
    await as(auth.app).get("/api/search?q=x").expect(401);
  });
});

describe("once the first generation is live", () => {
  beforeAll(async () => {
    release();
    await firstRun;
  }, 60_000);

  it("/api/health counts what each caller may read and shows a reader when, not how much, the ingest ran", async () => {
    const anonymous = await as(auth.app).get("/api/health").expect(200);
    expect(anonymous.body).toEqual({ status: "ok", documents: 0, chunks: 0 });
    const whole = service.archives.get();
    const admin = await as(auth.app, auth.tokens["docs-admin"]).get("/api/health").expect(200);
    expect(admin.body).toMatchObject({ status: "ok", documents: whole.documents.length, chunks: whole.chunks.length, ingest: { state: "idle", last: { ok: true, documents: whole.documents.length } } });
    expect((await as(open).get("/api/health").expect(200)).body).toEqual(admin.body);
    const outsider = await as(auth.app, auth.tokens.outsider).get("/api/health").expect(200);
    const readable = await as(auth.app, auth.tokens.outsider).get("/api/documents").expect(200);
    expect(outsider.body.documents).toBe(readable.body.documents.length);
    expect(outsider.body.documents).toBeLessThan(whole.documents.length);
    expect(outsider.body.ingest).toEqual({ state: "idle", queued: false, last: { finishedAt: expect.any(String), ok: true } });
  });

  it("POST /api/admin/reindex and GET /api/admin/ingest are for administrators; the others never start an ingest", async () => {
    const before = service.ingest.status().last?.finishedAt;
    for (const [token, status] of [[undefined, 401], [auth.tokens.outsider, 403], [auth.tokens.editor, 403]] as const) {
      await as(auth.app, token).post("/api/admin/reindex").expect(status);
      await as(auth.app, token).get("/api/admin/ingest").expect(status);
    }
    expect(service.ingest.status().last?.finishedAt).toBe(before);
    const reindex = await as(auth.app, auth.tokens["docs-admin"]).post("/api/admin/reindex").expect(200);
    expect(reindex.body.summary.generation).toMatch(/^gen-/u);
    expect(JSON.stringify(reindex.body)).not.toContain(indexDir);
    const state = await as(auth.app, auth.tokens["docs-admin"]).get("/api/admin/ingest").expect(200);
    expect(state.body).toMatchObject({ state: "idle", last: { ok: true }, summary: { documents: service.archives.get().documents.length } });
    const refusals = auth.store.audit.list({ action: "access_denied", limit: 100 }).entries;
    expect(refusals.some((entry) => entry.target === "POST /api/admin/reindex" && entry.actor === "editor")).toBe(true);
    expect(auth.store.audit.list({ action: "reindex" }).entries.some((entry) => entry.actor === "docs-admin" && entry.outcome === "ok")).toBe(true);
  }, 60_000);

  it("refuses a browser request for another site on editor and administrator routes whatever it carries, in both modes", async () => {
    const crossSite = [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "http://evil.example" }, { origin: "null" }];
    const before = service.ingest.status().last?.finishedAt;
    for (const headers of crossSite) {
      const admin = await as(auth.app, auth.tokens["docs-admin"]).post("/api/admin/reindex").set(headers);
      expect(admin.status, JSON.stringify(headers)).toBe(403);
      expect(admin.body.error.code).toBe("forbidden");
      await as(auth.app, auth.tokens["docs-admin"]).get("/api/admin/ingest").set(headers).expect(403);
      await as(auth.app, auth.tokens["docs-admin"]).get("/api/admin/users").set(headers).expect(403);
      await as(auth.app, auth.tokens.editor).post("/api/documents").set(headers).attach("file", Buffer.from("THÔNG BÁO\nx\n"), "cross-site.txt").expect(403);
      // Open mode: the same routes, key or no key.
      await as(open).post("/api/admin/reindex").set(headers).expect(403);
      await as(open).get("/api/admin/ingest").set(headers).expect(403);
      await as(open).get("/metrics").set(headers).expect(403);
    }
    expect(service.ingest.status().last?.finishedAt).toBe(before);
    expect(auth.store.audit.list({ action: "access_denied", limit: 200 }).entries.some((entry) => entry.details.startsWith("from another site"))).toBe(true);
    // Same origin and scripts pass; read routes stay callable from other origins with a token (browser chat clients).
    await as(auth.app, auth.tokens["docs-admin"]).get("/api/admin/ingest").set({ "sec-fetch-site": "same-origin" }).expect(200);
    await as(open).get("/metrics").expect(200);
    await as(auth.app, auth.tokens.outsider).post("/api/ask").set({ origin: "http://chat.example", "sec-fetch-site": "cross-site" }).send({ question: "Sở Nội vụ phải làm gì?" }).expect(200);
  }, 60_000);
});
