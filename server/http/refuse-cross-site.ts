import type { Request, RequestHandler } from "express";
import { sendError } from "./error-middleware.js";

/**
 * Refuses a request a browser sends on behalf of another site. A page on any
 * origin can make a browser POST to this server (a form, or fetch in no-cors
 * mode) without reading the answer; for endpoints that change state that is
 * enough to do harm, with or without an API key, a token or a session. Browsers
 * say where a request comes from (`Sec-Fetch-Site`, `Origin`); scripts and curl
 * send neither and pass. Which routes: those for editors and administrators
 * (server/auth/route-policy.ts), in open mode and with accounts on alike.
 */
export function refuseCrossSite(options: { applies?: (request: Request) => boolean } = {}): RequestHandler {
  return (request, response, next) => {
    if ((options.applies?.(request) ?? true) && crossSiteProblem(request)) return sendError(response, 403, "forbidden", CROSS_SITE_MESSAGE);
    next();
  };
}

export const CROSS_SITE_MESSAGE = "Requests from another site may not call this endpoint.";

/** What tells that a browser sent this request for another site (for the audit log), or undefined. */
export function crossSiteProblem(request: Request): string | undefined {
  const site = request.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = request.get("origin");
  if (origin !== undefined && !isSameOrigin(origin, request)) return `Origin: ${origin}`;
  return undefined;
}

/** Whether an Origin header names this server (as the request reached it); "null" (sandboxed frames, file: pages) never does. */
export function isSameOrigin(origin: string, request: Request): boolean {
  const host = request.get("host");
  return host !== undefined && hostOf(origin) === host;
}

function hostOf(origin: string): string | undefined {
  try {
    return origin === "null" ? undefined : new URL(origin).host;
  } catch {
    return undefined;
  }
}
