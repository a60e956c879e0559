import fc from "fast-check";
import readXlsxFile from "read-excel-file/node";
import request from "supertest";
import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestArchive } from "../../helpers/start-test-server.js";
import { buildAccessArchive, createAuthTestApp, RESTRICTED_DOC_IDS, SECRET_MARKERS, SECRET_WORDS, type AuthTestApp } from "../../helpers/access-fixture.js";

/**
 * A reader outside a group never receives any part of that group's documents,
 * from any endpoint. Checked two ways for random questions and search strings
 * (fast-check), most of them made of the restricted documents' own words:
 * 1. no response holds a word, number, name, id or path only those documents
 *    contain;
 * 2. every response to the outsider equals, byte for byte (request ids and
 *    completion ids aside), the response of a server whose archive never held
 *    those documents. Scores, totals, facets, "not found" answers, examples
 *    and the answerer's term weights all come from statistics; equal responses
 *    mean the hidden documents moved none of them.
 */
let full: Awaited<ReturnType<typeof buildAccessArchive>>;
let publicOnly: Awaited<ReturnType<typeof buildTestArchive>>;
let withSecrets: AuthTestApp;
let withoutSecrets: AuthTestApp;

beforeAll(async () => {
  full = await buildAccessArchive();
  publicOnly = await buildTestArchive();
  withSecrets = await createAuthTestApp({ archive: full.archive, app: { corpusDir: full.corpusDir, streamPaceMs: 0 } });
  withoutSecrets = await createAuthTestApp({ archive: publicOnly.archive, app: { corpusDir: publicOnly.corpusDir, streamPaceMs: 0 } });
}, 120_000);

afterAll(async () => {
  await withSecrets.close();
  await withoutSecrets.close();
  await full.cleanup();
  await publicOnly.cleanup();
});

type Call = { name: string; send: (app: Express, token: string) => Promise<{ status: number; text: string }> };

const asText = (response: request.Response) => ({ status: response.status, text: response.text ?? JSON.stringify(response.body) });
const binary = (pending: request.Test) =>
  pending.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => callback(null, Buffer.concat(chunks)));
  });

/** Every way a reader can get at the archive, for one question or search string. */
function callsFor(input: { text: string; year?: number }): Call[] {
  const bearer = (token: string) => `Bearer ${token}`;
  const mcp = (tool: string, args: Record<string, unknown>): Call => ({
    name: `mcp ${tool}`,
    send: async (app, token) =>
      asText(
        await request(app)
          .post("/mcp")
          .set("authorization", bearer(token))
          .set("accept", "application/json, text/event-stream")
          .send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: tool, arguments: args } }),
      ),
  });
  const year = input.year === undefined ? {} : { year: input.year };
  return [
    { name: "search", send: async (app, token) => asText(await request(app).get("/api/search").query({ q: input.text, k: 50, ...year }).set("authorization", bearer(token))) },
    { name: "ask", send: async (app, token) => asText(await request(app).post("/api/ask").set("authorization", bearer(token)).send({ question: input.text, ...(input.year ? { filters: year } : {}) })) },
    {
      name: "ask streamed",
      send: async (app, token) => asText(await request(app).post("/api/ask").set("authorization", bearer(token)).set("accept", "text/event-stream").buffer(true).send({ question: input.text })),
    },
    { name: "ask follow-up", send: async (app, token) => asText(await request(app).post("/api/ask").set("authorization", bearer(token)).send({ question: "còn Velmora thì sao?", history: [{ role: "user", content: input.text }] })) },
    { name: "tasks", send: async (app, token) => asText(await request(app).get("/api/tasks").query({ q: input.text, ...year }).set("authorization", bearer(token))) },
    { name: "all tasks", send: async (app, token) => asText(await request(app).get("/api/tasks").set("authorization", bearer(token))) },
    { name: "tasks.csv", send: async (app, token) => asText(await request(app).get("/api/tasks.csv").set("authorization", bearer(token))) },
    { name: "tasks.ics", send: async (app, token) => asText(await request(app).get("/api/tasks.ics").query({ today: "2031-01-01" }).set("authorization", bearer(token))) },
    {
      name: "tasks.xlsx",
      send: async (app, token) => {
        const response = await binary(request(app).get("/api/tasks.xlsx").set("authorization", bearer(token)));
        const sheets = await readXlsxFile(response.body as Buffer);
        return { status: response.status, text: JSON.stringify(sheets.map((sheet) => sheet.data)) };
      },
    },
    {
      name: "v1 chat",
      send: async (app, token) => {
        const response = await request(app).post("/v1/chat/completions").set("authorization", bearer(token)).send({ model: "vanban", messages: [{ role: "user", content: input.text }] });
        return { status: response.status, text: JSON.stringify({ ...response.body, id: "", created: 0 }) };
      },
    },
    {
      name: "v1 chat streamed",
      send: async (app, token) => {
        const response = await request(app).post("/v1/chat/completions").set("authorization", bearer(token)).buffer(true).send({ model: "vanban", stream: true, messages: [{ role: "user", content: input.text }] });
        return { status: response.status, text: response.text.replace(/"id":"chatcmpl-[^"]+"/gu, '"id":""').replace(/"created":\d+/gu, '"created":0') };
      },
    },
    mcp("search_documents", { query: input.text, k: 20 }),
    mcp("ask", { question: input.text }),
    mcp("list_tasks", { q: input.text }),
  ];
}

/** Calls that do not depend on a question. */
const FIXED_CALLS: Call[] = [
  { name: "health", send: async (app, token) => asText(await request(app).get("/api/health").set("authorization", `Bearer ${token}`)) },
  { name: "documents", send: async (app, token) => asText(await request(app).get("/api/documents").set("authorization", `Bearer ${token}`)) },
  { name: "examples", send: async (app, token) => asText(await request(app).get("/api/examples").set("authorization", `Bearer ${token}`)) },
  ...RESTRICTED_DOC_IDS.flatMap((docId): Call[] => [
    { name: `document ${docId}`, send: async (app, token) => asText(await request(app).get(`/api/documents/${docId}`).set("authorization", `Bearer ${token}`)) },
    {
      name: `mcp get_document ${docId}`,
      send: async (app, token) =>
        asText(
          await request(app)
            .post("/mcp")
            .set("authorization", `Bearer ${token}`)
            .set("accept", "application/json, text/event-stream")
            .send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get_document", arguments: { docId } } }),
        ),
    },
    { name: `tasks of ${docId}`, send: async (app, token) => asText(await request(app).get("/api/tasks").query({ docId }).set("authorization", `Bearer ${token}`)) },
  ]),
  ...["/embed/search", "/widget.js", "/", "/search", "/tasks", "/documents/mat-ke-hoach-hac-trang"].map(
    (path): Call => ({ name: `page ${path}`, send: async (app, token) => asText(await request(app).get(path).set("authorization", `Bearer ${token}`)) }),
  ),
];

/** Drops what differs between any two runs: request ids, and the port each test server listens on. */
const stable = (text: string) => text.replace(/"requestId":"[^"]+"/gu, '"requestId":""').replace(/127\.0\.0\.1:\d+/gu, "127.0.0.1:port");

function leakedMarkers(text: string, asked: string): string[] {
  const body = text.normalize("NFC").toLowerCase();
  const question = asked.normalize("NFC").toLowerCase();
  // A word the caller typed may come back as typed (the question echoed); only what it did not type counts.
  return SECRET_MARKERS.filter((marker) => body.includes(marker) && !question.includes(marker));
}

describe("the fixture", () => {
  it("has restricted documents the insider and the administrator read, and the outsider does not", async () => {
    const insider = await request(withSecrets.app).get("/api/search").query({ q: "kho dự trữ quarnix Velmora" }).set("authorization", `Bearer ${withSecrets.tokens.insider}`).expect(200);
    expect(insider.body.results.map((result: { docId: string }) => result.docId)).toContain("mat-ke-hoach-hac-trang");
    const adminDocuments = await request(withSecrets.app).get("/api/documents").set("authorization", `Bearer ${withSecrets.tokens["docs-admin"]}`).expect(200);
    expect(adminDocuments.body.documents.map((document: { id: string }) => document.id)).toEqual(expect.arrayContaining(RESTRICTED_DOC_IDS));
    const outsider = await request(withSecrets.app).get("/api/search").query({ q: "kho dự trữ quarnix Velmora" }).set("authorization", `Bearer ${withSecrets.tokens.outsider}`).expect(200);
    expect(outsider.body.results.map((result: { docId: string }) => result.docId)).not.toContain("mat-ke-hoach-hac-trang");
    // The editor is in `mat` only: the plan, not the personnel notice of `to-chuc` (sidecar) nor the report (nested folder).
    const editorDocuments = await request(withSecrets.app).get("/api/documents").set("authorization", `Bearer ${withSecrets.tokens.editor}`).expect(200);
    const ids = editorDocuments.body.documents.map((document: { id: string }) => document.id);
    expect(ids).toContain("mat-ke-hoach-hac-trang");
    expect(ids).not.toContain("zz-nhan-su-quy-hoach");
    expect(ids).not.toContain("so-noi-vu-to-chuc-bien-che");
    // The sidecar is not a document: it never shows in the corpus listing.
    expect(full.archive.documents.map((document) => document.source)).not.toContain("zz-nhan-su-quy-hoach.txt.access.json");
    // The insider's answers differ from the outsider's: the check below can fail.
    const insiderAnswer = await request(withSecrets.app).post("/api/ask").set("authorization", `Bearer ${withSecrets.tokens.insider}`).send({ question: "Sở Quốc phòng Velmora phải kiểm kê kho dự trữ quarnix trước ngày nào?" });
    expect(insiderAnswer.body.found).toBe(true);
    expect(insiderAnswer.body.answer).toContain("30/9/2031");
  });
});

describe("a reader outside the groups", () => {
  it("gets from every fixed endpoint exactly what a server without the restricted documents gives, and none of their words", async () => {
    for (const call of FIXED_CALLS) {
      const seen = await call.send(withSecrets.app, withSecrets.tokens.outsider!);
      const reference = await call.send(withoutSecrets.app, withoutSecrets.tokens.outsider!);
      expect(seen.status, call.name).toBe(reference.status);
      expect(stable(seen.text), call.name).toBe(stable(reference.text));
      expect(leakedMarkers(seen.text, call.name.startsWith("page") ? "" : call.name), call.name).toEqual([]);
    }
  }, 120_000);

  it("never receives any part of a restricted document, for any question or search string (property)", async () => {
    const publicWords = ["Sở Nội vụ", "đơn vị hành chính", "Bắc Giang", "thời hạn", "kế hoạch", "so noi vu", "deadline", "nhiệm vụ", "Hưng Yên", "2024", "Ban Thường vụ"];
    const word = fc.oneof(fc.constantFrom(...SECRET_WORDS), fc.constantFrom(...publicWords), fc.string({ minLength: 1, maxLength: 12 }));
    const input = fc.record({
      text: fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" ").trim() || "quarnix"),
      year: fc.option(fc.constantFrom(2024, 2031), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(input, async (generated) => {
        for (const call of callsFor(generated)) {
          const seen = await call.send(withSecrets.app, withSecrets.tokens.outsider!);
          const reference = await call.send(withoutSecrets.app, withoutSecrets.tokens.outsider!);
          expect(leakedMarkers(seen.text, generated.text + (call.name === "ask follow-up" ? " còn velmora thì sao?" : "")), `${call.name}: ${generated.text}`).toEqual([]);
          expect(seen.status, call.name).toBe(reference.status);
          expect(stable(seen.text), `${call.name}: ${generated.text}`).toBe(stable(reference.text));
        }
      }),
      { numRuns: 20, seed: 15 },
    );
  }, 300_000);
});

describe("access groups", () => {
  it("an administrator's setting opens or closes a document at once, and is audited", async () => {
    const admin = `Bearer ${withSecrets.tokens["docs-admin"]}`;
    const outsider = `Bearer ${withSecrets.tokens.outsider}`;
    await request(withSecrets.app).get("/api/documents/mat-ke-hoach-hac-trang").set("authorization", outsider).expect(404);
    const opened = await request(withSecrets.app).put("/api/admin/documents/mat-ke-hoach-hac-trang/access").set("authorization", admin).send({ groups: [] }).expect(200);
    expect(opened.body).toMatchObject({ groups: [], setByAdministrator: true });
    await request(withSecrets.app).get("/api/documents/mat-ke-hoach-hac-trang").set("authorization", outsider).expect(200);
    const search = await request(withSecrets.app).get("/api/search").query({ q: "quarnix" }).set("authorization", outsider).expect(200);
    expect(search.body.total).toBeGreaterThan(0);
    // Closing a public sample to one group hides it from the outsider.
    await request(withSecrets.app).put("/api/admin/documents/004_38b8e90ea4ed07a7/access").set("authorization", admin).send({ groups: ["ban-to-chuc"] }).expect(200);
    await request(withSecrets.app).get("/api/documents/004_38b8e90ea4ed07a7").set("authorization", outsider).expect(404);
    // Back to what the folders and sidecars say.
    await request(withSecrets.app).delete("/api/admin/documents/mat-ke-hoach-hac-trang/access").set("authorization", admin).expect(200);
    await request(withSecrets.app).delete("/api/admin/documents/004_38b8e90ea4ed07a7/access").set("authorization", admin).expect(200);
    await request(withSecrets.app).get("/api/documents/mat-ke-hoach-hac-trang").set("authorization", outsider).expect(404);
    await request(withSecrets.app).get("/api/documents/004_38b8e90ea4ed07a7").set("authorization", outsider).expect(200);
    const log = withSecrets.store.audit.list({ action: "document_access_change" }).entries;
    expect(log.map((entry) => entry.target)).toEqual(expect.arrayContaining(["@mat/ke-hoach-hac-trang.txt", "004_38b8e90ea4ed07a7.pdf"]));
    const listed = await request(withSecrets.app).get("/api/admin/documents").set("authorization", admin).expect(200);
    const groupsOf = Object.fromEntries(listed.body.documents.map((document: { docId: string; groups: string[] }) => [document.docId, document.groups]));
    expect(groupsOf).toMatchObject({ "mat-ke-hoach-hac-trang": ["mat"], "zz-nhan-su-quy-hoach": ["to-chuc"], "so-noi-vu-to-chuc-bien-che": ["to-chuc"], "000_492514bbfbcde4f8": [] });
  });

  it("an editor cannot delete or follow up what they may not read (404, as for no such document)", async () => {
    const editor = `Bearer ${withSecrets.tokens.editor}`;
    await request(withSecrets.app).delete("/api/documents/zz-nhan-su-quy-hoach").set("authorization", editor).expect(404);
    const hiddenTask = full.archive.tasks.find((task) => task.docId === "zz-nhan-su-quy-hoach");
    expect(hiddenTask).toBeDefined();
    const { taskIdsOf } = await import("../../../server/http/archive-queries.js");
    const taskId = taskIdsOf(full.archive.tasks).get(hiddenTask!.id)!;
    await request(withSecrets.app).patch(`/api/tasks/${encodeURIComponent(taskId)}`).set("authorization", editor).send({ status: "done" }).expect(404);
  });
});
