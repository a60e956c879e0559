import type { RequestHandler } from "express";
import { sendError } from "./error-middleware.js";

/**
 * Refuses a request a browser sends on behalf of another site. A page on any
 * origin can make a browser POST to this server (a form, or fetch in no-cors
 * mode) without reading the answer; for endpoints that change state that is
 * enough to do harm, with or without an API key configured. Browsers say
 * where a request comes from (`Sec-Fetch-Site`, `Origin`); scripts and curl
 * send neither and pass.
 */
export function refuseCrossSite(): RequestHandler {
  return (request, response, next) => {
    const site = request.get("sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none") return refuse(response);
    const origin = request.get("origin");
    if (origin !== undefined && hostOf(origin) !== request.get("host")) return refuse(response);
    next();
  };
}

/** `handler`, behind refuseCrossSite: one middleware (routers take one per gate). */
export function refuseCrossSiteBefore(handler: RequestHandler): RequestHandler {
  const guard = refuseCrossSite();
  return (request, response, next) => guard(request, response, (error?: unknown) => (error ? next(error) : handler(request, response, next)));
}

function refuse(response: Parameters<RequestHandler>[1]): void {
  sendError(response, 403, "forbidden", "Requests from another site may not call this endpoint.");
}

function hostOf(origin: string): string | undefined {
  try {
    // "null" (sandboxed frames, file: pages) is no host at all.
    return origin === "null" ? undefined : new URL(origin).host;
  } catch {
    return undefined;
  }
}
