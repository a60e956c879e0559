import type { Config } from "../../core/config.js";
import type { AuthSettings } from "./auth-context.js";
import { createOidcSignIn } from "./oidc-sign-in.js";
import { parseGroupList } from "./principal.js";

/** The accounts settings of a validated configuration; undefined in open mode (AUTH=off). */
export function authSettingsFromConfig(config: Config): AuthSettings | undefined {
  if (config.AUTH === "off") return undefined;
  const oidc =
    config.AUTH === "oidc"
      ? createOidcSignIn({
          issuer: config.OIDC_ISSUER!,
          clientId: config.OIDC_CLIENT_ID!,
          clientSecret: config.OIDC_CLIENT_SECRET,
          redirectUrl: config.OIDC_REDIRECT_URL!,
          groupsClaim: config.OIDC_GROUPS_CLAIM,
        })
      : undefined;
  return {
    mode: config.AUTH,
    sessionMs: config.SESSION_HOURS * 3_600_000,
    cookieSecure: config.COOKIE_SECURE,
    oidc,
    oidcRoles: { editorGroups: parseGroupList(config.OIDC_EDITOR_GROUPS ?? ""), adminGroups: parseGroupList(config.OIDC_ADMIN_GROUPS ?? "") },
  };
}

/** The start-up warning of open mode beyond loopback (anyone who reaches the port reads everything), or undefined. */
export function openModeWarning(config: Pick<Config, "AUTH" | "HOST" | "API_KEY">): string | undefined {
  if (config.AUTH !== "off" || isLoopbackHost(config.HOST)) return undefined;
  return `AUTH=off while listening on ${config.HOST}: anyone who reaches this port reads every document${config.API_KEY ? "" : " and can change the archive"}. Set AUTH=local or AUTH=oidc (README, "Accounts and access").`;
}

/** Whether a listening address is only reachable from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/u.test(host);
}
