import { z } from "zod";
import { SOURCE_FORMATS } from "../../core/types.js";
import { TASK_STATUSES, type TaskStatus } from "../tasks/filter-tasks.js";
import { TASK_STATES, type TaskState } from "../tasks/follow-up-status.js";

/**
 * zod descriptions of what the JSON routes send back. They are the source of
 * the OpenAPI document's response schemas, and the conformance test checks the
 * real responses against that document, so a field added to a response must be
 * added here too (objects are closed: an undocumented field fails the test).
 */
const offset = z.number().int().min(0);

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe("Stable machine-readable code: bad_request, not_found, unauthorized, rate_limited, …"),
      message: z.string(),
      requestId: z.string().optional().describe("The request's id (also in the x-request-id header and the server's log lines)."),
    }),
  })
  .describe("Every 4xx/5xx answer.");

export const documentMetaSchema = z.object({
  type: z.string().optional().describe("Document type as printed, e.g. THÔNG BÁO, KẾ HOẠCH"),
  number: z.string().optional().describe("Document number (số hiệu), e.g. 171/KH-UBND"),
  title: z.string().optional().describe("Title / summary line (trích yếu)"),
  issuer: z.string().optional().describe("Issuing body (cơ quan ban hành)"),
  province: z.string().optional(),
  place: z.string().optional(),
  date: z.string().optional().describe("Issue date, ISO YYYY-MM-DD (or YYYY-MM)"),
  year: z.number().int().optional(),
  meetingDate: z.string().optional(),
  signer: z.string().optional(),
});

export const healthResponseSchema = z.object({
  /** "indexing" (or "unavailable" when no ingest runs) before a first index exists: the server listens at once. */
  status: z.enum(["ok", "indexing", "unavailable"]),
  documents: z.number().int().min(0),
  chunks: z.number().int().min(0),
  /** The ingest's state, when this server ingests (see server/http/ingest-state.ts). */
  ingest: z
    .object({
      state: z.enum(["idle", "running", "waiting"]),
      phase: z.string().optional(),
      processed: z.number().int().optional(),
      total: z.number().int().optional(),
      queued: z.boolean(),
      holder: z.object({ pid: z.number().int() }).optional(),
      last: z.object({ finishedAt: z.string(), ok: z.boolean(), documents: z.number().int().optional(), chunks: z.number().int().optional(), failed: z.number().int().optional(), error: z.string().optional() }).optional(),
    })
    .optional(),
  /** The search engine (SEARCH_BACKEND): `local` or `opensearch`, and whether it answers. */
  search: z.object({ kind: z.enum(["local", "opensearch"]), status: z.enum(["ok", "degraded", "down"]) }).optional(),
});

const countsSchema = z.record(z.string(), z.number().int());

export const searchResultSchema = z.object({
  docId: z.string(),
  chunkId: z.string(),
  source: z.string().describe("The file's path relative to the corpus root"),
  title: z.string(),
  documentName: z.string().describe("How people name the document: type, number, title, issuer (never a file name)"),
  section: z.string().describe("Heading path of the passage, joined with ' › '"),
  text: z.string().describe("The passage's clean text"),
  score: z.number(),
  start: offset.describe("Offset of the passage in the document's clean text"),
  end: offset,
  highlights: z.array(z.tuple([offset, offset])).describe("Matched words, offsets into `text`"),
  meta: documentMetaSchema.pick({ type: true, number: true, date: true, year: true, province: true, issuer: true }),
});

export const searchResponseSchema = z.object({
  results: z.array(searchResultSchema),
  total: z.number().int().min(0),
  facets: z.object({ province: countsSchema, year: countsSchema, type: countsSchema }),
  query: z.object({ language: z.enum(["vi", "vi-nodiacritics", "en"]) }),
});

export const citationSchema = z.object({
  n: z.number().int().min(1).describe("The number of the [n] marker in the answer"),
  docId: z.string(),
  source: z.string(),
  title: z.string(),
  section: z.string(),
  text: z.string().describe("The cited passage"),
  quote: z.string().describe("The exact sentence(s) of `text` that support the answer"),
  start: offset,
  end: offset,
  quoteStart: offset,
  quoteEnd: offset,
  documentName: z.string().optional().describe("How people name the cited document: type, number, title, issuer"),
});

export const askResponseSchema = z.object({
  found: z.boolean().describe("false when the archive holds no answer; `answer` then says so"),
  answer: z.string().describe("The answer with [n] markers"),
  language: z.enum(["vi", "vi-nodiacritics", "en"]),
  citations: z.array(citationSchema),
  confidence: z.number().min(0).max(1).optional().describe("Probability that the answer is right, from the fitted answer model (the best candidate's, also when abstaining)"),
  searchQuery: z.string().optional().describe("What was searched: a follow-up merged with the question it follows (for a 'search instead' link)"),
});

export const documentSummarySchema = z.object({
  id: z.string(),
  source: z.string(),
  documentName: z.string().describe("Type, number, title, issuer"),
  format: z.enum(SOURCE_FORMATS),
  meta: documentMetaSchema,
  chunks: z.number().int().min(0),
  pages: z.number().int().optional(),
});

export const documentListResponseSchema = z.object({ documents: z.array(documentSummarySchema) });

const deadlineSchema = z.object({
  text: z.string(),
  start: z.string().optional(),
  end: z.string().optional(),
  relative: z.boolean().optional(),
  ongoing: z.boolean().optional(),
  recurring: z.boolean().optional(),
  resolvedFrom: z.enum(["heading", "document", "wording"]).optional(),
});

export const documentDetailResponseSchema = z.object({
  id: z.string(),
  source: z.string(),
  hash: z.string(),
  format: z.enum(SOURCE_FORMATS),
  meta: documentMetaSchema,
  text: z.string().describe("Clean text; every offset points into it"),
  notesStart: offset.optional(),
  sections: z.array(z.object({ path: z.array(z.string()), heading: z.string(), level: z.number().int(), start: offset, end: offset })),
  footnotes: z.array(z.object({ mark: z.string(), text: z.string(), at: offset, start: offset.optional(), end: offset.optional() })),
  references: z.array(
    z.object({
      text: z.string(),
      type: z.string().optional(),
      number: z.string(),
      date: z.string().optional(),
      start: offset,
      end: offset,
      targetDocId: z.string().optional(),
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.string(),
      task: z.string(),
      lead: z.string(),
      partners: z.array(z.string()),
      deadline: deadlineSchema.nullable(),
      docId: z.string(),
      source: z.string(),
      quote: z.string(),
      start: offset,
      end: offset,
    }),
  ),
  pages: z.number().int().optional(),
  ocr: z.object({ pages: z.array(z.number().int()), confidence: z.number() }).optional(),
  legacyEncoding: z
    .object({
      encodings: z.array(z.enum(["tcvn3", "vni"])),
      scope: z.enum(["file", "runs"]),
      source: z.enum(["bytes", "mojibake", "fonts"]),
      words: z.number().int().optional(),
      runs: z.number().int().optional(),
      fonts: z.array(z.string()).optional(),
    })
    .optional()
    .describe("Set when the text was converted from TCVN3 or VNI"),
  unreadPages: z.array(z.number().int()).optional(),
  warnings: z.array(z.string()),
  chunks: z.array(z.object({ id: z.string(), start: offset, end: offset, sectionPath: z.array(z.string()) })),
});

export const taskItemSchema = z.object({
  taskId: z.string().describe("Stable id (document + hash of the task's sentence): survives reindexing; PATCH /api/tasks/{taskId}"),
  id: z.string().describe("Position of the task in this index generation"),
  task: z.string(),
  lead: z.string(),
  partners: z.array(z.string()),
  deadline: z
    .object({
      text: z.string(),
      start: z.string().nullable(),
      end: z.string().nullable(),
      relative: z.boolean(),
      ongoing: z.boolean(),
      kind: z.string().describe("day, month, quarter, year, period, relative, ongoing, recurring, inherited, ongoing-by-wording …"),
      resolvedFrom: z.enum(["heading", "document", "wording"]).nullable().describe("Where a deadline the sentence does not state comes from"),
    })
    .nullable(),
  status: z.enum(TASK_STATES as [TaskState, ...TaskState[]]).describe("Recorded follow-up (open, done, ongoing) or overdue when open past its deadline"),
  timing: z.enum(TASK_STATUSES as [TaskStatus, ...TaskStatus[]]).describe("The deadline on the day asked about: upcoming, overdue, undated"),
  note: z.string(),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
  docId: z.string(),
  source: z.string(),
  documentName: z.string(),
  title: z.string().nullable(),
  number: z.string().nullable(),
  type: z.string().nullable(),
  issuer: z.string().nullable(),
  province: z.string().nullable(),
  year: z.number().int().nullable(),
  quote: z.string(),
  start: offset,
  end: offset,
});

const taskCountsSchema = z.object({ open: z.number().int().min(0), done: z.number().int().min(0), ongoing: z.number().int().min(0), overdue: z.number().int().min(0) });

export const tasksResponseSchema = z.object({
  today: z.string(),
  total: z.number().int().min(0).describe("Tasks in the whole selection (every page)"),
  offset: z.number().int().min(0).optional().describe("Position of this page's first task in the selection"),
  limit: z.number().int().min(0).optional().describe("Page size asked for"),
  nextOffset: z.number().int().min(0).nullable().optional().describe("offset of the next page; null on the last page"),
  counts: taskCountsSchema.optional().describe("The whole selection's tasks by follow-up status"),
  facets: z
    .object({
      leads: z.array(taskCountsSchema.extend({ unit: z.string(), total: z.number().int().min(0) })).describe("Lead units with their counts, most tasks first (\"\" for no stated lead)"),
      units: z.array(z.string()).describe("Every unit named as lead or partner"),
      provinces: z.array(z.string()),
      years: z.array(z.number().int()),
    })
    .optional()
    .describe("With facets=true: the whole selection's units, provinces and years"),
  followUp: z.boolean().optional().describe("Whether this server records follow-up (PATCH /api/tasks/{taskId})"),
  tasks: z.array(taskItemSchema).describe("This page's tasks"),
});

export const taskFollowUpResponseSchema = z.object({ task: taskItemSchema });

export const examplesResponseSchema = z.object({
  examples: z.array(z.object({ question: z.string(), language: z.enum(["vi", "en"]) })),
});

export const reindexResponseSchema = z.object({
  status: z.literal("ok"),
  summary: z.record(z.string(), z.unknown()).describe("The ingest summary (files, indexed, reused, failed, …)"),
});

export type SearchResponseBody = z.infer<typeof searchResponseSchema>;
export type AskResponseBody = z.infer<typeof askResponseSchema>;
export type DocumentDetailBody = z.infer<typeof documentDetailResponseSchema>;
export type TasksResponseBody = z.infer<typeof tasksResponseSchema>;
export type HealthResponseBody = z.infer<typeof healthResponseSchema>;
