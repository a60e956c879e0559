import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArchiveHolder } from "../../../server/http/archive-holder.js";
import { createApp } from "../../../server/http/create-app.js";
import { openStore } from "../../../server/store/open-store.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

/** `npm run users -- add … / token …` on a real database, then the server signs in with what it made. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let indexDir: string;
let built: Awaited<ReturnType<typeof buildTestArchive>>;

function users(args: string[], input = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "server/auth/users-cli.ts"), ...args], {
      cwd: root,
      env: { ...process.env, INDEX_DIR: indexDir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-users-cli-"));
  built = await buildTestArchive();
}, 60_000);

afterAll(async () => {
  await rm(indexDir, { recursive: true, force: true });
  await built.cleanup();
});

describe("npm run users", () => {
  it("adds the first administrator with the password from standard input, and issues a token", async () => {
    const added = await users(["add", "quan-tri", "--role", "admin", "--groups", "Mat,to-chuc"], "mật khẩu quản trị dài\n");
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("added quan-tri (admin; groups mat, to-chuc)");
    const token = await users(["token", "quan-tri", "--days", "30"]);
    expect(token.code).toBe(0);
    const tokenLine = token.stdout.trim();
    expect(tokenLine).toMatch(/^vb1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/u);

    const store = openStore({ directory: indexDir });
    try {
      const app = createApp({ archives: new ArchiveHolder(built.archive), rateLimitPerMinute: 0, store, auth: { mode: "local" } });
      const signedIn = await request(app).post("/api/auth/login").send({ username: "quan-tri", password: "mật khẩu quản trị dài" });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user).toEqual({ name: "quan-tri", displayName: "quan-tri", role: "admin", groups: ["mat", "to-chuc"] });
      await request(app).get("/api/admin/users").set("authorization", `Bearer ${tokenLine}`).expect(200);
      const log = store.audit.list({ actor: "command line" }).entries.map((entry) => entry.action);
      expect(log).toEqual(expect.arrayContaining(["user_change", "token_change"]));
    } finally {
      store.close();
    }
  }, 60_000);

  it("refuses a second user of the same name, a short password, an unknown role, and a missing password", async () => {
    expect((await users(["add", "quan-tri", "--role", "admin"], "another long password\n")).code).toBe(1);
    const short = await users(["add", "ngan", "--role", "reader"], "short\n");
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/u);
    const role = await users(["add", "x", "--role", "owner"], "long enough password\n");
    expect(role.stderr).toMatch(/--role must be one of reader, editor, admin/u);
    const none = await users(["add", "y", "--role", "reader"], "");
    expect(none.stderr).toMatch(/No password on standard input/u);
    const listed = await users(["list"]);
    expect(listed.stdout.trim().split("\n")).toHaveLength(1);
  }, 60_000);
});
