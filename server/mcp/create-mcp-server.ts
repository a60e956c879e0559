import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { describeError, isVanbanError } from "../../core/errors.js";
import { TASK_STATUSES, type TaskStatus } from "../tasks/filter-tasks.js";
import { formatSourceList } from "../integrations/format-source-list.js";
import type { VanbanClient } from "../integrations/vanban-client.js";
import { askResponseSchema, searchResponseSchema, tasksResponseSchema } from "../http/response-schemas.js";

/**
 * The MCP server: four tools over a VanbanClient (in-process for /mcp and
 * `npm run mcp`, or a remote Vanban with `npm run mcp -- --url`). Each tool
 * returns readable text (what a model reads) and the API's JSON as
 * `structuredContent` (what a program reads).
 */
export const MCP_TOOL_NAMES = ["search_documents", "ask", "get_document", "list_tasks"] as const;

const shortText = z.string().trim().max(200);
const year = z.number().int().min(1900).max(2100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "an ISO date, YYYY-MM-DD");

/** Characters of a document's text get_document returns at once; `offset` pages through the rest. */
const DOCUMENT_PAGE_CHARS = 20_000;
const PASSAGE_CHARS = 700;

export function createMcpServer(options: { client: VanbanClient; version: string; baseUrl?: string }): McpServer {
  const { client } = options;
  const server = new McpServer({ name: "vanban", version: options.version });

  server.registerTool(
    "search_documents",
    {
      title: "Search the archive",
      description:
        "Hybrid search over the archive of Vietnamese government directives (Vietnamese with or without diacritics, or English). Returns the best passages with document id, title, section and text.",
      inputSchema: {
        query: z.string().trim().min(1).max(2000).describe("What to look for"),
        k: z.number().int().min(1).max(50).default(5).describe("How many passages"),
        province: shortText.optional().describe("Only documents of this province, e.g. Bắc Giang"),
        year: year.optional().describe("Only documents of this year"),
        type: shortText.optional().describe("Only this document type, e.g. KẾ HOẠCH"),
      },
      outputSchema: searchResponseSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      run(async () => {
        const body = await client.search({ query: input.query, k: input.k, filters: { province: input.province, year: input.year, type: input.type } });
        const lines = body.results.map(
          (result, index) => `[${index + 1}] ${result.title} — ${result.section || "(no section)"} (docId ${result.docId}, ${result.source}, offsets ${result.start}-${result.end})\n${shorten(result.text, PASSAGE_CHARS)}`,
        );
        return { text: lines.join("\n\n") || "No passage matches.", structured: body };
      }),
  );

  server.registerTool(
    "ask",
    {
      title: "Ask a question",
      description:
        "Answers a question from the archive with [n] markers and the exact quoted sentences. found=false means the archive holds no answer (say so rather than guessing).",
      inputSchema: {
        question: z.string().trim().min(1).max(2000),
        history: z
          .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().max(8000) }))
          .max(50)
          .optional()
          .describe("Earlier turns, for follow-up questions"),
        province: shortText.optional(),
        year: year.optional(),
        type: shortText.optional(),
        docId: shortText.optional().describe("Answer only from this document"),
      },
      outputSchema: askResponseSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      run(async () => {
        const { question, history, ...filters } = input;
        const body = await client.ask({ question, history, filters });
        return { text: body.answer + formatSourceList({ citations: body.citations, language: body.language, baseUrl: options.baseUrl }), structured: body };
      }),
  );

  server.registerTool(
    "get_document",
    {
      title: "Read a document",
      description: `A document's header fields, section headings and clean text (${DOCUMENT_PAGE_CHARS} characters at a time from \`offset\`). Offsets in search results and citations point into this text.`,
      inputSchema: {
        docId: z.string().min(1).max(300),
        offset: z.number().int().min(0).default(0).describe("Where to start reading the text"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      run(async () => {
        const document = await client.getDocument(input.docId);
        const { meta } = document;
        const end = Math.min(document.text.length, input.offset + DOCUMENT_PAGE_CHARS);
        const header = [
          meta.title ? `Title: ${meta.title}` : "",
          meta.type ? `Type: ${meta.type}` : "",
          meta.number ? `Number: ${meta.number}` : "",
          meta.issuer ? `Issuer: ${meta.issuer}` : "",
          meta.date ? `Date: ${meta.date}` : "",
          `Source: ${document.source}`,
          `Text: characters ${input.offset}-${end} of ${document.text.length}${end < document.text.length ? ` (call again with offset ${end} for more)` : ""}`,
          document.sections.length ? `Sections:\n${document.sections.map((section) => `${"  ".repeat(section.level - 1)}- ${section.heading} (${section.start})`).join("\n")}` : "",
        ].filter(Boolean);
        const { text, chunks: _chunks, ...rest } = document;
        return {
          text: `${header.join("\n")}\n\n${text.slice(input.offset, end)}`,
          structured: { ...rest, text: text.slice(input.offset, end), offset: input.offset, end, length: text.length },
        };
      }),
  );

  server.registerTool(
    "list_tasks",
    {
      title: "List assigned tasks",
      description: "Tasks the documents assign (what, lead unit, partners, deadline, status), filtered. Status is relative to `today` (default: the server's date).",
      inputSchema: {
        unit: shortText.optional().describe("A unit, matched against lead and partners (e.g. Sở Nội vụ)"),
        role: z.enum(["lead", "any"]).optional(),
        status: z.enum(TASK_STATUSES as [TaskStatus, ...TaskStatus[]]).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        today: isoDate.optional(),
        q: z.string().trim().max(500).optional().describe("Words that must occur in the task"),
        province: shortText.optional(),
        year: year.optional(),
        docId: shortText.optional(),
        limit: z.number().int().min(1).max(500).default(50),
      },
      outputSchema: tasksResponseSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      run(async () => {
        const { limit, ...filters } = input;
        const body = await client.listTasks({ ...filters, limit });
        const tasks = body.tasks;
        const lines = tasks.map(
          (task) =>
            `- ${task.task} — lead: ${task.lead || "?"}${task.partners.length ? `; partners: ${task.partners.join(", ")}` : ""}; deadline: ${task.deadline?.text ?? "none"} (${task.status}) [${task.source}]`,
        );
        const more = body.total > tasks.length ? `\n… ${body.total - tasks.length} more (raise limit or narrow the filters)` : "";
        return { text: `${body.total} task(s) as of ${body.today}\n${lines.join("\n")}${more}`, structured: { ...body, tasks } };
      }),
  );

  return server;
}

/** A tool's result; a failure is a tool error the model can read (never a protocol error). */
async function run(work: () => Promise<{ text: string; structured: object }>): Promise<CallToolResult> {
  try {
    const { text, structured } = await work();
    return { content: [{ type: "text", text }], structuredContent: structured as Record<string, unknown> };
  } catch (error) {
    const code = isVanbanError(error) ? error.code : "internal";
    return { isError: true, content: [{ type: "text", text: `${code}: ${describeError(error)}` }] };
  }
}

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text;
}
