import { Router, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { VanbanError } from "../../../core/errors.js";
import type { ArchiveDocument, Task } from "../../../core/types.js";
import type { FollowUpStatus, TaskFollowUp, TaskFollowUps } from "../../store/task-follow-ups.js";
import { filterTasks, TASK_STATUSES, toIsoDay, type TaskFilters, type TaskStatus } from "../../tasks/filter-tasks.js";
import { TASK_STATES, type TaskState } from "../../tasks/follow-up-status.js";
import { formatTasksCsv } from "../../tasks/format-tasks-csv.js";
import { formatTasksIcs } from "../../tasks/format-tasks-ics.js";
import { formatTasksXlsx } from "../../tasks/format-tasks-xlsx.js";
import { assignTaskIds } from "../../tasks/task-ids.js";
import { buildTaskViews, type TaskView } from "../../tasks/task-views.js";
import { editorOf } from "../require-editor.js";

export type TasksRouterDependencies = {
  listTasks: () => Task[];
  listDocuments: () => ArchiveDocument[];
  /** The clock; "today" is its calendar day in Vietnam unless a request sets `today`. */
  today?: () => Date;
  /** Recorded follow-up (the application database); without it tasks show their deadline's status and PATCH is unavailable. */
  followUps?: TaskFollowUps;
  /** Who may record a follow-up (see require-editor.ts); everyone when absent. */
  requireEditor?: RequestHandler;
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
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: "from must not be after to", path: ["from"] });

export const followUpBodySchema = z
  .object({
    status: z.enum(["open", "done", "ongoing"]).optional(),
    note: z.string().max(2000, "note is longer than 2000 characters").optional(),
  })
  .refine((body) => body.status !== undefined || body.note !== undefined, { message: "give a status, a note or both" });

type Selection = { filters: TaskFilters; state?: TaskState };

/** GET /api/tasks (JSON), .csv, .xlsx and .ics with the same filters; PATCH /api/tasks/:taskId records a follow-up. */
export function createTasksRouter(dependencies: TasksRouterDependencies): Router {
  const router = Router();
  // Stable ids are computed once per archive generation (its task array).
  const idsByTasks = new WeakMap<readonly Task[], Map<string, string>>();
  const taskIdsOf = (tasks: Task[]) => {
    let ids = idsByTasks.get(tasks);
    if (!ids) idsByTasks.set(tasks, (ids = assignTaskIds(tasks)));
    return ids;
  };

  /** Validated filters, or undefined after answering 400. */
  const readSelection = (query: unknown, response: Response): Selection | undefined => {
    const parsed = tasksQuerySchema.safeParse(query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`).join("; ");
      response.status(400).json({ error: { code: "bad_request", message } });
      return undefined;
    }
    const { today, status, ...rest } = parsed.data;
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
        today: today ?? toIsoDay(dependencies.today?.() ?? new Date()),
      },
      state: timing ? undefined : (status as TaskState | undefined),
    };
  };

  const select = (selection: Selection): TaskView[] => {
    const tasks = dependencies.listTasks();
    const documents = dependencies.listDocuments();
    const views = buildTaskViews({
      tasks: filterTasks(tasks, selection.filters, documents),
      taskIds: taskIdsOf(tasks),
      documents: new Map(documents.map((document) => [document.id, document])),
      followUps: dependencies.followUps?.all() ?? new Map(),
      today: toIsoDay(selection.filters.today),
    });
    return selection.state ? views.filter((view) => view.status === selection.state) : views;
  };

  router.get("/api/tasks", (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    const tasks = select(selection);
    response.json({ today: toIsoDay(selection.filters.today), total: tasks.length, followUp: Boolean(dependencies.followUps), tasks });
  });

  router.get("/api/tasks.csv", (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    response.attachment("nhiem-vu.csv").type("text/csv; charset=utf-8").send(formatTasksCsv(select(selection)));
  });

  router.get("/api/tasks.xlsx", async (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    const workbook = await formatTasksXlsx(select(selection));
    response.attachment("nhiem-vu.xlsx").type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(workbook);
  });

  router.get("/api/tasks.ics", (request, response) => {
    const selection = readSelection(request.query, response);
    if (!selection) return;
    const now = dependencies.today?.() ?? new Date();
    const byId = new Map(dependencies.listTasks().map((task) => [task.id, task]));
    const chosen = select(selection).flatMap((view) => byId.get(view.id) ?? []);
    response.attachment("nhiem-vu.ics").type("text/calendar; charset=utf-8").send(formatTasksIcs(chosen, { now }));
  });

  const gate: RequestHandler = dependencies.requireEditor ?? ((_request, _response, next) => next());
  router.patch("/api/tasks/:taskId", gate, (request, response) => {
    const followUps = dependencies.followUps;
    if (!followUps) throw new VanbanError("not_found", "Task follow-up is not available on this server.");
    const taskId = String(request.params.taskId ?? "");
    const tasks = dependencies.listTasks();
    const ids = taskIdsOf(tasks);
    const task = tasks.find((candidate) => ids.get(candidate.id) === taskId);
    if (!task) throw new VanbanError("not_found", `No task ${taskId}`);
    const parsed = followUpBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new VanbanError("bad_request", parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "));
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
      documents: new Map(dependencies.listDocuments().map((document) => [document.id, document])),
      followUps: new Map([[taskId, saved]]),
      today: toIsoDay(dependencies.today?.() ?? new Date()),
    });
    response.json({ task: view });
  });

  return router;
}
