import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { loadConfig } from "../../core/config.js";
import { describeError } from "../../core/errors.js";
import { createEmbedder } from "../../ingest/index/create-embedder.js";
import { loadSnapshot } from "../../ingest/index/index-store.js";
import { createChatModel } from "../answer/create-chat-model.js";
import { warmUpArchive } from "../answer/warm-up.js";
import { ArchiveHolder } from "../http/archive-holder.js";
import { readPackageVersion } from "../http/package-version.js";
import { createArchive } from "../retrieve/archive.js";
import { createSearchBackend } from "../retrieve/backend/create-search-backend.js";
import { createLocalVanbanClient, createRemoteVanbanClient, type VanbanClient } from "../integrations/vanban-client.js";
import { createMcpServer } from "./create-mcp-server.js";

const USAGE = `Usage: npm run mcp [-- --url http://host:3000 [--api-key KEY]]
MCP server over stdio with the tools search_documents, ask, get_document, list_tasks.
Without --url it serves the index in INDEX_DIR in-process (build it first with npm run ingest or npm start);
with --url it forwards to a running Vanban server's HTTP API.
`;

/**
 * `npm run mcp`: an entry point (like server/main.ts, it reads the environment
 * and builds clients). stdout is the protocol channel: nothing else is ever
 * written to it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { url: { type: "string" }, "api-key": { type: "string" }, help: { type: "boolean", default: false } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stderr.write(USAGE);
    return;
  }
  let client: VanbanClient;
  if (values.url) {
    client = createRemoteVanbanClient({ baseUrl: values.url, apiKey: values["api-key"] });
  } else {
    const config = loadConfig(process.env);
    const embedder = createEmbedder(config);
    const searchBackend = createSearchBackend(config);
    const snapshot = await loadSnapshot(config.INDEX_DIR, { vectors: false, indexes: searchBackend.needsLocalIndexes, documents: "on-demand" });
    const archive = createArchive({ snapshot, embedder, index: await searchBackend.openGeneration(snapshot) });
    await warmUpArchive(archive);
    client = createLocalVanbanClient({ archives: new ArchiveHolder(archive), chatModel: createChatModel(config) });
  }
  const server = createMcpServer({ client, version: readPackageVersion(), baseUrl: values.url });
  await server.connect(new StdioServerTransport());
  process.stderr.write(`vanban MCP server on stdio (${values.url ? `forwarding to ${values.url}` : "in-process index"})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`vanban mcp: ${describeError(error)}\n`);
  process.exit(1);
});
