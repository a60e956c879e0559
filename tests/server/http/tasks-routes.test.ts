import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import express from "express";
import readXlsxFile from "read-excel-file/node";
import ICAL from "ical.js";
import { parse as parseCsv } from "csv-parse/sync";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createErrorHandler } from "../../../server/http/error-middleware.js";
import { createEditorGate } from "../../../server/http/require-editor.js";
import { createTasksRouter } from "../../../server/http/routes/tasks-routes.js";
import { openStore } from "../../../server/store/open-store.js";
import { sampleArchive } from "../tasks/task-samples.js";

const { documents, tasks } = sampleArchive(["000", "002"]);

function makeApp(options: { now?: Date } = {}) {
  const app = express();
  app.use(createTasksRouter({ listTasks: () => tasks, listDocuments: () => documents, today: () => options.now ?? new Date("2024-05-15T02:00:00Z") }));
  return app;
}

/** supertest: the body as one Buffer (a workbook). */
function readBinary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => callback(null, Buffer.concat(chunks)));
}

type TaskJson = { id: string; lead: string; deadline: { text: string; start: string | null; end: string | null } | null; status: string; quote: string; start: number; end: number; docId: string };

describe("GET /api/tasks", () => {
  it("lists every task with its status on the injected clock's day", async () => {
    const response = await request(makeApp()).get("/api/tasks").expect(200).expect("content-type", /json/u);
    expect(response.body.today).toBe("2024-05-15");
    expect(response.body.total).toBe(tasks.length);
    const first = response.body.tasks[0] as TaskJson;
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["id", "taskId", "task", "lead", "partners", "deadline", "docId", "source", "quote", "start", "end", "status", "timing", "note", "documentName", "title", "number", "province"]),
    );
    expect(first.deadline).toEqual({ text: "xong trước ngày 31/3/2024", start: null, end: "2024-03-31", relative: false, ongoing: false, kind: "day", resolvedFrom: null });
    expect(first.status).toBe("overdue");
    const document = documents.find((candidate) => candidate.id === first.docId)!;
    expect(document.text.slice(first.start, first.end)).toBe(first.quote);
  });

  it("lets a request fix today, and splits overdue from upcoming", async () => {
    const app = makeApp();
    const overdue = await request(app).get("/api/tasks").query({ status: "overdue", today: "2026-05-07" }).expect(200);
    const ends = (overdue.body.tasks as TaskJson[]).map((task) => task.deadline?.end);
    expect(ends).toEqual(["2024-03-31", "2024-03-31", "2024-04-21", "2024-05-31", "2024-06-30", "2024-12-31", "2024-12-31", "2026-04-30", "2026-05-06"]);
    const upcoming = await request(app).get("/api/tasks").query({ status: "upcoming", today: "2026-05-07" }).expect(200);
    expect((upcoming.body.tasks as TaskJson[]).map((task) => task.deadline?.end)).toEqual(["2026-05-31", "2026-12-31"]);
  });

  it("filters by unit, window, province, year and words", async () => {
    const app = makeApp();
    const may = await request(app).get("/api/tasks").query({ unit: "so noi vu", role: "lead", from: "2026-05-01", to: "2026-05-31" }).expect(200);
    expect((may.body.tasks as TaskJson[]).map((task) => [task.lead, task.deadline?.end])).toEqual([
      ["Sở Nội vụ", "2026-05-06"],
      ["Sở Nội vụ", "2026-05-31"],
    ]);
    const province = await request(app).get("/api/tasks").query({ province: "Lạng Sơn", year: "2026" }).expect(200);
    expect(new Set((province.body.tasks as TaskJson[]).map((task) => task.docId))).toEqual(new Set(["002"]));
  });

  it.each([
    [{ from: "2024-13-01" }, "from"],
    [{ today: "15/05/2024" }, "today"],
    [{ to: "2024-02-30" }, "to"],
    [{ status: "late" }, "status"],
    [{ year: "abc" }, "year"],
    [{ from: "2024-06-01", to: "2024-05-01" }, "from"],
    [{ unit: "x".repeat(201) }, "unit"],
  ])("answers 400 bad_request for %j", async (query, field) => {
    const response = await request(makeApp()).get("/api/tasks").query(query).expect(400).expect("content-type", /json/u);
    expect(response.body.error.code).toBe("bad_request");
    expect(response.body.error.message).toContain(field);
  });

  it("answers 400 for a repeated parameter", async () => {
    const response = await request(makeApp()).get("/api/tasks?status=overdue&status=upcoming").expect(400);
    expect(response.body.error.code).toBe("bad_request");
  });
});

describe("GET /api/tasks, a page at a time", () => {
  // More tasks than the default page: the samples' tasks again under other positional ids.
  const many = [...tasks, ...Array.from({ length: 5 }, (_unused, copy) => tasks.map((task) => ({ ...task, id: `${task.id}:copy${copy}` }))).flat()];
  const bigApp = () => {
    const app = express();
    app.use(createTasksRouter({ listTasks: () => many, listDocuments: () => documents, today: () => new Date("2024-05-15T02:00:00Z") }));
    return app;
  };

  it("gives 100 tasks by default with the whole selection's total and counts, and the next offset", async () => {
    expect(many.length).toBeGreaterThan(100);
    const response = await request(bigApp()).get("/api/tasks").expect(200);
    expect(response.body).toMatchObject({ total: many.length, offset: 0, limit: 100, nextOffset: 100 });
    expect(response.body.tasks).toHaveLength(100);
    const counts = response.body.counts as Record<string, number>;
    expect(counts.open! + counts.done! + counts.ongoing! + counts.overdue!).toBe(many.length);
    expect(counts.overdue).toBe(6 * 3);
  });

  it("walks the selection page by page: every task once, in the unpaged order", async () => {
    const app = bigApp();
    const whole = await request(app).get("/api/tasks").query({ limit: 1000 }).expect(200);
    expect(whole.body.tasks).toHaveLength(many.length);
    expect(whole.body.nextOffset).toBeNull();
    const walked: string[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await request(app).get("/api/tasks").query({ limit: 40, offset }).expect(200);
      walked.push(...(page.body.tasks as Array<{ id: string }>).map((task) => task.id));
      offset = page.body.nextOffset as number | null;
    }
    expect(walked).toEqual((whole.body.tasks as Array<{ id: string }>).map((task) => task.id));
    expect(new Set(walked).size).toBe(many.length);
  });

  it("filters before paging: total and counts are the filtered selection's", async () => {
    const response = await request(bigApp()).get("/api/tasks").query({ status: "overdue", limit: 5 }).expect(200);
    expect(response.body.total).toBe(18);
    expect(response.body.counts).toEqual({ open: 0, done: 0, ongoing: 0, overdue: 18 });
    expect((response.body.tasks as TaskJson[]).map((task) => task.status)).toEqual(Array(5).fill("overdue"));
    const last = await request(bigApp()).get("/api/tasks").query({ status: "overdue", limit: 5, offset: 15 }).expect(200);
    expect(last.body.tasks).toHaveLength(3);
    expect(last.body.nextOffset).toBeNull();
  });

  it("gives counts and facets alone with limit 0", async () => {
    const response = await request(bigApp()).get("/api/tasks").query({ limit: 0, facets: "true" }).expect(200);
    expect(response.body.tasks).toEqual([]);
    const facets = response.body.facets as { leads: Array<{ unit: string; total: number }>; units: string[]; provinces: string[]; years: number[] };
    expect(facets.leads.reduce((sum, lead) => sum + lead.total, 0)).toBe(many.length);
    expect(facets.units).toContain("Sở Nội vụ");
    expect(facets.provinces).toEqual(expect.arrayContaining(["Lạng Sơn"]));
    expect(facets.years).toEqual([...facets.years].sort((a, b) => a - b));
  });

  it.each([
    ["lead", "asc"],
    ["lead", "desc"],
    ["status", "asc"],
    ["source", "asc"],
    ["task", "desc"],
    ["deadline", "desc"],
  ])("sorts the whole selection by %s %s before cutting the page", async (sort, order) => {
    const app = bigApp();
    const whole = (await request(app).get("/api/tasks").query({ sort, order, limit: 1000 }).expect(200)).body.tasks as Array<{ id: string; lead: string; status: string; deadline: { end: string | null } | null }>;
    const second = (await request(app).get("/api/tasks").query({ sort, order, limit: 50, offset: 50 }).expect(200)).body.tasks as Array<{ id: string }>;
    expect(second.map((task) => task.id)).toEqual(whole.slice(50, 100).map((task) => task.id));
    const collator = new Intl.Collator("vi");
    const sign = order === "desc" ? -1 : 1;
    for (let i = 1; i < whole.length; i++) {
      const [a, b] = [whole[i - 1]!, whole[i]!];
      if (sort === "lead" && a.lead && b.lead) expect(collator.compare(a.lead, b.lead) * sign).toBeLessThanOrEqual(0);
      if (sort === "status") expect(["overdue", "open", "ongoing", "done"].indexOf(a.status)).toBeLessThanOrEqual(["overdue", "open", "ongoing", "done"].indexOf(b.status));
      if (sort === "deadline" && a.deadline?.end && b.deadline?.end) expect(a.deadline.end >= b.deadline.end).toBe(true);
      if (sort === "deadline" && !a.deadline?.end) expect(b.deadline?.end ?? null).toBeNull();
    }
  });

  it.each([[{ limit: 1001 }, "limit"], [{ limit: -1 }, "limit"], [{ offset: "x" }, "offset"], [{ sort: "size" }, "sort"], [{ order: "up" }, "order"]])("answers 400 for %j", async (query, field) => {
    const response = await request(bigApp()).get("/api/tasks").query(query).expect(400);
    expect(response.body.error.message).toContain(field);
  });

  it("exports the whole selection, not a page, as CSV and Excel", async () => {
    const csv = await request(bigApp()).get("/api/tasks.csv").expect(200);
    const rows = parseCsv(csv.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(many.length);
    const xlsx = await request(bigApp())
      .get("/api/tasks.xlsx")
      .query({ limit: 5 })
      .buffer(true)
      .parse(readBinary)
      .expect(200);
    const sheet = (await readXlsxFile(xlsx.body as Buffer))[0]!.data;
    expect(sheet).toHaveLength(many.length + 1);
    expect(sheet.slice(1).map((row) => row[0])).toEqual(rows.map((row) => row.task_id));
  });
});

describe("GET /api/tasks.csv and /api/tasks.ics", () => {
  it("serves CSV that opens with a header row, filtered like the JSON", async () => {
    const response = await request(makeApp()).get("/api/tasks.csv").query({ status: "overdue" }).expect(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/u);
    expect(response.headers["content-disposition"]).toContain("nhiem-vu.csv");
    expect(response.text.startsWith("\uFEFFtask_id,status,")).toBe(true);
    const rows = parseCsv(response.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    const json = await request(makeApp()).get("/api/tasks").query({ status: "overdue" }).expect(200);
    expect(rows.map((row) => row.task_id)).toEqual((json.body.tasks as Array<{ taskId: string }>).map((task) => task.taskId));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.status === "overdue")).toBe(true);
  });

  it("serves an iCalendar file that ical.js parses, one event per dated task", async () => {
    const response = await request(makeApp()).get("/api/tasks.ics").buffer(true).parse((res, callback) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => callback(null, body));
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/calendar; charset=utf-8/u);
    const calendar = new ICAL.Component(ICAL.parse(response.body as string));
    const starts = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component).startDate.toString());
    expect(starts).toEqual(tasks.filter((task) => task.deadline?.end).map((task) => task.deadline!.end).sort());
  });

  it("rejects bad filters on the exports too", async () => {
    await request(makeApp()).get("/api/tasks.ics").query({ to: "tomorrow" }).expect(400);
    await request(makeApp()).get("/api/tasks.csv").query({ status: "late" }).expect(400);
  });
});

describe("task follow-up (PATCH /api/tasks/:taskId, SQLite store)", () => {
  const withStore = async (run: (context: { app: express.Express; directory: string }) => Promise<void>) => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-store-"));
    const store = openStore({ directory });
    try {
      const app = express();
      app.use(express.json());
      app.use(createTasksRouter({ listTasks: () => tasks, listDocuments: () => documents, today: () => new Date("2024-05-15T02:00:00Z"), followUps: store.followUps, requireEditor: createEditorGate({}) }));
      app.use(createErrorHandler());
      await run({ app, directory });
    } finally {
      store.close();
      await rm(directory, { recursive: true, force: true });
    }
  };

  it("records status and note with who and when, and lists them; a reopened database still has them", async () => {
    await withStore(async ({ app, directory }) => {
      const listed = await request(app).get("/api/tasks").expect(200);
      const target = (listed.body.tasks as Array<{ taskId: string; status: string }>).find((task) => task.status === "overdue")!;
      const response = await request(app)
        .patch(`/api/tasks/${encodeURIComponent(target.taskId)}`)
        .set("x-editor", encodeURIComponent("Nguyễn Văn A"))
        .send({ status: "done", note: "Đã nộp hồ sơ ngày 28/6" })
        .expect(200);
      expect(response.body.task).toMatchObject({ taskId: target.taskId, status: "done", note: "Đã nộp hồ sơ ngày 28/6", changedBy: "Nguyễn Văn A", changedAt: "2024-05-15T02:00:00.000Z" });
      const again = await request(app).get("/api/tasks").query({ status: "done" }).expect(200);
      expect((again.body.tasks as Array<{ taskId: string }>).map((task) => task.taskId)).toEqual([target.taskId]);
      const reopened = openStore({ directory });
      try {
        expect(reopened.followUps.get(target.taskId)?.status).toBe("done");
      } finally {
        reopened.close();
      }
    });
  });

  it.each([
    [{ status: "finished" }, "status"],
    [{}, "status"],
    [{ note: "x".repeat(2001) }, "note"],
  ])("answers 400 for %j", async (body, field) => {
    await withStore(async ({ app }) => {
      const taskId = ((await request(app).get("/api/tasks")).body.tasks as Array<{ taskId: string }>)[0]!.taskId;
      const response = await request(app).patch(`/api/tasks/${encodeURIComponent(taskId)}`).send(body).expect(400);
      expect(response.body.error.message).toContain(field);
    });
  });

  it("answers 404 for an unknown task and when no store is configured", async () => {
    await withStore(async ({ app }) => {
      await request(app).patch("/api/tasks/nope:123").send({ status: "done" }).expect(404);
    });
    const bare = express();
    bare.use(express.json());
    bare.use(createTasksRouter({ listTasks: () => tasks, listDocuments: () => documents }));
    bare.use(createErrorHandler());
    await request(bare).patch(`/api/tasks/${encodeURIComponent(tasks[0]!.id)}`).send({ status: "done" }).expect(404);
  });

  it("needs the API key when one is set", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "vanban-store-"));
    const store = openStore({ directory });
    try {
      const app = express();
      app.use(express.json());
      app.use(createTasksRouter({ listTasks: () => tasks, listDocuments: () => documents, followUps: store.followUps, requireEditor: createEditorGate({ apiKey: "k" }) }));
      app.use(createErrorHandler());
      const taskId = ((await request(app).get("/api/tasks")).body.tasks as Array<{ taskId: string }>)[0]!.taskId;
      await request(app).patch(`/api/tasks/${encodeURIComponent(taskId)}`).send({ status: "done" }).expect(401);
      await request(app).patch(`/api/tasks/${encodeURIComponent(taskId)}`).set("x-api-key", "k").send({ status: "done" }).expect(200);
    } finally {
      store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("GET /api/tasks.xlsx", () => {
  it("a client that goes away mid-file raises no error, and the server goes on serving", async () => {
    const many = Array.from({ length: 400 }, (_unused, copy) => tasks.map((task) => ({ ...task, id: `${task.id}:copy${copy}` }))).flat();
    const app = express();
    app.use(createTasksRouter({ listTasks: () => many, listDocuments: () => documents, today: () => new Date("2024-05-15T02:00:00Z") }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as { port: number };
      const firstBytes = await new Promise<number>((resolve, reject) => {
        const client = http.get({ host: "127.0.0.1", port, path: "/api/tasks.xlsx" }, (response) => {
          response.once("data", (chunk: Buffer) => {
            client.destroy();
            resolve(chunk.length);
          });
        });
        client.on("error", (error) => (client.destroyed ? undefined : reject(error)));
      });
      expect(firstBytes).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = await request(server).get("/api/tasks").query({ limit: 1 }).expect(200);
      expect(after.body.total).toBe(many.length);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("is a workbook a spreadsheet reader opens, with the CSV's columns and the right Vietnamese", async () => {
    const response = await request(makeApp())
      .get("/api/tasks.xlsx")
      .buffer(true)
      .parse(readBinary)
      .expect(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    const sheets = await readXlsxFile(response.body as Buffer);
    const rows = sheets[0]!.data;
    expect(rows[0]!.slice(0, 3)).toEqual(["task_id", "status", "lead"]);
    expect(rows.length).toBe(tasks.length + 1);
    const header = rows[0]! as string[];
    const quoteColumn = header.indexOf("quote");
    expect(rows.slice(1).map((row) => row[quoteColumn])).toEqual(expect.arrayContaining([tasks[0]!.quote]));
    expect(rows.slice(1).map((row) => row[header.indexOf("province")])).toContain("Lạng Sơn");
  });
});
