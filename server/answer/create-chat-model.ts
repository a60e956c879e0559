import type { Config } from "../../core/config.js";
import { VanbanError } from "../../core/errors.js";
import type { ChatModel } from "../../core/ports.js";
import { OllamaChatModel } from "./ollama-chat-model.js";
import { OpenAiCompatibleChatModel } from "./openai-chat-model.js";

/** Defaults when LLM_MODEL is not set (see docs/notes/llm.md for the choice). */
export const DEFAULT_CHAT_MODELS = { openai: "gpt-4o-mini", ollama: "qwen2.5:7b" } as const;

/** Low temperature: the model rephrases quoted evidence, it should not be creative. */
const ANSWER_TEMPERATURE = 0.2;

/** Builds the configured chat model; undefined for the default extractive answerer. Called only by entry points. */
export function createChatModel(config: Config, options: { fetch?: typeof fetch } = {}): ChatModel | undefined {
  if (config.ANSWERER === "extractive") return undefined;
  // loadConfig already requires LLM_URL; a hand-built Config gets the same message.
  if (!config.LLM_URL) throw new VanbanError("config_invalid", `ANSWERER=${config.ANSWERER} needs LLM_URL.`);
  const common = { baseUrl: config.LLM_URL, apiKey: config.LLM_API_KEY, temperature: ANSWER_TEMPERATURE, fetch: options.fetch };
  switch (config.ANSWERER) {
    case "openai":
      return new OpenAiCompatibleChatModel({ ...common, model: config.LLM_MODEL ?? DEFAULT_CHAT_MODELS.openai });
    case "ollama":
      return new OllamaChatModel({ ...common, model: config.LLM_MODEL ?? DEFAULT_CHAT_MODELS.ollama });
  }
}
