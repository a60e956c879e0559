/**
 * Acceptance of issue 12 ("the tool staff and leaders open every day") on the
 * real app (ingest, SQLite store, uploads, reindex: editable-server.ts) in
 * headless Chromium:
 * - a nonsense query: "no results" on the search page and in the widget, total 0 from the API;
 * - at 360 × 740 no page scrolls sideways, and the tasks page shows its filters and rows;
 * - a task marked done in the browser stays done after a reindex and after a restart;
 *   the CSV starts with a byte-order mark and reads back with the right Vietnamese;
 * - an editor uploads a new DOCX in the browser and the chat answers from it within 10 s;
 * - the answer visibly streams; errors are said in Vietnamese with a retry; Back stays in the app;
 *   the dark theme follows the system; the "search instead" link of a follow-up searches its effective query.
 */
import { promises as fs } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import JSZip from "jszip";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, launchBrowser, newContext, waitForReady, watchPage, type PageProblems } from "../helpers/browser.js";
import { startEditableServer, type EditableServer } from "./editable-server.js";

const executablePath = findChromium();

/** A minimal Word document (one paragraph per line), made here so the fixture is readable in the test. */
async function makeDocx(lines: readonly string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const escape = (text: string) => text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
  const paragraphs = lines.map((line) => `<w:p><w:r><w:t xml:space="preserve">${escape(line)}</w:t></w:r></w:p>`).join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

const NEW_DOCUMENT = [
  "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
  "Số: 512/TB-UBND",
  "Bắc Giang, ngày 12 tháng 10 năm 2026",
  "THÔNG BÁO",
  "Kết luận của Chủ tịch UBND tỉnh về số hóa kho lưu trữ lịch sử",
  "Ngày 10/10/2026, Chủ tịch UBND tỉnh chủ trì buổi làm việc về số hóa tài liệu lưu trữ. Chủ tịch UBND tỉnh kết luận như sau:",
  "1. Giao Sở Khoa học và Công nghệ hoàn thành việc số hóa hồ sơ địa chính của Kho Lưu trữ lịch sử tỉnh trước ngày 15/11/2026.",
  "2. Sở Tài chính bố trí kinh phí cho việc số hóa trong quý IV/2026.",
  "Nơi nhận:",
  "- Như trên;",
];
const NEW_DOCUMENT_QUESTION = "Sở Khoa học và Công nghệ phải hoàn thành việc số hóa hồ sơ địa chính trước ngày nào?";

describe.skipIf(!executablePath)(`issue 12 acceptance in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
  let server: EditableServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let problems: PageProblems;

  beforeAll(async () => {
    server = await startEditableServer();
    browser = await launchBrowser({ executablePath });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function openPage(path: string, options: { width?: number; height?: number; colorScheme?: "light" | "dark"; waitReady?: boolean } = {}): Promise<Page> {
    context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, locale: "vi-VN", colorScheme: options.colorScheme ?? "light" });
    const page = await context.newPage();
    problems = watchPage(page);
    await page.goto(`${server.url}${path}`);
    if (options.waitReady !== false) await waitForReady(page);
    return page;
  }

  it("says 'no results' for a nonsense query on the search page, in the widget and through the API", async () => {
    const api = await (await fetch(`${server.url}/api/search?q=${encodeURIComponent("xyzzy qwerty")}`)).json();
    expect(api.total).toBe(0);
    expect(api.results).toEqual([]);
    const page = await openPage(`/search?q=${encodeURIComponent("xyzzy qwerty")}`);
    await page.locator('#results-notice[data-state="empty"]').waitFor();
    await expect(page.locator("#results-notice").textContent()).resolves.toContain("Không có kết quả");
    expect(await page.locator(".result").count()).toBe(0);
    await expect(page.locator("#results-summary").textContent()).resolves.not.toMatch(/\d+ kết quả/u);

    await page.goto(`${server.url}/embed/search?q=${encodeURIComponent("xyzzy qwerty")}`);
    await waitForReady(page);
    await page.locator("#embed-notice:not([hidden])").waitFor();
    await expect(page.locator("#embed-notice").textContent()).resolves.toContain("Không có kết quả");
    expect(await page.locator(".result").count()).toBe(0);
    // A real query still finds its passages.
    const real = await (await fetch(`${server.url}/api/search?q=${encodeURIComponent("so noi vu")}`)).json();
    expect(real.total).toBeGreaterThan(0);
    expect(real.total).toBeLessThan(141);
    expect(problems.pageErrors).toEqual([]);
  });

  it("fits every page in 360 × 740 without sideways scrolling; the tasks page shows its filters and rows", async () => {
    const docId = "000_492514bbfbcde4f8";
    const paths = ["/", `/search?q=${encodeURIComponent("so noi vu")}`, "/tasks", "/documents", `/documents/${docId}`, `/embed/search?q=${encodeURIComponent("thời hạn")}`, "/api/reference"];
    for (const path of paths) {
      // The API reference page has no data-ready marker; its operations are the sign it is drawn.
      const page = await openPage(path, { width: 360, height: 740, waitReady: path !== "/api/reference" });
      await page.waitForLoadState("networkidle");
      if (path === "/api/reference") await page.locator(".api-operation").first().waitFor();
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, body: document.body.scrollWidth }));
      expect({ path, ...widths }).toEqual({ path, scroll: 360, client: 360, body: widths.body });
      expect(widths.body).toBeLessThanOrEqual(360);
      if (path === "/tasks") {
        await page.locator("#task-rows tr").first().waitFor();
        await expect(page.locator("#task-filters").isVisible()).resolves.toBe(true);
        await expect(page.locator("#filter-unit").isVisible()).resolves.toBe(true);
        await expect(page.locator("#task-rows tr").first().isVisible()).resolves.toBe(true);
        const box = await page.locator("#task-rows tr").first().boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(360);
        // Filters and the first task on the first screen.
        expect(box!.y).toBeLessThan(740);
      }
      expect(problems.pageErrors).toEqual([]);
      await context?.close();
      context = undefined;
    }
  }, 120_000);

  it("keeps a task marked done in the browser after a reindex and after a restart; the CSV has a BOM and the right Vietnamese", async () => {
    const page = await openPage("/tasks?status=overdue");
    const row = page.locator("#task-rows tr").first();
    await row.waitFor();
    const taskId = (await row.getAttribute("data-task-id"))!;
    await row.locator("details.task-follow-up summary").click();
    await row.locator('select[name="status"]').selectOption("done");
    await row.locator('textarea[name="note"]').fill("Đã nộp hồ sơ về Bộ Nội vụ");
    await row.locator('input[name="editor"]').fill("Chánh Văn phòng");
    await row.locator('button[type="submit"]').click();
    await page.waitForFunction(() => !document.querySelector("#task-rows tr .task-status-overdue") || document.querySelector("#task-rows tr.task-row-done"));
    const stateOf = async () => {
      const body = await (await fetch(`${server.url}/api/tasks?status=done`)).json();
      return (body.tasks as Array<{ taskId: string; status: string; note: string; changedBy: string }>).find((task) => task.taskId === taskId);
    };
    expect(await stateOf()).toMatchObject({ status: "done", note: "Đã nộp hồ sơ về Bộ Nội vụ", changedBy: "Chánh Văn phòng" });

    const reindexed = await fetch(`${server.url}/api/admin/reindex`, { method: "POST" });
    expect(reindexed.status).toBe(200);
    expect(await stateOf()).toMatchObject({ status: "done" });

    await server.stop();
    server = await startEditableServer({ corpusDir: server.corpusDir, indexDir: server.indexDir });
    expect(await stateOf()).toMatchObject({ status: "done", note: "Đã nộp hồ sơ về Bộ Nội vụ" });
    const reopened = await openPage("/tasks?status=done");
    await reopened.locator(`#task-rows tr[data-task-id="${taskId}"] .task-status-done`).waitFor();

    const csv = Buffer.from(await (await fetch(`${server.url}/api/tasks.csv`)).arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    const done = rows.find((csvRow) => csvRow.task_id === taskId)!;
    expect(done).toMatchObject({ status: "done", note: "Đã nộp hồ sơ về Bộ Nội vụ", province: "Bắc Giang" });
    expect(done.title).toContain("Kết luận của Chủ tịch UBND tỉnh");
    expect(done.lead).toBe("Sở Nội vụ");
  }, 120_000);

  it("answers a question from a DOCX an editor uploads in the browser within 10 s", async () => {
    const directory = await fs.mkdtemp(`${server.corpusDir}-upload-`);
    const file = `${directory}/ket-luan-so-hoa-luu-tru.docx`;
    await fs.writeFile(file, await makeDocx(NEW_DOCUMENT));
    try {
      const page = await openPage("/documents");
      const started = Date.now();
      await page.locator("#upload-input").setInputFiles(file);
      const result = page.locator('#upload-results .upload-result[data-status="indexed"]');
      await result.waitFor({ timeout: 10_000 });
      await expect(result.textContent()).resolves.toContain("Thông báo số 512/TB-UBND");
      await page.goto(`${server.url}/`);
      await waitForReady(page);
      await page.fill("#chat-question", NEW_DOCUMENT_QUESTION);
      await page.keyboard.press("Enter");
      await page.locator('.message-assistant[data-state="done"]').waitFor({ timeout: 10_000 });
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(page.locator(".message-assistant .answer-text").textContent()).resolves.toContain("15/11/2026");
      await expect(page.locator(".source-title").first().textContent()).resolves.toContain("512/TB-UBND");
      await expect(fs.stat(`${server.corpusDir}/ket-luan-so-hoa-luu-tru.docx`).then((stat) => stat.isFile())).resolves.toBe(true);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
    } finally {
      await fs.rm(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it("streams the answer so it grows on screen, and says a network failure in Vietnamese with a retry", async () => {
    const page = await openPage("/");
    const lengths: number[] = [];
    await page.exposeFunction("recordLength", (length: number) => lengths.push(length));
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        const answer = document.querySelector(".message-assistant .answer-text");
        if (answer) (window as unknown as { recordLength(length: number): void }).recordLength(answer.textContent?.length ?? 0);
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.fill("#chat-question", "Hồ sơ đề án sắp xếp đơn vị hành chính cấp xã của Bắc Giang phải nộp Bộ Nội vụ trước ngày nào?");
    await page.keyboard.press("Enter");
    await page.locator('.message-assistant[data-state="done"]').waitFor();
    const distinct = [...new Set(lengths.filter((length) => length > 0))];
    expect(distinct.length).toBeGreaterThanOrEqual(3);

    await page.route("**/api/ask", (route) => route.abort("connectionrefused"));
    await page.fill("#chat-question", "Sở Nội vụ được giao những nhiệm vụ nào?");
    await page.keyboard.press("Enter");
    const failed = page.locator('.message-assistant[data-state="error"]');
    await failed.waitFor();
    await expect(failed.locator(".notice-body").textContent()).resolves.toContain("Không kết nối được máy chủ");
    await expect(failed.textContent()).resolves.not.toContain("Failed to fetch");
    await page.unroute("**/api/ask");
    await failed.getByRole("button", { name: "Thử lại" }).click();
    await page.locator(".turn").last().locator('.message-assistant[data-state="done"]').waitFor();
  });

  it("keeps Back inside the app between searches and keeps results when the server fails", async () => {
    const page = await openPage("/search");
    await page.fill("#search-input", "so noi vu");
    await page.keyboard.press("Enter");
    await page.locator(".result").first().waitFor();
    await page.fill("#search-input", "thời hạn nộp hồ sơ");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "thời hạn nộp hồ sơ");
    await page.locator(".result").first().waitFor();
    await page.goBack();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "so noi vu");
    expect(new URL(page.url()).pathname).toBe("/search");
    await expect(page.locator("#search-input").inputValue()).resolves.toBe("so noi vu");

    const before = await page.locator(".result").count();
    await page.route("**/api/search?**", (route) => route.abort("connectionrefused"));
    await page.fill("#search-input", "nội vụ");
    await page.keyboard.press("Enter");
    await page.locator('#results-notice[data-state="error"]').waitFor();
    await expect(page.locator("#results-notice").textContent()).resolves.toContain("Không kết nối được máy chủ");
    expect(await page.locator(".result").count()).toBe(before);
  });

  it("follows the system's dark theme", async () => {
    const page = await openPage("/search", { colorScheme: "dark" });
    const [background, text] = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    const luminance = (color: string) => {
      const [r, g, b] = (color.match(/\d+/gu) ?? []).map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    expect(luminance(background!)).toBeLessThan(60);
    expect(luminance(text!)).toBeGreaterThan(180);
    const light = await openPage("/search", { colorScheme: "light" });
    expect(luminance(await light.evaluate(() => getComputedStyle(document.body).backgroundColor))).toBeGreaterThan(200);
  });

  it("lists a document's assignments at the top of its viewer page", async () => {
    const page = await openPage("/documents/000_492514bbfbcde4f8");
    await page.locator("#doc-tasks:not([hidden]) .doc-task").first().waitFor();
    expect(await page.locator("#doc-tasks .doc-task").count()).toBeGreaterThan(5);
    const tasksTop = (await page.locator("#doc-tasks").boundingBox())!.y;
    const textTop = (await page.locator("#doc-text").boundingBox())!.y;
    expect(tasksTop).toBeLessThan(textTop);
    await expect(page.locator("#doc-tasks").textContent()).resolves.toContain("30/06/2024");
  });

  it("searches the effective question from the 'search instead' link of a follow-up", async () => {
    const first = "Hồ sơ đề án sắp xếp đơn vị hành chính cấp xã của Bắc Giang phải nộp Bộ Nội vụ trước ngày nào?";
    const response = await fetch(`${server.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "còn Thái Nguyên thì sao?", history: [{ role: "user", content: first }, { role: "assistant", content: "30/6/2024" }] }),
    });
    const body = await response.json();
    expect(body.searchQuery).toContain("sắp xếp đơn vị hành chính");
    const page = await openPage("/");
    await page.fill("#chat-question", first);
    await page.keyboard.press("Enter");
    await page.locator('.message-assistant[data-state="done"]').waitFor();
    await page.fill("#chat-question", "còn Thái Nguyên thì sao?");
    await page.keyboard.press("Enter");
    const last = page.locator(".turn").nth(1).locator(".message-assistant");
    await last.locator(":scope[data-state='not-found'], :scope[data-state='done']").first().waitFor();
    if ((await last.getAttribute("data-state")) === "not-found") {
      const href = (await last.locator("a.search-instead").getAttribute("href"))!;
      const q = new URL(href, server.url).searchParams.get("q")!;
      expect(q).not.toBe("còn Thái Nguyên thì sao?");
      expect(q).toContain("sắp xếp đơn vị hành chính");
    }
  });
});
