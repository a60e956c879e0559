import { mkdtemp, rm } from "node:fs/promises";
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
  it("is a workbook a spreadsheet reader opens, with the CSV's columns and the right Vietnamese", async () => {
    const response = await request(makeApp())
      .get("/api/tasks.xlsx")
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => callback(null, Buffer.concat(chunks)));
      })
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
