import express from "express";
import ICAL from "ical.js";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createTasksRouter } from "../../../server/http/routes/tasks-routes.js";
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
      expect.arrayContaining(["id", "task", "lead", "partners", "deadline", "docId", "source", "quote", "start", "end", "status"]),
    );
    expect(first.deadline).toEqual({ text: "xong trước ngày 31/3/2024", start: null, end: "2024-03-31", relative: false });
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
    const lines = response.text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("id,status,lead,partners,task,deadline_text,deadline_start,deadline_end,relative,doc_id,source,quote,start,end");
    expect(lines.slice(1).every((line) => line.split(",")[1] === "overdue")).toBe(true);
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
    await request(makeApp()).get("/api/tasks.csv").query({ status: "done" }).expect(400);
  });
});
