import { timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { sendError } from "../http/error-middleware.js";
import { CROSS_SITE_MESSAGE, crossSiteProblem, isSameOrigin } from "../http/refuse-cross-site.js";
import { requestIdOf } from "../http/request-id.js";
import type { AuditEntry } from "../store/audit-log.js";
import type { User } from "../store/accounts.js";
import { verifyToken } from "./api-tokens.js";
import type { AuthContext } from "./auth-context.js";
import { parseCookies, serializeCookie } from "./cookies.js";
import { actorName, principalOf, roleAtLeast, type Principal } from "./principal.js";
import { findRoutePolicy, reservedForEditors } from "./route-policy.js";

/**
 * The accounts layer in front of every router (AUTH=local|oidc):
 * 1. who: an API token (`Authorization: Bearer`, or `x-api-key`), else the
 *    session cookie, else anonymous; a token that does not verify is a 401
 *    at once, never a fall-back to the cookie;
 * 2. CSRF: a request made with the session cookie that is not GET/HEAD/OPTIONS
 *    must carry the session's token in `x-csrf-token`, and an Origin header,
 *    when sent, must be this server's;
 * 3. a browser request for another site to a route for editors or
 *    administrators: 403, whoever sends it (refuse-cross-site.ts, the rule of
 *    open mode too);
 * 4. the route policy (route-policy.ts): 401 for anonymous, 403 for a role
 *    too low, 404 for a path without an entry. Refusals go to the audit log.
 */
export const SESSION_COOKIE = "vanban_session";
export const SECURE_SESSION_COOKIE = "__Host-vanban_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function createAuthenticate(context: AuthContext): RequestHandler {
  return (request, response, next) => {
    const principal = identify(context, request, response);
    if (principal === "refused") return;
    response.locals.principal = principal;
    if (principal.kind === "user" && principal.via === "session" && !SAFE_METHODS.has(request.method)) {
      const problem = csrfProblem(request, principal.csrfToken ?? "");
      if (problem) {
        audit(context, request, { action: "access_denied", outcome: "denied", target: `${request.method} ${request.path}`, details: problem });
        return sendError(response, 403, "csrf_failed", problem);
      }
    }
    const policy = findRoutePolicy(request.method, request.path);
    if (!policy) return request.method === "OPTIONS" ? next() : sendError(response, 404, "not_found", `No route for ${request.method} ${request.path}`);
    const crossSite = reservedForEditors(request.method, request.path) ? crossSiteProblem(request) : undefined;
    if (crossSite) {
      audit(context, request, { action: "access_denied", outcome: "denied", target: `${request.method} ${request.path}`, details: `from another site (${crossSite})` });
      return sendError(response, 403, "forbidden", CROSS_SITE_MESSAGE);
    }
    if (policy.access === "public") return next();
    if (principal.kind !== "user") {
      audit(context, request, { action: "access_denied", outcome: "denied", target: `${request.method} ${request.path}`, details: "not signed in" });
      return sendError(response, 401, "unauthorized", "Sign in first (POST /api/auth/login, or an API token in Authorization: Bearer).");
    }
    if (!roleAtLeast(principal.role, policy.access)) {
      audit(context, request, { action: "access_denied", outcome: "denied", target: `${request.method} ${request.path}`, details: `needs ${policy.access}, has ${principal.role}` });
      return sendError(response, 403, "forbidden", `This needs the ${policy.access} role.`);
    }
    next();
  };
}

function identify(context: AuthContext, request: Request, response: Response): Principal | "refused" {
  const now = context.now();
  // x-api-key counts only when it holds a Vanban token: a page may still send an open-mode API_KEY it remembered.
  const apiKey = request.get("x-api-key");
  const bearer = /^Bearer\s+(\S+)\s*$/iu.exec(request.get("authorization") ?? "")?.[1] ?? (apiKey?.startsWith("vb1.") ? apiKey : undefined);
  if (bearer) {
    const tokenId = verifyToken(context.signingKey(), bearer);
    const record = tokenId ? context.store.accounts.getToken(tokenId) : undefined;
    const user = record ? context.store.accounts.getUser(record.userId) : undefined;
    const usable = record && !record.revokedAt && (!record.expiresAt || record.expiresAt > now.toISOString()) && user && !user.disabled;
    if (!usable || !user || !record) {
      audit(context, request, { action: "access_denied", outcome: "denied", target: `${request.method} ${request.path}`, details: tokenId ? "revoked, expired or orphaned token" : "token signature does not verify" });
      sendError(response, 401, "unauthorized", "The API token is not valid.");
      return "refused";
    }
    if (!record.lastUsedAt || now.getTime() - new Date(record.lastUsedAt).getTime() > 60_000) context.store.accounts.touchToken(record.id, now);
    return userPrincipal(user, { via: "token", tokenId: record.id });
  }
  const cookies = parseCookies(request.get("cookie"));
  const cookieValue = cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(SESSION_COOKIE);
  if (!cookieValue) return { kind: "anonymous" };
  const session = context.store.accounts.findSession(cookieValue, now);
  const user = session ? context.store.accounts.getUser(session.userId) : undefined;
  if (!session || !user || user.disabled) {
    // A stale cookie is dropped so the browser stops sending it.
    response.append("set-cookie", clearSessionCookie(context, request));
    return { kind: "anonymous" };
  }
  return userPrincipal(user, { via: "session", csrfToken: session.csrfToken });
}

export function userPrincipal(user: User, how: { via: "session" | "token"; csrfToken?: string; tokenId?: string }): Principal {
  return { kind: "user", userId: user.id, name: user.name, displayName: user.displayName, role: user.role, groups: user.groups, ...how };
}

/** Why a cookie-authenticated change is refused as a possible cross-site request, or undefined. */
export function csrfProblem(request: Request, expected: string): string | undefined {
  const origin = request.get("origin");
  if (origin && !isSameOrigin(origin, request)) return `Cross-origin request from ${origin} refused.`;
  const given = request.get("x-csrf-token") ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (!expected || a.length !== b.length || !timingSafeEqual(a, b)) return "Missing or wrong x-csrf-token header (GET /api/auth/me gives the token).";
  return undefined;
}

/** Whether the session cookie is marked Secure for this request. */
export function cookieIsSecure(context: AuthContext, request: Request): boolean {
  return context.cookieSecure === "true" || (context.cookieSecure === "auto" && request.secure);
}

/**
 * The session cookie and, beside it, `vanban_signed_in=1`, readable by the
 * pages' scripts (it holds no secret): they ask /api/auth/me only when it is
 * there, so an open-mode server gets no extra request.
 */
export function sessionCookie(context: AuthContext, request: Request, value: string, maxAgeSeconds: number): string[] {
  const secure = cookieIsSecure(context, request);
  return [
    serializeCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, value, { secure, sameSite: "Strict", maxAgeSeconds }),
    serializeCookie(SIGNED_IN_COOKIE, value ? "1" : "", { secure, sameSite: "Strict", maxAgeSeconds, httpOnly: false }),
  ];
}

export const SIGNED_IN_COOKIE = "vanban_signed_in";

export function clearSessionCookie(context: AuthContext, request: Request): string[] {
  return sessionCookie(context, request, "", 0);
}

/** The session cookie's value a request carries. */
export function sessionCookieOf(request: Request): string | undefined {
  const cookies = parseCookies(request.get("cookie"));
  return cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(SESSION_COOKIE);
}

/** Records an entry with the request's actor, address and id. */
export function audit(context: AuthContext, request: Request, entry: Pick<AuditEntry, "action" | "outcome" | "target"> & { details?: string; actor?: string }): void {
  try {
    context.store.audit.record({
      at: context.now().toISOString(),
      actor: entry.actor ?? actorName(principalOf(request)),
      action: entry.action,
      outcome: entry.outcome,
      target: entry.target,
      address: request.ip ?? "",
      requestId: request.res ? (requestIdOf(request.res) ?? "") : "",
      details: entry.details ?? "",
    });
  } catch (error) {
    context.logger?.error({ err: error }, "could not write the audit log");
  }
}
