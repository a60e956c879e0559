import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Express } from "express";
import { signToken, createSigningKey } from "../../server/auth/api-tokens.js";
import type { AuthSettings } from "../../server/auth/auth-context.js";
import { createPasswordHasher, type PasswordHasher } from "../../server/auth/password-hash.js";
import { ArchiveHolder } from "../../server/http/archive-holder.js";
import { createApp, type AppDependencies } from "../../server/http/create-app.js";
import type { Archive } from "../../server/retrieve/archive.js";
import type { Role } from "../../server/store/accounts.js";
import { openStore, type Store } from "../../server/store/open-store.js";
import { buildTestArchive, makeSampleCorpus } from "./start-test-server.js";

/**
 * A corpus with restricted documents (tests/fixtures/access): the five
 * public samples, one document of the group `mat` by its folder, one of
 * `to-chuc` by its sidecar and one of `to-chuc` by a folder below the root.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const ACCESS_FIXTURES = path.resolve(here, "../fixtures/access");
export const RESTRICTED_FILES = ["@mat/ke-hoach-hac-trang.txt", "zz-nhan-su-quy-hoach.txt", "zz-nhan-su-quy-hoach.txt.access.json", "so-noi-vu/@to-chuc/bien-che.txt"];
export const RESTRICTED_DOC_IDS = ["mat-ke-hoach-hac-trang", "zz-nhan-su-quy-hoach", "so-noi-vu-to-chuc-bien-che"];

/** Words, numbers and names only the restricted documents contain: none may reach an outsider. */
export const SECRET_MARKERS = [
  "zorvakia",
  "quarnix",
  "velmora",
  "hạc trắng",
  "brellium",
  "xoplar",
  "quenby",
  "drummeld",
  "pellory",
  "99/kh-mat",
  "17/tb-tccb",
  "23/bc-snv",
  "hac-trang",
  "nhan-su-quy-hoach",
  "bien-che",
  "4.217",
  "@mat",
  "@to-chuc",
];

/** Words of the restricted documents, to search and ask with. */
export const SECRET_WORDS = ["Zorvakia", "Thái Nguyên", "cán bộ tỉnh Thái Nguyên", "quarnix", "Velmora", "Hạc Trắng", "mật danh", "Brellium", "Xoplar", "Quenby", "Drummeld", "Pellory", "kho dự trữ", "quy hoạch cán bộ", "biên chế", "99/KH-MAT", "Ban Chỉ huy", "Sở Quốc phòng", "kiểm kê", "2031"];

export async function makeAccessCorpus(options: { extra?: Record<string, string> } = {}): Promise<string> {
  const directory = await makeSampleCorpus();
  for (const file of RESTRICTED_FILES) {
    await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await copyFile(path.join(ACCESS_FIXTURES, file), path.join(directory, file));
  }
  const { writeFile } = await import("node:fs/promises");
  for (const [name, text] of Object.entries(options.extra ?? {})) await writeFile(path.join(directory, name), text);
  return directory;
}

export async function buildAccessArchive(options: { extra?: Record<string, string> } = {}) {
  const corpusDir = await makeAccessCorpus(options);
  const built = await buildTestArchive({ corpusDir });
  return {
    ...built,
    async cleanup() {
      await built.cleanup();
      await rm(corpusDir, { recursive: true, force: true });
    },
  };
}

/** Cheap scrypt for tests (the default cost is checked on its own). */
export const TEST_PASSWORDS: PasswordHasher = createPasswordHasher({ cost: { logN: 10, r: 8, p: 1 } });

export type TestUser = { name: string; role: Role; groups: string[]; password: string };

export const TEST_USERS: TestUser[] = [
  { name: "docs-admin", role: "admin", groups: [], password: "correct horse battery" },
  { name: "editor", role: "editor", groups: ["mat"], password: "editor password 1" },
  { name: "insider", role: "reader", groups: ["mat", "to-chuc"], password: "insider password 1" },
  { name: "outsider", role: "reader", groups: [], password: "outsider password 1" },
  { name: "docs-reader", role: "reader", groups: [], password: "reader password 1" },
];

export type AuthTestApp = {
  app: Express;
  store: Store;
  holder: ArchiveHolder;
  /** A bearer token per test user. */
  tokens: Record<string, string>;
  close(): Promise<void>;
};

/** The app with accounts on (AUTH=local unless settings say otherwise) over an archive (or `app.archives`), with the test users and a token each. */
export async function createAuthTestApp(options: { archive?: Archive; auth?: Partial<AuthSettings>; app?: Partial<AppDependencies>; users?: TestUser[] }): Promise<AuthTestApp> {
  const storeDirectory = await mkdtemp(path.join(os.tmpdir(), "vanban-auth-store-"));
  const store = openStore({ directory: storeDirectory });
  const holder = new ArchiveHolder(options.archive);
  const app = createApp({
    archives: holder,
    rateLimitPerMinute: 0,
    store,
    today: () => new Date("2024-05-01T00:00:00Z"),
    auth: { mode: "local", passwordHasher: TEST_PASSWORDS, ...options.auth },
    ...options.app,
  });
  const tokens: Record<string, string> = {};
  const key = store.accounts.setting("token-signing-key", createSigningKey);
  for (const user of options.users ?? TEST_USERS) {
    const created = store.accounts.createUser({ name: user.name, role: user.role, groups: user.groups, passwordHash: await TEST_PASSWORDS.hash(user.password), now: new Date() });
    tokens[user.name] = signToken(key, store.accounts.createToken({ userId: created.id, label: "test", now: new Date() }).id);
  }
  return {
    app,
    store,
    holder,
    tokens,
    async close() {
      store.close();
      await rm(storeDirectory, { recursive: true, force: true });
    },
  };
}
