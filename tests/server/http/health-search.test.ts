import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { createLocalSearchBackend } from "../../../server/retrieve/backend/local-search-backend.js";
import type { BackendHealth } from "../../../server/retrieve/backend/search-backend.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

describe("/api/health reports the search engine", () => {
  let built: Awaited<ReturnType<typeof buildTestArchive>>;
  beforeAll(async () => {
    built = await buildTestArchive();
  });
  afterAll(async () => {
    await built.cleanup();
  });

  it("says which engine answers and whether it does, without its details", async () => {
    let health: BackendHealth = { status: "down", kind: "opensearch", detail: "connect ECONNREFUSED 10.0.0.5:9200" };
    const app = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0, searchHealth: async () => health });
    const down = await request(app).get("/api/health").expect(200);
    expect(down.body).toMatchObject({ status: "ok", chunks: built.archive.chunks.length, search: { kind: "opensearch", status: "down" } });
    expect(JSON.stringify(down.body)).not.toContain("10.0.0.5");
    health = { status: "ok", kind: "opensearch" };
    expect((await request(app).get("/api/health").expect(200)).body.search).toEqual({ kind: "opensearch", status: "ok" });
  });

  it("reports the in-process engine as local and ok, and nothing when no engine is given (as before)", async () => {
    const backend = createLocalSearchBackend();
    const app = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0, searchHealth: () => backend.health() });
    expect((await request(app).get("/api/health").expect(200)).body.search).toEqual({ kind: "local", status: "ok" });
    const plain = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0 });
    expect((await request(plain).get("/api/health").expect(200)).body).not.toHaveProperty("search");
  });
});
