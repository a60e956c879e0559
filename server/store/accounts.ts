import { createHash, randomBytes } from "node:crypto";
import type { Database } from "better-sqlite3";
import { VanbanError } from "../../core/errors.js";

/**
 * People, their role and groups, their sessions and API tokens, in the
 * application database. Secrets are never stored: a session is kept under the
 * SHA-256 of its cookie value, a token is an HMAC the server checks (see
 * server/auth/api-tokens.ts) plus its row here for revocation, and a password
 * only as its scrypt hash.
 */
export type Role = "reader" | "editor" | "admin";
export const ROLES: readonly Role[] = ["reader", "editor", "admin"];

export type User = {
  id: number;
  name: string;
  displayName: string;
  role: Role;
  groups: string[];
  disabled: boolean;
  /** Set for people who sign in through the identity provider. */
  oidcSubject?: string;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Session = { userId: number; csrfToken: string; method: string; createdAt: string; expiresAt: string };

export type ApiTokenRecord = { id: string; userId: number; label: string; createdAt: string; expiresAt?: string; lastUsedAt?: string; revokedAt?: string };

type UserRow = {
  id: number;
  name: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  oidc_subject: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
};

type TokenRow = { id: string; user_id: number; label: string; created_at: string; expires_at: string | null; last_used_at: string | null; revoked_at: string | null };

const toToken = (row: TokenRow): ApiTokenRecord => ({
  id: row.id,
  userId: row.user_id,
  label: row.label,
  createdAt: row.created_at,
  ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
  ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
  ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
});

export type Accounts = ReturnType<typeof createAccounts>;

/** Hash of a session's cookie value: what the table keeps. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function createAccounts(database: Database) {
  const selectUserById = database.prepare<[number], UserRow>("SELECT * FROM users WHERE id = ?");
  const selectUserByName = database.prepare<[string], UserRow>("SELECT * FROM users WHERE name = ?");
  const selectUserBySubject = database.prepare<[string], UserRow>("SELECT * FROM users WHERE oidc_subject = ?");
  const selectUsers = database.prepare<[], UserRow>("SELECT * FROM users ORDER BY name");
  const selectGroups = database.prepare<[number], { group_name: string }>("SELECT group_name FROM user_groups WHERE user_id = ? ORDER BY group_name");
  const insertUser = database.prepare(
    "INSERT INTO users (name, display_name, role, password_hash, oidc_subject, created_at, updated_at) VALUES (@name, @displayName, @role, @passwordHash, @oidcSubject, @now, @now)",
  );
  const deleteGroups = database.prepare<[number]>("DELETE FROM user_groups WHERE user_id = ?");
  const insertGroup = database.prepare<[number, string]>("INSERT OR IGNORE INTO user_groups (user_id, group_name) VALUES (?, ?)");
  const selectPasswordHash = database.prepare<[number], { password_hash: string | null }>("SELECT password_hash FROM users WHERE id = ?");

  const toUser = (row: UserRow): User => ({
    id: row.id,
    name: row.name,
    displayName: row.display_name || row.name,
    role: row.role,
    groups: selectGroups.all(row.id).map((group) => group.group_name),
    disabled: row.disabled === 1,
    ...(row.oidc_subject ? { oidcSubject: row.oidc_subject } : {}),
    hasPassword: Boolean(row.password_hash),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  const setGroups = (userId: number, groups: readonly string[]) => {
    deleteGroups.run(userId);
    for (const group of groups) insertGroup.run(userId, group);
  };

  const insertSession = database.prepare(
    "INSERT INTO sessions (id_hash, user_id, csrf_token, method, created_at, expires_at, last_seen_at) VALUES (@idHash, @userId, @csrfToken, @method, @now, @expiresAt, @now)",
  );
  const selectSession = database.prepare<[string], { user_id: number; csrf_token: string; method: string; created_at: string; expires_at: string }>(
    "SELECT user_id, csrf_token, method, created_at, expires_at FROM sessions WHERE id_hash = ?",
  );
  const deleteSession = database.prepare<[string]>("DELETE FROM sessions WHERE id_hash = ?");
  const deleteUserSessions = database.prepare<[number]>("DELETE FROM sessions WHERE user_id = ?");
  const deleteExpiredSessions = database.prepare<[string]>("DELETE FROM sessions WHERE expires_at <= ?");

  const insertToken = database.prepare("INSERT INTO api_tokens (id, user_id, label, created_at, expires_at) VALUES (@id, @userId, @label, @now, @expiresAt)");
  const selectToken = database.prepare<[string], TokenRow>("SELECT * FROM api_tokens WHERE id = ?");
  const selectUserTokens = database.prepare<[number], TokenRow>("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at");
  const touchToken = database.prepare<[string, string]>("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
  const revokeToken = database.prepare<[string, string]>("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");

  const selectSetting = database.prepare<[string], { value: string }>("SELECT value FROM settings WHERE key = ?");
  const insertSetting = database.prepare<[string, string]>("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)");

  return {
    findUser(name: string): User | undefined {
      const row = selectUserByName.get(name);
      return row ? toUser(row) : undefined;
    },
    getUser(id: number): User | undefined {
      const row = selectUserById.get(id);
      return row ? toUser(row) : undefined;
    },
    findUserBySubject(subject: string): User | undefined {
      const row = selectUserBySubject.get(subject);
      return row ? toUser(row) : undefined;
    },
    listUsers(): User[] {
      return selectUsers.all().map(toUser);
    },
    passwordHashOf(id: number): string | undefined {
      return selectPasswordHash.get(id)?.password_hash ?? undefined;
    },
    createUser(input: { name: string; displayName?: string; role: Role; groups?: readonly string[]; passwordHash?: string; oidcSubject?: string; now: Date }): User {
      if (selectUserByName.get(input.name)) throw new VanbanError("conflict", `A user named ${input.name} exists already.`);
      const id = database.transaction(() => {
        const result = insertUser.run({
          name: input.name,
          displayName: input.displayName ?? "",
          role: input.role,
          passwordHash: input.passwordHash ?? null,
          oidcSubject: input.oidcSubject ?? null,
          now: input.now.toISOString(),
        });
        const userId = Number(result.lastInsertRowid);
        setGroups(userId, input.groups ?? []);
        return userId;
      })();
      return toUser(selectUserById.get(id)!);
    },
    /** Changes what is given; a new password, a new role or disabling ends the user's sessions. */
    updateUser(id: number, change: { displayName?: string; role?: Role; groups?: readonly string[]; passwordHash?: string; disabled?: boolean; oidcSubject?: string; now: Date }): User {
      const before = selectUserById.get(id);
      if (!before) throw new VanbanError("not_found", `No user ${id}`);
      database.transaction(() => {
        const sets: string[] = ["updated_at = @now"];
        const values: Record<string, unknown> = { id, now: change.now.toISOString() };
        if (change.displayName !== undefined) (sets.push("display_name = @displayName"), (values.displayName = change.displayName));
        if (change.role !== undefined) (sets.push("role = @role"), (values.role = change.role));
        if (change.passwordHash !== undefined) (sets.push("password_hash = @passwordHash"), (values.passwordHash = change.passwordHash));
        if (change.disabled !== undefined) (sets.push("disabled = @disabled"), (values.disabled = change.disabled ? 1 : 0));
        if (change.oidcSubject !== undefined) (sets.push("oidc_subject = @oidcSubject"), (values.oidcSubject = change.oidcSubject));
        database.prepare(`UPDATE users SET ${sets.join(", ")} WHERE id = @id`).run(values);
        if (change.groups) setGroups(id, change.groups);
        const lessPower = (change.role !== undefined && change.role !== before.role) || change.passwordHash !== undefined || change.disabled === true;
        if (lessPower) deleteUserSessions.run(id);
      })();
      return toUser(selectUserById.get(id)!);
    },

    createSession(input: { userId: number; method: string; now: Date; lifetimeMs: number }): { cookieValue: string; csrfToken: string; expiresAt: Date } {
      const cookieValue = randomBytes(32).toString("base64url");
      const csrfToken = randomBytes(24).toString("base64url");
      const expiresAt = new Date(input.now.getTime() + input.lifetimeMs);
      deleteExpiredSessions.run(input.now.toISOString());
      insertSession.run({ idHash: hashSecret(cookieValue), userId: input.userId, csrfToken, method: input.method, now: input.now.toISOString(), expiresAt: expiresAt.toISOString() });
      return { cookieValue, csrfToken, expiresAt };
    },
    /** The live session a cookie value stands for; an expired one is removed. */
    findSession(cookieValue: string, now: Date): Session | undefined {
      const idHash = hashSecret(cookieValue);
      const row = selectSession.get(idHash);
      if (!row) return undefined;
      if (row.expires_at <= now.toISOString()) {
        deleteSession.run(idHash);
        return undefined;
      }
      return { userId: row.user_id, csrfToken: row.csrf_token, method: row.method, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    endSession(cookieValue: string): boolean {
      return deleteSession.run(hashSecret(cookieValue)).changes > 0;
    },
    endUserSessions(userId: number): void {
      deleteUserSessions.run(userId);
    },

    createToken(input: { userId: number; label: string; now: Date; expiresAt?: Date }): ApiTokenRecord {
      const id = randomBytes(16).toString("base64url");
      insertToken.run({ id, userId: input.userId, label: input.label, now: input.now.toISOString(), expiresAt: input.expiresAt?.toISOString() ?? null });
      return { id, userId: input.userId, label: input.label, createdAt: input.now.toISOString(), ...(input.expiresAt ? { expiresAt: input.expiresAt.toISOString() } : {}) };
    },
    getToken(id: string): ApiTokenRecord | undefined {
      const row = selectToken.get(id);
      return row ? toToken(row) : undefined;
    },
    listTokens(userId: number): ApiTokenRecord[] {
      return selectUserTokens.all(userId).map(toToken);
    },
    touchToken(id: string, now: Date): void {
      touchToken.run(now.toISOString(), id);
    },
    revokeToken(id: string, now: Date): boolean {
      return revokeToken.run(now.toISOString(), id).changes > 0;
    },

    /** A setting, created with `create()` the first time it is asked for (the token signing key). */
    setting(key: string, create: () => string): string {
      const existing = selectSetting.get(key);
      if (existing) return existing.value;
      insertSetting.run(key, create());
      return selectSetting.get(key)!.value;
    },
  };
}
