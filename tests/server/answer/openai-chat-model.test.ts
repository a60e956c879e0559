import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import type { ChatMessage } from "../../../core/ports.js";
import { OpenAiCompatibleChatModel, joinUrl } from "../../../server/answer/openai-chat-model.js";

// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions
// streaming protocol, so the adapter's fetch, SSE parsing and error handling
// run end to end.
type RecordedRequest = { method: string; path: string; headers: IncomingMessage["headers"]; body: any };
type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;
type TestServer = { url: string; requests: RecordedRequest[]; closed: Promise<void>[]; server: Server };

const servers: TestServer[] = [];

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const closed: Promise<void>[] = [];
  const server = createServer((request, response) => {
    closed.push(new Promise((resolve) => response.on("close", () => resolve())));
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      const text = Buffer.concat(parts).toString("utf8");
      const recorded = { method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: text ? JSON.parse(text) : undefined };
      requests.push(recorded);
      void Promise.resolve(handler(recorded, response)).catch((error) => response.destroy(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const handle = { url: `http://127.0.0.1:${port}`, requests, closed, server };
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

function chunk(content: string, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: finishReason }] })}\n\n`;
}

/** Writes each piece with a small pause, as a model emitting tokens does. */
function streamPieces(pieces: Array<string | Buffer>, delayMs = 5): Handler {
  return async (_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    for (const piece of pieces) {
      response.write(piece);
      await sleep(delayMs);
    }
    response.end();
  };
}

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of stream) deltas.push(delta);
  return deltas;
}

async function failure(stream: AsyncIterable<string>): Promise<VanbanError> {
  try {
    await collect(stream);
  } catch (error) {
    expect(error).toBeInstanceOf(VanbanError);
    return error as VanbanError;
  }
  throw new Error("the stream did not fail");
}

const messages: ChatMessage[] = [
  { role: "system", content: "Chỉ trả lời dựa trên các đoạn trích." },
  { role: "user", content: "Câu hỏi: Các sở dừng tiếp nhận công chức từ ngày nào?" },
];

// Sentence from sample 001 (Bắc Giang, 2021).
const ANSWER_PIECES = ["Các sở, cơ quan, đơn vị, địa phương ", "dừng tiếp nhận công chức ", "kể từ ngày 20/9/2021 ", "[1]."];

describe("OpenAiCompatibleChatModel", () => {
  it("streams the deltas of a chat completion and sends model, messages, stream and the Bearer key", async () => {
    const server = await startServer(
      streamPieces([`data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: "assistant" }, finish_reason: null }] })}\n\n`, ...ANSWER_PIECES.map((piece) => chunk(piece)), chunk("", "stop"), "data: [DONE]\n\n"]),
    );
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "qwen2.5-7b-instruct", apiKey: "sk-test-123", temperature: 0.2 });
    const deltas = await collect(model.stream({ messages }));

    expect(deltas).toEqual(ANSWER_PIECES);
    expect(deltas.join("")).toBe("Các sở, cơ quan, đơn vị, địa phương dừng tiếp nhận công chức kể từ ngày 20/9/2021 [1].");
    expect(model.id).toBe("openai:qwen2.5-7b-instruct");
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer sk-test-123");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({ model: "qwen2.5-7b-instruct", messages, stream: true, temperature: 0.2 });
  });

  it("sends no authorization header and no sampling fields when none are configured", async () => {
    const server = await startServer(streamPieces([chunk("Có [1]."), "data: [DONE]\n\n"]));
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1/`, model: "local" });
    expect((await collect(model.stream({ messages }))).join("")).toBe("Có [1].");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.path).toBe("/v1/chat/completions");
    expect(Object.keys(server.requests[0]?.body ?? {}).sort()).toEqual(["messages", "model", "stream"]);
  });

  const utf8 = Buffer.from(chunk("Sở Nội vụ chủ trì [1]"), "utf8");
  // "ở" is three bytes in UTF-8; cut after its first byte.
  const cutInsideCharacter = utf8.indexOf(Buffer.from("ở", "utf8")) + 1;

  it.each<[string, Array<string | Buffer>, string]>([
    ["CRLF line endings", [chunk("Kể từ ").replace(/\n/gu, "\r\n"), chunk("ngày 20/9/2021 [1]").replace(/\n/gu, "\r\n"), "data: [DONE]\r\n\r\n"], "Kể từ ngày 20/9/2021 [1]"],
    ["an event cut in the middle of a line", [chunk("Đến năm ").slice(0, 17), chunk("Đến năm ").slice(17), chunk("2025 [1]"), "data: [DONE]\n\n"], "Đến năm 2025 [1]"],
    ["a multi-byte character cut between two network writes", [utf8.subarray(0, cutInsideCharacter), utf8.subarray(cutInsideCharacter), "data: [DONE]\n\n"], "Sở Nội vụ chủ trì [1]"],
    ["several events in one write", [chunk("Thị xã Chũ ") + chunk("và huyện Lục Ngạn (mới) [1]") + "data: [DONE]\n\n"], "Thị xã Chũ và huyện Lục Ngạn (mới) [1]"],
    ["keep-alive comments, event names and ids", [": ping\n\n", `event: message\nid: 1\n${chunk("Giai đoạn 2021-2030 [1]")}`, "data: [DONE]\n\n"], "Giai đoạn 2021-2030 [1]"],
    ["no [DONE] after a finish_reason", [chunk("Đến năm 2025 "), chunk("[1]", "stop")], "Đến năm 2025 [1]"],
    ["a last event without its blank line", [chunk("Có [1]"), "data: [DONE]"], "Có [1]"],
  ])("reads %s", async (_name, pieces, expected) => {
    const server = await startServer(streamPieces(pieces));
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m" });
    expect((await collect(model.stream({ messages }))).join("")).toBe(expected);
  });

  it("reads a server that ignores stream: true and answers with one JSON completion", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: "Sở Thông tin và Truyền thông [1]." }, finish_reason: "stop" }] }, null, 2));
    });
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m" });
    expect((await collect(model.stream({ messages }))).join("")).toBe("Sở Thông tin và Truyền thông [1].");
  });

  it.each<[string, Handler, RegExp]>([
    [
      "a 500 with its body",
      (_request, response) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "CUDA out of memory while loading model" } }));
      },
      /answered 500: CUDA out of memory while loading model$/u,
    ],
    [
      "a 401 with a plain-text body",
      (_request, response) => {
        response.writeHead(401, { "content-type": "text/plain" });
        response.end("Invalid API key");
      },
      /answered 401: Invalid API key/u,
    ],
    ["malformed JSON in a data line", streamPieces([chunk("Kể từ "), "data: {\"choices\": [{\"delta\": {\"content\": \"ngày\n\n"]), /malformed JSON: \{"choices"/u],
    ["an error event in the middle of the stream", streamPieces([chunk("Kể từ "), `data: ${JSON.stringify({ error: { message: "context length exceeded", type: "invalid_request_error" } })}\n\n`]), /reported an error: context length exceeded/u],
    ["a stream cut before [DONE] or a finish_reason", streamPieces([chunk("Kể từ "), chunk("ngày ")]), /ended before the answer was complete/u],
  ])("turns %s into chat_model_failed", async (_name, handler, message) => {
    const server = await startServer(handler);
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m" });
    const error = await failure(model.stream({ messages }));
    expect(error.code).toBe("chat_model_failed");
    expect(error.message).toMatch(message);
  });

  it("cuts a long error body to a short excerpt", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(502);
      response.end(`<html>${"Bad gateway ".repeat(500)}</html>`);
    });
    const error = await failure(new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m" }).stream({ messages }));
    expect(error.message).toMatch(/^The chat endpoint answered 502: <html>Bad gateway/u);
    expect(error.message.length).toBeLessThan(400);
  });

  it("reports an endpoint that cannot be reached, keeping the cause", async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
    const error = await failure(new OpenAiCompatibleChatModel({ baseUrl: `${url}/v1`, model: "m" }).stream({ messages }));
    expect(error.code).toBe("chat_model_failed");
    expect(error.message).toContain(`${url}/v1/chat/completions failed`);
    expect(error.cause).toBeDefined();
  });

  it("fails when the endpoint goes silent longer than the idle timeout, after the deltas it did send", async () => {
    const server = await startServer(async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(chunk("Kể từ "));
      // Then nothing: a stuck model.
    });
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m", idleTimeoutMs: 150 });
    const deltas: string[] = [];
    const started = Date.now();
    const error = await (async () => {
      try {
        for await (const delta of model.stream({ messages })) deltas.push(delta);
      } catch (caught) {
        return caught as VanbanError;
      }
      throw new Error("the stream did not fail");
    })();
    expect(deltas).toEqual(["Kể từ "]);
    expect(error.code).toBe("chat_model_failed");
    expect(error.message).toMatch(/sent nothing for 0\.15 s/u);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("keeps a slow but steady stream alive: the idle timeout restarts with every chunk", async () => {
    const pieces = Array.from({ length: 8 }, (_, i) => chunk(`${i} `));
    const server = await startServer(streamPieces([...pieces, "data: [DONE]\n\n"], 60));
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m", idleTimeoutMs: 200 });
    expect((await collect(model.stream({ messages }))).join("")).toBe("0 1 2 3 4 5 6 7 ");
  });

  it("fails when the whole answer takes longer than the total timeout, even while tokens keep coming", async () => {
    const server = await startServer(async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < 100 && !response.destroyed; i++) {
        response.write(chunk("và "));
        await sleep(20);
      }
      response.end();
    });
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m", idleTimeoutMs: 1000, totalTimeoutMs: 200 });
    const error = await failure(model.stream({ messages }));
    expect(error.message).toMatch(/took longer than 0\.2 s/u);
  });

  it("stops when the caller aborts and closes the connection", async () => {
    const server = await startServer(async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < 200 && !response.destroyed; i++) {
        response.write(chunk(`${i} `));
        await sleep(10);
      }
      response.end();
    });
    const controller = new AbortController();
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m" });
    const deltas: string[] = [];
    let caught: unknown;
    try {
      for await (const delta of model.stream({ messages, signal: controller.signal })) {
        deltas.push(delta);
        if (deltas.length === 3) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VanbanError);
    expect((caught as VanbanError).message).toBe("The answer was cancelled.");
    expect(deltas.length).toBeLessThan(10);
    await Promise.all(server.closed);
  });

  it("closes the connection when the consumer stops reading early", async () => {
    const server = await startServer(async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < 200 && !response.destroyed; i++) {
        response.write(chunk(`${i} `));
        await sleep(10);
      }
      response.end();
    });
    const model = new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1`, model: "m" });
    for await (const delta of model.stream({ messages })) {
      expect(delta).toBe("0 ");
      break;
    }
    // Resolves only when the server sees the client go away (long before 200 × 10 ms).
    const started = Date.now();
    await Promise.all(server.closed);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("joinUrl", () => {
  it.each([
    ["http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/chat/completions"],
    ["http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1/chat/completions"],
    ["https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions"],
    ["http://localhost:11434/v1", "http://localhost:11434/v1/chat/completions"],
  ])("%s + chat/completions", (base, expected) => {
    expect(joinUrl(base, "chat/completions")).toBe(expected);
  });
});
