import type { z } from "zod";
import { describeError, VanbanError, type ErrorCode } from "../../core/errors.js";
import type { ChatModel } from "../../core/ports.js";
import type { ChatTurn, SearchFilters } from "../../core/types.js";
import type { AnswerModel } from "../answer/model/answer-model.js";
import type { AskAnswer } from "../answer/extractive-answerer.js";
import type { Archive } from "../retrieve/archive.js";
import { collectAnswer, streamAnswerEvents } from "../http/answer-events.js";
import { IMMEDIATE_WORK, listTaskItems, readDocument, searchPassages } from "../http/archive-queries.js";
import type { AskResponseBody, DocumentDetailBody, SearchResponseBody, TasksResponseBody } from "../http/response-schemas.js";
import { describeIssues } from "../http/schemas.js";
import { tasksQuerySchema, toTaskSelection } from "../http/routes/tasks-routes.js";
import type { WorkQueue } from "../http/work-queue.js";

/**
 * The four things integrations (MCP tools, LangChain) ask of Vanban, with two
 * implementations that answer identically: in-process over an opened archive,
 * and remote over the HTTP API of a running server. Bodies are the HTTP API's.
 */
export type SearchInput = { query: string; k?: number; offset?: number; filters?: Omit<SearchFilters, "docId"> };
export type AskInput = { question: string; k?: number; filters?: SearchFilters; history?: ChatTurn[] };
export type TasksInput = z.input<typeof tasksQuerySchema>;

export interface VanbanClient {
  search(input: SearchInput): Promise<SearchResponseBody>;
  ask(input: AskInput): Promise<AskResponseBody>;
  getDocument(docId: string): Promise<DocumentDetailBody>;
  listTasks(input: TasksInput): Promise<TasksResponseBody>;
}

export type LocalClientOptions = {
  /** The archive (or a holder whose archive a re-index swaps). */
  archives: { get(): Archive };
  work?: Pick<WorkQueue, "run">;
  chatModel?: ChatModel;
  answerModel?: AnswerModel;
  today?: () => Date;
  onAnswer?: (answer: AskAnswer) => void;
};

export function createLocalVanbanClient(options: LocalClientOptions): VanbanClient {
  const work = options.work ?? IMMEDIATE_WORK;
  const today = options.today ?? (() => new Date());
  return {
    search: (input) => searchPassages({ archive: options.archives.get(), work, q: input.query, k: input.k ?? 10, offset: input.offset, filters: input.filters }),
    ask: (input) =>
      collectAnswer(
        streamAnswerEvents({ archive: options.archives.get(), work, chatModel: options.chatModel, answerModel: options.answerModel, ...input, today: today(), onAnswer: options.onAnswer }),
      ),
    getDocument: async (docId) => readDocument(options.archives.get(), docId),
    listTasks: async (input) => {
      const parsed = tasksQuerySchema.safeParse(input);
      if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
      const archive = options.archives.get();
      const selection = toTaskSelection(parsed.data, today());
      return listTaskItems({ tasks: archive.tasks, documents: archive.documents, ...selection });
    },
  };
}

export type RemoteClientOptions = {
  /** The server's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** Sent as x-api-key when set. */
  apiKey?: string;
  fetch?: typeof fetch;
};

export function createRemoteVanbanClient(options: RemoteClientOptions): VanbanClient {
  const fetchImplementation = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/u, "");
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const headers = new Headers(init.headers);
    headers.set("accept", "application/json");
    if (options.apiKey) headers.set("x-api-key", options.apiKey);
    let response: Response;
    try {
      response = await fetchImplementation(`${base}${path}`, { ...init, headers });
    } catch (error) {
      throw new VanbanError("internal", `Cannot reach Vanban at ${base}: ${describeError(error)}`, { cause: error });
    }
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (!response.ok) {
      const code = (body?.error?.code ?? "internal") as ErrorCode;
      throw new VanbanError(code, body?.error?.message ?? `Vanban answered HTTP ${response.status} for ${path}`);
    }
    return body as T;
  };
  const queryString = (values: Record<string, string | number | undefined>) => {
    const parameters = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== "") parameters.set(key, String(value));
    return parameters.toString();
  };
  return {
    search: (input) =>
      call(`/api/search?${queryString({ q: input.query, k: input.k, offset: input.offset, province: input.filters?.province, year: input.filters?.year, type: input.filters?.type })}`),
    ask: (input) => call("/api/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) }),
    getDocument: (docId) => call(`/api/documents/${encodeURIComponent(docId)}`),
    listTasks: (input) => call(`/api/tasks?${queryString(input as Record<string, string | number | undefined>)}`),
  };
}
