import { Router, type Response } from "express";
import { z } from "zod";
import type { ArchiveDocument, Task } from "../../../core/types.js";
import { filterTasks, TASK_STATUSES, toIsoDay, type TaskFilters, type TaskStatus } from "../../tasks/filter-tasks.js";
import { formatTasksCsv } from "../../tasks/format-tasks-csv.js";
import { formatTasksIcs } from "../../tasks/format-tasks-ics.js";
import { listTaskItems } from "../archive-queries.js";
import { sendError } from "../error-middleware.js";
import { tasksResponseSchema } from "../response-schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../route-registry.js";

export type TasksRouterDependencies = {
  listTasks: () => Task[];
  listDocuments: () => ArchiveDocument[];
  /** The clock; "today" is its calendar day in Vietnam unless a request sets `today`. */
  today?: () => Date;
};

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, "must be an ISO date (YYYY-MM-DD)")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, "is not a calendar date");
const shortText = z.string().trim().max(200);

export const tasksQuerySchema = z
  .object({
    unit: shortText.optional(),
    role: z.enum(["lead", "any"]).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    status: z.enum(TASK_STATUSES as [TaskStatus, ...TaskStatus[]]).optional(),
    today: isoDate.optional(),
    q: z.string().trim().max(500).optional(),
    province: shortText.optional(),
    year: z.coerce.number().int().min(1900).max(2100).optional(),
    docId: z.string().trim().max(300).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "from must not be after to", path: ["from"] });

/** GET /api/tasks (JSON), /api/tasks.csv and /api/tasks.ics, all with the same filters. */
export function createTasksRouter(dependencies: TasksRouterDependencies): Router {
  const router = Router();

  /** Validated filters, or undefined after answering 400. */
  const readFilters = (query: unknown, response: Response): TaskFilters | undefined => {
    const parsed = tasksQuerySchema.safeParse(query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ");
      sendError(response, 400, "bad_request", message);
      return undefined;
    }
    const { today, ...rest } = parsed.data;
    const emptyToUndefined = (value: string | undefined) => (value ? value : undefined);
    return {
      ...rest,
      unit: emptyToUndefined(rest.unit),
      q: emptyToUndefined(rest.q),
      province: emptyToUndefined(rest.province),
      docId: emptyToUndefined(rest.docId),
      today: today ?? toIsoDay(dependencies.today?.() ?? new Date()),
    };
  };

  const select = (filters: TaskFilters) => filterTasks(dependencies.listTasks(), filters, dependencies.listDocuments());

  router.get("/api/tasks", (request, response) => {
    const filters = readFilters(request.query, response);
    if (!filters) return;
    response.json(listTaskItems({ tasks: dependencies.listTasks(), documents: dependencies.listDocuments(), filters }));
  });

  router.get("/api/tasks.csv", (request, response) => {
    const filters = readFilters(request.query, response);
    if (!filters) return;
    response
      .attachment("nhiem-vu.csv")
      .type("text/csv; charset=utf-8")
      .send(formatTasksCsv(select(filters), { today: filters.today }));
  });

  router.get("/api/tasks.ics", (request, response) => {
    const filters = readFilters(request.query, response);
    if (!filters) return;
    const now = dependencies.today?.() ?? new Date();
    response
      .attachment("nhiem-vu.ics")
      .type("text/calendar; charset=utf-8")
      .send(formatTasksIcs(select(filters), { now }));
  });

  return router;
}

/** OpenAPI descriptions of the routes above (see route-registry.ts); the examples run in the conformance test. */
const tasksErrors = { 400: errorResponse("Bad filters (e.g. a date that is not YYYY-MM-DD, from after to)"), ...RATE_LIMITED };

export const TASKS_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/tasks",
    tag: "tasks",
    summary: "Tasks assigned by the documents (who, what, by when), filtered",
    request: { query: tasksQuerySchema },
    responses: { 200: { description: "The matching tasks", content: jsonContent(tasksResponseSchema) }, ...tasksErrors },
    examples: [
      { name: "all", status: 200 },
      { name: "overdue on a day", status: 200, query: { status: "overdue", today: "2024-07-01" } },
      { name: "by lead unit", status: 200, query: { unit: "Sở Nội vụ", role: "lead" } },
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
];
