import type { Document } from "@langchain/core/documents";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { FakeChatModel } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VanbanRetriever, VanbanVectorStore } from "../../../server/integrations/langchain/index.js";
import { startTestServer } from "../../helpers/start-test-server.js";

/**
 * VanbanRetriever in a real LCEL chain (retriever -> prompt -> chat model ->
 * parser), built only from public LangChain APIs. The chat model is
 * @langchain/core's FakeChatModel, which answers with the prompt it was given:
 * what reaches the model is exactly what the retriever found.
 */
const SEED = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

const formatDocuments = (documents: Document[]) =>
  documents.map((document, index) => `[${index + 1}] ${document.metadata.title} (${document.metadata.source})\n${document.pageContent}`).join("\n\n");

describe("VanbanRetriever", () => {
  it("answers the seed question from the right document in an LCEL chain", async () => {
    const retriever = VanbanRetriever.fromArchive(server.archive, { k: 4 });
    const prompt = ChatPromptTemplate.fromMessages([
      ["system", "Answer only from the numbered passages and cite them as [n].\n\n{context}"],
      ["human", "{question}"],
    ]);
    const chain = RunnableSequence.from([
      { context: retriever.pipe(formatDocuments), question: new RunnablePassthrough() },
      prompt,
      new FakeChatModel({}),
      new StringOutputParser(),
    ]);
    const output = await chain.invoke(SEED);
    const firstPassage = output.slice(output.indexOf("[1] "), output.indexOf("[2] "));
    expect(firstPassage).toContain("(000_492514bbfbcde4f8.pdf)");
    expect(firstPassage).toContain("30/6/2024");
    expect(output).toContain(SEED);
  });

  it("returns Documents whose metadata carries source, title, section, offsets and header fields", async () => {
    const [first] = await VanbanRetriever.fromArchive(server.archive).invoke(SEED);
    const document = server.archive.documentsById.get(first!.metadata.docId)!;
    expect(first!.metadata).toMatchObject({ source: "000_492514bbfbcde4f8.pdf", docId: "000_492514bbfbcde4f8", province: "Bắc Giang", year: 2024 });
    expect(first!.metadata.title).toBe(document.meta.title);
    expect(first!.metadata.number).toBe(document.meta.number);
    expect(first!.metadata.section.length).toBeGreaterThan(0);
    expect(document.text.slice(first!.metadata.start, first!.metadata.end)).toBe(first!.pageContent);
    expect(first!.id).toBe(first!.metadata.chunkId);
  });

  it("applies filters", async () => {
    const documents = await VanbanRetriever.fromArchive(server.archive, { k: 10, filters: { province: "Hưng Yên" } }).invoke("Sở Nội vụ");
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) expect(document.metadata.province).toBe("Hưng Yên");
  });

  it("remote (over HTTP) gives the same documents as /api/search and as in-process", async () => {
    const query = "thời hạn hoàn thành sắp xếp đơn vị hành chính";
    const remote = await VanbanRetriever.fromUrl(server.url, { k: 5 }).invoke(query);
    const local = await VanbanRetriever.fromArchive(server.archive, { k: 5 }).invoke(query);
    const api = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(query)}&k=5`)).json()) as { results: Array<{ chunkId: string; text: string }> };
    expect(api.results.length).toBe(5);
    expect(remote.map((document) => document.metadata.chunkId)).toEqual(api.results.map((result) => result.chunkId));
    expect(remote.map((document) => document.pageContent)).toEqual(api.results.map((result) => result.text));
    expect(local.map((document) => document.metadata)).toEqual(remote.map((document) => document.metadata));
  });

  it("surfaces a remote error with its code", async () => {
    await expect(VanbanRetriever.fromUrl(server.url).invoke("")).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("VanbanVectorStore", () => {
  it("runs similaritySearchWithScore over the archive's vectors, best first, with filters", async () => {
    const store = new VanbanVectorStore(server.archive);
    const results = await store.similaritySearchWithScore("hồ sơ đề án sắp xếp đơn vị hành chính cấp xã", 5);
    expect(results).toHaveLength(5);
    const scores = results.map(([, score]) => score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const filtered = await store.similaritySearchWithScore("Sở Nội vụ", 5, { province: "Hưng Yên" });
    expect(filtered.length).toBeGreaterThan(0);
    for (const [document] of filtered) expect(document.metadata.province).toBe("Hưng Yên");
  });

  it("works as a retriever and refuses writes", async () => {
    const store = new VanbanVectorStore(server.archive);
    const documents = await store.asRetriever({ k: 3, filter: { docId: "004_38b8e90ea4ed07a7" } }).invoke("Sở Nội vụ");
    expect(documents.map((document) => document.metadata.docId)).toEqual(["004_38b8e90ea4ed07a7", "004_38b8e90ea4ed07a7", "004_38b8e90ea4ed07a7"]);
    await expect(store.addDocuments([])).rejects.toMatchObject({ code: "bad_request" });
  });
});
