import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import type { ChatMessage } from "../../../core/ports.js";
import { OllamaChatModel } from "../../../server/answer/ollama-chat-model.js";

// A real HTTP server on 127.0.0.1 that speaks Ollama's /api/chat NDJSON stream.
type RecordedRequest = { method: string; path: string; headers: IncomingMessage["headers"]; body: any };
type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;
type TestServer = { url: string; requests: RecordedRequest[]; server: Server };

const servers: TestServer[] = [];

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
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
  const handle = { url: `http://127.0.0.1:${port}`, requests, server };
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

function line(content: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ model: "qwen2.5:7b", created_at: "2024-06-01T00:00:00Z", message: { role: "assistant", content }, done: false, ...extra })}\n`;
}

const DONE_LINE = `${JSON.stringify({ model: "qwen2.5:7b", message: { role: "assistant", content: "" }, done: true, done_reason: "stop", eval_count: 12 })}\n`;

function streamPieces(pieces: Array<string | Buffer>, delayMs = 5): Handler {
  return async (_request, response) => {
    response.writeHead(200, { "content-type": "application/x-ndjson" });
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
  { role: "user", content: "Câu hỏi: Kế hoạch về công tác đối với đạo Tin lành áp dụng cho giai đoạn nào?" },
];

// From sample 004 (Hưng Yên).
const ANSWER_PIECES = ["Kế hoạch số 27/KH-UBND ", "ngày 26/2/2021 ", "áp dụng cho giai đoạn ", "2021-2030 [1]."];

describe("OllamaChatModel", () => {
  it("streams message contents until done and posts model, messages, stream and options to /api/chat", async () => {
    const server = await startServer(streamPieces([...ANSWER_PIECES.map((piece) => line(piece)), DONE_LINE]));
    const model = new OllamaChatModel({ baseUrl: server.url, model: "qwen2.5:7b", temperature: 0.2, maxTokens: 400 });
    const deltas = await collect(model.stream({ messages }));

    expect(deltas).toEqual(ANSWER_PIECES);
    expect(model.id).toBe("ollama:qwen2.5:7b");
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/chat");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toEqual({ model: "qwen2.5:7b", messages, stream: true, options: { temperature: 0.2, num_predict: 400 } });
  });

  it("sends the key as a Bearer token (Ollama behind an authenticating proxy) and no options when none are set", async () => {
    const server = await startServer(streamPieces([line("Đến năm 2025 [1]."), DONE_LINE]));
    const model = new OllamaChatModel({ baseUrl: `${server.url}/`, model: "llama3.1:8b", apiKey: "proxy-key" });
    expect((await collect(model.stream({ messages }))).join("")).toBe("Đến năm 2025 [1].");
    expect(server.requests[0]?.headers.authorization).toBe("Bearer proxy-key");
    expect(server.requests[0]?.body.options).toBeUndefined();
  });

  it.each([
    ["", "/api/chat"],
    ["/", "/api/chat"],
    ["/ollama", "/ollama/api/chat"],
    ["/ollama/", "/ollama/api/chat"],
  ])("posts to the base URL %j + api/chat (a proxy path is kept)", async (suffix, expectedPath) => {
    const server = await startServer(streamPieces([line("Có [1]"), DONE_LINE]));
    await collect(new OllamaChatModel({ baseUrl: `${server.url}${suffix}`, model: "m" }).stream({ messages }));
    expect(server.requests[0]?.path).toBe(expectedPath);
  });

  const utf8 = Buffer.from(line("Sở Thông tin và Truyền thông [1]"), "utf8");
  const cutInsideCharacter = utf8.indexOf(Buffer.from("ở", "utf8")) + 2;

  it.each<[string, Array<string | Buffer>, string]>([
    ["a line cut between two writes", [line("Thị xã Chũ ").slice(0, 30), line("Thị xã Chũ ").slice(30), line("và huyện Lục Ngạn (mới) [1]"), DONE_LINE], "Thị xã Chũ và huyện Lục Ngạn (mới) [1]"],
    ["a multi-byte character cut between two writes", [utf8.subarray(0, cutInsideCharacter), utf8.subarray(cutInsideCharacter), DONE_LINE], "Sở Thông tin và Truyền thông [1]"],
    ["CRLF endings and blank lines", [line("Kể từ ngày 20/9/2021 ").replace("\n", "\r\n"), "\r\n", line("[1]").replace("\n", "\r\n"), DONE_LINE], "Kể từ ngày 20/9/2021 [1]"],
    ["a thinking model's separate `thinking` field", [line("", { message: { role: "assistant", content: "", thinking: "Người dùng hỏi về thời hạn…" } }), line("Đến năm 2025 [1]"), DONE_LINE], "Đến năm 2025 [1]"],
    ["a last line without its newline", [line("Có [1]"), DONE_LINE.trimEnd()], "Có [1]"],
  ])("reads %s", async (_name, pieces, expected) => {
    const server = await startServer(streamPieces(pieces));
    const model = new OllamaChatModel({ baseUrl: server.url, model: "m" });
    expect((await collect(model.stream({ messages }))).join("")).toBe(expected);
  });

  it("stops reading at done even when the server keeps the connection open", async () => {
    const server = await startServer(async (_request, response) => {
      response.writeHead(200, { "content-type": "application/x-ndjson" });
      response.write(line("Giai đoạn 2021-2030 [1]") + DONE_LINE);
      // No end(): the adapter must not wait for the body to close.
    });
    const model = new OllamaChatModel({ baseUrl: server.url, model: "m", idleTimeoutMs: 2000 });
    const started = Date.now();
    expect((await collect(model.stream({ messages }))).join("")).toBe("Giai đoạn 2021-2030 [1]");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each<[string, Handler, RegExp]>([
    [
      "a 404 for a model that is not pulled",
      (_request, response) => {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: 'model "qwen2.5:7b" not found, try pulling it first' }));
      },
      /answered 404: model "qwen2.5:7b" not found, try pulling it first$/u,
    ],
    [
      "a 500",
      (_request, response) => {
        response.writeHead(500);
        response.end("llama runner process has terminated");
      },
      /answered 500: llama runner process has terminated/u,
    ],
    ["an error line in the middle of the stream", streamPieces([line("Kế hoạch "), `${JSON.stringify({ error: "an error was encountered while running the model" })}\n`]), /Ollama reported an error: an error was encountered/u],
    ["a malformed line", streamPieces([line("Kế hoạch "), '{"message": {"content": "số\n']), /malformed JSON: \{"message"/u],
    ["a stream that ends without done", streamPieces([line("Kế hoạch "), line("số 27/KH-UBND")]), /ended before the answer was complete/u],
  ])("turns %s into chat_model_failed", async (_name, handler, message) => {
    const server = await startServer(handler);
    const error = await failure(new OllamaChatModel({ baseUrl: server.url, model: "qwen2.5:7b" }).stream({ messages }));
    expect(error.code).toBe("chat_model_failed");
    expect(error.message).toMatch(message);
  });

  it("fails with chat_model_failed when the model never starts answering", async () => {
    const server = await startServer(() => {
      // Headers never come: a model still loading past the timeout.
    });
    const error = await failure(new OllamaChatModel({ baseUrl: server.url, model: "m", idleTimeoutMs: 150 }).stream({ messages }));
    expect(error.code).toBe("chat_model_failed");
    expect(error.message).toBe(`The chat endpoint ${server.url}/api/chat sent nothing for 0.15 s.`);
  });
});
