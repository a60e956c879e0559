import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashedEmbeddings } from "../../../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../../../ingest/index/index-store.js";
import { runIngest } from "../../../ingest/run-ingest.js";
import type { OidcSignIn } from "../../../server/auth/oidc-sign-in.js";
import { ROUTE_POLICY, type Access } from "../../../server/auth/route-policy.js";
import { listRouteDescriptions } from "../../../server/http/route-descriptions.js";
import { createArchive } from "../../../server/retrieve/archive.js";
import { buildAccessArchive, createAuthTestApp, type AuthTestApp } from "../../helpers/access-fixture.js";
import { listMountedRoutes } from "../../helpers/list-mounted-routes.js";

/**
 * The route × role matrix: every route of the app (walked from the Express
 * router, and every route of the OpenAPI registry, and every entry of the
 * policy) answered for anonymous, reader, editor and administrator with
 * accounts on: 401 / 403 where the policy refuses, its success status where
 * it allows. A route added without a policy entry, or without a request in
 * this table, fails the first test.
 */
type Role = "anonymous" | "reader" | "editor" | "admin";
const ROLES: Role[] = ["anonymous", "reader", "editor", "admin"];
const TOKEN_USER: Record<Exclude<Role, "anonymous">, string> = { reader: "docs-reader", editor: "editor", admin: "docs-admin" };

let built: Awaited<ReturnType<typeof buildAccessArchive>>;
let auth: AuthTestApp;

/** The identity provider is a stand-in here (the real one is in oidc.test.ts): the matrix is about who may call the routes. */
const stubProvider: OidcSignIn = {
  start: async () => ({ url: "https://sso.example/authorize?x=1", transaction: { state: "s", nonce: "n", codeVerifier: "v" } }),
  finish: async () => {
    throw new Error("not used");
  },
};

beforeAll(async () => {
  built = await buildAccessArchive({ extra: { "delete-me-editor.txt": "THÔNG BÁO\nVăn bản thử xoá của biên tập viên.\n", "delete-me-admin.txt": "THÔNG BÁO\nVăn bản thử xoá của quản trị.\n" } });
  const embedder = new HashedEmbeddings({ dimension: 512 });
  auth = await createAuthTestApp({
    archive: built.archive,
    auth: { mode: "oidc", oidc: stubProvider },
    app: {
      corpusDir: built.corpusDir,
      reindex: async () => {
        const summary = await runIngest({ embedder }, { corpusDir: built.corpusDir, indexDir: built.indexDir, chunkChars: 1200, maxBytes: 50 * 1024 * 1024 });
        auth.holder.set(createArchive({ snapshot: await loadSnapshot(built.indexDir), embedder }));
        return summary;
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await auth.close();
  await built.cleanup();
});

type Send = (agent: ReturnType<typeof request>, role: Role) => request.Test;
type MatrixEntry = { send: Send; ok: number };

const json = { "content-type": "application/json" };
const mcpInitialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "matrix", version: "1" } } };

/** One real request per route, and the status it gets when allowed. */
const MATRIX: Record<string, MatrixEntry> = {
  "get /": { send: (agent) => agent.get("/"), ok: 200 },
  "get /search": { send: (agent) => agent.get("/search"), ok: 200 },
  "get /tasks": { send: (agent) => agent.get("/tasks"), ok: 200 },
  "get /documents": { send: (agent) => agent.get("/documents"), ok: 200 },
  "get /documents/:docId": { send: (agent) => agent.get("/documents/000_492514bbfbcde4f8"), ok: 200 },
  "get /login": { send: (agent) => agent.get("/login"), ok: 200 },
  "get /admin": { send: (agent) => agent.get("/admin"), ok: 200 },
  "get /embed/search": { send: (agent) => agent.get("/embed/search"), ok: 200 },
  "get /widget.js": { send: (agent) => agent.get("/widget.js"), ok: 200 },
  "get /example-widget.html": { send: (agent) => agent.get("/example-widget.html"), ok: 200 },
  "get /assets/*": { send: (agent) => agent.get("/assets/app.css"), ok: 200 },
  "get /api/openapi.json": { send: (agent) => agent.get("/api/openapi.json"), ok: 200 },
  "get /api/reference": { send: (agent) => agent.get("/api/reference"), ok: 200 },
  "get /api/auth/config": { send: (agent) => agent.get("/api/auth/config"), ok: 200 },
  "post /api/auth/login": { send: (agent) => agent.post("/api/auth/login").send({ username: "docs-reader", password: "reader password 1" }), ok: 200 },
  "post /api/auth/logout": { send: (agent) => agent.post("/api/auth/logout").send({}), ok: 200 },
  "get /api/auth/oidc/login": { send: (agent) => agent.get("/api/auth/oidc/login"), ok: 303 },
  "get /api/auth/oidc/callback": { send: (agent) => agent.get("/api/auth/oidc/callback?code=x&state=y"), ok: 303 },
  "get /api/auth/me": { send: (agent) => agent.get("/api/auth/me"), ok: 200 },
  "get /api/health": { send: (agent) => agent.get("/api/health"), ok: 200 },
  "get /api/search": { send: (agent) => agent.get("/api/search?q=S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5"), ok: 200 },
  "post /api/ask": { send: (agent) => agent.post("/api/ask").send({ question: "Sở Nội vụ phải nộp hồ sơ trước ngày nào?" }), ok: 200 },
  "get /api/documents": { send: (agent) => agent.get("/api/documents"), ok: 200 },
  "get /api/documents/:docId": { send: (agent) => agent.get("/api/documents/000_492514bbfbcde4f8"), ok: 200 },
  "get /api/examples": { send: (agent) => agent.get("/api/examples"), ok: 200 },
  "get /api/tasks": { send: (agent) => agent.get("/api/tasks"), ok: 200 },
  "get /api/tasks.csv": { send: (agent) => agent.get("/api/tasks.csv"), ok: 200 },
  "get /api/tasks.xlsx": { send: (agent) => agent.get("/api/tasks.xlsx"), ok: 200 },
  "get /api/tasks.ics": { send: (agent) => agent.get("/api/tasks.ics"), ok: 200 },
  "get /v1/models": { send: (agent) => agent.get("/v1/models"), ok: 200 },
  "get /v1/models/:model": { send: (agent) => agent.get("/v1/models/vanban"), ok: 200 },
  "post /v1/chat/completions": { send: (agent) => agent.post("/v1/chat/completions").send({ model: "vanban", messages: [{ role: "user", content: "Sở Nội vụ phải làm gì?" }] }), ok: 200 },
  "post /mcp": { send: (agent) => agent.post("/mcp").set("accept", "application/json, text/event-stream").send(mcpInitialize), ok: 200 },
  "all /mcp": { send: (agent) => agent.get("/mcp"), ok: 405 },
  "post /api/documents": {
    send: (agent, role) => agent.post("/api/documents").attach("file", Buffer.from(`THÔNG BÁO\nVăn bản tải lên bởi ${role}.\n`), `upload-${role}.txt`),
    ok: 200,
  },
  "delete /api/documents/:docId": { send: (agent, role) => agent.delete(`/api/documents/delete-me-${role === "admin" ? "admin" : "editor"}`), ok: 200 },
  "patch /api/tasks/:taskId": { send: (agent) => agent.patch("/api/tasks/000_492514bbfbcde4f8:652f232f31bf").set(json).send({ status: "done" }), ok: 200 },
  "get /api/admin/reindex/status": { send: (agent) => agent.get("/api/admin/reindex/status"), ok: 200 },
  "post /api/admin/reindex": { send: (agent) => agent.post("/api/admin/reindex").send({}), ok: 200 },
  "get /api/admin/ingest": { send: (agent) => agent.get("/api/admin/ingest"), ok: 200 },
  "get /metrics": { send: (agent) => agent.get("/metrics"), ok: 200 },
  "get /api/admin/users": { send: (agent) => agent.get("/api/admin/users"), ok: 200 },
  "post /api/admin/users": { send: (agent, role) => agent.post("/api/admin/users").send({ name: `made-by-${role}`, role: "reader" }), ok: 201 },
  "patch /api/admin/users/:name": { send: (agent) => agent.patch("/api/admin/users/docs-reader").send({ displayName: "Người đọc" }), ok: 200 },
  "post /api/admin/users/:name/tokens": { send: (agent) => agent.post("/api/admin/users/docs-reader/tokens").send({ label: "matrix" }), ok: 201 },
  "delete /api/admin/tokens/:tokenId": { send: (agent, role) => agent.delete(`/api/admin/tokens/matrix-token-${role}`), ok: 200 },
  "get /api/admin/groups": { send: (agent) => agent.get("/api/admin/groups"), ok: 200 },
  "get /api/admin/documents": { send: (agent) => agent.get("/api/admin/documents"), ok: 200 },
  "put /api/admin/documents/:docId/access": { send: (agent) => agent.put("/api/admin/documents/003_66615375c7bf5e13/access").send({ groups: [] }), ok: 200 },
  "delete /api/admin/documents/:docId/access": { send: (agent) => agent.delete("/api/admin/documents/003_66615375c7bf5e13/access"), ok: 200 },
  "get /api/admin/audit": { send: (agent) => agent.get("/api/admin/audit"), ok: 200 },
  "get /api/admin/audit.csv": { send: (agent) => agent.get("/api/admin/audit.csv"), ok: 200 },
};

const policyKey = (method: string, path: string) => `${method} ${path}`;
/** The policy entry of a route: its own method's, or the path's `all` entry. */
const policyOf = (key: string) => {
  const [method, path] = key.split(" ") as [string, string];
  return ROUTE_POLICY.find((entry) => entry.path === path && (entry.method === method || entry.method === "all"));
};
/** Every route to check: mounted, registered, or named by the policy. */
const allRouteKeys = () =>
  [...new Set([...listMountedRoutes(auth.app).map((route) => policyKey(route.method, route.path)), ...listRouteDescriptions().map((route) => policyKey(route.method, route.path)), ...ROUTE_POLICY.map((entry) => policyKey(entry.method, entry.path))])];

describe("the route × role matrix", () => {
  it("covers every route the app mounts, the registry describes and the policy names; each has a policy entry", () => {
    const mounted = listMountedRoutes(auth.app).map((route) => policyKey(route.method, route.path));
    const registered = listRouteDescriptions().map((route) => policyKey(route.method, route.path));
    expect(mounted.length).toBeGreaterThan(40);
    for (const key of [...mounted, ...registered]) {
      expect(policyOf(key), `${key} has a policy entry`).toBeDefined();
      expect(MATRIX[key], `${key} is in the matrix`).toBeDefined();
    }
    for (const entry of ROUTE_POLICY) expect(MATRIX[policyKey(entry.method, entry.path)], `${entry.method} ${entry.path} (policy) is in the matrix`).toBeDefined();
  });

  const expected = (access: Access, role: Role, ok: number) => {
    if (access === "public") return ok;
    if (role === "anonymous") return 401;
    const rank = { reader: 1, editor: 2, admin: 3 };
    return rank[role] >= rank[access] ? ok : 403;
  };

  it("answers each route for each role as the policy says", async () => {
    for (const role of ["admin", "editor"] as const) {
      auth.store.database.prepare("INSERT INTO api_tokens (id, user_id, label, created_at) VALUES (?, (SELECT id FROM users WHERE name = 'docs-admin'), 'matrix', '2024-01-01T00:00:00Z')").run(`matrix-token-${role}`);
    }
    const rows: string[] = [];
    const keys = allRouteKeys();
    for (const key of keys) {
      const entry = policyOf(key)!;
      const { send, ok } = MATRIX[key]!;
      const statuses: string[] = [];
      for (const role of ROLES) {
        let pending = send(request(auth.app), role);
        if (role !== "anonymous") pending = pending.set("authorization", `Bearer ${auth.tokens[TOKEN_USER[role]]}`);
        const response = await pending;
        const want = expected(entry.access, role, ok);
        expect(response.status, `${key} as ${role}: ${JSON.stringify(response.body).slice(0, 200)}`).toBe(want);
        statuses.push(String(response.status));
      }
      rows.push(`${key.padEnd(45)} ${entry.access.padEnd(7)} ${statuses.join(" ")}`);
    }
    // Refusals are audited.
    const refusals = auth.store.audit.list({ action: "access_denied", limit: 1000 }).entries;
    expect(refusals.some((entry) => entry.target === "POST /api/admin/reindex" && entry.actor === "editor")).toBe(true);
    expect(refusals.some((entry) => entry.target === "GET /api/search" && entry.actor === "anonymous")).toBe(true);
    // And the changes.
    const actions = new Set(auth.store.audit.list({ limit: 1000 }).entries.filter((entry) => entry.outcome === "ok").map((entry) => entry.action));
    for (const action of ["upload", "delete_document", "task_change", "reindex", "user_change", "token_change", "document_access_change", "sign_in"]) expect(actions.has(action as never), action).toBe(true);
    expect(rows.length).toBe(keys.length);
    expect(rows.length).toBeGreaterThanOrEqual(ROUTE_POLICY.length);
  }, 240_000);

  it("refuses, with accounts on, a path no policy names (a route added without one is unreachable)", async () => {
    const response = await request(auth.app).get("/api/not-a-route").set("authorization", `Bearer ${auth.tokens["docs-admin"]}`);
    expect(response.status).toBe(404);
  });

  it("files an editor's upload into a group they are in, refuses one they are not in, and never replaces a file they may not read", async () => {
    const editor = `Bearer ${auth.tokens.editor}`;
    const filed = await request(auth.app).post("/api/documents").set("authorization", editor).field("group", "mat").attach("file", Buffer.from("THÔNG BÁO\nTài liệu nhóm mật của biên tập viên Zorblat.\n"), "nhom-mat.txt");
    expect(filed.status).toBe(200);
    expect(filed.body.results[0]).toMatchObject({ status: "indexed", docId: "mat-nhom-mat" });
    expect(existsSync(path.join(built.corpusDir, "@mat", "nhom-mat.txt"))).toBe(true);
    // Not visible to a reader outside the group.
    await request(auth.app).get("/api/documents/mat-nhom-mat").set("authorization", `Bearer ${auth.tokens["docs-reader"]}`).expect(404);
    await request(auth.app).post("/api/documents").set("authorization", editor).field("group", "to-chuc").attach("file", Buffer.from("x y z"), "khac.txt").expect(403);
    // Nor replace a file whose document they may not read (the `to-chuc` notice, by its sidecar).
    const before = readFileSync(path.join(built.corpusDir, "zz-nhan-su-quy-hoach.txt"), "utf8");
    const replaced = await request(auth.app).post("/api/documents").set("authorization", editor).attach("file", Buffer.from("THÔNG BÁO\nđè lên\n"), "zz-nhan-su-quy-hoach.txt");
    expect(replaced.status).toBe(400);
    expect(replaced.body.results[0]).toMatchObject({ status: "rejected", error: { code: "conflict" } });
    expect(readFileSync(path.join(built.corpusDir, "zz-nhan-su-quy-hoach.txt"), "utf8")).toBe(before);
    // An editor's summary counts only what they may read.
    expect(filed.body.summary).toEqual({ documents: expect.any(Number), chunks: expect.any(Number), seconds: expect.any(Number), failed: [] });
    const readable = await request(auth.app).get("/api/documents").set("authorization", editor).expect(200);
    expect(filed.body.summary.documents).toBe(readable.body.documents.length);
  }, 60_000);
});
