import type { Logger } from "pino";
import type { Store } from "../store/open-store.js";
import { createSigningKey } from "./api-tokens.js";
import type { OidcSignIn } from "./oidc-sign-in.js";
import type { OidcRoleMapping } from "./provision-oidc-user.js";
import { createPasswordHasher, type PasswordHasher } from "./password-hash.js";
import { createSignInLimiter, type SignInLimiter, type SignInLimits } from "./sign-in-limiter.js";

/** What the accounts layer needs, built once per app from its dependencies. */
export type AuthSettings = {
  mode: "local" | "oidc";
  /** Session lifetime in ms (SESSION_HOURS). */
  sessionMs?: number;
  /** `auto`: Secure cookies when the request came over HTTPS. */
  cookieSecure?: "auto" | "true" | "false";
  /** The identity provider (AUTH=oidc). */
  oidc?: OidcSignIn;
  /** Tests lower the scrypt cost and the limits. */
  passwordHasher?: PasswordHasher;
  signInLimits?: SignInLimits;
  /** Provider groups that make editors and administrators (OIDC_EDITOR_GROUPS, OIDC_ADMIN_GROUPS). */
  oidcRoles?: OidcRoleMapping;
};

export type AuthContext = {
  mode: "local" | "oidc";
  store: Store;
  passwords: PasswordHasher;
  limiter: SignInLimiter;
  sessionMs: number;
  cookieSecure: "auto" | "true" | "false";
  oidc?: OidcSignIn;
  /** The key API tokens are signed with (made on first use, kept in the database). */
  signingKey(): string;
  now(): Date;
  logger?: Logger;
};

export function createAuthContext(options: { settings: AuthSettings; store: Store; now: () => Date; logger?: Logger }): AuthContext {
  const { settings, store } = options;
  let key: string | undefined;
  return {
    mode: settings.mode,
    store,
    passwords: settings.passwordHasher ?? createPasswordHasher(),
    limiter: createSignInLimiter({ failures: store.signInFailures, limits: settings.signInLimits }),
    sessionMs: settings.sessionMs ?? 12 * 3_600_000,
    cookieSecure: settings.cookieSecure ?? "auto",
    oidc: settings.oidc,
    signingKey: () => (key ??= store.accounts.setting("token-signing-key", createSigningKey)),
    now: options.now,
    logger: options.logger,
  };
}
