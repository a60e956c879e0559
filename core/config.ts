import { z } from "zod";
import { VanbanError } from "./errors.js";

/**
 * The whole configuration, validated once by the entry points
 * (server/main.ts, ingest/cli.ts, scripts). No other module reads process.env.
 */
const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1" || value === "yes");

export const configSchema = z.object({
  CORPUS_DIR: z.string().min(1).default("corpus"),
  INDEX_DIR: z.string().min(1).default("data/index"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: integer(3000, 0, 65535),
  /** Requests per client per minute on the API; 0 turns rate limiting off. */
  RATE_LIMIT_PER_MIN: integer(600, 0, 1_000_000),
  /** Required on write/admin endpoints when set. */
  API_KEY: z.string().optional(),
  /** `hashed` (default, no weights), `openai` (OpenAI-compatible /embeddings), `ollama`. */
  EMBEDDER: z.enum(["hashed", "openai", "ollama"]).default("hashed"),
  EMBEDDING_DIMENSION: integer(512, 16, 8192),
  /** `auto` (exact sparse scan for the hashed embedder, HNSW graph for the others), `exact`, `hnsw`. */
  VECTOR_INDEX: z.enum(["auto", "exact", "hnsw"]).default("auto"),
  EMBEDDING_URL: z.string().url().optional(),
  EMBEDDING_MODEL: z.string().optional(),
  EMBEDDING_API_KEY: z.string().optional(),
  /** `extractive` (default) or `openai` (OpenAI-compatible chat completions) or `ollama`. */
  ANSWERER: z.enum(["extractive", "openai", "ollama"]).default("extractive"),
  /** A fitted answer model (`npm run train -- --out FILE`) instead of the committed data/models/answerer.json. */
  ANSWER_MODEL: z.string().min(1).optional(),
  LLM_URL: z.string().url().optional(),
  LLM_MODEL: z.string().optional(),
  LLM_API_KEY: z.string().optional(),
  /** Largest file the ingest reads, in MB. */
  MAX_FILE_MB: integer(50, 1, 2048),
  /** Seconds of processing one file may take (its worker's busy time); past it the file is stopped and reported. */
  FILE_TIME_LIMIT_S: integer(120, 1, 86_400),
  /** Heap of the worker processing one file, in MB; past it the file is stopped and reported. */
  FILE_MEMORY_MB: integer(512, 64, 65_536),
  /** Most pages a PDF may declare. */
  MAX_PAGES: integer(2000, 1, 1_000_000),
  /** Most MB one compressed stream (PDF stream, ZIP part), or all parts of a ZIP, may inflate to. */
  MAX_INFLATED_MB: integer(100, 1, 65_536),
  /** Most characters of text one file may yield. */
  MAX_TEXT_CHARS: integer(10_000_000, 1000, 1_000_000_000),
  /** Worker threads the ingest processes files on; unset: one per core; 0: the main thread only. */
  INGEST_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Worker threads that run searches and answers over one shared copy of the in-process index
   * (server/http/search-worker-pool.ts); unset: one per core on a machine of two or more; 0: the
   * main thread only. Unused with SEARCH_BACKEND=opensearch.
   */
  SEARCH_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * OCR of PDF pages without a text layer (scanned): `auto` (default: on when the
   * language data is installed), `on` (fail at start when it is not), `off`.
   */
  OCR: z.enum(["auto", "on", "off"]).default("auto"),
  /** Tesseract language(s), "+"-joined; each needs its @tesseract.js-data/<lang> package (vie is a dependency). */
  OCR_LANG: z.string().regex(/^[a-z_]{3,12}(?:\+[a-z_]{3,12})*$/u, "Tesseract language codes joined by +, e.g. vie or vie+eng").default("vie"),
  /** Most scanned pages read by OCR per file; the rest are reported. */
  OCR_MAX_PAGES: integer(100, 1, 10_000),
  /** Target chunk size in characters. */
  CHUNK_CHARS: integer(1200, 200, 20000),
  /** Skip the ingest at start-up (serve the existing index as it is). */
  SKIP_INGEST: booleanFlag(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Accounts (server/auth): `off` (open, as a single-user machine), `local` (accounts with passwords), `oidc` (an OpenID Connect provider, local accounts too). */
  AUTH: z.enum(["off", "local", "oidc"]).default("off"),
  /** The OpenID Connect provider's issuer URL (AUTH=oidc), e.g. https://sso.example.gov.vn/realms/vanban */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** Where the provider sends people back: this server's /api/auth/oidc/callback as the browser reaches it. */
  OIDC_REDIRECT_URL: z.string().url().optional(),
  /** ID token / userinfo claim holding the person's groups (Keycloak: "groups"). */
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  /** Groups of the provider whose members are editors / administrators here. */
  OIDC_EDITOR_GROUPS: z.string().optional(),
  OIDC_ADMIN_GROUPS: z.string().optional(),
  /** A session ends this many hours after sign-in. */
  SESSION_HOURS: integer(12, 1, 24 * 30),
  /** `auto` (Secure when the request came over HTTPS or to a loopback host), `true`, `false`. */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** Trust X-Forwarded-For/-Proto from a reverse proxy (Express "trust proxy" value: a hop count, `loopback`, an address list). */
  TRUST_PROXY: z.string().optional(),
  /** Where the lexical and vector indexes are searched: `local` (in this process, default) or `opensearch`. */
  SEARCH_BACKEND: z.enum(["local", "opensearch"]).default("local"),
  /** OpenSearch node URL(s), comma-separated (SEARCH_BACKEND=opensearch), e.g. http://10.0.0.5:9200,http://10.0.0.6:9200 */
  OPENSEARCH_URL: z
    .string()
    .transform((value) => value.split(",").map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().url("each URL must look like http://host:9200")).min(1))
    .optional(),
  OPENSEARCH_USERNAME: z.string().optional(),
  OPENSEARCH_PASSWORD: z.string().optional(),
  /** Index names start with it: generations are `<prefix>-gen-…`, the live alias `<prefix>-live`. */
  OPENSEARCH_INDEX_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,60}$/u, "lower-case letters, digits, - and _").default("vanban"),
  OPENSEARCH_SHARDS: integer(1, 1, 1024),
  /** Copies of each shard; 0 on a one-node cluster (a replica needs a second node). */
  OPENSEARCH_REPLICAS: integer(1, 0, 16),
  /** Check the cluster's TLS certificate (https URLs). */
  OPENSEARCH_TLS_VERIFY: booleanFlag(true),
  /** Chunks per bulk request when the ingest writes a generation (two requests in flight). */
  OPENSEARCH_BULK_CHUNKS: integer(500, 1, 10_000),
  /**
   * With SEARCH_BACKEND=opensearch, `npm start` runs the server under this V8 heap limit (MB; unset:
   * chosen from the archive's size, see server/process/server-heap.js; 0: no limit). Read by the launcher
   * (server/start.js), validated here.
   */
  SERVER_HEAP_MB: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Validates the environment; a bad value throws a config_invalid error that says how to fix it. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join(".")}=${JSON.stringify(relevant[String(issue.path[0])] ?? "")}: ${issue.message}`,
    );
    throw new VanbanError("config_invalid", `Invalid configuration:\n${lines.join("\n")}\nFix the environment variable(s) above (see README, "Configuration").`);
  }
  const config = parsed.data;
  // An empty key would turn the check off while looking configured.
  if (env.API_KEY !== undefined && env.API_KEY.trim() === "") {
    throw new VanbanError("config_invalid", "API_KEY is set but empty, which would leave the admin endpoints without a key. Unset it, or set a key.");
  }
  if (config.EMBEDDER !== "hashed" && !config.EMBEDDING_URL) {
    throw new VanbanError("config_invalid", `EMBEDDER=${config.EMBEDDER} needs EMBEDDING_URL (e.g. http://127.0.0.1:11434 for Ollama).`);
  }
  if (config.ANSWERER !== "extractive" && !config.LLM_URL) {
    throw new VanbanError("config_invalid", `ANSWERER=${config.ANSWERER} needs LLM_URL.`);
  }
  if (config.AUTH === "oidc" && (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_REDIRECT_URL)) {
    throw new VanbanError("config_invalid", "AUTH=oidc needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URL (and OIDC_CLIENT_SECRET for a confidential client); see README, \"Accounts and access\".");
  }
  if (config.SEARCH_BACKEND === "opensearch" && !config.OPENSEARCH_URL) {
    throw new VanbanError("config_invalid", "SEARCH_BACKEND=opensearch needs OPENSEARCH_URL (e.g. http://127.0.0.1:9200; `npm run cluster -- start` prints one for a test cluster).");
  }
  return config;
}
