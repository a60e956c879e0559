import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Archive } from "../../../server/retrieve/archive.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";
import { createAuthTestApp, TEST_USERS, type AuthTestApp } from "../../helpers/access-fixture.js";

/**
 * Local accounts over HTTP: sign-in sets an HttpOnly, SameSite cookie and
 * answers the CSRF token; changes made with the cookie need that token and
 * the same origin; a signed-out session cannot be replayed; 1,000 guessed
 * passwords are stopped per account and per address; a tampered API token is
 * refused. Every refusal and sign-in reaches the audit log.
 */
let archive: Archive;
let cleanup: () => Promise<void>;
let auth: AuthTestApp;

const admin = TEST_USERS.find((user) => user.name === "docs-admin")!;
const reader = TEST_USERS.find((user) => user.name === "docs-reader")!;

beforeAll(async () => {
  const built = await buildTestArchive();
  archive = built.archive;
  cleanup = built.cleanup;
  auth = await createAuthTestApp({ archive });
});

afterAll(async () => {
  await auth.close();
  await cleanup();
});

async function signIn(user: { name: string; password: string }, app = auth.app) {
  const response = await request(app).post("/api/auth/login").send({ username: user.name, password: user.password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const cookie = String(response.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
  return { cookie, csrfToken: response.body.csrfToken as string, setCookie: String(response.headers["set-cookie"]?.[0] ?? "") };
}

describe("signing in with a local account", () => {
  it("sets a session cookie that is HttpOnly and SameSite, and answers the CSRF token", async () => {
    const { setCookie, csrfToken, cookie } = await signIn(admin);
    expect(setCookie).toMatch(/^vanban_session=[A-Za-z0-9_-]{40,}; /u);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(csrfToken.length).toBeGreaterThanOrEqual(24);
    const me = await request(auth.app).get("/api/auth/me").set("cookie", cookie).expect(200);
    expect(me.body).toMatchObject({ mode: "local", via: "session", csrfToken, user: { name: "docs-admin", role: "admin" } });
  });

  it("marks the cookie Secure (and __Host-) when the request came over HTTPS through a trusted proxy", async () => {
    const proxied = await createAuthTestApp({ archive, app: { trustProxy: "loopback" } });
    try {
      const response = await request(proxied.app).post("/api/auth/login").set("x-forwarded-proto", "https").send({ username: admin.name, password: admin.password }).expect(200);
      const setCookie = String(response.headers["set-cookie"]?.[0]);
      expect(setCookie).toMatch(/^__Host-vanban_session=/u);
      expect(setCookie).toContain("Secure");
    } finally {
      await proxied.close();
    }
  });

  it("refuses a wrong password and an unknown user alike, and records both", async () => {
    const wrong = await request(auth.app).post("/api/auth/login").send({ username: reader.name, password: "not the password" }).expect(401);
    const unknown = await request(auth.app).post("/api/auth/login").send({ username: "nobody-at-all", password: "not the password" }).expect(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    const failed = auth.store.audit.list({ action: "sign_in" }).entries.filter((entry) => entry.outcome === "failed").map((entry) => entry.target);
    expect(failed).toEqual(expect.arrayContaining([reader.name, "nobody-at-all"]));
  });

  it("needs a session or a token on every read of the archive", async () => {
    await request(auth.app).get("/api/search").query({ q: "Sở Nội vụ" }).expect(401);
    const { cookie } = await signIn(reader);
    const found = await request(auth.app).get("/api/search").query({ q: "Sở Nội vụ" }).set("cookie", cookie).expect(200);
    expect(found.body.total).toBeGreaterThan(0);
  });
});

describe("CSRF", () => {
  it("refuses a change made with the cookie without the token, with a wrong one, or from another origin", async () => {
    const { cookie, csrfToken } = await signIn(admin);
    const without = await request(auth.app).post("/api/ask").set("cookie", cookie).send({ question: "Sở Nội vụ phải làm gì?" });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe("csrf_failed");
    await request(auth.app).post("/api/ask").set("cookie", cookie).set("x-csrf-token", `${csrfToken.slice(0, -1)}${csrfToken.endsWith("x") ? "y" : "x"}`).send({ question: "Sở Nội vụ phải làm gì?" }).expect(403);
    // What a page on another site can make a browser send: the cookie (were it sent), a form body, its own Origin, no token.
    const crossSite = await request(auth.app).post("/api/admin/reindex").set("cookie", cookie).set("origin", "http://evil.example").type("form").send("x=1");
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("csrf_failed");
    // Even a stolen token does not help a page of another origin.
    await request(auth.app).post("/api/ask").set("cookie", cookie).set("x-csrf-token", csrfToken).set("origin", "http://evil.example").send({ question: "x" }).expect(403);
    const allowed = await request(auth.app).post("/api/ask").set("cookie", cookie).set("x-csrf-token", csrfToken).send({ question: "Sở Nội vụ phải nộp hồ sơ trước ngày nào?" });
    expect(allowed.status).toBe(200);
    expect(auth.store.audit.list({ action: "access_denied" }).entries.some((entry) => entry.details.includes("Cross-origin"))).toBe(true);
  });

  it("refuses a sign-in posted from another origin (login CSRF)", async () => {
    const response = await request(auth.app).post("/api/auth/login").set("origin", "http://evil.example").send({ username: admin.name, password: admin.password });
    expect(response.status).toBe(403);
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("lets API tokens through without a CSRF token (no cookie, nothing for a browser to replay)", async () => {
    const response = await request(auth.app).post("/api/ask").set("authorization", `Bearer ${auth.tokens["docs-reader"]}`).send({ question: "Sở Nội vụ phải nộp hồ sơ trước ngày nào?" });
    expect(response.status).toBe(200);
  });
});

describe("signing out", () => {
  it("ends the session: the same cookie replayed afterwards is anonymous", async () => {
    const { cookie, csrfToken } = await signIn(reader);
    await request(auth.app).get("/api/documents").set("cookie", cookie).expect(200);
    const out = await request(auth.app).post("/api/auth/logout").set("cookie", cookie).set("x-csrf-token", csrfToken).expect(200);
    expect(out.body).toEqual({ signedOut: true });
    expect(String(out.headers["set-cookie"]?.[0])).toMatch(/Max-Age=0/u);
    const replayed = await request(auth.app).get("/api/documents").set("cookie", cookie);
    expect(replayed.status).toBe(401);
    await request(auth.app).get("/api/auth/me").set("cookie", cookie).expect(401);
    await request(auth.app).post("/api/ask").set("cookie", cookie).set("x-csrf-token", csrfToken).send({ question: "x y z" }).expect(401);
  });

  it("refuses a sign-out without the CSRF token (a page elsewhere cannot sign people out)", async () => {
    const { cookie } = await signIn(reader);
    await request(auth.app).post("/api/auth/logout").set("cookie", cookie).expect(403);
    await request(auth.app).get("/api/documents").set("cookie", cookie).expect(200);
  });

  it("ends every session of a user whose password or role an administrator changes", async () => {
    const victim = { name: "rotated", password: "rotated password 1" };
    await request(auth.app).post("/api/admin/users").set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).send({ name: victim.name, role: "reader", password: victim.password }).expect(201);
    const { cookie } = await signIn(victim);
    await request(auth.app).get("/api/documents").set("cookie", cookie).expect(200);
    await request(auth.app).patch(`/api/admin/users/${victim.name}`).set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).send({ password: "a brand new password" }).expect(200);
    await request(auth.app).get("/api/documents").set("cookie", cookie).expect(401);
  });

  it("refuses a forged or expired cookie", async () => {
    await request(auth.app).get("/api/documents").set("cookie", "vanban_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").expect(401);
    const clock = { now: new Date("2024-05-01T00:00:00Z") };
    const shortLived = await createAuthTestApp({ archive, auth: { sessionMs: 60_000 }, app: { today: () => clock.now } });
    try {
      const { cookie } = await signIn(reader, shortLived.app);
      await request(shortLived.app).get("/api/documents").set("cookie", cookie).expect(200);
      clock.now = new Date("2024-05-01T00:02:00Z");
      await request(shortLived.app).get("/api/documents").set("cookie", cookie).expect(401);
    } finally {
      await shortLived.close();
    }
  });
});

describe("guessing passwords", () => {
  it("stops a run of 1,000 passwords against one account from one address, the right one included, without hashing them all", async () => {
    const target = await createAuthTestApp({ archive });
    try {
      const guesses = Array.from({ length: 1000 }, (_, i) => `guess-${i}-password`);
      guesses[500] = reader.password;
      const statuses = new Map<number, number>();
      const started = performance.now();
      for (const guess of guesses) {
        const response = await request(target.app).post("/api/auth/login").send({ username: reader.name, password: guess });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.headers["set-cookie"]).toBeUndefined();
      }
      const seconds = (performance.now() - started) / 1000;
      // Five wrong answers, then the account is locked: the right password (the 501st) is refused too.
      expect(statuses.get(401)).toBe(5);
      expect(statuses.get(429)).toBe(995);
      expect(statuses.get(200)).toBeUndefined();
      expect(seconds).toBeLessThan(60);
      const locked = await request(target.app).post("/api/auth/login").send({ username: reader.name, password: reader.password });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
      // Refused attempts are not failures: the address counted 5, so another account still signs in from it.
      await request(target.app).post("/api/auth/login").send({ username: admin.name, password: admin.password }).expect(200);
      const denied = target.store.audit.list({ action: "sign_in", limit: 5000 }).entries.filter((entry) => entry.outcome === "denied");
      expect(denied.length).toBeGreaterThanOrEqual(995);
    } finally {
      await target.close();
    }
  }, 120_000);

  it("locks an account guessed from 1,000 different addresses (per account), and an address trying many accounts (per address)", async () => {
    const target = await createAuthTestApp({ archive, app: { trustProxy: "loopback" } });
    try {
      let refused = 0;
      for (let i = 0; i < 1000; i++) {
        const address = `10.${Math.floor(i / 250)}.${i % 250}.1`;
        const guess = i === 700 ? admin.password : `guess-${i}`;
        const response = await request(target.app).post("/api/auth/login").set("x-forwarded-for", address).send({ username: admin.name, password: guess });
        expect(response.status).not.toBe(200);
        if (response.status === 429) refused++;
      }
      expect(refused).toBe(995);
      // One address against many accounts: 20 failures, then that address is refused whatever it tries.
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const response = await request(target.app).post("/api/auth/login").set("x-forwarded-for", "192.0.2.7").send({ username: `user-${i}`, password: "guess" });
        statuses.push(response.status);
      }
      expect(statuses.filter((status) => status === 401)).toHaveLength(20);
      expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
      await request(target.app).post("/api/auth/login").set("x-forwarded-for", "192.0.2.7").send({ username: reader.name, password: reader.password }).expect(429);
      // A reader elsewhere still signs in.
      await request(target.app).post("/api/auth/login").set("x-forwarded-for", "192.0.2.8").send({ username: reader.name, password: reader.password }).expect(200);
    } finally {
      await target.close();
    }
  }, 120_000);
});

describe("API tokens", () => {
  it("work as Authorization: Bearer (and x-api-key) for the API, /v1 and /mcp", async () => {
    const bearer = `Bearer ${auth.tokens["docs-reader"]}`;
    await request(auth.app).get("/api/health").set("authorization", bearer).expect(200);
    await request(auth.app).get("/api/health").set("x-api-key", auth.tokens["docs-reader"]!).expect(200);
    // An open-mode API key a page still remembers is not a token: the session decides.
    const { cookie } = await signIn(reader);
    await request(auth.app).get("/api/health").set("cookie", cookie).set("x-api-key", "old-open-mode-key").expect(200);
    await request(auth.app).get("/api/health").set("x-api-key", "vb1.forged.token").expect(401);
    const models = await request(auth.app).get("/v1/models").set("authorization", bearer).expect(200);
    expect(models.body.data[0].id).toBe("vanban");
    await request(auth.app).get("/v1/models").expect(401);
    const mcp = await request(auth.app)
      .post("/mcp")
      .set("authorization", bearer)
      .set("accept", "application/json, text/event-stream")
      .send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    expect(mcp.status).toBe(200);
    await request(auth.app).post("/mcp").set("accept", "application/json, text/event-stream").send({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }).expect(401);
  });

  it("refuse a token whose signature was tampered with, one made with another key, and a revoked one", async () => {
    const token = auth.tokens["docs-admin"]!;
    const [prefix, id, signature] = token.split(".") as [string, string, string];
    const flipped = signature.slice(0, 5) + (signature[5] === "A" ? "B" : "A") + signature.slice(6);
    for (const forged of [`${prefix}.${id}.${flipped}`, `${prefix}.${id}x.${signature}`, `${prefix}.${id}.${signature}x`, `${prefix}.${id.replace(/^./u, id.startsWith("Z") ? "Y" : "Z")}.${signature}`, "vb1.not-a-token"]) {
      const response = await request(auth.app).get("/api/admin/users").set("authorization", `Bearer ${forged}`);
      expect(response.status, forged).toBe(401);
    }
    const other = await createAuthTestApp({ archive });
    try {
      // Same id, signed by another server's key.
      await request(auth.app).get("/api/health").set("authorization", `Bearer ${other.tokens["docs-admin"]}`).expect(401);
    } finally {
      await other.close();
    }
    expect(auth.store.audit.list({ action: "access_denied" }).entries.some((entry) => entry.details === "token signature does not verify")).toBe(true);
    const issued = await request(auth.app).post("/api/admin/users/docs-reader/tokens").set("authorization", `Bearer ${token}`).send({ label: "to revoke" }).expect(201);
    await request(auth.app).get("/api/health").set("authorization", `Bearer ${issued.body.token}`).expect(200);
    await request(auth.app).delete(`/api/admin/tokens/${issued.body.id}`).set("authorization", `Bearer ${token}`).expect(200);
    await request(auth.app).get("/api/health").set("authorization", `Bearer ${issued.body.token}`).expect(401);
  });

  it("stop working when their user is disabled", async () => {
    await request(auth.app).post("/api/admin/users").set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).send({ name: "leaver", role: "editor" }).expect(201);
    const issued = await request(auth.app).post("/api/admin/users/leaver/tokens").set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).send({}).expect(201);
    await request(auth.app).get("/api/health").set("authorization", `Bearer ${issued.body.token}`).expect(200);
    await request(auth.app).patch("/api/admin/users/leaver").set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).send({ disabled: true }).expect(200);
    await request(auth.app).get("/api/health").set("authorization", `Bearer ${issued.body.token}`).expect(401);
  });
});

describe("the audit log", () => {
  it("is for administrators, filterable and exportable as CSV", async () => {
    await request(auth.app).get("/api/admin/audit").set("authorization", `Bearer ${auth.tokens["docs-reader"]}`).expect(403);
    const log = await request(auth.app).get("/api/admin/audit").query({ action: "sign_in", limit: 5 }).set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).expect(200);
    expect(log.body.entries.length).toBeGreaterThan(0);
    expect(log.body.entries.every((entry: { action: string }) => entry.action === "sign_in")).toBe(true);
    const csv = await request(auth.app).get("/api/admin/audit.csv").set("authorization", `Bearer ${auth.tokens["docs-admin"]}`).expect(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/u);
    expect(csv.text.startsWith("\uFEFFat,actor,action,outcome,target,address,requestId,details")).toBe(true);
    expect(csv.text).toContain("access_denied");
  });
});
