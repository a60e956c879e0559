import { VanbanError } from "../../core/errors.js";
import type { ChatMessage, ChatModel } from "../../core/ports.js";
import { describeRemoteError, joinUrl, parseJson, streamResponseLines, type ChatModelOptions } from "./openai-chat-model.js";

/**
 * A chat model served by Ollama's native `/api/chat`, read as NDJSON: one
 * `{"message":{"content":"…"},"done":false}` object per line, the last with
 * `"done":true`. `baseUrl` is the server root, e.g. `http://127.0.0.1:11434`
 * (or a proxy path such as `https://gateway/ollama`).
 */
export class OllamaChatModel implements ChatModel {
  readonly id: string;
  private readonly options: ChatModelOptions;

  constructor(options: ChatModelOptions) {
    this.options = options;
    this.id = `ollama:${options.model}`;
  }

  async *stream(request: { messages: ChatMessage[]; signal?: AbortSignal }): AsyncIterable<string> {
    const { options } = this;
    const modelOptions: Record<string, number> = {};
    if (options.temperature !== undefined) modelOptions.temperature = options.temperature;
    if (options.maxTokens !== undefined) modelOptions.num_predict = options.maxTokens;
    const body: Record<string, unknown> = { model: options.model, messages: request.messages, stream: true };
    if (Object.keys(modelOptions).length) body.options = modelOptions;
    const lines = streamResponseLines({
      // Relative join: an Ollama behind a reverse proxy under a path keeps that path.
      url: joinUrl(options.baseUrl, "api/chat"),
      body,
      accept: "application/x-ndjson",
      options,
      signal: request.signal,
    });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const json = parseJson(line) as { error?: unknown; message?: { content?: unknown }; done?: unknown };
      if (json && typeof json === "object" && json.error) {
        throw new VanbanError("chat_model_failed", `Ollama reported an error: ${describeRemoteError(json.error)}`);
      }
      // Thinking models send their reasoning in `message.thinking`; only `content` is the answer.
      const content = json?.message?.content;
      if (typeof content === "string" && content) yield content;
      if (json?.done === true) return;
    }
    throw new VanbanError("chat_model_failed", "Ollama's stream ended before the answer was complete.");
  }
}
