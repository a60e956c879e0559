import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { VanbanError } from "../../core/errors.js";

/**
 * Passwords are hashed with scrypt (node:crypto: memory-hard, no dependency,
 * nothing to download or compile). Stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url), so the cost can be
 * raised later and old hashes still verify. Default cost: N = 2^17, r = 8,
 * p = 1 (128 MiB, OWASP's minimum for scrypt); at most two hashes run at once
 * so a burst of sign-ins cannot take more than 256 MiB.
 */
export type PasswordCost = { logN: number; r: number; p: number };
export const DEFAULT_PASSWORD_COST: PasswordCost = { logN: 17, r: 8, p: 1 };

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the time of one verification (for unknown users, so timing does not tell who exists). */
  waste(password: string): Promise<void>;
};

const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

export function createPasswordHasher(options: { cost?: PasswordCost; concurrency?: number } = {}): PasswordHasher {
  const cost = options.cost ?? DEFAULT_PASSWORD_COST;
  const limit = createLimiter(options.concurrency ?? 2);
  const derive = (password: string, salt: Buffer, parameters: PasswordCost) =>
    limit(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const scryptOptions: ScryptOptions = { N: 2 ** parameters.logN, r: parameters.r, p: parameters.p, maxmem: 160 * 2 ** parameters.logN * parameters.r };
          scrypt(password.normalize("NFC"), salt, KEY_LENGTH, scryptOptions, (error, key) => (error ? reject(error) : resolve(key)));
        }),
    );
  const dummySalt = randomBytes(16);
  return {
    async hash(password) {
      checkPassword(password);
      const salt = randomBytes(16);
      const key = await derive(password, salt, cost);
      return ["scrypt", cost.logN, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
    },
    async verify(password, stored) {
      const parsed = parseStoredHash(stored);
      if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
      const key = await derive(password, parsed.salt, parsed.cost);
      return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
    },
    async waste(password) {
      await derive(password.slice(0, MAX_PASSWORD_LENGTH), dummySalt, cost);
    },
  };
}

/** Refuses passwords too short to resist guessing, or absurdly long. */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new VanbanError("bad_request", `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new VanbanError("bad_request", `A password has at most ${MAX_PASSWORD_LENGTH} characters.`);
}

function parseStoredHash(stored: string): { cost: PasswordCost; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 22 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { cost: { logN, r, p }, salt: Buffer.from(parts[4]!, "base64url"), key: Buffer.from(parts[5]!, "base64url") };
}

/** At most `concurrency` tasks at once, the others wait in order. */
function createLimiter(concurrency: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
