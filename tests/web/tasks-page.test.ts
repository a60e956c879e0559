/**
 * The "Nhiệm vụ & thời hạn" page in a real headless Chromium, served with the
 * app's strict Content-Security-Policy and the real tasks router over the
 * tasks extracted from samples 000 and 002.
 */
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import express from "express";
import helmet from "helmet";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createTasksRouter } from "../../server/http/routes/tasks-routes.js";
import { chromiumSkipReason, findChromium, launchBrowser, newContext, waitForReady, watchPage, type PageProblems } from "../helpers/browser.js";
import { sampleArchive } from "../server/tasks/task-samples.js";

const WEB_DIR = fileURLToPath(new URL("../../web/", import.meta.url));
const executablePath = findChromium();

function startServer(options: { copies?: number } = {}): Promise<{ url: string; server: Server; total: number }> {
  const { documents, tasks } = sampleArchive(["000", "002"]);
  // A task whose text tries to inject markup: the page must show it as text.
  const hostile = { ...tasks[0]!, id: "000:hostile", task: '<img src=x onerror="alert(1)">Nhiệm vụ thử', deadline: null };
  // More tasks than a page: the same tasks again under other positional ids (their stable ids get an occurrence number).
  const copies = Array.from({ length: (options.copies ?? 1) - 1 }, (_unused, copy) => tasks.map((task) => ({ ...task, id: `${task.id}:copy${copy}` }))).flat();
  const all = [...tasks, ...copies, hostile];
  const app = express();
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", "data:"], connectSrc: ["'self'"], objectSrc: ["'none'"] },
      },
    }),
  );
  app.get("/tasks", (_request, response) => response.sendFile(path.join(WEB_DIR, "tasks.html")));
  app.get("/documents/:docId", (request, response) => response.type("text/plain").send(`document ${request.params.docId}`));
  app.use("/assets", express.static(path.join(WEB_DIR, "assets"), { fallthrough: false }));
  app.use(createTasksRouter({ listTasks: () => all, listDocuments: () => documents, today: () => new Date("2024-05-15T02:00:00Z") }));
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server, total: all.length });
    });
  });
}

describe.skipIf(!executablePath)(`tasks page in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
  let served: Awaited<ReturnType<typeof startServer>>;
  /** A selection larger than a page: the samples' tasks eight times. */
  let large: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  /** The task API requests the page made. */
  const requested: string[] = [];

  beforeAll(async () => {
    served = await startServer();
    large = await startServer({ copies: 8 });
    browser = await launchBrowser({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => served?.server.close(resolve));
    await new Promise((resolve) => large?.server.close(resolve));
  });
  afterEach(async () => {
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
    await context?.close();
  });

  async function open(query = "", options: { ignoreConsole?: RegExp[]; server?: typeof served } = {}): Promise<void> {
    context = await newContext(browser);
    page = await context.newPage();
    problems = watchPage(page, options);
    requested.length = 0;
    page.on("request", (request) => {
      if (request.url().includes("/api/tasks")) requested.push(request.url());
    });
    await page.goto(`${(options.server ?? served).url}/tasks${query}`);
    await waitForReady(page);
    await page.waitForFunction(() => document.querySelectorAll("#task-rows tr").length > 0 || !document.getElementById("task-notice")?.hidden);
  }

  it("lists every task, dated first, with a summary for the server's today", async () => {
    await open();
    await expect(page.locator("#task-rows tr").count()).resolves.toBe(served.total);
    await expect(page.locator("#task-summary").textContent()).resolves.toMatch(/^\d+ nhiệm vụ · 3 quá hạn · \d+ đang thực hiện · \d+ thường xuyên · 0 đã hoàn thành \(tính đến 15\/5\/2024\)$/u);
    const firstDates = await page.locator("#task-rows tr td.task-deadline time").evaluateAll((nodes) => nodes.slice(0, 3).map((node) => node.getAttribute("datetime")));
    expect(firstDates).toEqual(["2024-03-31", "2024-03-31", "2024-04-21"]);
  });

  it("links each row to its highlighted source passage and shows the exact quote", async () => {
    await open();
    const link = page.locator("#task-rows tr").first().locator("a.task-link");
    await expect(link.getAttribute("href")).resolves.toMatch(/^\/documents\/000\?start=\d+&end=\d+$/u);
    await page.locator("#task-rows tr").first().locator("details.task-quote summary").click();
    await expect(page.locator("#task-rows tr").first().locator("blockquote").textContent()).resolves.toContain("xong trước ngày 31/3/2024");
  });

  it("shows markup found in a task as text", async () => {
    await open();
    await expect(page.locator("#task-rows a.task-link", { hasText: "<img src=x" }).count()).resolves.toBe(1);
    await expect(page.locator("#task-rows img").count()).resolves.toBe(0);
  });

  it("filters by status, keeps the filters in the URL and in the export links", async () => {
    await open();
    await page.locator("#filter-status").selectOption("overdue");
    await page.waitForFunction(() => document.querySelectorAll("#task-rows tr").length === 3);
    expect(new URL(page.url()).searchParams.get("status")).toBe("overdue");
    await expect(page.locator("#export-csv").getAttribute("href")).resolves.toBe("/api/tasks.csv?status=overdue");
    await expect(page.locator("#export-ics").getAttribute("href")).resolves.toBe("/api/tasks.ics?status=overdue");
  });

  it("opens with the filters of its URL, including a fixed today", async () => {
    await open("?unit=ban+quan+ly&today=2027-01-01");
    await expect(page.locator("#task-rows tr").count()).resolves.toBe(1);
    await expect(page.locator("#task-rows .task-status").textContent()).resolves.toBe("Quá hạn");
    await expect(page.locator("#filter-today").inputValue()).resolves.toBe("2027-01-01");
  });

  it("sorts by a column and says so to assistive technology", async () => {
    await open();
    await page.locator("button[data-sort=lead]").click();
    await expect(page.locator("th:has(button[data-sort=lead])").getAttribute("aria-sort")).resolves.toBe("ascending");
    const leads = await page.locator("#task-rows td.task-lead").allTextContents();
    expect(leads[0]).toBe("Ban Quản lý dự án đầu tư xây dựng tỉnh");
    await page.locator("button[data-sort=lead]").click();
    await expect(page.locator("th:has(button[data-sort=lead])").getAttribute("aria-sort")).resolves.toBe("descending");
  });

  it("shows a month-by-month timeline with today's place in it", async () => {
    await open();
    await page.locator("#tab-timeline").click();
    await expect(page.locator("#panel-timeline").isVisible()).resolves.toBe(true);
    await expect(page.locator("#panel-table").isVisible()).resolves.toBe(false);
    const months = await page.locator(".timeline-month-heading").allTextContents();
    expect(months).toEqual(["Tháng 3/2024", "Tháng 4/2024", "Tháng 5/2024", "Tháng 6/2024", "Tháng 12/2024", "Tháng 4/2026", "Tháng 5/2026", "Tháng 12/2026"]);
    const order = await page.locator(".timeline-items > li").evaluateAll((items) => items.map((item) => (item.classList.contains("timeline-today") ? "today" : item.querySelector("time")?.getAttribute("datetime"))));
    expect(order.indexOf("today") + 1).toBe(order.indexOf("2024-05-31"));
  });

  it("shows the first page, the whole selection's counts, and loads the rest a page at a time", async () => {
    expect(large.total).toBeGreaterThan(200);
    await open("", { server: large });
    await expect(page.locator("#task-rows tr").count()).resolves.toBe(100);
    await expect(page.locator("#task-summary").textContent()).resolves.toMatch(new RegExp(`^${large.total} nhiệm vụ · 24 quá hạn · `, "u"));
    await expect(page.locator("#task-shown").textContent()).resolves.toBe(`Đang hiện 100/${large.total} nhiệm vụ.`);
    // No request lists the whole table: the options come from the facets, the rows a page at a time.
    expect(requested.every((url) => new URL(url).searchParams.get("limit") !== null)).toBe(true);
    for (let loaded = 100; loaded < large.total; loaded = Math.min(large.total, loaded + 100)) {
      await page.locator("#task-load-more").click();
      await page.waitForFunction((count) => document.querySelectorAll("#task-rows tr").length === count, Math.min(large.total, loaded + 100));
    }
    await expect(page.locator("#task-load-more").isHidden()).resolves.toBe(true);
    await expect(page.locator("#task-shown").isHidden()).resolves.toBe(true);
    const taskIds = await page.locator("#task-rows tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-task-id")));
    expect(new Set(taskIds).size).toBe(large.total);
  });

  it("counts every unit's tasks in the units view, not only the loaded page's", async () => {
    await open("", { server: large });
    await page.locator("#tab-units").click();
    const counts = await page.locator(".task-unit-counts").allTextContents();
    const sum = counts.map((line) => Number(/^(\d+) /u.exec(line)?.[1])).reduce((total, count) => total + count, 0);
    expect(sum).toBe(large.total);
    await expect(page.locator("#task-load-more").isHidden()).resolves.toBe(true);
  });

  it("asks the server to sort the whole selection when it is not all loaded", async () => {
    await open("", { server: large });
    await page.locator("button[data-sort=lead]").click();
    await page.waitForFunction(() => document.querySelector("#task-rows td.task-lead")?.textContent === "Ban Quản lý dự án đầu tư xây dựng tỉnh");
    expect(requested.some((url) => new URL(url).searchParams.get("sort") === "lead")).toBe(true);
    await expect(page.locator("#task-rows tr").count()).resolves.toBe(100);
  });
  it("reports a bad filter from the server", async () => {
    await open("?from=2024-06-01&to=2024-05-01", { ignoreConsole: [/status of 400/u] });
    await expect(page.locator("#task-notice").textContent()).resolves.toContain("from must not be after to");
  });
});
