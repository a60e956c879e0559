import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "htmlparser2";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { useTestArchive } from "../../helpers/start-test-server.js";

/**
 * Security basics of the HTTP app: helmet headers with a CSP the pages live
 * with, request size limits, rate limiting, the optional API key on admin
 * endpoints, and no file outside web/ through any file-serving route.
 */
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../web");

const sample = useTestArchive();

const appWith = (options: Partial<Parameters<typeof createApp>[0]> = {}) => createApp({ archives: new ArchiveHolder(sample.archive), rateLimitPerMinute: 0, ...options });

describe("helmet headers", () => {
  it.each(["/", "/search", "/api/health", "/api/search?q=s%E1%BB%9F%20n%E1%BB%99i%20v%E1%BB%A5", "/no-such-page"])("%s carries a strict CSP and the usual hardening headers", async (url) => {
    const response = await request(appWith()).get(url);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/u);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    // Plain HTTP: HSTS would mean nothing to a browser (and is sent over HTTPS only, below).
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    expect(response.headers["x-powered-by"]).toBeUndefined();
  });

  it("sends HSTS over HTTPS (here behind a trusted TLS proxy), never over plain HTTP", async () => {
    const app = appWith();
    app.set("trust proxy", "loopback");
    const secure = await request(app).get("/api/health").set("x-forwarded-proto", "https").expect(200);
    expect(secure.headers["strict-transport-security"]).toMatch(/max-age=\d+/u);
    const plain = await request(app).get("/api/health").set("x-forwarded-proto", "http").expect(200);
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });

  it("lets other intranet pages frame the embeddable search, and only that page", async () => {
    const response = await request(appWith()).get("/embed/search").expect(200);
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors *");
    expect(response.headers["x-frame-options"]).toBeUndefined();
  });
});

describe("the pages work under that CSP", () => {
  const pages = readdirSync(WEB_DIR).filter((name) => name.endsWith(".html"));

  it("has pages to check", () => {
    expect(pages).toEqual(expect.arrayContaining(["index.html", "search.html", "document.html", "embed-search.html"]));
  });

  // script-src 'self' and style-src 'self' (no 'unsafe-inline') block inline
  // scripts, inline handlers, javascript: URLs, <style> blocks, style
  // attributes and anything from another origin.
  it.each(pages)("%s uses only same-origin script and style files", (page) => {
    const violations: string[] = [];
    let inScript = false;
    const parser = new Parser({
      onopentag(name, attributes) {
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/iu.test(attribute)) violations.push(`inline handler ${attribute} on <${name}>`);
          if (attribute === "style") violations.push(`style attribute on <${name}>`);
          if (/^\s*javascript:/iu.test(value)) violations.push(`javascript: URL in ${attribute}`);
        }
        if (name === "script") {
          inScript = true;
          if (!attributes.src) violations.push("inline <script>");
          else if (/^(?:[a-z]+:)?\/\//iu.test(attributes.src)) violations.push(`script from another origin: ${attributes.src}`);
        }
        if (name === "style") violations.push("inline <style>");
        if (name === "link" && /stylesheet/iu.test(attributes.rel ?? "") && /^(?:[a-z]+:)?\/\//iu.test(attributes.href ?? "")) violations.push(`stylesheet from another origin: ${attributes.href}`);
      },
      ontext(text) {
        if (inScript && text.trim()) violations.push("inline script content");
      },
      onclosetag(name) {
        if (name === "script") inScript = false;
      },
    });
    parser.write(readFileSync(path.join(WEB_DIR, page), "utf8"));
    parser.end();
    expect(violations).toEqual([]);
  });

  it("serves the page scripts and styles the pages name", async () => {
    const app = appWith();
    for (const asset of ["/assets/app.css", "/assets/chat.js", "/assets/search.js", "/widget.js"]) {
      const response = await request(app).get(asset);
      expect(response.status, asset).toBe(200);
    }
  });
});

describe("request size limits", () => {
  it("answers 413 to a 100 kB question, with the JSON error shape", async () => {
    const response = await request(appWith())
      .post("/api/ask")
      .set("content-type", "application/json")
      .send(JSON.stringify({ question: "Sở Nội vụ ".repeat(10_000) }))
      .expect(413);
    expect(response.body).toEqual({ error: { code: "payload_too_large", message: expect.any(String), requestId: expect.any(String) } });
  });

  it("answers 400, not 413, to a question under the body limit but over the question limit", async () => {
    const response = await request(appWith()).post("/api/ask").send({ question: "a".repeat(5000) }).expect(400);
    expect(response.body.error.code).toBe("bad_request");
  });

  it("answers 400 to an over-long search query", async () => {
    const response = await request(appWith()).get("/api/search").query({ q: "x".repeat(5000) }).expect(400);
    expect(response.body.error.code).toBe("bad_request");
  });
});

describe("rate limiting", () => {
  it("answers 429 with the JSON error shape once a client exceeds RATE_LIMIT_PER_MIN on /api/ask", async () => {
    const app = appWith({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      await request(app).post("/api/ask").send({ question: "Sở Nội vụ phải làm gì?" }).expect(200);
    }
    const limited = await request(app).post("/api/ask").send({ question: "Sở Nội vụ phải làm gì?" }).expect(429);
    expect(limited.body).toEqual({ error: { code: "rate_limited", message: expect.any(String), requestId: expect.any(String) } });
    expect(String(limited.headers["ratelimit-policy"] ?? limited.headers["ratelimit"] ?? "")).toMatch(/3/u);
  });

  it("does not limit the pages, and does not limit at all when set to 0", async () => {
    const limited = appWith({ rateLimitPerMinute: 1 });
    await request(limited).get("/api/health").expect(200);
    for (let i = 0; i < 3; i++) await request(limited).get("/").expect(200);
    const unlimited = appWith({ rateLimitPerMinute: 0 });
    for (let i = 0; i < 20; i++) await request(unlimited).get("/api/health").expect(200);
  });
});

describe("API key on admin endpoints", () => {
  const withKey = () => {
    const calls: number[] = [];
    const app = appWith({ apiKey: "s3cret-key", reindex: async () => calls.push(Date.now()) });
    return { app, calls };
  };

  it.each([
    ["no key", {}],
    ["a wrong key", { "x-api-key": "guess" }],
    ["a wrong bearer token", { authorization: "Bearer guess" }],
    ["the key in another header", { "x-api-token": "s3cret-key" }],
  ])("refuses POST /api/admin/reindex with %s (401) and does not re-index", async (_label, headers) => {
    const { app, calls } = withKey();
    const response = await request(app).post("/api/admin/reindex").set(headers).expect(401);
    expect(response.body.error.code).toBe("unauthorized");
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["x-api-key", { "x-api-key": "s3cret-key" }],
    ["a bearer token", { authorization: "Bearer s3cret-key" }],
  ])("accepts the key as %s", async (_label, headers) => {
    const { app, calls } = withKey();
    await request(app).post("/api/admin/reindex").set(headers).expect(200);
    expect(calls).toHaveLength(1);
  });

  it("keeps read endpoints open without a key", async () => {
    const { app } = withKey();
    await request(app).get("/api/search").query({ q: "Sở Nội vụ" }).expect(200);
    await request(app).post("/api/ask").send({ question: "Sở Nội vụ phải làm gì?" }).expect(200);
  });

  it("is optional: without API_KEY the admin endpoint needs none", async () => {
    let calls = 0;
    const app = appWith({ reindex: async () => calls++ });
    await request(app).post("/api/admin/reindex").expect(200);
    expect(calls).toBe(1);
  });
});

describe("path traversal", () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = appWith().listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The path is sent byte for byte: HTTP clients (fetch, supertest) would normalize "..". */
  const rawGet = (rawPath: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = http.request({ host: "127.0.0.1", port, path: rawPath, method: "GET" }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (data: string) => (body += data));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      outgoing.on("error", reject);
      outgoing.end();
    });

  const secrets = [/"name":\s*"vanban"/u, /root:.*:0:0:/u, /"compilerOptions"/u, /import .* from/u];

  it.each([
    "/assets/../package.json",
    "/assets/../../package.json",
    "/assets/..%2fpackage.json",
    "/assets/..%2f..%2fpackage.json",
    "/assets/%2e%2e/%2e%2e/package.json",
    "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
    "/assets/%252e%252e/%252e%252e/package.json",
    "/assets/..%5c..%5cpackage.json",
    "/assets/....//....//package.json",
    "/assets/../../../../../../etc/passwd",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets/app.css%00../../package.json",
    "/assets/..%00/package.json",
    "/assets//etc/passwd",
    "/assets/%2fetc%2fpasswd",
    "/assets/../index.html",
    "/assets/.hidden",
    "/../package.json",
    "/..%2fpackage.json",
    "/%2e%2e/tsconfig.json",
    "/widget.js/../package.json",
    "/assets/../../server/main.ts",
    "/api/documents/..%2f..%2fpackage.json",
    "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  ])("GET %s is a 404 and never a file outside web/", async (rawPath) => {
    const response = await rawGet(rawPath);
    expect(response.status).toBe(404);
    for (const secret of secrets) expect(response.body).not.toMatch(secret);
  });

  it.each(["/documents/..%2f..%2fpackage.json", "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd"])("the viewer route %s only ever serves the viewer page", async (rawPath) => {
    const response = await rawGet(rawPath);
    expect([200, 404]).toContain(response.status);
    for (const secret of secrets) expect(response.body).not.toMatch(secret);
    if (response.status === 200) expect(response.body).toBe(readFileSync(path.join(WEB_DIR, "document.html"), "utf8"));
  });

  it("still serves a real asset through the same route", async () => {
    const response = await rawGet("/assets/app.css");
    expect(response.status).toBe(200);
    expect(response.body).toBe(readFileSync(path.join(WEB_DIR, "assets/app.css"), "utf8"));
  });
});
