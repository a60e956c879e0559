import type { Database } from "better-sqlite3";

/**
 * Failed sign-ins counted per key ("account:<name>", "address:<ip>") in a
 * sliding window, in the database so a restart does not reset an attack's
 * count. See server/auth/sign-in-limiter.ts for the policy.
 */
export type SignInFailures = {
  /** The failures counted in the current window and when a lock ends, if any. */
  get(key: string): { failures: number; windowStart: string; lockedUntil?: string } | undefined;
  put(key: string, value: { failures: number; windowStart: string; lockedUntil?: string }): void;
  clear(key: string): void;
};

export function createSignInFailures(database: Database): SignInFailures {
  const select = database.prepare<[string], { failures: number; window_start: string; locked_until: string | null }>(
    "SELECT failures, window_start, locked_until FROM sign_in_failures WHERE key = ?",
  );
  const upsert = database.prepare(
    `INSERT INTO sign_in_failures (key, failures, window_start, locked_until) VALUES (@key, @failures, @windowStart, @lockedUntil)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
  );
  const remove = database.prepare<[string]>("DELETE FROM sign_in_failures WHERE key = ?");
  return {
    get(key) {
      const row = select.get(key);
      return row ? { failures: row.failures, windowStart: row.window_start, ...(row.locked_until ? { lockedUntil: row.locked_until } : {}) } : undefined;
    },
    put(key, value) {
      upsert.run({ key, failures: value.failures, windowStart: value.windowStart, lockedUntil: value.lockedUntil ?? null });
    },
    clear(key) {
      remove.run(key);
    },
  };
}
