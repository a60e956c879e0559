import { Router, type Response } from "express";
import { z } from "zod";
import type { ArchiveDocument, Task } from "../../../core/types.js";
import { filterTasks, TASK_STATUSES, taskStatus, toIsoDay, type TaskFilters, type TaskStatus } from "../../tasks/filter-tasks.js";
import { formatTasksCsv } from "../../tasks/format-tasks-csv.js";
import { formatTasksIcs } from "../../tasks/format-tasks-ics.js";
import { isoDateSchema } from "../schemas.js";

export type TasksRouterDependencies = {
  listTasks: () => Task[];
  listDocuments: () => ArchiveDocument[];
  /** The clock; "today" is its calendar day in Vietnam unless a request sets `today`. */
  today?: () => Date;
};

// One definition of a calendar day for every date the API takes (see schemas.ts).
const isoDate = isoDateSchema;
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
      response.status(400).json({ error: { code: "bad_request", message } });
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
    const documents = new Map(dependencies.listDocuments().map((document) => [document.id, document]));
    const tasks = select(filters);
    response.json({
      today: filters.today,
      total: tasks.length,
      tasks: tasks.map((task) => {
        const meta = documents.get(task.docId)?.meta;
        return {
          id: task.id,
          task: task.task,
          lead: task.lead,
          partners: task.partners,
          deadline: task.deadline
            ? { text: task.deadline.text, start: task.deadline.start ?? null, end: task.deadline.end ?? null, relative: Boolean(task.deadline.relative) }
            : null,
          status: taskStatus(task, filters.today),
          docId: task.docId,
          source: task.source,
          title: meta?.title ?? null,
          province: meta?.province ?? null,
          year: meta?.year ?? null,
          quote: task.quote,
          start: task.start,
          end: task.end,
        };
      }),
    });
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
