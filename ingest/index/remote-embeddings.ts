import { Embeddings } from "@langchain/core/embeddings";
import { stampRetryable } from "@langchain/core/errors";
import { VanbanError } from "../../core/errors.js";
import { normalizeInPlace } from "./hashed-embeddings.js";

/**
 * Embeddings served over HTTP: an OpenAI-compatible `/v1/embeddings` endpoint
 * (OpenAI, vLLM, LM Studio, llama.cpp server, …) or Ollama's `/api/embed`.
 * Vectors are L2-normalized so the inner-product index is cosine.
 */
type RemoteOptions = { baseUrl: string; model: string; dimension: number; apiKey?: string; fetch?: typeof fetch; timeoutMs?: number };

abstract class RemoteEmbeddings extends Embeddings {
  readonly id: string;
  readonly dimension: number;
  protected readonly options: RemoteOptions;

  constructor(kind: string, options: RemoteOptions) {
    super({ maxRetries: 2 });
    this.options = options;
    this.dimension = options.dimension;
    this.id = `${kind}:${options.model}:${options.dimension}`;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    if (!vector) throw new VanbanError("embedder_failed", "The embedding endpoint returned no vector.");
    return vector;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    const vectors = await this.caller.call(() => this.request(texts));
    if (vectors.length !== texts.length) {
      throw new VanbanError("embedder_failed", `The embedding endpoint returned ${vectors.length} vectors for ${texts.length} texts.`);
    }
    return vectors.map((vector) => {
      if (vector.length !== this.dimension) {
        throw new VanbanError("embedder_failed", `The model returned ${vector.length} dimensions; set EMBEDDING_DIMENSION=${vector.length}.`);
      }
      const normalized = Float32Array.from(vector);
      normalizeInPlace(normalized);
      return Array.from(normalized);
    });
  }

  protected abstract request(texts: string[]): Promise<number[][]>;

  protected async postJson(url: string, body: unknown): Promise<unknown> {
    const fetchImplementation = this.options.fetch ?? fetch;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetchImplementation(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      throw new VanbanError("embedder_failed", `Cannot reach the embedding endpoint ${url}`, { cause: error });
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => "")).slice(0, 300);
      const error = new VanbanError("embedder_failed", `The embedding endpoint answered ${response.status}: ${detail}`);
      // A 4xx (bad key, unknown model) will not get better by retrying; 429 and 5xx may.
      throw stampRetryable(error, response.status === 429 || response.status >= 500);
    }
    try {
      return await response.json();
    } catch (error) {
      throw stampRetryable(new VanbanError("embedder_failed", "The embedding endpoint's answer is not valid JSON.", { cause: error }), false);
    }
  }
}

function isVectorList(value: unknown): value is number[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number"));
}

export class OpenAiCompatibleEmbeddings extends RemoteEmbeddings {
  constructor(options: RemoteOptions) {
    super("openai", options);
  }

  protected async request(texts: string[]): Promise<number[][]> {
    const url = new URL("embeddings", this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`).toString();
    const json = (await this.postJson(url, { model: this.options.model, input: texts })) as { data?: Array<{ index?: number; embedding?: unknown }> } | null;
    if (!json || typeof json !== "object") throw stampRetryable(new VanbanError("embedder_failed", "The embedding endpoint's answer is not an object."), false);
    const rows = [...(json.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((row) => row.embedding);
    if (!isVectorList(rows)) throw stampRetryable(new VanbanError("embedder_failed", "The embedding endpoint's answer has no data[].embedding arrays."), false);
    return rows;
  }
}

export class OllamaEmbeddings extends RemoteEmbeddings {
  constructor(options: RemoteOptions) {
    super("ollama", options);
  }

  protected async request(texts: string[]): Promise<number[][]> {
    // Keep any path prefix of the base URL (an Ollama behind a proxy under /ollama/).
    const url = new URL("api/embed", this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`).toString();
    const json = (await this.postJson(url, { model: this.options.model, input: texts })) as { embeddings?: unknown } | null;
    if (!json || typeof json !== "object") throw stampRetryable(new VanbanError("embedder_failed", "Ollama's answer is not an object."), false);
    if (!isVectorList(json.embeddings)) throw stampRetryable(new VanbanError("embedder_failed", "Ollama's answer has no embeddings array."), false);
    return json.embeddings;
  }
}
