import { Router, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import type { ArchiveDocument, Task } from "../../../core/types.js";
import type { FollowUpStatus, TaskFollowUp, TaskFollowUps } from "../../store/task-follow-ups.js";
import { TASK_STATUSES, toIsoDay, type TaskFilters, type TaskStatus } from "../../tasks/filter-tasks.js";
import { TASK_STATES, type TaskState } from "../../tasks/follow-up-status.js";
import { formatTasksCsvHeader, formatTasksCsvRows } from "../../tasks/format-tasks-csv.js";
import { formatIcsEvent, formatIcsFooter, formatIcsHeader } from "../../tasks/format-tasks-ics.js";
import { TASK_SORT_KEYS, type TaskOrdering, type TaskSortKey } from "../../tasks/select-tasks.js";
import { streamTasksXlsx } from "../../tasks/stream-tasks-xlsx.js";
import { buildTaskViews } from "../../tasks/task-views.js";
import {
  DEFAULT_TASK_PAGE_SIZE,
  findTaskByStableId,
  listTaskItems,
  MAX_TASK_PAGE_SIZE,
  selectArchiveTasks,
  taskViewBatches,
  type ArchiveTaskSelection,
} from "../archive-queries.js";
import { concatenate, inBatches, isClientGone, mapIterable, writePiece, writeStreamed } from "../write-streamed.js";
import { sendError } from "../error-middleware.js";
import { editorOf } from "../require-editor.js";
import { taskFollowUpResponseSchema, tasksResponseSchema } from "../response-schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../route-registry.js";
import { isoDateSchema } from "../schemas.js";

export type TasksRouterDependencies = {
  /** The tasks and documents the request may read. */
  listTasks: (request: Request) => Task[];
  listDocuments: (request: Request) => ArchiveDocument[];
  /** The clock; "today" is its calendar day in Vietnam unless a request sets `today`. */
  today?: () => Date;
  /** Recorded follow-up (the application database); without it tasks show their deadline's status and PATCH is unavailable. */
  followUps?: TaskFollowUps;
  /** Who may record a follow-up (see require-editor.ts); everyone when absent. */
  requireEditor?: RequestHandler;
};

// One definition of a calendar day for every date the API takes (see schemas.ts).
const isoDate = isoDateSchema;
const shortText = z.string().trim().max(200);
/** Follow-up states (open, done, ongoing, overdue) and, as before, the deadline's timing (upcoming, undated; overdue is both). */
const STATUS_FILTERS = [...new Set<string>([...TASK_STATES, ...TASK_STATUSES])] as [string, ...string[]];

export const tasksQuerySchema = z
  .object({
    unit: shortText.optional(),
    role: z.enum(["lead", "any"]).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    status: z.enum(STATUS_FILTERS).optional(),
    today: isoDate.optional(),
    q: z.string().trim().max(500).optional(),
    province: shortText.optional(),
    year: z.coerce.number().int().min(1900).max(2100).optional(),
    docId: z.string().trim().max(300).optional(),
    /** Paging of GET /api/tasks (the exports give the whole selection). */
    limit: z.coerce.number().int().min(0).max(MAX_TASK_PAGE_SIZE).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
    sort: z.enum(TASK_SORT_KEYS as [TaskSortKey, ...TaskSortKey[]]).optional(),
    order: z.enum(["asc", "desc"]).optional(),
    /** "true" adds the selection's facets (lead units with their counts, units, provinces, years). */
    facets: z.enum(["true", "false"]).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "from must not be after to", path: ["from"] });

export const followUpBodySchema = z
  .object({
    status: z.enum(["open", "done", "ongoing"]).optional(),
    note: z.string().max(2000, "note is longer than 2000 characters").optional(),
  })
  .refine((body) => body.status !== undefined || body.note !== undefined, { message: "give a status, a note or both" });

type Selection = { filters: TaskFilters; offset?: number; limit?: number; facets?: boolean } & TaskOrdering;

/**
 * Parsed task filters as the task table reads them: `status` is either a
 * follow-up state (open, done, ongoing, overdue) or, as before, the
 * deadline's timing (upcoming, undated); empty strings mean no filter.
 */
export function toTaskSelection(query: z.infer<typeof tasksQuerySchema>, now: Date): Selection {
  const { today, status, limit, offset, sort, order, facets, ...rest } = query;
  const emptyToUndefined = (value: string | undefined) => (value ? value : undefined);
  const timing = status === "upcoming" || status === "undated" ? (status as TaskStatus) : undefined;
  return {
    filters: {
      ...rest,
      status: timing,
      unit: emptyToUndefined(rest.unit),
      q: emptyToUndefined(rest.q),
      province: emptyToUndefined(rest.province),
      docId: emptyToUndefined(rest.docId),
      today: today ?? toIsoDay(now),
    },
    state: timing ? undefined : (status as TaskState | undefined),
    sort,
    order,
    offset,
    limit,
    facets: facets === "true",
  };
}

/** GET /api/tasks (JSON), .csv, .xlsx and .ics with the same filters; PATCH /api/tasks/:taskId records a follow-up. */
export function createTasksRouter(dependencies: TasksRouterDependencies): Router {
  const router = Router();

  /** Validated filters, or undefined after answering 400. */
  const readSelection = (query: unknown, response: Response): Selection | undefined => {
    const parsed = tasksQuerySchema.safeParse(query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ");
      sendError(response, 400, "bad_request", message);
      return undefined;
    }
    return toTaskSelection(parsed.data, dependencies.today?.() ?? new Date());
  };

  const selectionOptions = (request: Request, selection: Selection): ArchiveTaskSelection => ({
    ...selection,
    tasks: dependencies.listTasks(request),
    documents: dependencies.listDocuments(request),
    followUps: dependencies.followUps?.all(),
  });

  router.get("/api/tasks", (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    const page = listTaskItems({ ...selectionOptions(request, selection), offset: selection.offset, limit: selection.limit, facets: selection.facets });
    response.json({ ...page, followUp: Boolean(dependencies.followUps) });
  });

  // The exports write the whole selection a batch of views at a time (write-streamed.ts), never all views at once.
  router.get("/api/tasks.csv", async (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    response.attachment("nhiem-vu.csv").type("text/csv; charset=utf-8");
    await writeStreamed(response, concatenate([formatTasksCsvHeader()], mapIterable(taskViewBatches(selectionOptions(request, selection)), formatTasksCsvRows)));
  });

  router.get("/api/tasks.xlsx", async (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    response.attachment("nhiem-vu.xlsx").type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    try {
      await streamTasksXlsx({ batches: taskViewBatches(selectionOptions(request, selection)), write: (bytes) => writePiece(response, bytes) });
      response.end();
    } catch (error) {
      if (!isClientGone(error)) throw error;
    }
  });

  router.get("/api/tasks.ics", async (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    const now = dependencies.today?.() ?? new Date();
    const { tasks } = selectArchiveTasks(selectionOptions(request, selection));
    response.attachment("nhiem-vu.ics").type("text/calendar; charset=utf-8");
    await writeStreamed(response, concatenate([formatIcsHeader({})], mapIterable(inBatches(tasks, 500), (batch) => batch.map((task) => formatIcsEvent(task, { now })).join("")), [formatIcsFooter()]));
  });

  const gate: RequestHandler = dependencies.requireEditor ?? ((_request, _response, next) => next());
  router.patch("/api/tasks/:taskId", gate, (request, response) => {
    const parsed = followUpBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new VanbanError("bad_request", parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "));
    const followUps = dependencies.followUps;
    if (!followUps) throw new VanbanError("not_found", "Task follow-up is not available on this server.");
    const taskId = String(request.params.taskId ?? "");
    const found = findTaskByStableId(dependencies.listTasks(request), taskId);
    if (!found) throw new VanbanError("not_found", `No task ${taskId}`);
    const { task, taskIds: ids } = found;
    const previous = followUps.get(taskId);
    const editor = editorOf(response);
    const saved: TaskFollowUp = followUps.save({
      taskId,
      docId: task.docId,
      status: parsed.data.status ?? previous?.status ?? ("open" satisfies FollowUpStatus),
      note: (parsed.data.note ?? previous?.note ?? "").normalize("NFC").trim(),
      quote: task.quote,
      changedBy: editor.name || editor.id,
      changedAt: (dependencies.today?.() ?? new Date()).toISOString(),
    });
    const [view] = buildTaskViews({
      tasks: [task],
      taskIds: ids,
      documents: new Map(dependencies.listDocuments(request).map((document) => [document.id, document])),
      followUps: new Map([[taskId, saved]]),
      today: toIsoDay(dependencies.today?.() ?? new Date()),
    });
    response.json({ task: view });
  });

  return router;
}

/**
 * A task of the first sample document (000, the Bắc Giang conclusion of 2024:
 * "Chú trọng nâng cao hơn nữa chất lượng công tác tác tham mưu"), by its stable
 * id, for the follow-up example the conformance test sends.
 */
const EXAMPLE_TASK_ID = "000_492514bbfbcde4f8:652f232f31bf";

/** OpenAPI descriptions of the routes above (see route-registry.ts); the examples run in the conformance test. */
const tasksErrors = { 400: errorResponse("Bad filters (e.g. a date that is not YYYY-MM-DD, from after to)"), ...RATE_LIMITED };

export const TASKS_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/tasks",
    tag: "tasks",
    summary: "Tasks assigned by the documents (who, what, by when), filtered, a page at a time",
    description: `limit (default ${DEFAULT_TASK_PAGE_SIZE}, at most ${MAX_TASK_PAGE_SIZE}; 0 for the counts alone) and offset page the selection; total, counts and facets are those of the whole selection; nextOffset is null on the last page. The exports (.csv, .xlsx, .ics) give the whole selection.`,
    request: { query: tasksQuerySchema },
    responses: { 200: { description: "The matching tasks", content: jsonContent(tasksResponseSchema) }, ...tasksErrors },
    examples: [
      { name: "all", status: 200 },
      { name: "overdue on a day", status: 200, query: { status: "overdue", today: "2024-07-01" } },
      { name: "by lead unit", status: 200, query: { unit: "Sở Nội vụ", role: "lead" } },
      { name: "second page by lead, with facets", status: 200, query: { limit: 5, offset: 5, sort: "lead", facets: "true" } },
      { name: "page too large", status: 400, query: { limit: 5000 } },
      { name: "bad date", status: 400, query: { from: "2024-13-01" } },
    ],
  },
  {
    method: "get",
    path: "/api/tasks.csv",
    tag: "tasks",
    summary: "The same tasks as CSV",
    request: { query: tasksQuerySchema },
    responses: { 200: { description: "CSV file", content: { "text/csv": undefined } }, ...tasksErrors },
    examples: [{ name: "csv", status: 200, query: { year: 2024 } }],
  },
  {
    method: "get",
    path: "/api/tasks.ics",
    tag: "tasks",
    summary: "Dated tasks as an iCalendar feed",
    request: { query: tasksQuerySchema },
    responses: { 200: { description: "iCalendar file", content: { "text/calendar": undefined } }, ...tasksErrors },
    examples: [{ name: "ics", status: 200 }],
  },
  {
    method: "get",
    path: "/api/tasks.xlsx",
    tag: "tasks",
    summary: "The same tasks as an Excel workbook (the CSV's columns)",
    request: { query: tasksQuerySchema },
    responses: { 200: { description: "XLSX file", content: { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": undefined } }, ...tasksErrors },
    examples: [{ name: "xlsx", status: 200, query: { province: "Bắc Giang" } }],
  },
  {
    method: "patch",
    path: "/api/tasks/:taskId",
    tag: "tasks",
    summary: "Record a task's follow-up: status (open, done, ongoing) and a note, with who (x-editor header) and when",
    description: "Needs API_KEY when set (header x-api-key). The id is the task's stable `taskId`; the record survives reindexing and a changed document keeps the follow-up of its unchanged tasks.",
    request: { params: z.object({ taskId: z.string() }), body: followUpBodySchema },
    responses: {
      200: { description: "The task with its follow-up", content: jsonContent(taskFollowUpResponseSchema) },
      400: errorResponse("Neither a known status nor a note"),
      401: errorResponse("Missing or wrong API key"),
      404: errorResponse("No such task, or follow-up is not available"),
      ...RATE_LIMITED,
    },
    examples: [
      { name: "mark done", status: 200, params: { taskId: EXAMPLE_TASK_ID }, body: { status: "done", note: "Đã nộp hồ sơ" } },
      { name: "unknown status", status: 400, params: { taskId: EXAMPLE_TASK_ID }, body: { status: "finished" } },
      { name: "unknown task", status: 404, params: { taskId: "000_492514bbfbcde4f8:000000000000" }, body: { status: "done" } },
    ],
  },
];
