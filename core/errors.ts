/**
 * Domain errors carry a stable `code` and keep their `cause`. The HTTP layer
 * maps codes to statuses in one place (server/http/error-middleware.ts); the
 * ingest records them per file.
 */
export type ErrorCode =
  // loading a file
  | "file_empty"
  | "file_too_large"
  | "file_corrupt"
  | "file_encrypted"
  | "file_no_text_layer"
  | "file_unsupported"
  | "file_binary"
  | "file_not_language"
  | "file_unreadable"
  /** Over its processing budget (time, memory, pages, inflated size, text size); the message names the limit. */
  | "file_over_budget"
  // index
  | "index_missing"
  | "index_corrupt"
  | "index_write_failed"
  /** The search engine (OpenSearch) did not answer. */
  | "search_backend_unavailable"
  /** Another ingest is writing the same index. */
  | "ingest_busy"
  | "embedder_failed"
  | "chat_model_failed"
  | "answer_model_missing"
  | "answer_model_invalid"
  // configuration
  | "config_invalid"
  // requests
  | "bad_request"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "csrf_failed"
  | "too_many_attempts"
  | "conflict"
  /** The client went away before its queued request was started (under overload): the work is skipped. */
  | "client_closed_request"
  | "payload_too_large"
  | "rate_limited"
  | "internal";

export class VanbanError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VanbanError";
    this.code = code;
  }
}

export function isVanbanError(error: unknown): error is VanbanError {
  return error instanceof VanbanError;
}

/** A short, human-readable reason for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
