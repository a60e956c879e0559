/**
 * The embeddable search widget: one <script> tag on another page creates an
 * iframe to /embed/search, which searches and reports its height so the
 * host can size it. Tested on the example page and on a host page served
 * from a different origin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, holdBack, launchBrowser, newContext, startHostPage, waitForReady, watchPage } from "../helpers/browser.js";
import type { PageProblems } from "../helpers/browser.js";
import { startFakeApi } from "./fake-api.js";
import type { FakeApi } from "./fake-api.js";

const executablePath = findChromium();

describe.skipIf(!executablePath)(`search widget in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
  let api: FakeApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    api = await startFakeApi();
    browser = await launchBrowser({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function widgetFrame(): Promise<Frame> {
    const handle = await page.locator("iframe[data-vanban-widget]").elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error("widget iframe has no frame");
    // Fails fast when the server's headers (frame-ancestors, X-Frame-Options) forbid the framing.
    await frame.locator("#embed-input").waitFor({ timeout: 15_000 });
    await waitForReady(frame);
    return frame;
  }

  async function frameHeight(): Promise<number> {
    return page.locator("iframe[data-vanban-widget]").evaluate((element) => element.getBoundingClientRect().height);
  }

  it("works on the example intranet page", async () => {
    context = await newContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
    await page.goto(`${api.url}/example-widget.html`);
    const frame = await widgetFrame();
    const initialHeight = await frameHeight();
    await frame.locator("#embed-input").fill("so noi vu");
    await frame.locator(".result").first().waitFor();
    expect(await frame.locator(".result").count()).toBe(5);
    await expect(frame.locator(".result mark.term").first().textContent()).resolves.toBe("Sở");
    await expect(frame.locator(".result-title a").first().getAttribute("target")).resolves.toBe("_blank");
    await expect(frame.locator("#embed-see-all").getAttribute("href")).resolves.toBe("/search?q=so+noi+vu");
    // The frame grows to fit its results instead of showing a scrollbar.
    await page.waitForFunction((before) => (document.querySelector("iframe[data-vanban-widget]")?.getBoundingClientRect().height ?? 0) > before + 200, initialHeight);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("embeds into a page of another origin with one script tag", async () => {
    context = await newContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
    const host = await startHostPage(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head>
      <body><h1>Department portal</h1><div id="box"></div>
      <script src="${api.url}/widget.js" data-target="#box" data-lang="en" data-results="3" data-query="30/6/2024"></script></body></html>`);
    onTestFinished(() => host.close());
    await page.goto(`${host.origin}/portal`);
    expect(new URL(host.origin).origin).not.toBe(new URL(api.url).origin);
    // Fails fast when the server's headers (CORP on /widget.js) keep the script from loading.
    await page.locator("#box > iframe").waitFor({ timeout: 15_000 });
    await expect(page.locator("#box > iframe").getAttribute("src")).resolves.toBe(`${api.url}/embed/search?lang=en&k=3&q=30%2F6%2F2024`);
    const frame = await widgetFrame();
    await frame.locator(".result").first().waitFor();
    await expect(frame.locator("#embed-input").getAttribute("placeholder")).resolves.toContain("Type words");
    await expect(frame.locator(".result mark.term").first().textContent()).resolves.toBe("30/6/2024");
    await page.waitForFunction(() => (document.querySelector("#box > iframe")?.getBoundingClientRect().height ?? 0) > 150);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("searches what was typed before its script had run", async () => {
    context = await newContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
    // Hold the frame's script back until the words are in the box.
    const release = await holdBack(page, "**/assets/embed-search.js");
    // The held-back module script keeps the frame from loading, so wait for the markup only.
    await page.goto(`${api.url}/example-widget.html`, { waitUntil: "commit" });
    const handle = await page.locator("iframe[data-vanban-widget]").elementHandle();
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error("widget iframe has no frame");
    await frame.locator("#embed-input").fill("so noi vu");
    expect(await frame.locator('html[data-ready="true"]').count()).toBe(0);
    release();
    await waitForReady(frame);
    await frame.locator(".result").first().waitFor();
    await expect(frame.locator(".result mark.term").first().textContent()).resolves.toBe("Sở");
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("ignores resize messages that do not come from its own frame", async () => {
    context = await newContext(browser);
    page = await context.newPage();
    await page.goto(`${api.url}/example-widget.html`);
    await widgetFrame();
    const before = await frameHeight();
    await page.evaluate(() => window.postMessage({ type: "vanban:resize", height: 3000 }, "*"));
    await page.waitForTimeout(100);
    expect(await frameHeight()).toBe(before);
  });
});
