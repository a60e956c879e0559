import { randomBytes } from "node:crypto";
import { Router, type Request } from "express";
import { z } from "zod";
import { describeError, VanbanError } from "../../core/errors.js";
import { sendError } from "../http/error-middleware.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../http/route-registry.js";
import type { User } from "../store/accounts.js";
import type { AuthContext } from "./auth-context.js";
import { isSameOrigin } from "../http/refuse-cross-site.js";
import { audit, clearSessionCookie, csrfProblem, sessionCookie, sessionCookieOf } from "./authenticate.js";
import type { OidcTransaction } from "./oidc-sign-in.js";
import { principalOf } from "./principal.js";
import { provisionOidcUser, type OidcRoleMapping } from "./provision-oidc-user.js";

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me,
 * GET /api/auth/config, and the OpenID Connect round trip
 * (GET /api/auth/oidc/login → the provider → GET /api/auth/oidc/callback).
 */
export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export const publicUserSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  role: z.enum(["reader", "editor", "admin"]),
  groups: z.array(z.string()),
});
const loginResponseSchema = z.object({ csrfToken: z.string(), user: publicUserSchema });
const meResponseSchema = z.object({ mode: z.enum(["off", "local", "oidc"]), user: publicUserSchema.nullable(), via: z.enum(["session", "token", "open"]), csrfToken: z.string().optional() });
const configResponseSchema = z.object({ mode: z.enum(["off", "local", "oidc"]), methods: z.array(z.enum(["password", "oidc"])) });
const logoutResponseSchema = z.object({ signedOut: z.boolean() });

export function publicUser(user: Pick<User, "name" | "displayName" | "role" | "groups">) {
  return { name: user.name, displayName: user.displayName, role: user.role, groups: user.groups };
}

/** Open mode: the same routes say there is nothing to sign in to. */
export function createOpenAuthRouter(): Router {
  const router = Router();
  router.get("/api/auth/config", (_request, response) => response.json({ mode: "off", methods: [] }));
  router.get("/api/auth/me", (_request, response) => response.json({ mode: "off", user: null, via: "open" }));
  router.post("/api/auth/login", () => {
    throw new VanbanError("not_found", "Accounts are off on this server (AUTH=off): nothing to sign in to.");
  });
  router.post("/api/auth/logout", (_request, response) => response.json({ signedOut: false }));
  return router;
}

const OIDC_COOKIE = "vanban_oidc";
const OIDC_TRANSACTION_MS = 10 * 60_000;

export function createAuthRouter(context: AuthContext, options: { oidcRoles?: OidcRoleMapping } = {}): Router {
  const router = Router();
  const transactions = new Map<string, OidcTransaction & { next: string; expires: number }>();

  router.get("/api/auth/config", (_request, response) => {
    response.json({ mode: context.mode, methods: context.oidc ? ["password", "oidc"] : ["password"] });
  });

  router.post("/api/auth/login", async (request, response) => {
    const origin = request.get("origin");
    // Login CSRF: a page elsewhere must not sign the browser in as someone else.
    if (origin && !isSameOrigin(origin, request)) return sendError(response, 403, "csrf_failed", `Cross-origin sign-in from ${origin} refused.`);
    const parsed = loginBodySchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", "Send {\"username\", \"password\"} as JSON.");
    const { username, password } = parsed.data;
    const now = context.now();
    const address = request.ip ?? "";
    const lockedUntil = context.limiter.lockedUntil({ account: username, address, now });
    if (lockedUntil) {
      audit(context, request, { action: "sign_in", outcome: "denied", target: username, actor: username, details: `locked until ${lockedUntil.toISOString()}` });
      response.setHeader("retry-after", String(Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000))));
      return sendError(response, 429, "too_many_attempts", "Too many failed sign-ins for this account or from this address; try again later.");
    }
    const user = context.store.accounts.findUser(username);
    const stored = user && !user.disabled ? context.store.accounts.passwordHashOf(user.id) : undefined;
    // The same work whether or not the account exists, so timing does not tell.
    const valid = stored ? await context.passwords.verify(password, stored) : (await context.passwords.waste(password), false);
    if (!valid || !user) {
      context.limiter.recordFailure({ account: username, address, now });
      audit(context, request, { action: "sign_in", outcome: "failed", target: username, actor: username, details: "wrong user name or password" });
      return sendError(response, 401, "unauthorized", "Wrong user name or password.");
    }
    context.limiter.recordSuccess({ account: username });
    const previous = sessionCookieOf(request);
    if (previous) context.store.accounts.endSession(previous);
    const session = context.store.accounts.createSession({ userId: user.id, method: "password", now, lifetimeMs: context.sessionMs });
    response.append("set-cookie", sessionCookie(context, request, session.cookieValue, context.sessionMs / 1000));
    audit(context, request, { action: "sign_in", outcome: "ok", target: user.name, actor: user.name, details: "password" });
    response.setHeader("cache-control", "no-store");
    response.json({ csrfToken: session.csrfToken, user: publicUser(user) });
  });

  router.post("/api/auth/logout", (request, response) => {
    const cookieValue = sessionCookieOf(request);
    let signedOut = false;
    if (cookieValue) {
      const principal = principalOf(request);
      // Signing out is a change too: a page elsewhere must not sign people out.
      if (principal.kind === "user" && principal.via === "session") {
        const problem = csrfProblem(request, principal.csrfToken ?? "");
        if (problem) return sendError(response, 403, "csrf_failed", problem);
      }
      signedOut = context.store.accounts.endSession(cookieValue);
      response.append("set-cookie", clearSessionCookie(context, request));
      if (signedOut) audit(context, request, { action: "sign_out", outcome: "ok", target: principal.kind === "user" ? principal.name : "" });
    }
    response.json({ signedOut });
  });

  router.get("/api/auth/me", (request, response) => {
    const principal = principalOf(request);
    if (principal.kind !== "user") return sendError(response, 401, "unauthorized", "Not signed in.");
    response.setHeader("cache-control", "no-store");
    response.json({
      mode: context.mode,
      user: publicUser(principal),
      via: principal.via,
      ...(principal.csrfToken ? { csrfToken: principal.csrfToken } : {}),
    });
  });

  router.get("/api/auth/oidc/login", async (request, response) => {
    if (!context.oidc) throw new VanbanError("not_found", "No identity provider is configured (AUTH=oidc).");
    const { url, transaction } = await context.oidc.start();
    const id = randomBytes(24).toString("base64url");
    const now = Date.now();
    for (const [key, value] of transactions) if (value.expires < now) transactions.delete(key);
    if (transactions.size > 10_000) transactions.clear();
    transactions.set(id, { ...transaction, next: safeNext(request.query.next), expires: now + OIDC_TRANSACTION_MS });
    // Lax: the provider sends the browser back with a top-level cross-site navigation.
    response.append("set-cookie", `${OIDC_COOKIE}=${id}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${request.secure ? "; Secure" : ""}`);
    response.redirect(303, url);
  });

  router.get("/api/auth/oidc/callback", async (request, response) => {
    if (!context.oidc) throw new VanbanError("not_found", "No identity provider is configured (AUTH=oidc).");
    const id = /(?:^|;\s*)vanban_oidc=([A-Za-z0-9_-]+)/u.exec(request.get("cookie") ?? "")?.[1];
    const transaction = id ? transactions.get(id) : undefined;
    if (id) transactions.delete(id);
    response.append("set-cookie", `${OIDC_COOKIE}=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
    if (!transaction || transaction.expires < Date.now()) {
      audit(context, request, { action: "sign_in", outcome: "failed", target: "oidc", details: "no sign-in in progress in this browser" });
      return response.redirect(303, "/login?error=oidc");
    }
    try {
      const identity = await context.oidc.finish(callbackUrlOf(request), transaction);
      const user = provisionOidcUser({ accounts: context.store.accounts, identity, roles: options.oidcRoles, now: context.now() });
      if (user.disabled) throw new VanbanError("forbidden", `${user.name} is disabled.`);
      const previous = sessionCookieOf(request);
      if (previous) context.store.accounts.endSession(previous);
      const session = context.store.accounts.createSession({ userId: user.id, method: "oidc", now: context.now(), lifetimeMs: context.sessionMs });
      response.append("set-cookie", sessionCookie(context, request, session.cookieValue, context.sessionMs / 1000));
      audit(context, request, { action: "sign_in", outcome: "ok", target: user.name, actor: user.name, details: "oidc" });
      response.redirect(303, transaction.next);
    } catch (error) {
      audit(context, request, { action: "sign_in", outcome: "failed", target: "oidc", details: describeError(error) });
      context.logger?.warn({ err: error }, "OpenID Connect sign-in failed");
      response.redirect(303, "/login?error=oidc");
    }
  });

  /** The URL the provider redirected to, as the browser requested it (behind a proxy: OIDC_REDIRECT_URL's origin). */
  const callbackUrlOf = (request: Request): URL => new URL(`${request.protocol}://${request.get("host")}${request.originalUrl}`);
  return router;
}

/** Where to go after signing in: a path of this site only ("/tasks?x=1"), never another site. */
export function safeNext(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.length > 500) return "/";
  return value;
}

const signInExamples = { username: "docs-admin", password: "correct horse battery" };

export const AUTH_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/auth/config",
    tag: "auth",
    summary: "How people sign in here: AUTH mode and methods (password, oidc)",
    responses: { 200: { description: "The mode", content: jsonContent(configResponseSchema) }, ...RATE_LIMITED },
    examples: [{ name: "open mode", status: 200 }, { name: "accounts on", status: 200, as: "anonymous" }],
  },
  {
    method: "post",
    path: "/api/auth/login",
    tag: "auth",
    summary: "Sign in with a local account: sets the session cookie (HttpOnly, SameSite=Strict) and answers the CSRF token",
    description: "Every later state-changing request made with the cookie sends the token as `x-csrf-token`. Attempts are limited per account and per address (429 with Retry-After).",
    request: { body: loginBodySchema },
    responses: {
      200: { description: "Signed in", content: jsonContent(loginResponseSchema) },
      400: errorResponse("No user name or password"),
      401: errorResponse("Wrong user name or password"),
      403: errorResponse("Sent from another origin"),
      404: errorResponse("Accounts are off (AUTH=off)"),
      429: errorResponse("Too many failed sign-ins for this account or address"),
    },
    examples: [
      { name: "signed in", status: 200, as: "anonymous", body: signInExamples },
      { name: "wrong password", status: 401, as: "anonymous", body: { username: "docs-admin", password: "not the password" } },
      { name: "open mode", status: 404, body: signInExamples },
    ],
  },
  {
    method: "post",
    path: "/api/auth/logout",
    tag: "auth",
    summary: "Sign out: ends the session (its cookie no longer works)",
    responses: { 200: { description: "Whether a session was ended", content: jsonContent(logoutResponseSchema) }, 403: errorResponse("Missing x-csrf-token"), ...RATE_LIMITED },
    examples: [{ name: "no session", status: 200, body: {} }],
  },
  {
    method: "get",
    path: "/api/auth/me",
    tag: "auth",
    summary: "Who is signed in (name, role, groups) and the session's CSRF token",
    responses: { 200: { description: "The user (null in open mode)", content: jsonContent(meResponseSchema) }, 401: errorResponse("Not signed in"), ...RATE_LIMITED },
    examples: [{ name: "open mode", status: 200 }, { name: "with a token", status: 200, as: "reader" }, { name: "anonymous", status: 401, as: "anonymous" }],
  },
];
