import { readFileSync } from "node:fs";
import { createServer, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../core/config.js";
import { VanbanError } from "../../../core/errors.js";
import type { ChatMessage, ChatModel } from "../../../core/ports.js";
import type { Citation } from "../../../core/types.js";
import { createChatModel } from "../../../server/answer/create-chat-model.js";
import type { AskAnswer } from "../../../server/answer/extractive-answerer.js";
import {
  LLM_PROMPT_LIMITS,
  buildChatMessages,
  createThinkingFilter,
  formatPassage,
  streamWithChatModel,
  verifyModelAnswer,
  type StreamEvent,
} from "../../../server/answer/llm-answerer.js";
import { OllamaChatModel } from "../../../server/answer/ollama-chat-model.js";
import { OpenAiCompatibleChatModel } from "../../../server/answer/openai-chat-model.js";

// ---- Evidence: real passages of the sample documents, as the extractive answerer cites them.

const seed = (file: string) => readFileSync(new URL(`../../fixtures/seeds/${file}`, import.meta.url), "utf8");

function citationFrom(options: { n: number; file: string; passageStart: string; passageEnd: string; quote: string; title: string; section: string }): Citation {
  const text = seed(options.file);
  const start = text.indexOf(options.passageStart);
  const end = text.indexOf(options.passageEnd, start) + options.passageEnd.length;
  const quoteStart = text.indexOf(options.quote, start);
  if (start < 0 || end < start || quoteStart < 0) throw new Error(`fixture text not found in ${options.file}`);
  return {
    n: options.n,
    docId: options.file.replace(/\.txt$/u, ""),
    source: options.file.replace(/\.txt$/u, ".docx"),
    title: options.title,
    section: options.section,
    text: text.slice(start, end),
    quote: options.quote,
    start,
    end,
    quoteStart,
    quoteEnd: quoteStart + options.quote.length,
  };
}

const RECRUITMENT = citationFrom({
  n: 1,
  file: "001_02132e011992bfae.txt",
  passageStart: "Năm 2021, tinh tổ chức tuyển dụng",
  passageEnd: "để tổ chức thi tuyển dụng công chức.",
  quote: "Các sở, cơ quan, đơn vị, địa phương dừng tiếp nhận công chức kể từ ngày 20/9/2021 để tổ chức thi tuyển dụng công chức.",
  title: "Thông báo: Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ",
  section: "4. Công tác tuyển dụng",
});
const VPOSTCODE = citationFrom({
  n: 2,
  file: "003_66615375c7bf5e13.txt",
  passageStart: "dân tiếp cận, thực hiện dịch vụ công trực tuyến",
  passageEnd: "trên địa bàn tỉnh Bắc Giang;",
  quote: "Sở Thông tin và Truyền thông ứng dụng mã địa chỉ bưu chính Vpostcode vào việc tiếp nhận hồ sơ và trả kết quả giải quyết TTHC cho tổ chức, cá nhân trên địa bàn tỉnh Bắc Giang",
  title: "Kế hoạch: Phát triển kinh tế - xã hội năm 2022",
  section: "",
});

const EXTRACTIVE: AskAnswer = {
  found: true,
  answer: `Thời hạn: kể từ ngày 20/9/2021.\n“${RECRUITMENT.quote}” [1]`,
  citations: [RECRUITMENT, VPOSTCODE],
  language: "vi",
};
const QUESTION = "Các sở ở Bắc Giang dừng tiếp nhận công chức từ ngày nào?";

/** A scripted in-memory model that records what it was asked. */
function scriptedModel(deltas: string[] | (() => AsyncIterable<string>)): ChatModel & { calls: ChatMessage[][] } {
  const calls: ChatMessage[][] = [];
  return {
    id: "scripted",
    calls,
    async *stream({ messages }) {
      calls.push(messages);
      if (typeof deltas === "function") yield* deltas();
      else yield* deltas;
    },
  };
}

async function run(stream: AsyncIterable<StreamEvent>): Promise<{ deltas: string[]; done: AskAnswer[] }> {
  const deltas: string[] = [];
  const done: AskAnswer[] = [];
  for await (const event of stream) {
    if (event.type === "delta") deltas.push(event.text);
    else done.push(event.answer);
  }
  return { deltas, done };
}

// ---- Verification of the model's citation markers.

describe("verifyModelAnswer", () => {
  it.each<[string, string, number[] | undefined, string?]>([
    ["one valid marker keeps only that citation", "Kể từ ngày 20/9/2021 [1].", [1]],
    ["markers of both passages keep both", "Kể từ ngày 20/9/2021 [1]; Sở Thông tin và Truyền thông dùng Vpostcode [2].", [1, 2]],
    ["a comma list is rewritten as separate markers", "Kể từ ngày 20/9/2021 [1, 2].", [1, 2], "Kể từ ngày 20/9/2021 [1][2]."],
    ["a range is expanded", "Kể từ ngày 20/9/2021 [1-2].", [1, 2], "Kể từ ngày 20/9/2021 [1][2]."],
    ["a marker naming a passage that was not given is rejected", "Kể từ ngày 20/9/2021 [1][3].", undefined],
    ["an answer without markers is rejected", "Kể từ ngày 20/9/2021.", undefined],
    ["a Markdown footnote is not a citation", "Kể từ ngày 20/9/2021[^1].", undefined],
    ["an empty answer is rejected", "  \n ", undefined],
    ["a reversed range is rejected", "Kể từ ngày 20/9/2021 [2-1].", undefined],
  ])("%s", (_name, text, expected, expectedText) => {
    const verified = verifyModelAnswer({ text, answer: EXTRACTIVE });
    if (!expected) {
      expect(verified).toBeUndefined();
      return;
    }
    expect(verified?.citations.map((citation) => citation.n)).toEqual(expected);
    expect(verified?.answer).toBe(expectedText ?? text.trim());
    expect(verified?.found).toBe(true);
    expect(verified?.language).toBe("vi");
  });

  it("keeps citation numbers as they are (the streamed text already used them)", () => {
    const verified = verifyModelAnswer({ text: "Sở Thông tin và Truyền thông [2].", answer: EXTRACTIVE });
    expect(verified?.citations).toEqual([VPOSTCODE]);
    expect(verified?.citations[0]?.n).toBe(2);
  });
});

// ---- The prompt.

describe("buildChatMessages", () => {
  it("asks in Vietnamese for a Vietnamese question, with the numbered passages and the question", () => {
    const messages = buildChatMessages({ question: QUESTION, answer: EXTRACTIVE });
    expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(messages[0]?.content).toContain("tiếng Việt có dấu");
    expect(messages[0]?.content).toContain("[1]");
    const user = messages[1]!.content;
    expect(user).toContain(`[1] ${RECRUITMENT.title} — ${RECRUITMENT.section}\n`);
    expect(user).toContain(RECRUITMENT.quote);
    // No section: no dangling separator.
    expect(user).toContain(`[2] ${VPOSTCODE.title}\n`);
    expect(user.endsWith(`Câu hỏi: ${QUESTION}`)).toBe(true);
    expect(user.indexOf("[1]")).toBeLessThan(user.indexOf("[2]"));
  });

  it.each([
    ["vi-nodiacritics", "cac so dung tiep nhan cong chuc tu ngay nao", "tiếng Việt có dấu"],
    ["en", "From which date did departments stop receiving civil servants?", "Answer in English"],
  ] as const)("answers a %s question in the right language", (language, question, instruction) => {
    const messages = buildChatMessages({ question, answer: { ...EXTRACTIVE, language } });
    expect(messages[0]?.content).toContain(instruction);
    expect(messages.at(-1)?.content.endsWith(question)).toBe(true);
  });

  it("sends only the last turns of the history, without the old answers' citation markers", () => {
    const history = [
      { role: "user" as const, content: "Câu hỏi rất cũ" },
      { role: "assistant" as const, content: "Trả lời rất cũ [1]" },
      { role: "user" as const, content: "Kế hoạch 171/KH-UBND của Hưng Yên có thời hạn đến năm nào?" },
      { role: "assistant" as const, content: "Đến năm 2025 [1][2]." },
      { role: "user" as const, content: "Còn Bắc Giang thì sao?" },
      { role: "assistant" as const, content: "Không tìm thấy [3]." },
    ];
    const messages = buildChatMessages({ question: QUESTION, answer: EXTRACTIVE, history });
    const turns = messages.slice(1, -1);
    expect(turns).toHaveLength(LLM_PROMPT_LIMITS.historyTurns);
    expect(turns[0]).toEqual({ role: "user", content: "Kế hoạch 171/KH-UBND của Hưng Yên có thời hạn đến năm nào?" });
    expect(turns[1]).toEqual({ role: "assistant", content: "Đến năm 2025 ." });
    expect(turns.some((turn) => turn.content.includes("rất cũ"))).toBe(false);
    expect(messages.at(-1)?.role).toBe("user");
  });
});

describe("formatPassage", () => {
  it("cuts a long passage around its quote, on spaces", () => {
    const filler = "Sở Nội vụ tham mưu sắp xếp tổ chức bộ máy. ".repeat(80);
    const quote = "Các sở dừng tiếp nhận công chức kể từ ngày 20/9/2021.";
    const citation = { ...RECRUITMENT, text: `${filler}${quote} ${filler}`, quote };
    const formatted = formatPassage(citation);
    const body = formatted.split("\n").slice(1).join("\n");
    expect(body).toContain(quote);
    expect(body.length).toBeLessThanOrEqual(LLM_PROMPT_LIMITS.passageChars + 40);
    expect(body).toMatch(/^…\S/u);
    expect(body.endsWith("…")).toBe(true);
    // Every word is whole.
    for (const word of body.replace(/…/gu, "").split(/\s+/u).filter(Boolean)) expect(filler + quote).toContain(word);
  });

  it("adds the quote when it lies outside the passage (a list extended past the chunk)", () => {
    const citation = { ...RECRUITMENT, text: "Chủ tịch UBND tỉnh yêu cầu:", quote: "- Các sở dừng tiếp nhận công chức kể từ ngày 20/9/2021." };
    expect(formatPassage(citation)).toBe(`[1] ${RECRUITMENT.title} — ${RECRUITMENT.section}\nChủ tịch UBND tỉnh yêu cầu:\n“- Các sở dừng tiếp nhận công chức kể từ ngày 20/9/2021.”`);
  });
});

describe("createThinkingFilter", () => {
  it.each([
    ["plain text", ["Kể từ ", "ngày 20/9/2021 [1]"], "Kể từ ngày 20/9/2021 [1]"],
    ["a think block before the answer", ["<think>Người dùng hỏi ngày.</think>\n\nKể từ ngày 20/9/2021 [1]"], "Kể từ ngày 20/9/2021 [1]"],
    ["tags split across deltas", ["<thi", "nk>suy nghĩ</th", "ink>", "\nKể từ ", "ngày 20/9/2021 [1]"], "Kể từ ngày 20/9/2021 [1]"],
    ["a lone < that is no tag", ["Số lượng < 5 ", "[1]"], "Số lượng < 5 [1]"],
    ["a < at the very end", ["a <"], "a <"],
    ["an unterminated think block", ["Đến năm 2025 [1] <think>còn nghĩ"], "Đến năm 2025 [1] "],
  ])("%s", (_name, deltas, expected) => {
    const filter = createThinkingFilter();
    const output = deltas.map((delta) => filter.push(delta)).join("") + filter.flush();
    expect(output).toBe(expected);
  });
});

// ---- Streaming with a scripted model.

describe("streamWithChatModel", () => {
  it("streams the model's deltas and ends with the verified answer", async () => {
    const model = scriptedModel(["Các sở dừng tiếp nhận công chức ", "kể từ ngày 20/9/2021 [1]."]);
    const { deltas, done } = await run(streamWithChatModel({ model, question: QUESTION, answer: EXTRACTIVE }));
    expect(deltas).toEqual(["Các sở dừng tiếp nhận công chức ", "kể từ ngày 20/9/2021 [1]."]);
    expect(done).toHaveLength(1);
    expect(done[0]).toEqual({ found: true, language: "vi", answer: "Các sở dừng tiếp nhận công chức kể từ ngày 20/9/2021 [1].", citations: [RECRUITMENT] });
    expect(model.calls[0]?.at(-1)?.content).toContain(RECRUITMENT.quote);
  });

  it.each([
    ["cites nothing", ["Các sở dừng tiếp nhận công chức từ ngày 20/9/2021."]],
    ["says the passages do not answer", ["Các văn bản được trích không có thông tin này."]],
    ["cites a passage it was not given", ["Kể từ ngày 20/9/2021 [4]."]],
    ["produces nothing", []],
    ["produces only reasoning", ["<think>Không chắc.</think>", "  \n"]],
  ])("falls back to the extractive answer when the model %s", async (_name, deltas) => {
    const { done } = await run(streamWithChatModel({ model: scriptedModel(deltas), question: QUESTION, answer: EXTRACTIVE }));
    expect(done).toEqual([EXTRACTIVE]);
  });

  it("hides a reasoning block from the deltas and from the answer", async () => {
    const model = scriptedModel(["<think>", "Câu hỏi về ngày dừng tiếp nhận.", "</think>\n\n", "Kể từ ngày 20/9/2021 [1]."]);
    const { deltas, done } = await run(streamWithChatModel({ model, question: QUESTION, answer: EXTRACTIVE }));
    expect(deltas.join("")).toBe("Kể từ ngày 20/9/2021 [1].");
    expect(done[0]?.answer).toBe("Kể từ ngày 20/9/2021 [1].");
  });

  it("does not call the model for a not-found answer", async () => {
    const model = scriptedModel(["Bịa ra [1]."]);
    const notFound: AskAnswer = { found: false, answer: "Không tìm thấy thông tin này trong kho văn bản.", citations: [], language: "vi" };
    const { deltas, done } = await run(streamWithChatModel({ model, question: QUESTION, answer: notFound }));
    expect(model.calls).toHaveLength(0);
    expect(deltas).toEqual([]);
    expect(done).toEqual([notFound]);
  });

  it("turns a model failure into chat_model_failed, keeping the cause and the deltas already sent", async () => {
    const cause = new TypeError("socket hang up");
    const model = scriptedModel(async function* () {
      yield "Kể từ ";
      throw cause;
    });
    const deltas: string[] = [];
    let caught: unknown;
    try {
      for await (const event of streamWithChatModel({ model, question: QUESTION, answer: EXTRACTIVE })) if (event.type === "delta") deltas.push(event.text);
    } catch (error) {
      caught = error;
    }
    expect(deltas).toEqual(["Kể từ "]);
    expect(caught).toBeInstanceOf(VanbanError);
    expect((caught as VanbanError).code).toBe("chat_model_failed");
    expect((caught as VanbanError).message).toBe("The chat model scripted failed: socket hang up");
    expect((caught as VanbanError).cause).toBe(cause);
  });
});

// ---- End to end through the real adapters and a local fake server.

type TestServer = { url: string; bodies: any[]; server: Server };
const servers: TestServer[] = [];

async function startServer(respond: (body: any, response: ServerResponse) => Promise<void>): Promise<TestServer> {
  const bodies: any[] = [];
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(parts).toString("utf8"));
      bodies.push(body);
      void respond(body, response).catch((error) => response.destroy(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const handle = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
  servers.push(handle);
  return handle;
}

afterEach(async () => {
  for (const { server } of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("end to end with local fake model servers", () => {
  it("OpenAI-compatible: streams the answer, keeps only the cited passage, and sent the passages and the question", async () => {
    const pieces = ["Theo kế hoạch, ", "Sở Thông tin và Truyền thông ", "ứng dụng mã Vpostcode ", "[2]."];
    const server = await startServer(async (_body, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const piece of pieces) {
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
        await sleep(5);
      }
      response.end("data: [DONE]\n\n");
    });
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "local-model" });
    const question = "Cơ quan nào ứng dụng mã Vpostcode?";
    const { deltas, done } = await run(streamWithChatModel({ model, question, answer: EXTRACTIVE }));

    expect(deltas).toEqual(pieces);
    expect(done[0]?.answer).toBe(pieces.join(""));
    expect(done[0]?.citations).toEqual([VPOSTCODE]);
    const sent = server.bodies[0].messages as ChatMessage[];
    expect(sent[0]?.role).toBe("system");
    expect(sent.at(-1)?.content).toContain(VPOSTCODE.quote);
    expect(sent.at(-1)?.content).toContain(`Câu hỏi: ${question}`);
  });

  it("Ollama via createChatModel: a model that cites nothing gives the extractive answer", async () => {
    const server = await startServer(async (_body, response) => {
      response.writeHead(200, { "content-type": "application/x-ndjson" });
      response.write(`${JSON.stringify({ message: { role: "assistant", content: "Từ ngày 20/9/2021." }, done: false })}\n`);
      await sleep(5);
      response.end(`${JSON.stringify({ message: { role: "assistant", content: "" }, done: true })}\n`);
    });
    const model = createChatModel(loadConfig({ ANSWERER: "ollama", LLM_URL: server.url, LLM_MODEL: "qwen2.5:3b" }));
    expect(model).toBeInstanceOf(OllamaChatModel);
    const { deltas, done } = await run(streamWithChatModel({ model: model!, question: QUESTION, answer: EXTRACTIVE }));
    expect(deltas.join("")).toBe("Từ ngày 20/9/2021.");
    expect(done).toEqual([EXTRACTIVE]);
    expect(server.bodies[0]).toMatchObject({ model: "qwen2.5:3b", stream: true, options: { temperature: 0.2 } });
  });

  it("a failing endpoint surfaces as chat_model_failed", async () => {
    const server = await startServer(async (_body, response) => {
      response.writeHead(503, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "model is overloaded" } }));
    });
    const model = createChatModel(loadConfig({ ANSWERER: "openai", LLM_URL: `${server.url}/v1`, LLM_API_KEY: "k" }))!;
    const error = await run(streamWithChatModel({ model, question: QUESTION, answer: EXTRACTIVE })).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(VanbanError);
    expect((error as VanbanError).code).toBe("chat_model_failed");
    expect((error as VanbanError).message).toMatch(/answered 503: model is overloaded/u);
    expect(server.bodies[0].model).toBe("gpt-4o-mini");
  });
});

describe("createChatModel", () => {
  it.each([
    [{ ANSWERER: "extractive" }, undefined, undefined],
    [{ ANSWERER: "openai", LLM_URL: "http://127.0.0.1:8000/v1" }, OpenAiCompatibleChatModel, "openai:gpt-4o-mini"],
    [{ ANSWERER: "openai", LLM_URL: "http://127.0.0.1:8000/v1", LLM_MODEL: "Qwen/Qwen2.5-7B-Instruct" }, OpenAiCompatibleChatModel, "openai:Qwen/Qwen2.5-7B-Instruct"],
    [{ ANSWERER: "ollama", LLM_URL: "http://127.0.0.1:11434" }, OllamaChatModel, "ollama:qwen2.5:7b"],
  ])("%j", (environment, expectedClass, expectedId) => {
    const model = createChatModel(loadConfig(environment));
    if (!expectedClass) {
      expect(model).toBeUndefined();
      return;
    }
    expect(model).toBeInstanceOf(expectedClass);
    expect(model?.id).toBe(expectedId);
  });

  it("refuses a hand-built config without LLM_URL", () => {
    const config = { ...loadConfig({}), ANSWERER: "ollama" as const };
    expect(() => createChatModel(config)).toThrow(expect.objectContaining({ code: "config_invalid" }));
  });
});
