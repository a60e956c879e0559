import fc from "fast-check";

/**
 * Random requests against a running server, for the "no request can take the
 * archive down" probe: every endpoint with valid, odd and hostile values
 * (dates that are no calendar day, numbers out of range, wrong types,
 * control characters, huge strings, prototype keys, malformed JSON, unknown
 * routes and methods). Counts the answers by status; any 5xx (or a dropped
 * connection) is a failure, with the request that caused it kept.
 * `npm run bench` sends 10,000 to the real server; the tests a few hundred.
 */
export type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
export type FuzzReport = { requests: number; statuses: Record<string, number>; serverErrors: number; failures: Array<{ request: FuzzRequest; status: number; body: string }> };

const dates = fc.oneof(
  fc.constantFrom("2024-13-45", "0000-00-00", "9999-99-99", "2024-02-30", "2023-02-29", "2024-02-29", "1899-12-31", "2101-01-01", "2024-1-5", "2024-01-05T00:00:00Z", "", " ", "-1", "NaN", "2024-04-31", "2025-06-30"),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(
    ([year, month, day]) => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
  ),
  fc.string({ maxLength: 12 }),
);
const words = fc.constantFrom("Sở Nội vụ", "thời hạn", "han nop ho so", "deadline", "Bắc Giang", "UBND", "30/6/2024", "ĐVHC", "kế hoạch", "\u0000", "\u001b[31m", "../../etc/passwd", "<script>", "%00", "'; DROP TABLE", "🙂");
const text = fc.oneof(words, fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constant("x".repeat(5000)));
const number = fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom("abc", "1e9", "-0", "NaN", "Infinity", "", "3.5", "0x10"));
const anyJson = fc.jsonValue({ maxDepth: 3 });

const query = (entries: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(entries, { requiredKeys: [] }).map((values) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) search.append(key, String(value));
    const encoded = search.toString();
    return encoded ? `?${encoded}` : "";
  });

const json = (body: unknown): Record<string, string> & { body: string } => ({ "content-type": "application/json", body: typeof body === "string" ? body : JSON.stringify(body) });

export const requestArbitrary: fc.Arbitrary<FuzzRequest> = fc.oneof(
  query({ q: text, k: number, offset: number, province: text, year: number, type: text }).map((search) => ({ method: "GET", path: `/api/search${search}`, headers: {} })),
  fc
    .record(
      {
        question: fc.oneof(text, number, anyJson),
        k: fc.oneof(number, anyJson),
        today: fc.oneof(dates, anyJson),
        filters: fc.oneof(fc.record({ province: text, year: number, type: text, docId: text }, { requiredKeys: [] }), anyJson),
        history: fc.oneof(fc.array(fc.record({ role: fc.constantFrom("user", "assistant", "system", ""), content: text }), { maxLength: 3 }), anyJson),
        constructor: anyJson,
      },
      { requiredKeys: [] },
    )
    .chain((body) =>
      fc.constantFrom("application/json", "text/event-stream").map((accept) => {
        const { body: payload, ...headers } = json(body);
        return { method: "POST", path: "/api/ask", headers: { ...headers, accept }, body: payload };
      }),
    ),
  query({ unit: text, role: fc.constantFrom("lead", "any", "x"), from: dates, to: dates, status: fc.constantFrom("upcoming", "overdue", "undated", "done"), today: dates, q: text, province: text, year: number, docId: text }).chain((search) =>
    fc.constantFrom("/api/tasks", "/api/tasks.csv", "/api/tasks.ics").map((route) => ({ method: "GET", path: `${route}${search}`, headers: {} })),
  ),
  fc.oneof(text, fc.constantFrom("000_492514bbfbcde4f8", "%2e%2e", "..%2f..%2fpackage.json", "a".repeat(400))).map((id) => ({ method: "GET", path: `/api/documents/${encodeURIComponent(String(id))}`, headers: {} })),
  fc.constantFrom("/api/health", "/api/documents", "/api/admin/ingest", "/", "/search", "/tasks", "/assets/app.css", "/nope", "/api/nope").map((path) => ({ method: "GET", path, headers: {} })),
  fc.record({ origin: fc.constantFrom("http://evil.example", "null", ""), site: fc.constantFrom("cross-site", "same-site", "") }).map(({ origin, site }) => ({
    method: "POST",
    path: "/api/admin/reindex",
    headers: { ...(origin ? { origin } : {}), ...(site ? { "sec-fetch-site": site } : {}) },
  })),
  fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("{", '{"question":', "[]", "null", '{"question":"x","today":"2024-13-45"}', "\u0000\u0001")).map((body) => ({
    method: "POST",
    path: "/api/ask",
    headers: { "content-type": "application/json" },
    body,
  })),
  fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD").chain((method) => fc.constantFrom("/api/search", "/api/ask", "/api/admin/reindex", "/api/documents").map((path) => ({ method, path, headers: {} }))),
);

/**
 * Sends `count` random requests (seeded), `concurrency` at a time.
 * Admin reindex requests are only sent cross-site (refused 403) unless
 * `allowReindex`: a real reindex per request would turn the probe into a load test of the ingest.
 */
export async function runRequestFuzz(options: { url: string; count: number; seed?: number; concurrency?: number; allowReindex?: boolean }): Promise<FuzzReport> {
  const requests = fc.sample(requestArbitrary, { numRuns: options.count, seed: options.seed ?? 20261207 }).map((request) => {
    if (request.path === "/api/admin/reindex" && request.method === "POST" && !options.allowReindex && !request.headers.origin && !request.headers["sec-fetch-site"]) {
      return { ...request, headers: { ...request.headers, origin: "http://evil.example" } };
    }
    return request;
  });
  const report: FuzzReport = { requests: requests.length, statuses: {}, serverErrors: 0, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      let status = 0;
      let body = "";
      try {
        const response = await fetch(`${options.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
        status = response.status;
        body = await response.text();
      } catch (error) {
        body = String(error);
      }
      report.statuses[String(status)] = (report.statuses[String(status)] ?? 0) + 1;
      if (status === 0 || status >= 500) {
        report.serverErrors++;
        if (report.failures.length < 20) report.failures.push({ request, status, body: body.slice(0, 300) });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return report;
}
