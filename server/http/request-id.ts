import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Logger } from "pino";

/**
 * Gives every request an id: the caller's `x-request-id` when it is a short
 * plain token (a proxy's id, so logs can be joined across hops), else a new
 * UUID. The id is echoed in the `x-request-id` header, added to every error
 * body (error-middleware.ts) and bound to the request's logger, so every log
 * line written for the request carries it.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/u;

export function createRequestIdMiddleware(options: { logger?: Logger; generate?: () => string } = {}): RequestHandler {
  const generate = options.generate ?? randomUUID;
  return (request, response, next) => {
    const incoming = request.get("x-request-id");
    const requestId = incoming && ACCEPTED_ID.test(incoming) ? incoming : generate();
    response.locals.requestId = requestId;
    response.setHeader("x-request-id", requestId);
    // A logger without child() (a test's fake) is used as it is.
    const logger = typeof options.logger?.child === "function" ? options.logger.child({ requestId }) : options.logger;
    if (logger) {
      response.locals.logger = logger;
      const started = performance.now();
      response.on("finish", () => {
        logger.debug?.({ method: request.method, path: request.path, status: response.statusCode, ms: Math.round(performance.now() - started) }, "request");
      });
    }
    next();
  };
}

/** The request's id (set by the middleware above), if any. */
export function requestIdOf(response: Response): string | undefined {
  const id: unknown = response.locals.requestId;
  return typeof id === "string" ? id : undefined;
}

/** The request's logger (bound to its id), else the fallback. */
export function requestLoggerOf(response: Response, fallback?: Logger): Logger | undefined {
  const logger: unknown = response.locals.logger;
  return (logger as Logger | undefined) ?? fallback;
}
