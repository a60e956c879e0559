/**
 * Client for the Vanban HTTP API (docs/notes/API.md). Paths are relative to
 * the page's origin: the pages and the embedded widget's iframe are served
 * by the same server as the API.
 */

import { t } from "./i18n.js";
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
 * A failure said in the user's language: "Failed to fetch" becomes "Cannot
 * reach the server …"; a refusal keeps the server's own reason.
 * @param {unknown} error
 * @returns {string}
 */
export function describeError(error) {
  if (!(error instanceof ApiError)) return t("error.server");
  if (error.code === "network_error") return t("error.network");
  if (error.code === "bad_stream" || error.code === "chat_model_failed") return t("error.stream");
  if (error.status === 429) return t("error.rateLimited");
  if (error.status === 401 || error.status === 403) return t("error.unauthorized");
  if (error.status === 404) return t("error.notFound");
  if (error.status === 413) return t("error.tooLarge");
  if (error.status === 503) return t("error.unavailable");
  if (error.status >= 400 && error.status < 500) return t("error.badRequest", { message: error.message });
  return t("error.server");
}

const EDITOR_KEY = "vanban.editor";
const API_KEY_KEY = "vanban.apiKey";

/** The editor's name and API key remembered in this browser (sent with every change). */
export function editorSettings() {
  try {
    return { name: localStorage.getItem(EDITOR_KEY) ?? "", apiKey: localStorage.getItem(API_KEY_KEY) ?? "" };
  } catch {
    return { name: "", apiKey: "" };
  }
}

/** @param {{ name?: string; apiKey?: string }} settings */
export function saveEditorSettings(settings) {
  try {
    if (settings.name !== undefined) localStorage.setItem(EDITOR_KEY, settings.name.trim());
    if (settings.apiKey !== undefined) localStorage.setItem(API_KEY_KEY, settings.apiKey.trim());
  } catch {
    // Not remembered; the change itself still goes through.
  }
}

/** Whether the server said this browser is signed in (the non-secret `vanban_signed_in` cookie; open mode never sets it). */
export function isSignedIn() {
  return /(?:^|;\s*)vanban_signed_in=1(?:;|$)/u.test(document.cookie);
}

/** The session's CSRF token (accounts on), fetched once from /api/auth/me. */
let csrfToken = "";
let csrfChecked = false;

/**
 * Headers every change sends: who makes it and the API key (open mode), and
 * the session's CSRF token (accounts on: the server refuses a change made with
 * the session cookie without it).
 * @returns {Promise<Record<string, string>>}
 */
async function changeHeaders() {
  if (!csrfChecked && isSignedIn()) {
    csrfChecked = true;
    try {
      const response = await fetch("/api/auth/me", { headers: { Accept: "application/json" } });
      if (response.ok) csrfToken = String((await response.json()).csrfToken ?? "");
    } catch {
      // Open mode or offline: the change says so itself.
    }
  }
  return { ...editorHeaders(), ...(csrfToken ? { "x-csrf-token": csrfToken } : {}) };
}

/**
 * A 401 with accounts on means the session ended or never began: to the sign-in page, back here after.
 * @param {number} status
 */
async function signInWhenNeeded(status) {
  // Not from inside a frame (the widget on another page): the sign-in page is not framed; the frame says "sign in" instead.
  if (status !== 401 || window.location.pathname === "/login" || window.top !== window.self) return;
  try {
    const config = await (await fetch("/api/auth/config", { headers: { Accept: "application/json" } })).json();
    if (config && config.mode && config.mode !== "off") window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  } catch {
    // Leave the error to the page.
  }
}

/** Headers that say who makes a change (and the key, when the server asks for one). */
function editorHeaders() {
  const { name, apiKey } = editorSettings();
  /** @type {Record<string, string>} */
  const headers = {};
  if (name) headers["x-editor"] = encodeURIComponent(name);
  if (apiKey) headers["x-api-key"] = apiKey;
  return headers;
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
  if (!response.ok) {
    await signInWhenNeeded(response.status);
    throw await errorFromResponse(response);
  }
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

/** @returns {Promise<{ documents: Array<{ id: string; source: string; documentName: string; format: string; meta: any; chunks: number; pages?: number }> }>} */
export function listDocuments() {
  return fetchJson("/api/documents");
}

/**
 * An administration call (/api/admin/…): JSON in and out, with the session's CSRF token on changes.
 * @param {"GET" | "POST" | "PUT" | "PATCH" | "DELETE"} method
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function adminRequest(method, url, body) {
  const headers = method === "GET" ? {} : { ...(await changeHeaders()), "Content-Type": "application/json" };
  return fetchJson(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** @returns {Promise<{ examples: Array<{ question: string; language: "vi" | "en" }> }>} */
export function getExamples() {
  return fetchJson("/api/examples");
}

/**
 * @param {URLSearchParams} parameters
 * @param {{ signal?: AbortSignal }} [options]
 */
export function listTasks(parameters, options = {}) {
  return fetchJson(`/api/tasks?${parameters}`, { signal: options.signal });
}

/**
 * @param {string} taskId
 * @param {{ status?: "open" | "done" | "ongoing"; note?: string }} change
 */
export async function updateTask(taskId, change) {
  const headers = await changeHeaders();
  return fetchJson(`/api/tasks/${encodeURIComponent(taskId)}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(change),
  });
}

/** @param {string} docId */
export async function deleteDocument(docId) {
  return fetchJson(`/api/documents/${encodeURIComponent(docId)}`, { method: "DELETE", headers: await changeHeaders() });
}

export async function startReindex() {
  return fetchJson("/api/admin/reindex", { method: "POST", headers: await changeHeaders() });
}

/** @returns {Promise<{ running: boolean; done: number; total: number; current?: string; error?: string; summary?: any }>} */
export function reindexStatus() {
  return fetchJson("/api/admin/reindex/status");
}

/**
 * Uploads files (multipart, field "file") with upload progress (XMLHttpRequest: fetch reports none).
 * @param {File[]} files
 * @param {{ onProgress?: (fraction: number) => void }} [handlers]
 * @returns {Promise<{ results: Array<{ file: string; status: string; docId?: string; documentName?: string; error?: { code: string; message: string } }> }>}
 */
export async function uploadDocuments(files, handlers = {}) {
  const headers = await changeHeaders();
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/documents");
    request.setRequestHeader("Accept", "application/json");
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) handlers.onProgress?.(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // Not JSON: reported by status below.
      }
      if (body && Array.isArray(body.results)) return resolve(body);
      const error = body && body.error ? body.error : {};
      void signInWhenNeeded(request.status);
      reject(new ApiError(String(error.code ?? "http_error"), String(error.message ?? `HTTP ${request.status}`), { status: request.status }));
    });
    request.addEventListener("error", () => reject(new ApiError("network_error", "Network error")));
    request.send(form);
  });
}

/**
 * Asks a question and streams the answer. Calls `onCitations` when the
 * sources are known and `onDelta` for each piece of answer text; resolves
 * with the full response of the `done` event. Falls back to a plain JSON
 * response when the server (or a proxy) does not stream.
 * @param {{ question: string; history?: Array<{ role: "user" | "assistant"; content: string }>; filters?: Record<string, string | number>; k?: number }} request
 * @param {{ signal?: AbortSignal; onCitations?: (citations: any[]) => void; onDelta?: (text: string) => void }} [handlers]
 * @returns {Promise<{ found: boolean; answer: string; language?: string; citations: any[]; searchQuery?: string }>}
 */
export async function askArchive(request, handlers = {}) {
  let response;
  try {
    const headers = await changeHeaders();
    response = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", ...headers },
      body: JSON.stringify(request),
      signal: handlers.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError("network_error", error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (!response.ok) {
    await signInWhenNeeded(response.status);
    throw await errorFromResponse(response);
  }

  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.includes("text/event-stream") || !response.body) {
    const body = await response.json();
    handlers.onCitations?.(body.citations ?? []);
    return { found: Boolean(body.found), answer: String(body.answer ?? ""), language: body.language, citations: body.citations ?? [], searchQuery: body.searchQuery };
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
    searchQuery: typeof final.searchQuery === "string" ? final.searchQuery : undefined,
  };
}
