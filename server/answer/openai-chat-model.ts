import { VanbanError, describeError } from "../../core/errors.js";
import type { ChatMessage, ChatModel } from "../../core/ports.js";

/**
 * A chat model behind an OpenAI-compatible `/chat/completions` endpoint
 * (OpenAI, vLLM, llama.cpp server, LM Studio, Ollama's `/v1`, …), read as a
 * server-sent-event stream. The HTTP plumbing shared with the Ollama adapter
 * (idle timeout, status check, line splitting) lives here too.
 */
export type ChatModelOptions = {
  /** Base URL; for OpenAI-compatible servers it includes the version path, e.g. `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Sampling temperature; left to the server when undefined (some reasoning models reject any other value). */
  temperature?: number;
  /** Upper bound on generated tokens; left to the server when undefined. */
  maxTokens?: number;
  /** The request fails when the endpoint sends nothing for this long (connect, first token, or between tokens). */
  idleTimeoutMs?: number;
  /** The request fails when the whole answer takes longer than this. */
  totalTimeoutMs?: number;
  fetch?: typeof fetch;
};

/** A cold local model can take a while to load and to read a long prompt before the first token. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 300_000;
const ERROR_EXCERPT_CHARS = 300;

export class OpenAiCompatibleChatModel implements ChatModel {
  readonly id: string;
  private readonly options: ChatModelOptions;

  constructor(options: ChatModelOptions) {
    this.options = options;
    this.id = `openai:${options.model}`;
  }

  async *stream(request: { messages: ChatMessage[]; signal?: AbortSignal }): AsyncIterable<string> {
    const { options } = this;
    const body: Record<string, unknown> = { model: options.model, messages: request.messages, stream: true };
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
    const lines = streamResponseLines({
      url: joinUrl(options.baseUrl, "chat/completions"),
      body,
      accept: "text/event-stream",
      options,
      signal: request.signal,
    });

    let dataLines: string[] = [];
    let finished = false;
    // A server that ignores `stream: true` answers with one JSON document instead of events.
    let wholeJson: string[] | undefined;
    let sawContent = false;
    for await (const line of lines) {
      if (wholeJson) {
        wholeJson.push(line);
        continue;
      }
      if (!sawContent && line.trimStart().startsWith("{")) {
        wholeJson = [line];
        continue;
      }
      if (line.trim()) sawContent = true;
      if (line === "") {
        // A blank line ends an event (several `data:` lines of one event are joined by "\n").
        if (!dataLines.length) continue;
        const payload = dataLines.join("\n");
        dataLines = [];
        if (payload.trim() === "[DONE]") return;
        const chunk = parseCompletionChunk(payload);
        if (chunk.finished) finished = true;
        if (chunk.text) yield chunk.text;
        continue;
      }
      if (line.startsWith(":")) continue; // comment / keep-alive
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      if (field !== "data") continue; // event:, id:, retry:
      const value = colon < 0 ? "" : line.slice(colon + 1);
      dataLines.push(value.startsWith(" ") ? value.slice(1) : value);
    }

    if (wholeJson) {
      const text = parseCompletionChunk(wholeJson.join("\n")).text;
      if (text) yield text;
      return;
    }
    // An event cut off by the end of the body still counts.
    if (dataLines.length) {
      const payload = dataLines.join("\n");
      if (payload.trim() === "[DONE]") return;
      const chunk = parseCompletionChunk(payload);
      if (chunk.text) yield chunk.text;
      if (chunk.finished) return;
    }
    // Without [DONE] or a finish_reason the connection was most likely cut mid-answer.
    if (!finished) throw new VanbanError("chat_model_failed", "The chat endpoint's stream ended before the answer was complete.");
  }
}

/** One SSE payload (a streamed chunk) or a whole non-streamed completion. */
function parseCompletionChunk(payload: string): { text: string; finished: boolean } {
  const json = parseJson(payload) as {
    error?: unknown;
    choices?: Array<{ delta?: { content?: unknown }; message?: { content?: unknown }; text?: unknown; finish_reason?: unknown }>;
  };
  if (json && typeof json === "object" && json.error) {
    throw new VanbanError("chat_model_failed", `The chat endpoint reported an error: ${describeRemoteError(json.error)}`);
  }
  const choice = json?.choices?.[0];
  const content = choice?.delta?.content ?? choice?.message?.content ?? choice?.text;
  return {
    text: typeof content === "string" ? content : "",
    finished: typeof choice?.finish_reason === "string" && choice.finish_reason !== "",
  };
}

/** JSON.parse with a coded error that shows what arrived. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new VanbanError("chat_model_failed", `The chat endpoint sent malformed JSON: ${excerpt(text)}`, { cause: error });
  }
}

/** `{ message }`, `{ error: "…" }` or anything else, as one short line. */
export function describeRemoteError(error: unknown): string {
  if (typeof error === "string") return excerpt(error);
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") return excerpt(error.message);
  return excerpt(JSON.stringify(error));
}

/** The `error` of a JSON error body (OpenAI `{error:{message}}`, Ollama `{error:"…"}`), else the body itself, short. */
function describeErrorBody(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: unknown };
    if (json && typeof json === "object" && json.error) return describeRemoteError(json.error);
  } catch {
    // Not JSON: an HTML error page or plain text.
  }
  return excerpt(body);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  return flat.length > ERROR_EXCERPT_CHARS ? `${flat.slice(0, ERROR_EXCERPT_CHARS)}…` : flat;
}

/** `base` + relative `path`, keeping the base's own path (`…/v1` + `chat/completions` -> `…/v1/chat/completions`). */
export function joinUrl(base: string, path: string): string {
  return new URL(path, base.endsWith("/") ? base : `${base}/`).toString();
}

/**
 * POSTs JSON and yields the response body line by line as it arrives ("\n" or
 * "\r\n" endings; multi-byte characters split across network chunks are
 * reassembled). Every failure is a `chat_model_failed` error; stopping the
 * iteration early cancels the request.
 */
export async function* streamResponseLines(request: {
  url: string;
  body: unknown;
  accept: string;
  options: Pick<ChatModelOptions, "apiKey" | "fetch" | "idleTimeoutMs" | "totalTimeoutMs">;
  signal?: AbortSignal;
}): AsyncGenerator<string> {
  const { url, options } = request;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  const controller = new AbortController();
  let stopReason: "idle" | "total" | "cancelled" | undefined;
  const stop = (reason: "idle" | "total" | "cancelled") => {
    stopReason ??= reason;
    controller.abort();
  };
  let idleTimer = setTimeout(() => stop("idle"), idleTimeoutMs);
  const totalTimer = setTimeout(() => stop("total"), totalTimeoutMs);
  const onCallerAbort = () => stop("cancelled");
  if (request.signal?.aborted) stop("cancelled");
  request.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const touch = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop("idle"), idleTimeoutMs);
  };
  const explain = (error: unknown, doing: string): VanbanError => {
    if (error instanceof VanbanError) return error;
    if (stopReason === "cancelled") return new VanbanError("chat_model_failed", "The answer was cancelled.", { cause: error });
    if (stopReason === "idle") {
      return new VanbanError("chat_model_failed", `The chat endpoint ${url} sent nothing for ${idleTimeoutMs / 1000} s.`, { cause: error });
    }
    if (stopReason === "total") {
      return new VanbanError("chat_model_failed", `The chat endpoint ${url} took longer than ${totalTimeoutMs / 1000} s.`, { cause: error });
    }
    return new VanbanError("chat_model_failed", `${doing} ${url} failed: ${describeError(error)}`, { cause: error });
  };

  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const headers: Record<string, string> = { "content-type": "application/json", accept: request.accept };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, {
        method: "POST",
        headers,
        body: JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch (error) {
      throw explain(error, "Calling the chat endpoint");
    }
    touch();
    if (!response.ok) {
      const detail = await response.text().catch(() => "");
      throw new VanbanError("chat_model_failed", `The chat endpoint answered ${response.status}: ${describeErrorBody(detail) || response.statusText}`);
    }
    if (!response.body) throw new VanbanError("chat_model_failed", `The chat endpoint answered ${response.status} with no body.`);

    reader = response.body.getReader();
    const decoder = new TextDecoder("utf-8");
    let pending = "";
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw explain(error, "Reading the answer from");
      }
      if (chunk.done) break;
      touch();
      pending += decoder.decode(chunk.value, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        yield line.endsWith("\r") ? line.slice(0, -1) : line;
        newline = pending.indexOf("\n");
      }
    }
    pending += decoder.decode();
    if (pending) yield pending.endsWith("\r") ? pending.slice(0, -1) : pending;
  } finally {
    clearTimeout(idleTimer);
    clearTimeout(totalTimer);
    request.signal?.removeEventListener("abort", onCallerAbort);
    // Stopping early (a consumer that breaks out, or an error): free the connection.
    if (reader) await reader.cancel().catch(() => undefined);
    controller.abort();
  }
}
