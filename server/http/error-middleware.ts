import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { isVanbanError, type ErrorCode } from "../../core/errors.js";
import { requestIdOf, requestLoggerOf } from "./request-id.js";

/** The one place where error codes become HTTP statuses. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  conflict: 409,
  too_many_attempts: 429,
  not_found: 404,
  ingest_busy: 409,
  payload_too_large: 413,
  rate_limited: 429,
  index_missing: 503,
  search_backend_unavailable: 503,
  // nginx's convention; nobody reads it (the client is gone), and it is not a server failure.
  client_closed_request: 499,
};

export function sendError(response: Parameters<RequestHandler>[1], status: number, code: string, message: string): void {
  if (response.headersSent) return;
  const requestId = requestIdOf(response);
  response.status(status).json({ error: { code, message, ...(requestId ? { requestId } : {}) } });
}

/** A message with any absolute path ("/srv/vanban/data/index") replaced by "…": replies never show the server's folders. */
function withoutAbsolutePaths(message: string): string {
  return message.replace(/(^|[\s'"(])(?:[A-Za-z]:)?[\\/][^\s'"]+/gu, "$1…");
}

export const notFoundHandler: RequestHandler = (request, response) => {
  sendError(response, 404, "not_found", `No route for ${request.method} ${request.path}`);
};

/**
 * Maps errors to JSON. Body-parser failures (malformed JSON, too large,
 * bad charset) are the client's fault: 4xx. Anything unexpected is a bug: it
 * is logged and answered 500 without a stack trace (the fuzz tests look for those).
 */
export function createErrorHandler(logger?: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const log = requestLoggerOf(response, logger);
    const typed = error as { type?: string; status?: number; statusCode?: number; message?: string };
    if (isVanbanError(error)) {
      const status = STATUS_BY_CODE[error.code] ?? 500;
      if (error.code === "index_missing") {
        // Not a failure: the server listens before its first index exists. The message says how far it is.
        response.setHeader("retry-after", "5");
        sendError(response, status, error.code, withoutAbsolutePaths(error.message));
        return;
      }
      if (status >= 500) log?.error({ err: error, path: request.path }, "request failed");
      sendError(response, status, error.code, status >= 500 ? "The server could not process the request." : error.message);
      return;
    }
    if (typed?.type === "entity.too.large") return sendError(response, 413, "payload_too_large", "The request body is too large.");
    if (typed?.type === "entity.parse.failed") return sendError(response, 400, "bad_request", "The request body is not valid JSON.");
    if (typed?.type === "charset.unsupported" || typed?.type === "encoding.unsupported") {
      return sendError(response, 415, "bad_request", "Unsupported body encoding; send UTF-8 JSON.");
    }
    const status = typed?.status ?? typed?.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return sendError(response, status, "bad_request", typed.message ?? "Bad request.");
    }
    log?.error({ err: error, path: request.path }, "unexpected error");
    sendError(response, 500, "internal", "The server could not process the request.");
  };
}
