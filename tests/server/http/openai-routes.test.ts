import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatModel } from "../../../core/ports.js";
import { chatCompletionChunkSchema, chatCompletionSchema } from "../../../server/http/routes/openai-routes.js";
import { startTestServer } from "../../helpers/start-test-server.js";

/** The OpenAI-compatible endpoints, driven by the official `openai` npm client against the real server. */
const SEED = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";

let server: Awaited<ReturnType<typeof startTestServer>>;
let client: OpenAI;

beforeAll(async () => {
  server = await startTestServer({ app: { today: () => new Date("2024-05-01T00:00:00Z") } });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

async function collectStream(messages: OpenAI.Chat.ChatCompletionMessageParam[], target: OpenAI = client) {
  const stream = await target.chat.completions.create({ model: "vanban", messages, stream: true });
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, text: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("") };
}

describe("GET /v1/models", () => {
  it("lists the vanban model and retrieves it", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["vanban"]);
    expect((await client.models.retrieve("vanban")).id).toBe("vanban");
    await expect(client.models.retrieve("gpt-4o")).rejects.toMatchObject({ status: 404 });
  });
});

describe("POST /v1/chat/completions", () => {
  it("answers the seed question with 30/6/2024, [n] markers, a Markdown source list and the citations field", async () => {
    const completion = await client.chat.completions.create({ model: "vanban", messages: [{ role: "user", content: SEED }] });
    expect(chatCompletionSchema.safeParse(completion).success).toBe(true);
    const content = completion.choices[0]!.message.content!;
    expect(content).toContain("30/6/2024");
    expect(content).toMatch(/\[1\]/u);
    expect(content).toContain("**Nguồn**");
    expect(content).toContain(`${server.url}/documents/000_492514bbfbcde4f8?start=`);
    expect(content).toContain("`000_492514bbfbcde4f8.pdf`");
    const extra = completion as unknown as { citations: Array<{ source: string; quote: string }>; found: boolean };
    expect(extra.found).toBe(true);
    expect(extra.citations[0]!.source).toBe("000_492514bbfbcde4f8.pdf");
    expect(extra.citations[0]!.quote).toContain("30/6/2024");
  });

  it("streams chunks that concatenate to the same text, ending with [DONE]", async () => {
    const whole = await client.chat.completions.create({ model: "vanban", messages: [{ role: "user", content: SEED }] });
    const { chunks, text } = await collectStream([{ role: "user", content: SEED }]);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chatCompletionChunkSchema.safeParse(chunk).success).toBe(true);
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    const last = chunks.at(-1)! as unknown as { choices: Array<{ finish_reason: string }>; citations: unknown[]; found: boolean };
    expect(last.choices[0]!.finish_reason).toBe("stop");
    expect(last.citations.length).toBeGreaterThan(0);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);

    // The raw wire format ends with the [DONE] sentinel.
    const raw = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "vanban", messages: [{ role: "user", content: SEED }], stream: true }),
    });
    expect(raw.headers.get("content-type")).toContain("text/event-stream");
    const body = await raw.text();
    expect(body.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("turns earlier messages into the history: a follow-up is answered in the context of the first question", async () => {
    const first = await client.chat.completions.create({ model: "vanban", messages: [{ role: "user", content: SEED }] });
    const followUp = await client.chat.completions.create({
      model: "vanban",
      messages: [
        { role: "system", content: "Bạn là trợ lý." },
        { role: "user", content: SEED },
        { role: "assistant", content: first.choices[0]!.message.content! },
        { role: "user", content: "còn Bắc Giang thì sao?" },
      ],
    });
    const alone = await client.chat.completions.create({ model: "vanban", messages: [{ role: "user", content: "còn Bắc Giang thì sao?" }] });
    const extras = (completion: unknown) => completion as { found: boolean; citations: Array<{ docId: string }> };
    // With the history the follow-up is about the dossier deadline, answered from Bắc Giang's document; alone it has no subject.
    expect(extras(followUp).found).toBe(true);
    expect(extras(followUp).citations[0]!.docId).toBe("000_492514bbfbcde4f8");
    expect(followUp.choices[0]!.message.content).toContain("30/6/2024");
    expect(extras(alone).found).toBe(false);
  });

  it("abstains plainly for a question the archive cannot answer", async () => {
    const completion = await client.chat.completions.create({ model: "vanban", messages: [{ role: "user", content: "Giá vé tàu cao tốc Bắc Nam năm 2030 là bao nhiêu?" }] });
    expect((completion as unknown as { found: boolean }).found).toBe(false);
    expect(completion.choices[0]!.message.content).not.toContain("**Nguồn**");
  });

  it.each([
    ["the last message is not the user's", { model: "vanban", messages: [{ role: "assistant", content: "xin chào" }] }, 400],
    ["no messages", { model: "vanban", messages: [] }, 400],
    ["an unknown model", { model: "gpt-4o", messages: [{ role: "user", content: SEED }] }, 404],
    ["a question over 2000 characters", { model: "vanban", messages: [{ role: "user", content: "x".repeat(2001) }] }, 400],
  ])("rejects %s with an OpenAI-style error the client raises", async (_name, body, status) => {
    const error = await client.chat.completions.create(body as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/\S/u);
  });
});

describe("with an LLM answerer", () => {
  /** A chat model that answers from the numbered passages it is given, or ignores them. */
  const scriptedModel = (text: string): ChatModel => ({
    id: "scripted",
    async *stream() {
      for (const piece of text.match(/\S+\s*/gu) ?? []) yield piece;
    },
  });

  it("streams the model's checked answer, and the same text as the non-streamed completion", async () => {
    const llm = await startTestServer({ app: { chatModel: scriptedModel("Hạn nộp hồ sơ là trước ngày 30/6/2024 [1].") } });
    try {
      const llmClient = new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: "unused", maxRetries: 0 });
      const whole = await llmClient.chat.completions.create({ model: "vanban", messages: [{ role: "user", content: SEED }] });
      expect(whole.choices[0]!.message.content).toMatch(/^Hạn nộp hồ sơ là trước ngày 30\/6\/2024 \[1\]\.\n\n---\n\*\*Nguồn\*\*/u);
      const { text } = await collectStream([{ role: "user", content: SEED }], llmClient);
      expect(text).toBe(whole.choices[0]!.message.content);
    } finally {
      await llm.close();
    }
  });

  it("follows a model answer that cites nothing with the checked extractive answer", async () => {
    const llm = await startTestServer({ app: { chatModel: scriptedModel("Tôi nghĩ là cuối năm.") } });
    try {
      const llmClient = new OpenAI({ baseURL: `${llm.url}/v1`, apiKey: "unused", maxRetries: 0 });
      const { text } = await collectStream([{ role: "user", content: SEED }], llmClient);
      expect(text.startsWith("Tôi nghĩ là cuối năm.")).toBe(true);
      expect(text).toContain("checked answer");
      expect(text).toContain("30/6/2024");
    } finally {
      await llm.close();
    }
  });
});
