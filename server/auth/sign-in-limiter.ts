import type { SignInFailures } from "../store/sign-in-failures.js";

/**
 * Sign-in attempts limited per account and per address. Failures are counted
 * in a window; past the limit the key is locked for the lock period and every
 * attempt on it is refused before its password is even checked (so a locked
 * account cannot be guessed, and guessing costs the server no hashing).
 * A successful sign-in clears its account's count, never its address's.
 */
export type SignInLimits = {
  /** Failures of one account in one window before it is locked. */
  perAccount: number;
  /** Failures from one address in one window before it is locked. */
  perAddress: number;
  windowMs: number;
  lockMs: number;
};

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type SignInLimiter = {
  /** When sign-in is refused for this account or address, the time it opens again. */
  lockedUntil(input: { account: string; address: string; now: Date }): Date | undefined;
  recordFailure(input: { account: string; address: string; now: Date }): void;
  recordSuccess(input: { account: string }): void;
};

export function createSignInLimiter(options: { failures: SignInFailures; limits?: SignInLimits }): SignInLimiter {
  const limits = options.limits ?? DEFAULT_SIGN_IN_LIMITS;
  const keysOf = (input: { account: string; address: string }) => [
    { key: `account:${input.account.normalize("NFC").toLowerCase()}`, limit: limits.perAccount },
    { key: `address:${input.address}`, limit: limits.perAddress },
  ];
  return {
    lockedUntil(input) {
      let until: Date | undefined;
      for (const { key } of keysOf(input)) {
        const lockedUntil = options.failures.get(key)?.lockedUntil;
        if (lockedUntil && new Date(lockedUntil) > input.now && (!until || new Date(lockedUntil) > until)) until = new Date(lockedUntil);
      }
      return until;
    },
    recordFailure(input) {
      for (const { key, limit } of keysOf(input)) {
        const current = options.failures.get(key);
        const windowOpen = current && input.now.getTime() - new Date(current.windowStart).getTime() < limits.windowMs;
        const failures = windowOpen ? current.failures + 1 : 1;
        const windowStart = windowOpen ? current.windowStart : input.now.toISOString();
        const lockedUntil = failures >= limit ? new Date(input.now.getTime() + limits.lockMs).toISOString() : current?.lockedUntil;
        // A lock starts a fresh window: after it ends the next few failures lock again.
        options.failures.put(key, failures >= limit ? { failures: 0, windowStart: input.now.toISOString(), lockedUntil } : { failures, windowStart, ...(lockedUntil ? { lockedUntil } : {}) });
      }
    },
    recordSuccess(input) {
      options.failures.clear(`account:${input.account.normalize("NFC").toLowerCase()}`);
    },
  };
}
