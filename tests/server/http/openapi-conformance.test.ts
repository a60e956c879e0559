import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { listRouteDescriptions } from "../../../server/http/route-descriptions.js";
import { fillPath, toOpenApiPath, type RouteDescription, type RouteExample } from "../../../server/http/route-registry.js";
import { openStore, type Store } from "../../../server/store/open-store.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";
import { listMountedRoutes } from "../../helpers/list-mounted-routes.js";
import { createAuthTestApp, type AuthTestApp } from "../../helpers/access-fixture.js";

/**
 * The OpenAPI document is valid OpenAPI 3.1, documents every /api and /v1
 * route the app has, and every route's real responses to its registered
 * examples conform to it. A new route only adds its description (with
 * examples) to the registry; this test then covers it.
 */
type JsonSchema = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> };
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let app: Express;
let store: Store;
let storeDirectory: string;
let cleanup: () => Promise<void>;
let spec: OpenApi;
/** The same archive with accounts on (AUTH=local): examples marked `as` a role run there, with that role's API token. */
let accounts: AuthTestApp;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const routes = listRouteDescriptions();

beforeAll(async () => {
  const built = await buildTestArchive();
  cleanup = built.cleanup;
  storeDirectory = await mkdtemp(path.join(os.tmpdir(), "vanban-openapi-store-"));
  store = openStore({ directory: storeDirectory });
  app = createApp({
    archives: new ArchiveHolder(built.archive),
    rateLimitPerMinute: 0,
    // Task follow-up (PATCH /api/tasks/{taskId}) records into a real database.
    store,
    today: () => new Date("2024-05-01T00:00:00Z"),
    // A real summary's shape, without re-running an ingest in this test.
    reindex: async () => ({ files: 5, indexed: 0, reused: 5, failed: [], removed: 0, documents: 5, chunks: built.archive.chunks.length, seconds: 0.1, megabytes: 1, changed: false }),
  });
  spec = (await request(app).get("/api/openapi.json").expect(200)).body as OpenApi;
  accounts = await createAuthTestApp({ archive: built.archive });
  // The token the revocation example revokes.
  accounts.store.database.prepare("INSERT INTO api_tokens (id, user_id, label, created_at) VALUES ('revocable-token', 1, 'example', '2024-01-01T00:00:00Z')").run();
});

afterAll(async () => {
  await accounts.close();
  store.close();
  await rm(storeDirectory, { recursive: true, force: true });
  await cleanup();
});

describe("/api/openapi.json", () => {
  it("is valid OpenAPI 3.1 by the validator package", async () => {
    expect(spec.openapi).toBe("3.1.0");
    const result = await new Validator().validate(spec as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every registered route, and the app has no /api or /v1 route the registry lacks", () => {
    for (const route of routes) expect(spec.paths[toOpenApiPath(route.path)]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    const mounted = listMountedRoutes(app).filter((route) => route.method !== "all" && /^\/(api|v1)(\/|$)/u.test(route.path));
    expect(mounted.length).toBeGreaterThan(10);
    const described = new Set(routes.map((route) => `${route.method} ${route.path}`));
    expect(mounted.map((route) => `${route.method} ${route.path}`).filter((key) => !described.has(key))).toEqual([]);
  });

  it("gives every route an example that succeeds", () => {
    for (const route of routes) expect(route.examples.some((example) => example.status < 300), `${route.method} ${route.path}`).toBe(true);
  });

  it("describes query parameters from the zod schemas (search's k: integer 1-50, default 10)", () => {
    const search = spec.paths["/api/search"]!.get as unknown as { parameters: Array<{ name: string; required: boolean; schema: JsonSchema }> };
    const k = search.parameters.find((parameter) => parameter.name === "k");
    expect(k).toMatchObject({ required: false, schema: { type: "integer", minimum: 1, maximum: 50, default: 10 } });
    expect(search.parameters.find((parameter) => parameter.name === "q")?.required).toBe(true);
  });
});

describe.each(routes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))("%s", (_name, route) => {
  it.each(route.examples.map((example) => [example.name, example] as const))("%s: real response conforms to the document", async (_example, example) => {
    const response = await send(route, example);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(example.status);
    expect(response.headers["x-request-id"]).toBeTruthy();
    const operation = spec.paths[toOpenApiPath(route.path)]![route.method]!;
    const documented = operation.responses[String(response.status)];
    expect(documented, `status ${response.status} is documented`).toBeDefined();
    const contentType = String(response.headers["content-type"] ?? "").split(";")[0]!.trim();
    const media = documented!.content?.[contentType];
    expect(media, `content type ${contentType} is documented for ${response.status}`).toBeDefined();
    if (contentType !== "application/json") {
      expect(response.text.length).toBeGreaterThan(0);
      return;
    }
    const validate = ajv.compile(media!.schema);
    const valid = validate(response.body);
    expect(validate.errors ?? [], JSON.stringify(response.body).slice(0, 500)).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe("the conformance check itself", () => {
  it("rejects a response with an undocumented field or a wrong type", () => {
    const schema = spec.paths["/api/health"]!.get!.responses["200"]!.content!["application/json"]!.schema;
    const validate = ajv.compile(schema);
    expect(validate({ status: "ok", documents: 5, chunks: 10 })).toBe(true);
    expect(validate({ status: "ok", documents: 5, chunks: 10, extra: 1 })).toBe(false);
    expect(validate({ status: "ok", documents: "5", chunks: 10 })).toBe(false);
  });
});

const TOKEN_OF_ROLE = { admin: "docs-admin", editor: "editor", reader: "docs-reader" } as const;

async function send(route: RouteDescription, example: RouteExample) {
  const agent = request(example.as ? accounts.app : app);
  const url = fillPath(route.path, example.params);
  const query = Object.fromEntries(Object.entries(example.query ?? {}).map(([key, value]) => [key, String(value)]));
  let pending = route.method === "get" ? agent.get(url) : route.method === "post" ? agent.post(url) : route.method === "patch" ? agent.patch(url) : route.method === "put" ? agent.put(url) : agent.delete(url);
  pending = pending.query(query);
  for (const [name, value] of Object.entries(example.headers ?? {})) pending = pending.set(name, value);
  if (example.as && example.as !== "anonymous") pending = pending.set("authorization", `Bearer ${accounts.tokens[TOKEN_OF_ROLE[example.as]]}`);
  if (example.body !== undefined) pending = pending.send(example.body as object);
  // Event streams and files are read as text.
  return pending.buffer(true).parse((response, callback) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (text += chunk));
    response.on("end", () => {
      const type = String(response.headers["content-type"] ?? "");
      let body: unknown = text;
      if (type.startsWith("application/json")) body = JSON.parse(text);
      (response as unknown as { text: string }).text = text;
      callback(null, body);
    });
  });
}
