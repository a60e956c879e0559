import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../server/http/archive-holder.js";
import { createApp } from "../../server/http/create-app.js";
import { buildTestArchive } from "../helpers/start-test-server.js";

/**
 * Property tests of the HTTP API with malformed requests: wrong types, huge
 * bodies, invalid UTF-8, control characters, unknown and prototype-polluting
 * fields, odd methods, paths and headers. The app runs in-process over the
 * real sample archive; every answer must be below 500 and, for a 4xx, carry
 * the `{"error":{"code","message"}}` shape; the server must keep serving.
 *
 * Quick in `npm test`; `npm run bench` runs it with VANBAN_FULL=1 (many more runs).
 */
const FULL = process.env.VANBAN_FULL === "1";
const RUNS = FULL ? 600 : 40;

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

let server: http.Server;
let port: number;
let cleanup: () => Promise<void>;
const unexpectedErrors: unknown[] = [];

beforeAll(async () => {
  const built = await buildTestArchive();
  cleanup = built.cleanup;
  // A logger that records what the error middleware considers a bug (a 500).
  const logger = { error: (payload: unknown) => unexpectedErrors.push(payload) } as unknown as Parameters<typeof createApp>[0]["logger"];
  const app = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0, apiKey: "fuzz-key", reindex: async () => ({ ok: true }), logger });
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await cleanup();
});

/** Sends exactly these bytes (path, headers, body): no client-side normalization or encoding. */
function send(options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, "utf8");
    const headers: Record<string, string> = { ...options.headers };
    if (body && !options.chunked) headers["content-length"] = String(body.length);
    // Node's client refuses raw spaces and control characters in a request line; those are sent escaped.
    const path = options.path.replace(/[^\x21-\x7e]/gu, (character) => encodeURIComponent(character));
    const outgoing = http.request({ host: "127.0.0.1", port, method: options.method, path, headers }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (data: Buffer) => parts.push(data));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString("utf8") }));
      response.on("error", reject);
    });
    // The server may answer (413) and close before the whole body is sent.
    outgoing.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve({ status: 0, headers: {}, body: "" }) : reject(error)));
    if (body) outgoing.write(body);
    outgoing.end();
  });
}

/** The contract for any reply to a malformed request. */
function expectHandled(reply: Reply, context: string): void {
  // status 0: the server closed the connection on a body it refused (413), which is allowed.
  if (reply.status === 0) return;
  expect(reply.status, `${context} -> ${reply.status} ${reply.body.slice(0, 200)}`).toBeLessThan(500);
  expect(reply.body).not.toMatch(/\n\s+at .*\.(?:ts|js):\d+/u);
  // HEAD answers carry headers only.
  if (reply.status >= 400 && reply.body && String(reply.headers["content-type"] ?? "").includes("json")) {
    const parsed = JSON.parse(reply.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof parsed.error?.code, context).toBe("string");
    expect(typeof parsed.error?.message, context).toBe("string");
  }
}

const json = { "content-type": "application/json" };

/** Percent-encodes a UTF-8 string, sometimes leaving raw bytes or broken escapes (%zz, lone %, invalid UTF-8). */
const encodedText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }).map((text) => encodeURIComponent(text)),
  fc.string({ unit: "binary", maxLength: 40 }).map((text) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/gu, "\uFFFD"))),
  fc.constantFrom("%", "%zz", "%C3%28", "%FF%FE", "%ED%A0%80", "%00", "%0d%0a", "%E1%BB", "a%2", "%%", "..%2f..%2f", "%u0041", "+", "&", "="),
  fc.uint8Array({ maxLength: 20 }).map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("")),
  fc.integer().map(String),
  fc.constantFrom("1e308", "-0", "NaN", "Infinity", "0x10", "9".repeat(40), "", "%20", "true", "null", "[]", "{}"),
);

const queryKey = fc.oneof(
  fc.constantFrom("q", "k", "offset", "province", "year", "type", "q[]", "k[]", "q[0]", "__proto__", "__proto__[polluted]", "constructor[prototype][polluted]", "toString", "hasOwnProperty"),
  fc.string({ maxLength: 10 }).map((key) => encodeURIComponent(key)),
);

describe("GET /api/search with malformed query strings", () => {
  it("never answers 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(queryKey, encodedText), { maxLength: 8 }), fc.boolean(), async (pairs, withQuestion) => {
        const parts = pairs.map(([key, value]) => `${key}=${value}`);
        if (withQuestion) parts.unshift(`q=${encodeURIComponent("Sở Nội vụ")}`);
        const path = `/api/search?${parts.join("&")}`;
        expectHandled(await send({ method: "GET", path }), path);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["repeated q", "/api/search?q=a&q=b"],
    ["array k", "/api/search?q=a&k[]=1&k[]=2"],
    ["huge k", `/api/search?q=a&k=${"9".repeat(400)}`],
    ["negative offset", "/api/search?q=a&offset=-1"],
    ["invalid UTF-8", "/api/search?q=%C3%28%FF"],
    ["NUL and controls", "/api/search?q=%00%01%1b%7f%C2%85"],
    ["year out of range", "/api/search?q=a&year=99999"],
    ["lone surrogate escape", "/api/search?q=%ED%A0%80"],
  ])("answers 4xx or 200, never 5xx: %s", async (_label, path) => {
    const reply = await send({ method: "GET", path });
    expectHandled(reply, path);
  });
});

/** Any JSON value, with the ask body's field names and prototype-polluting keys mixed in. */
const askLikeBody = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      question: fc.oneof(fc.string({ unit: "grapheme", maxLength: 300 }), fc.jsonValue(), fc.string({ unit: "binary", maxLength: 100 })),
      k: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.array(fc.integer())),
      filters: fc.oneof(fc.jsonValue(), fc.record({ province: fc.jsonValue(), year: fc.jsonValue(), type: fc.jsonValue(), docId: fc.jsonValue() }, { requiredKeys: [] })),
      history: fc.oneof(fc.jsonValue(), fc.array(fc.record({ role: fc.oneof(fc.constantFrom("user", "assistant", "system"), fc.string()), content: fc.jsonValue() }), { maxLength: 5 })),
      today: fc.oneof(fc.string(), fc.constantFrom("2024-02-30", "9999-99-99", "2024-05-01")),
      unknownField: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
);

const pollutingBodies = [
  '{"question":"Sở Nội vụ","__proto__":{"polluted":"yes"}}',
  '{"question":"Sở Nội vụ","constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"question":"from the prototype"}}',
  '{"question":"x","filters":{"__proto__":{"province":"Bắc Giang","polluted":"yes"}}}',
  '{"question":"x","history":[{"__proto__":{"role":"user"},"content":"c"}]}',
  '{"question":"x","filters":{"constructor":{"prototype":{"polluted":"yes"}}}}',
];

describe("POST /api/ask with malformed bodies", () => {
  it("never answers 5xx to any JSON value or ask-like object", async () => {
    await fc.assert(
      fc.asyncProperty(askLikeBody, fc.boolean(), async (body, stream) => {
        const text = JSON.stringify(body) ?? "null";
        const reply = await send({ method: "POST", path: "/api/ask", headers: { ...json, ...(stream ? { accept: "text/event-stream" } : {}) }, body: text });
        expectHandled(reply, text.slice(0, 300));
      }),
      { numRuns: RUNS },
    );
  });

  it.each(pollutingBodies)("ignores prototype-polluting fields: %s", async (body) => {
    const reply = await send({ method: "POST", path: "/api/ask", headers: json, body });
    expectHandled(reply, body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.prototype).not.toHaveProperty("question");
  });

  it("never answers 5xx to random bytes, whatever the declared type, charset or encoding", async () => {
    const contentType = fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "application/json; charset=latin1",
      "application/json; charset=utf-16",
      "application/json; charset=x-unknown",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    );
    const encoding = fc.constantFrom(undefined, "gzip", "deflate", "br", "identity", "x-bogus");
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), contentType, encoding, async (bytes, type, contentEncoding) => {
        const headers: Record<string, string> = {};
        if (type) headers["content-type"] = type;
        if (contentEncoding) headers["content-encoding"] = contentEncoding;
        const reply = await send({ method: "POST", path: "/api/ask", headers, body: Buffer.from(bytes) });
        expectHandled(reply, `${type} ${contentEncoding ?? ""} ${bytes.length} bytes`);
      }),
      { numRuns: RUNS },
    );
  });

  it("never answers 5xx to JSON with invalid UTF-8 or control characters in the question", async () => {
    const nasty = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from([...bytes].filter((byte) => byte !== 0x22 && byte !== 0x5c)));
    await fc.assert(
      fc.asyncProperty(nasty, async (inner) => {
        const body = Buffer.concat([Buffer.from('{"question":"'), inner, Buffer.from('"}')]);
        expectHandled(await send({ method: "POST", path: "/api/ask", headers: json, body }), `raw ${inner.toString("hex").slice(0, 80)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["a 100 kB question", JSON.stringify({ question: "Sở Nội vụ ".repeat(10_000) }), 413],
    ["a 1 MB body", JSON.stringify({ question: "x", padding: "y".repeat(1_000_000) }), 413],
    ["a 60 kB question (under the body limit)", JSON.stringify({ question: "z".repeat(60_000) }), 400],
    ["deeply nested JSON", `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`, 400],
    ["a huge array of history", JSON.stringify({ question: "x", history: Array.from({ length: 100 }, () => ({ role: "user", content: "c" })) }), 400],
    ["NUL bytes", '{"question":"\\u0000\\u0000 Sở Nội vụ\\u0000"}', 200],
    ["lone surrogates", '{"question":"\\ud800 abc \\udfff"}', 200],
    ["bidi and zero-width controls", JSON.stringify({ question: "\u202e\u200b\u2066Sở\u2069 Nội vụ\ufeff" }), 200],
    ["only combining marks", JSON.stringify({ question: "\u0301\u0300\u0303\u0309\u0323".repeat(50) }), 200],
    ["a question of white space", JSON.stringify({ question: " \t\n\u00a0\u3000 " }), 400],
    ["trailing garbage", '{"question":"x"} garbage', 400],
    ["truncated JSON", '{"question":"Sở Nội', 400],
    ["a JSON string", '"Sở Nội vụ"', 400],
    ["JSON null", "null", 400],
  ])("answers %s with the right 4xx (or 200)", async (_label, body, expected) => {
    const reply = await send({ method: "POST", path: "/api/ask", headers: json, body });
    expectHandled(reply, _label);
    if (reply.status !== 0) expect(reply.status).toBe(expected);
  });

  it("refuses a chunked body past the limit with 413", async () => {
    const reply = await send({ method: "POST", path: "/api/ask", headers: { ...json, "transfer-encoding": "chunked" }, body: JSON.stringify({ question: "q".repeat(200_000) }), chunked: true });
    expectHandled(reply, "chunked");
    if (reply.status !== 0) expect(reply.status).toBe(413);
  });

  it("refuses a gzip bomb with 413 or 415, never by inflating it", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    const reply = await send({ method: "POST", path: "/api/ask", headers: { ...json, "content-encoding": "gzip" }, body: bomb });
    expectHandled(reply, "gzip bomb");
    if (reply.status !== 0) expect([400, 413, 415]).toContain(reply.status);
  });
});

describe("other routes, methods and headers", () => {
  const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND");
  const route = fc.constantFrom("/api/search", "/api/ask", "/api/health", "/api/documents", "/api/documents/", "/api/tasks", "/api/tasks.csv", "/api/tasks.ics", "/api/admin/reindex", "/documents/", "/assets/", "/embed/search", "/", "/widget.js");

  it("never answers 5xx to any method on any route with a random suffix", async () => {
    await fc.assert(
      fc.asyncProperty(method, route, encodedText, fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }), async (verb, base, suffix, body) => {
        const path = `${base}${base.endsWith("/") ? suffix : ""}`;
        const reply = await send({ method: verb, path, headers: json, body: body && verb !== "GET" && verb !== "HEAD" ? Buffer.from(body) : undefined });
        expectHandled(reply, `${verb} ${path}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("never answers 5xx to odd headers on the API", async () => {
    const headerValue = fc.oneof(fc.string({ maxLength: 200 }).map((value) => value.replace(/[^\x20-\x7e\t]/gu, "")), fc.constantFrom("*/*;q=x", "text/event-stream;;;", "", "a".repeat(4000), "application/json; charset=\"\"", "Bearer "));
    const headerName = fc.constantFrom("accept", "accept-language", "content-type", "authorization", "x-api-key", "x-forwarded-for", "if-none-match", "range", "cookie", "origin");
    await fc.assert(
      fc.asyncProperty(fc.dictionary(headerName, headerValue, { maxKeys: 4 }), fc.boolean(), async (headers, ask) => {
        const reply = ask
          ? await send({ method: "POST", path: "/api/ask", headers: { "content-type": "application/json", ...headers }, body: '{"question":"Sở Nội vụ"}' })
          : await send({ method: "GET", path: `/api/search?q=${encodeURIComponent("so noi vu")}`, headers });
        expectHandled(reply, JSON.stringify(headers).slice(0, 200));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("after all of that", () => {
  it("the server still answers, logged no unexpected error, and Object.prototype is clean", async () => {
    const health = await send({ method: "GET", path: "/api/health" });
    expect(health.status).toBe(200);
    const ask = await send({ method: "POST", path: "/api/ask", headers: json, body: JSON.stringify({ question: "Sở Nội vụ phải hoàn thành Đề án vị trí việc làm trước ngày nào?" }) });
    expect(ask.status).toBe(200);
    expect(unexpectedErrors).toEqual([]);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
