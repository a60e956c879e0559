import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../../helpers/start-test-server.js";

/** The MCP server, driven by the SDK's own client: over Streamable HTTP (/mcp) and over stdio (`npm run mcp`). */
const SEED = "Sở Nội vụ phải nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ app: { today: () => new Date("2024-05-01T00:00:00Z") } });
});

afterAll(async () => {
  await server.close();
});

type ToolResult = { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };
const textOf = (result: ToolResult) => result.content.map((part) => part.text ?? "").join("\n");

async function connectHttp(): Promise<Client> {
  const client = new Client({ name: "vanban-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  return client;
}

describe("MCP over Streamable HTTP at /mcp", () => {
  let client: Client;
  beforeAll(async () => {
    client = await connectHttp();
  });
  afterAll(async () => {
    await client.close();
  });

  it("lists the four tools with their input schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["ask", "get_document", "list_tasks", "search_documents"]);
    const ask = tools.find((tool) => tool.name === "ask")!;
    expect(ask.inputSchema.required).toContain("question");
    expect(ask.outputSchema).toBeDefined();
  });

  it("ask returns the cited deadline, with the citations as structured content", async () => {
    const result = (await client.callTool({ name: "ask", arguments: { question: SEED } })) as ToolResult;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain("30/6/2024");
    expect(textOf(result)).toContain("**Nguồn**");
    const structured = result.structuredContent as { found: boolean; citations: Array<{ source: string; quote: string }> };
    expect(structured.found).toBe(true);
    expect(structured.citations[0]!.source).toBe("000_492514bbfbcde4f8.pdf");
    expect(structured.citations[0]!.quote).toContain("30/6/2024");
  });

  it("search_documents gives the passages /api/search gives", async () => {
    const result = (await client.callTool({ name: "search_documents", arguments: { query: "hồ sơ đề án sắp xếp ĐVHC cấp xã", k: 3 } })) as ToolResult;
    const api = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent("hồ sơ đề án sắp xếp ĐVHC cấp xã")}&k=3`)).json()) as { results: Array<{ chunkId: string }> };
    const structured = result.structuredContent as { results: Array<{ chunkId: string }> };
    expect(structured.results.map((hit) => hit.chunkId)).toEqual(api.results.map((hit) => hit.chunkId));
    expect(textOf(result)).toMatch(/^\[1\] /u);
  });

  it("get_document reads a document's header and text, and pages through it", async () => {
    const result = (await client.callTool({ name: "get_document", arguments: { docId: "000_492514bbfbcde4f8" } })) as ToolResult;
    expect(textOf(result)).toContain("Source: 000_492514bbfbcde4f8.pdf");
    const document = server.archive.documentsById.get("000_492514bbfbcde4f8")!;
    const structured = result.structuredContent as { text: string; end: number; length: number };
    expect(structured.length).toBe(document.text.length);
    expect(document.text.startsWith(structured.text)).toBe(true);
    const next = (await client.callTool({ name: "get_document", arguments: { docId: "000_492514bbfbcde4f8", offset: 100 } })) as ToolResult;
    expect((next.structuredContent as { text: string }).text).toBe(document.text.slice(100, 100 + 20_000));
  });

  it("list_tasks lists the tasks /api/tasks lists", async () => {
    const result = (await client.callTool({ name: "list_tasks", arguments: { unit: "Sở Nội vụ", today: "2024-05-01" } })) as ToolResult;
    const api = (await (await fetch(`${server.url}/api/tasks?unit=${encodeURIComponent("Sở Nội vụ")}&today=2024-05-01`)).json()) as { total: number; tasks: Array<{ id: string }> };
    const structured = result.structuredContent as { total: number; tasks: Array<{ id: string }> };
    expect(api.total).toBeGreaterThan(0);
    expect(structured.total).toBe(api.total);
    expect(structured.tasks.map((task) => task.id)).toEqual(api.tasks.slice(0, 50).map((task) => task.id));
    expect(textOf(result)).toContain("Sở Nội vụ");
  });

  it("reports a missing document and bad arguments as tool errors", async () => {
    const missing = (await client.callTool({ name: "get_document", arguments: { docId: "no-such-document" } })) as ToolResult;
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain("not_found");
    const bad = (await client.callTool({ name: "list_tasks", arguments: { from: "2024-13-45x" } })) as ToolResult;
    expect(bad.isError).toBe(true);
  });

  it("answers GET /mcp with 405 (stateless endpoint)", async () => {
    const response = await fetch(`${server.url}/mcp`);
    expect(response.status).toBe(405);
  });
});

describe("MCP over stdio (npm run mcp)", () => {
  const connectStdio = async (options: { args?: string[]; env?: Record<string, string> }) => {
    const client = new Client({ name: "vanban-test", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "server/mcp/stdio.ts"), ...(options.args ?? [])],
      cwd: root,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...options.env },
      stderr: "pipe",
    });
    await client.connect(transport);
    return client;
  };

  it("serves an index in-process: lists the tools and ask returns the cited deadline", async () => {
    // The archive's generation directory lives in the index folder.
    const indexDir = path.dirname(server.archive.generation);
    const client = await connectStdio({ env: { INDEX_DIR: indexDir } });
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(4);
      const result = (await client.callTool({ name: "ask", arguments: { question: SEED } })) as ToolResult;
      expect(textOf(result)).toContain("30/6/2024");
    } finally {
      await client.close();
    }
  });

  it("forwards to a running server with --url", async () => {
    const client = await connectStdio({ args: ["--url", server.url] });
    try {
      const result = (await client.callTool({ name: "search_documents", arguments: { query: "Sở Nội vụ", k: 4 } })) as ToolResult;
      const api = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent("Sở Nội vụ")}&k=4`)).json()) as { results: Array<{ chunkId: string }> };
      expect((result.structuredContent as { results: Array<{ chunkId: string }> }).results.map((hit) => hit.chunkId)).toEqual(api.results.map((hit) => hit.chunkId));
    } finally {
      await client.close();
    }
  });
});
