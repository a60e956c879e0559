/**
 * Client for the Vanban HTTP API (docs/notes/API.md). Paths are relative to
 * the page's origin: the pages and the embedded widget's iframe are served
 * by the same server as the API.
 */

import { readEventStream } from "./sse.js";

/** An API failure with the server's error code when it sent one. */
export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ status?: number; cause?: unknown }} [options]
   */
  constructor(code, message, options = {}) {
    super(message, { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = options.status ?? 0;
  }
}

/**
 * @param {Response} response
 * @returns {Promise<ApiError>}
 */
async function errorFromResponse(response) {
  try {
    const body = await response.json();
    if (body && typeof body === "object" && body.error && typeof body.error.message === "string") {
      return new ApiError(String(body.error.code ?? "http_error"), body.error.message, { status: response.status });
    }
  } catch {
    // Not JSON (a proxy error page, say): report the status line instead.
  }
  return new ApiError("http_error", `HTTP ${response.status} ${response.statusText}`.trim(), { status: response.status });
}

/**
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<any>}
 */
async function fetchJson(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, headers: { Accept: "application/json", ...(init?.headers ?? {}) } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("network_error", error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

/**
 * @param {{ q: string; k?: number; offset?: number; province?: string; year?: string; type?: string }} query
 * @param {{ signal?: AbortSignal }} [options]
 */
export function searchArchive(query, options = {}) {
  const parameters = new URLSearchParams({ q: query.q });
  if (query.k !== undefined) parameters.set("k", String(query.k));
  if (query.offset) parameters.set("offset", String(query.offset));
  for (const name of /** @type {const} */ (["province", "year", "type"])) {
    const value = query[name];
    if (value) parameters.set(name, value);
  }
  return fetchJson(`/api/search?${parameters}`, { signal: options.signal });
}

/**
 * @param {string} docId
 * @param {{ signal?: AbortSignal }} [options]
 */
export function getDocument(docId, options = {}) {
  return fetchJson(`/api/documents/${encodeURIComponent(docId)}`, { signal: options.signal });
}

/**
 * Asks a question and streams the answer. Calls `onCitations` when the
 * sources are known and `onDelta` for each piece of answer text; resolves
 * with the full response of the `done` event. Falls back to a plain JSON
 * response when the server (or a proxy) does not stream.
 * @param {{ question: string; history?: Array<{ role: "user" | "assistant"; content: string }>; filters?: Record<string, string | number>; k?: number }} request
 * @param {{ signal?: AbortSignal; onCitations?: (citations: any[]) => void; onDelta?: (text: string) => void }} [handlers]
 * @returns {Promise<{ found: boolean; answer: string; language?: string; citations: any[] }>}
 */
export async function askArchive(request, handlers = {}) {
  let response;
  try {
    response = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(request),
      signal: handlers.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("network_error", error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!response.ok) throw await errorFromResponse(response);

  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.includes("text/event-stream") || !response.body) {
    const body = await response.json();
    handlers.onCitations?.(body.citations ?? []);
    return { found: Boolean(body.found), answer: String(body.answer ?? ""), language: body.language, citations: body.citations ?? [] };
  }

  /** @type {any} */
  let final = null;
  /** @type {ApiError | null} */
  let failure = null;
  await readEventStream(response.body, ({ event, data }) => {
    let payload;
    try {
      payload = JSON.parse(data);
    } catch (error) {
      failure = new ApiError("bad_stream", `Unreadable "${event}" event from the server`, { cause: error });
      return;
    }
    if (event === "citations") handlers.onCitations?.(Array.isArray(payload.citations) ? payload.citations : []);
    else if (event === "delta") handlers.onDelta?.(String(payload.text ?? ""));
    else if (event === "done") final = payload;
    else if (event === "error") {
      const error = payload && payload.error ? payload.error : {};
      failure = new ApiError(String(error.code ?? "answer_failed"), String(error.message ?? "The server could not answer"));
    }
  });
  if (failure) throw failure;
  if (!final) throw new ApiError("bad_stream", "The answer stream ended before it was complete");
  return {
    found: Boolean(final.found),
    answer: String(final.answer ?? ""),
    language: final.language,
    citations: Array.isArray(final.citations) ? final.citations : [],
  };
}
