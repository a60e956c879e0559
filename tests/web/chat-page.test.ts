/**
 * The chat page in a real headless Chromium, against the fake API: streaming,
 * citations into the viewer, follow-up history, copy, the not-found and error
 * states, keyboard use, phone width, the language toggle and HTML safety.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, launchBrowser, newContext, waitForReady, watchPage } from "../helpers/browser.js";
import type { PageProblems } from "../helpers/browser.js";
import { MERGER_DEADLINE_SENTENCE, MERGER_DOC_ID, startFakeApi } from "./fake-api.js";
import type { FakeApi } from "./fake-api.js";

const executablePath = findChromium();
const DEADLINE_QUESTION = "Hồ sơ đề án sắp xếp đơn vị hành chính phải nộp Bộ Nội vụ trước ngày nào?";

describe.skipIf(!executablePath)(`chat page in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
  let api: FakeApi;
  /** Streams slowly so the loading and streaming states can be watched. */
  let slowApi: FakeApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    api = await startFakeApi({ deltaDelayMs: 1 });
    slowApi = await startFakeApi({ deltaDelayMs: 40 });
    browser = await launchBrowser({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await slowApi?.close();
  });

  async function openChat(options: { width?: number; height?: number; server?: FakeApi } = {}): Promise<void> {
    const server = options.server ?? api;
    context = await newContext(browser, { ...options, origin: server.url });
    page = await context.newPage();
    problems = watchPage(page);
    await page.goto(`${server.url}/`);
    await waitForReady(page);
  }

  afterEach(async () => {
    await context?.close();
  });

  async function ask(question: string): Promise<void> {
    const before = await page.locator(".turn").count();
    await page.fill("#chat-question", question);
    await page.keyboard.press("Enter");
    await page.locator(".turn").nth(before).locator('.message-assistant:not([aria-busy="true"])').waitFor();
  }

  const lastAssistant = () => page.locator(".turn").last().locator(".message-assistant");

  it("starts empty in Vietnamese with example questions", async () => {
    await openChat();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("vi");
    await expect(page.locator("#chat-heading").textContent()).resolves.toContain("Hỏi đáp");
    // The examples come from the server (GET /api/examples), chosen from what the archive answers.
    await page.locator(".example-question").nth(2).waitFor();
    expect(await page.locator(".example-question").count()).toBe(3);
    expect(await page.locator(".turn").count()).toBe(0);
    await expect(page.locator('.site-nav a[aria-current="page"]').textContent()).resolves.toBe("Hỏi đáp");
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("streams the answer in and links [n] to the highlighted passage", async () => {
    await openChat({ server: slowApi });
    await page.fill("#chat-question", DEADLINE_QUESTION);
    await page.keyboard.press("Enter");
    // While streaming, the turn is busy and the answer grows piece by piece.
    await page.locator('.message-assistant[aria-busy="true"]').waitFor();
    await page.locator('.message-assistant[data-state="streaming"]').waitFor();
    await expect(page.locator("#chat-send").textContent()).resolves.toBe("Dừng");
    await page.locator('.message-assistant[data-state="done"]').waitFor();

    const answer = await lastAssistant().locator(".answer-text").textContent();
    expect(answer).toContain("30/6/2024");
    const markers = lastAssistant().locator("a.citation-marker");
    expect(await markers.count()).toBe(2);
    const href = await markers.first().getAttribute("href");
    expect(href).toMatch(new RegExp(`^/documents/${MERGER_DOC_ID}\\?start=\\d+&end=\\d+&quoteStart=\\d+&quoteEnd=\\d+$`));
    await expect(lastAssistant().locator(".source-quote").first().textContent()).resolves.toBe(MERGER_DEADLINE_SENTENCE);

    await markers.first().click();
    await page.waitForURL(/\/documents\//u);
    const highlight = page.locator("#highlight");
    await highlight.waitFor();
    const quoteText = (await page.locator("mark.highlight-quote").allTextContents()).join("");
    expect(quoteText).toBe(MERGER_DEADLINE_SENTENCE);
    await expect(highlight.isVisible()).resolves.toBe(true);
    const box = await highlight.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800).toBe(true);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("sends earlier turns as history with a follow-up question", async () => {
    await openChat();
    await ask(DEADLINE_QUESTION);
    const firstAnswer = await lastAssistant().locator(".answer-text").textContent();
    await ask("Còn thời hạn trình HĐND tỉnh là khi nào?");
    await expect(lastAssistant().locator(".answer-text").textContent()).resolves.toContain("5/2024");
    const followUp = api.askRequests[api.askRequests.length - 1];
    expect(followUp?.history).toEqual([
      { role: "user", content: DEADLINE_QUESTION },
      { role: "assistant", content: firstAnswer },
    ]);
    expect(await page.locator(".turn").count()).toBe(2);
  });

  it("copies the answer with its numbered sources", async () => {
    await openChat();
    await ask(DEADLINE_QUESTION);
    await lastAssistant().locator(".copy-button").click();
    // The clipboard write is asynchronous: wait for the status rather than read it at once.
    await lastAssistant().locator(".copy-status", { hasText: "Đã sao chép" }).waitFor({ timeout: 15_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("30/6/2024 [1]");
    expect(copied).toContain("Nguồn:\n[1] Kết luận của Chủ tịch UBND tỉnh");
    expect(copied).toContain(`“${MERGER_DEADLINE_SENTENCE}”`);
    expect(copied).toContain(`${api.url}/documents/${MERGER_DOC_ID}?start=`);
    expect(copied).toContain("[2] ");
  });

  it("shows a clear not-found state with a way to search instead", async () => {
    await openChat();
    await ask("Năm 2026 Lạng Sơn dự kiến giảm bao nhiêu thôn, tổ dân phố?");
    const message = lastAssistant();
    await expect(message.getAttribute("data-state")).resolves.toBe("not-found");
    await expect(message.locator(".notice-title").textContent()).resolves.toBe("Không tìm thấy trong kho văn bản");
    await expect(message.locator(".notice-hint a").getAttribute("href")).resolves.toMatch(/^\/search\?q=/u);
    await expect(message.locator(".copy-button").isVisible()).resolves.toBe(false);
    expect(await message.locator("a.citation-marker").count()).toBe(0);
  });

  it("shows stream errors and HTTP errors with a retry button", async () => {
    await openChat();
    await ask("Thử lỗi máy chủ");
    await expect(lastAssistant().getAttribute("data-state")).resolves.toBe("error");
    await expect(lastAssistant().locator(".notice-body").textContent()).resolves.toContain("Máy chủ gặp lỗi");
    const requestsBefore = api.askRequests.length;
    await lastAssistant().getByRole("button", { name: "Thử lại" }).click();
    await page.waitForFunction(() => {
      const message = document.querySelector(".message-assistant");
      return message?.getAttribute("aria-busy") === "false" && message.getAttribute("data-state") === "error";
    });
    expect(api.askRequests.length).toBe(requestsBefore + 1);

    await ask("Hệ thống quá tải?");
    await expect(lastAssistant().getAttribute("data-state")).resolves.toBe("error");
    await expect(lastAssistant().locator(".notice-body").textContent()).resolves.toBe("Có quá nhiều yêu cầu trong một phút. Vui lòng đợi rồi thử lại.");
    // The 429 is the only console error: the browser logs failed resource loads.
    expect(problems.consoleErrors.every((text) => text.includes("429"))).toBe(true);
    expect(problems.pageErrors).toEqual([]);
  });

  it("works from the keyboard: Enter sends, Shift+Enter adds a line, markers are links", async () => {
    await openChat();
    await page.keyboard.press("Tab"); // skip link
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("skip-link");
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("chat-question");
    await page.keyboard.type("Dòng một");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("Hồ sơ sắp xếp nộp trước ngày nào?");
    expect(await page.locator(".turn").count()).toBe(0);
    await expect(page.inputValue("#chat-question")).resolves.toBe("Dòng một\nHồ sơ sắp xếp nộp trước ngày nào?");
    await page.keyboard.press("Enter");
    await page.locator('.message-assistant[data-state="done"]').waitFor();
    await page.locator("a.citation-marker").first().focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/documents\//u);
    await page.locator("#highlight").waitFor();
  });

  it("keeps the conversation when the reader comes back from a source", async () => {
    await openChat();
    await ask(DEADLINE_QUESTION);
    await page.locator("a.citation-marker").first().click();
    await page.waitForURL(/\/documents\//u);
    await page.goBack();
    await page.locator(".turn").first().waitFor();
    await expect(page.locator(".answer-text").first().textContent()).resolves.toContain("30/6/2024");
    await page.getByRole("button", { name: "Cuộc hội thoại mới" }).click();
    expect(await page.locator(".turn").count()).toBe(0);
    await page.reload();
    expect(await page.locator(".turn").count()).toBe(0);
    await expect(page.locator("#chat-empty").isVisible()).resolves.toBe(true);
  });

  it("fits a 390 px phone screen without horizontal scrolling", async () => {
    await openChat({ width: 390, height: 844 });
    await ask(DEADLINE_QUESTION);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.locator("#chat-question").isVisible()).resolves.toBe(true);
    await expect(page.locator("#chat-send").isVisible()).resolves.toBe(true);
    const sendBox = await page.locator("#chat-send").boundingBox();
    expect(sendBox && sendBox.x + sendBox.width <= 390).toBe(true);
  });

  it("switches to English and remembers the choice", async () => {
    await openChat();
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
    await expect(page.locator(".site-nav a").first().textContent()).resolves.toBe("Ask");
    await expect(page.getAttribute("#chat-question", "placeholder")).resolves.toContain("Type a question");
    await page.reload();
    await expect(page.locator("#chat-heading").textContent()).resolves.toBe("Ask about government directives");
    await ask(DEADLINE_QUESTION);
    await expect(lastAssistant().locator(".sources-heading").textContent()).resolves.toBe("Sources");
    await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
    await expect(lastAssistant().locator(".sources-heading").textContent()).resolves.toBe("Nguồn trích dẫn");
  });

  it("shows HTML from documents as text and runs none of it", async () => {
    await openChat();
    await ask("Văn bản có mã html nào?");
    const message = lastAssistant();
    await expect(message.locator(".answer-text").textContent()).resolves.toContain("<img src=x onerror=alert(1)> và <script>alert(1)</script>");
    await expect(message.locator(".source-quote").textContent()).resolves.toContain("<script>alert(1)</script>");
    expect(await page.locator(".chat-log img, .chat-log script").count()).toBe(0);
    await page.waitForTimeout(200);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });
});
