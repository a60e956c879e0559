import { randomUUID } from "node:crypto";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import type { Citation } from "../../../core/types.js";
import { formatSourceList } from "../../integrations/format-source-list.js";
import { messagesToQuestion } from "../../integrations/messages-to-question.js";
import { collectAnswer, openEventStream, streamAnswerEvents, type AnswerEvent, type AnsweringDependencies } from "../answer-events.js";
import { citationSchema } from "../response-schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../route-registry.js";
import { askBodySchema, describeIssues, filtersSchema } from "../schemas.js";

/**
 * OpenAI-compatible endpoints, so chat front ends (Open WebUI, LibreChat) and
 * the `openai` SDKs can talk to Vanban as to a model called "vanban". The
 * answer is Vanban's own (extractive, or the configured LLM answerer): the
 * conversation's last user message is the question, earlier turns its
 * history. The message text carries the [n] markers and, after them, a
 * Markdown source list; the citations themselves are the extra field
 * `citations` (the same objects as /api/ask), with `found`.
 */
export const VANBAN_MODEL_ID = "vanban";

export type OpenAiDependencies = AnsweringDependencies;

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1).max(200),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
        content: z.union([z.string().max(100_000), z.array(contentPartSchema).max(100), z.null()]).optional(),
      }),
    )
    .min(1)
    .max(500),
  stream: z.boolean().optional(),
  /** Vanban extension: search filters, as in /api/ask. */
  filters: filtersSchema.optional(),
});

const modelSchema = z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() });
const modelsResponseSchema = z.object({ object: z.literal("list"), data: z.array(modelSchema) });

const answerExtras = {
  citations: z.array(citationSchema).describe("Vanban extension: the passages the [n] markers refer to (as in /api/ask)"),
  found: z.boolean().describe("Vanban extension: false when the archive holds no answer"),
};

export const chatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal("assistant"), content: z.string(), refusal: z.null() }),
      logprobs: z.null(),
      finish_reason: z.literal("stop"),
    }),
  ),
  ...answerExtras,
});

export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().optional() }),
      logprobs: z.null(),
      finish_reason: z.literal("stop").nullable(),
    }),
  ),
  citations: answerExtras.citations.optional().describe("On the first chunk (candidates) and the last (final, authoritative)"),
  found: answerExtras.found.optional(),
});

type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

/** Shown when an LLM's streamed answer failed the citation check and the checked extractive answer follows. */
const REPLACED_NOTE = "\n\n(Câu trả lời trên không khớp trích dẫn; câu trả lời đã kiểm chứng / checked answer:)\n\n";

export function createOpenAiRouter(dependencies: OpenAiDependencies): Router {
  const router = Router();
  const model = () => ({ id: VANBAN_MODEL_ID, object: "model" as const, created: 0, owned_by: "vanban" });

  router.get("/v1/models", (_request, response) => {
    response.json({ object: "list", data: [model()] });
  });

  router.get("/v1/models/:model", (request, response) => {
    if (request.params.model !== VANBAN_MODEL_ID) throw new VanbanError("not_found", `No model ${request.params.model}; this server has "${VANBAN_MODEL_ID}".`);
    response.json(model());
  });

  router.post("/v1/chat/completions", async (request, response) => {
    const parsed = chatCompletionRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const body = parsed.data;
    if (body.model !== VANBAN_MODEL_ID) throw new VanbanError("not_found", `No model ${body.model}; this server has "${VANBAN_MODEL_ID}" (see GET /v1/models).`);
    const conversation = messagesToQuestion(body.messages);
    if ("error" in conversation) throw new VanbanError("bad_request", conversation.error);
    // The same limits as /api/ask.
    const ask = askBodySchema.safeParse({ question: conversation.question, history: conversation.history, filters: body.filters });
    if (!ask.success) throw new VanbanError("bad_request", describeIssues(ask.error));
    const controller = new AbortController();
    response.on("close", () => controller.abort());
    const events = streamAnswerEvents({
      archive: dependencies.archives.get(request),
      work: dependencies.work,
      chatModel: dependencies.chatModel,
      answerModel: dependencies.answerModel,
      question: ask.data.question,
      history: ask.data.history,
      filters: ask.data.filters,
      today: dependencies.today(),
      signal: controller.signal,
      onAnswer: dependencies.onAnswer,
    });
    const identity = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(dependencies.today().getTime() / 1000), model: VANBAN_MODEL_ID };
    const baseUrl = baseUrlOf(request);
    if (!body.stream) {
      const answer = await collectAnswer(events);
      response.json({
        ...identity,
        object: "chat.completion",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: answer.answer + formatSourceList({ citations: answer.citations, language: answer.language, baseUrl }), refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        citations: answer.citations,
        found: answer.found,
      });
      return;
    }
    await streamChunks({ response, events, identity, baseUrl });
  });

  return router;
}

/** `data: <chunk>` lines, then `data: [DONE]`; an error after the first chunk is sent as `data: {"error":…}`. */
async function streamChunks(options: {
  response: Response;
  events: AsyncIterable<AnswerEvent>;
  identity: { id: string; created: number; model: string };
  baseUrl: string;
}): Promise<void> {
  const { response, identity } = options;
  const events = await openEventStream(response, options.events);
  const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], extra: { finish?: boolean; citations?: Citation[]; found?: boolean } = {}): ChatCompletionChunk => ({
    ...identity,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: extra.finish ? "stop" : null }],
    ...(extra.citations ? { citations: extra.citations } : {}),
    ...(extra.found !== undefined ? { found: extra.found } : {}),
  });
  try {
    for await (const event of events) {
      if (event.type === "citations") send(chunk({ role: "assistant", content: "" }, { citations: event.citations }));
      else if (event.type === "delta") send(chunk({ content: event.text }));
      else {
        if (event.replaced) send(chunk({ content: REPLACED_NOTE + event.answer.answer }));
        const sources = formatSourceList({ citations: event.answer.citations, language: event.answer.language, baseUrl: options.baseUrl });
        if (sources) send(chunk({ content: sources }));
        send(chunk({}, { finish: true, citations: event.answer.citations, found: event.answer.found }));
      }
    }
  } catch (error) {
    send({ error: { code: "chat_model_failed", message: error instanceof Error ? error.message : "The answer could not be completed.", type: "server_error" } });
  }
  response.write("data: [DONE]\n\n");
  response.end();
}

/** Where this server is reached, for links to the document viewer in the source list. */
function baseUrlOf(request: Request): string {
  return `${request.protocol}://${request.get("host") ?? "localhost"}`;
}

/** OpenAPI descriptions of the routes above (see route-registry.ts); the examples run in the conformance test. */
const SEED_MESSAGES = [{ role: "user", content: "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?" }];

export const OPENAI_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/v1/models",
    tag: "openai",
    summary: "OpenAI-compatible model list (one model: vanban)",
    responses: { 200: { description: "The models", content: jsonContent(modelsResponseSchema) }, ...RATE_LIMITED },
    examples: [{ name: "models", status: 200 }],
  },
  {
    method: "get",
    path: "/v1/models/:model",
    tag: "openai",
    summary: "One model",
    request: { params: z.object({ model: z.string() }) },
    responses: { 200: { description: "The model", content: jsonContent(modelSchema) }, 404: errorResponse("No such model"), ...RATE_LIMITED },
    examples: [
      { name: "vanban", status: 200, params: { model: VANBAN_MODEL_ID } },
      { name: "other", status: 404, params: { model: "gpt-4o" } },
    ],
  },
  {
    method: "post",
    path: "/v1/chat/completions",
    tag: "openai",
    summary: "OpenAI-compatible chat completion answered by Vanban",
    description:
      "The last user message is the question; earlier user/assistant messages are the history (system messages are ignored). " +
      "The message content is the answer with [n] markers followed by a Markdown source list. Extra fields: `citations`, `found`; " +
      "request extension `filters` ({province, year, type, docId}). With `stream: true`: `chat.completion.chunk` server-sent events, then `data: [DONE]`. " +
      "Sampling parameters (temperature, max_tokens, …) are accepted and ignored.",
    request: { body: chatCompletionRequestSchema },
    responses: {
      200: { description: "The completion, or its chunks when streamed", content: { "application/json": chatCompletionSchema, "text/event-stream": undefined } },
      400: errorResponse("Bad request (no user question, question over 2000 characters, …)"),
      404: errorResponse("Unknown model"),
      413: errorResponse("Body over 1 MB"),
      ...RATE_LIMITED,
    },
    examples: [
      { name: "seed question", status: 200, body: { model: VANBAN_MODEL_ID, messages: SEED_MESSAGES } },
      { name: "streamed", status: 200, body: { model: VANBAN_MODEL_ID, messages: SEED_MESSAGES, stream: true } },
      {
        name: "follow-up with a system message",
        status: 200,
        body: {
          model: VANBAN_MODEL_ID,
          messages: [{ role: "system", content: "Trả lời ngắn." }, ...SEED_MESSAGES, { role: "assistant", content: "30/6/2024 [1]" }, { role: "user", content: [{ type: "text", text: "còn Hưng Yên thì sao?" }] }],
        },
      },
      { name: "last message not the user's", status: 400, body: { model: VANBAN_MODEL_ID, messages: [{ role: "assistant", content: "xin chào" }] } },
      { name: "unknown model", status: 404, body: { model: "gpt-4o", messages: SEED_MESSAGES } },
    ],
  },
];
