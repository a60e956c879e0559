import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { Router, type Request } from "express";
import type { Logger } from "pino";
import type { AnsweringDependencies } from "../http/answer-events.js";
import { requestLoggerOf } from "../http/request-id.js";
import { createLocalVanbanClient } from "../integrations/vanban-client.js";
import { createMcpServer } from "./create-mcp-server.js";
import { readPackageVersion } from "../http/package-version.js";

/**
 * MCP over Streamable HTTP at /mcp, stateless: every POST gets a fresh server
 * and transport (the tools keep no per-client state), so any instance behind a
 * load balancer can answer and nothing lingers after the response. It runs in
 * the same app as /api: same request ids, rate limit and (later) auth.
 * GET (a server-initiated event stream) and DELETE (ending a session) have no
 * meaning without sessions: 405, as the specification allows.
 */
export type McpRouteDependencies = AnsweringDependencies & { logger?: Logger };

export function createMcpRouter(dependencies: McpRouteDependencies): Router {
  const router = Router();
  const version = readPackageVersion();

  router.post("/mcp", async (request, response) => {
    // The tools read the archive as this request's principal may.
    const client = createLocalVanbanClient({ ...dependencies, archives: { get: () => dependencies.archives.get(request) } });
    const server = createMcpServer({ client, version, baseUrl: baseUrlOf(request) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request, response, request.body);
    } catch (error) {
      requestLoggerOf(response, dependencies.logger)?.error({ err: error }, "MCP request failed");
      if (!response.headersSent) response.status(500).json({ jsonrpc: "2.0", error: { code: -32603, message: "Internal server error" }, id: null });
    }
  });

  router.all("/mcp", (_request, response) => {
    response.status(405).setHeader("allow", "POST").json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this MCP endpoint is stateless, use POST." }, id: null });
  });

  return router;
}

function baseUrlOf(request: Request): string {
  return `${request.protocol}://${request.get("host") ?? "localhost"}`;
}
