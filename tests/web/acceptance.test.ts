/**
 * Acceptance tests of issue 4 against the real server (tests/helpers/
 * start-test-server.ts, which ingests the five sample documents and serves
 * the real app with these pages) in a real headless Chromium:
 * - the chat answers the commune-merger deadline question with "30/6/2024"
 *   and a citation that opens the document with the passage highlighted;
 * - searching "so noi vu" shows "Sở Nội vụ" results with highlights;
 * - a document containing HTML shows it as text;
 * - no page errors in the console.
 * Skipped, with the reason in the suite name, when either the browser or
 * the server helper is missing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, launchBrowser, newContext, startHostPage, waitForReady, watchPage } from "../helpers/browser.js";
import type { PageProblems } from "../helpers/browser.js";

type TestServer = { url: string; close(): Promise<void> };
type StartTestServer = (options?: { corpusDir?: string }) => Promise<TestServer>;

const executablePath = findChromium();
const serverHelperPath = fileURLToPath(new URL("../helpers/start-test-server.ts", import.meta.url));
const hasServerHelper = fs.existsSync(serverHelperPath);
const skipReasons = [
  executablePath ? "" : chromiumSkipReason(),
  hasServerHelper ? "" : "tests/helpers/start-test-server.ts does not exist yet (the real server is not wired up)",
].filter(Boolean);

async function loadStartTestServer(): Promise<StartTestServer> {
  const module = (await import(pathToFileURL(serverHelperPath).href)) as { startTestServer?: StartTestServer };
  if (typeof module.startTestServer !== "function") throw new Error("tests/helpers/start-test-server.ts must export startTestServer");
  return module.startTestServer;
}

const DEADLINE_QUESTION = "Hồ sơ đề án sắp xếp đơn vị hành chính cấp huyện, cấp xã của Bắc Giang phải nộp Bộ Nội vụ trước ngày nào?";

/** NFC + lower case, so "Sở" typed or stored in either Unicode form compares equal. */
function normalize(text: string): string {
  return text.normalize("NFC").toLowerCase();
}

describe.skipIf(skipReasons.length > 0)(`issue 4 acceptance on the real server${skipReasons.length ? ` (skipped: ${skipReasons.join("; ")})` : ""}`, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const startTestServer = await loadStartTestServer();
    server = await startTestServer();
    browser = await launchBrowser({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  /** Opens a page; `ready: false` for a page that is not ours (the widget's host page). */
  async function open(base: string, pathAndQuery: string, options: { ready?: boolean } = {}): Promise<void> {
    context = await newContext(browser, { origin: base });
    page = await context.newPage();
    problems = watchPage(page);
    await page.goto(`${base}${pathAndQuery}`);
    if (options.ready !== false) await waitForReady(page);
  }

  it("answers the commune-merger deadline with 30/6/2024 and a citation that opens the highlighted passage", async () => {
    await open(server.url, "/");
    await page.fill("#chat-question", DEADLINE_QUESTION);
    await page.keyboard.press("Enter");
    const message = page.locator(".message-assistant").last();
    await page.locator('.message-assistant[data-state="done"], .message-assistant[data-state="not-found"], .message-assistant[data-state="error"]').waitFor({ timeout: 30_000 });
    await expect(message.getAttribute("data-state")).resolves.toBe("done");
    await expect(message.locator(".answer-text").textContent()).resolves.toContain("30/6/2024");

    // Follow the citation whose source quote carries the date; the first marker otherwise.
    const citationNumber = await message.evaluate((element) => {
      const sources = [...element.querySelectorAll(".source")];
      const withDate = sources.find((source) => source.textContent?.includes("30/6/2024"));
      return (withDate ?? sources[0])?.getAttribute("data-citation") ?? "1";
    });
    const marker = message.locator(`a.citation-marker[data-citation="${citationNumber}"]`).first();
    expect(await marker.count()).toBe(1);
    await marker.click();
    await page.waitForURL(/\/documents\/[^?]+\?start=\d+&end=\d+/u);
    const highlight = page.locator("#highlight");
    await highlight.waitFor();
    const highlighted = (await page.locator("mark.highlight").allTextContents()).join("");
    expect(highlighted).toContain("30/6/2024");
    await page.waitForFunction(() => {
      const box = document.getElementById("highlight")?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("answers from a footnote and opens the document at the highlighted note", async () => {
    await open(server.url, "/");
    await page.fill("#chat-question", "Kế hoạch số 140-KH/TU của Ban Thường vụ Tỉnh ủy Hưng Yên về quản lý biên chế áp dụng cho giai đoạn nào?");
    await page.keyboard.press("Enter");
    const message = page.locator(".message-assistant").last();
    await page.locator('.message-assistant[data-state="done"], .message-assistant[data-state="not-found"], .message-assistant[data-state="error"]').waitFor({ timeout: 30_000 });
    await expect(message.getAttribute("data-state")).resolves.toBe("done");
    await expect(message.locator(".answer-text").textContent()).resolves.toContain("2022-2026");
    await message.locator('a.citation-marker[data-citation="1"]').first().click();
    await page.waitForURL(/\/documents\/[^?]+\?start=\d+&end=\d+/u);
    await page.locator("#highlight").waitFor();
    // The note is shown in the footnote list, highlighted there, not in the running text.
    expect(await page.locator("#doc-footnotes mark.highlight-quote").count()).toBeGreaterThan(0);
    expect((await page.locator("#doc-footnotes mark.highlight").allTextContents()).join("")).toContain("Kế hoạch số 140-KH/TU");
    expect(await page.locator("#doc-text mark.highlight").count()).toBe(0);
    await page.waitForFunction(() => {
      const box = document.getElementById("highlight")?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it('finds "Sở Nội vụ" with highlights for "so noi vu"', async () => {
    await open(server.url, "/search");
    await page.locator("#search-input").pressSequentially("so noi vu", { delay: 30 });
    await page.locator(".result").first().waitFor({ timeout: 30_000 });
    const snippets = await page.locator(".result-snippet").allTextContents();
    expect(snippets.some((snippet) => normalize(snippet).includes(normalize("Sở Nội vụ")))).toBe(true);
    const marks = (await page.locator(".result mark.term").allTextContents()).map(normalize);
    expect(marks).toEqual(expect.arrayContaining([normalize("Sở"), normalize("Nội"), normalize("vụ")]));
    expect(await page.locator(".facet-option").count()).toBeGreaterThan(0);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("opens every sample document in the viewer without errors", async () => {
    const response = await fetch(`${server.url}/api/documents`);
    const { documents } = (await response.json()) as { documents: Array<{ id: string }> };
    expect(documents.length).toBeGreaterThanOrEqual(5);
    await open(server.url, "/search");
    for (const archived of documents) {
      await page.goto(`${server.url}/documents/${encodeURIComponent(archived.id)}`);
      await page.locator("#document:not([hidden])").waitFor();
      expect((await page.locator("#doc-text").textContent())?.length ?? 0).toBeGreaterThan(200);
      expect(await page.locator(".doc-meta-row").count()).toBe(7);
    }
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("shows a document containing <script> and <img onerror> as text", async () => {
    const corpusDir = fs.mkdtempSync(path.join(os.tmpdir(), "vanban-html-corpus-"));
    fs.writeFileSync(
      path.join(corpusDir, "thong-bao-html.txt"),
      [
        "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
        "Số: 12/TB-UBND",
        "Thử Nghiệm, ngày 05 tháng 3 năm 2024",
        "THÔNG BÁO",
        "Về việc kiểm tra hiển thị văn bản",
        "1. Nội dung",
        "Văn bản này chứa đoạn mã <script>alert(1)</script> và thẻ ảnh <img src=x onerror=alert(1)> cần hiển thị nguyên văn.",
        "2. Tổ chức thực hiện",
        "Văn phòng UBND tỉnh theo dõi, đôn đốc thực hiện trước ngày 30/6/2024.",
      ].join("\n"),
    );
    const startTestServer = await loadStartTestServer();
    const htmlServer = await startTestServer({ corpusDir });
    try {
      const response = await fetch(`${htmlServer.url}/api/documents`);
      const { documents } = (await response.json()) as { documents: Array<{ id: string }> };
      const [archived] = documents;
      expect(archived).toBeDefined();
      await open(htmlServer.url, `/documents/${encodeURIComponent(archived?.id ?? "")}`);
      await page.locator("#document:not([hidden])").waitFor();
      const text = await page.locator("#doc-text").textContent();
      expect(text).toContain("<script>alert(1)</script>");
      expect(text).toContain("<img src=x onerror=alert(1)>");
      expect(await page.locator("#document img, #document script").count()).toBe(0);
      await page.waitForTimeout(300);
      expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
    } finally {
      await htmlServer.close();
      fs.rmSync(corpusDir, { recursive: true, force: true });
    }
  });

  it("embeds the search widget into a page of another origin", async () => {
    const host = await startHostPage(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng nội bộ</title></head>
      <body><div id="box"></div><script src="${server.url}/widget.js" data-target="#box"></script></body></html>`);
    try {
      await open(host.origin, "/", { ready: false });
      await page.locator("#box > iframe").waitFor({ timeout: 15_000 });
      const frame = await (await page.locator("#box > iframe").elementHandle())?.contentFrame();
      if (!frame) throw new Error("the widget iframe did not load");
      await frame.locator("#embed-input").waitFor({ timeout: 15_000 });
      await waitForReady(frame);
      await frame.locator("#embed-input").fill("so noi vu");
      await frame.locator(".result").first().waitFor({ timeout: 30_000 });
      expect(await frame.locator(".result mark.term").count()).toBeGreaterThan(0);
      await page.waitForFunction(() => (document.querySelector("#box > iframe")?.getBoundingClientRect().height ?? 0) > 150);
      expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
    } finally {
      await host.close();
    }
  });
});
