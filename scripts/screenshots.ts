/**
 * Screenshots of every page, desktop (1280×800) and phone (360×740), light and
 * dark, into docs/screenshots/<page>-<desktop|phone>-<light|dark>.png:
 * chat (with an answer), search, document viewer (at a cited passage, with
 * its tasks), tasks, document management, the API reference and the search
 * widget on the example intranet page. Taken on the real app over the five samples.
 *
 *   npx tsx scripts/screenshots.ts
 *
 * Needs Debian's chromium (apt-get install -y chromium).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, launchBrowser, waitForReady, watchPage } from "../tests/helpers/browser.js";
import { startEditableServer } from "../tests/web/editable-server.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUTPUT_DIR = path.join(ROOT, "docs", "screenshots");
const QUESTION = "Hồ sơ đề án sắp xếp đơn vị hành chính cấp huyện, cấp xã của Bắc Giang phải nộp Bộ Nội vụ trước ngày nào?";

type Shot = { name: string; open(page: Page, base: string): Promise<void> };

const SHOTS: Shot[] = [
  {
    name: "chat",
    async open(page, base) {
      await page.goto(`${base}/`);
      await waitForReady(page);
      await page.fill("#chat-question", QUESTION);
      await page.keyboard.press("Enter");
      await page.locator('.message-assistant[data-state="done"]').waitFor({ timeout: 30_000 });
      await page.locator("#chat-question").blur();
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
  {
    name: "search",
    async open(page, base) {
      await page.goto(`${base}/search?q=${encodeURIComponent("so noi vu")}`);
      await waitForReady(page);
      await page.locator(".result").first().waitFor({ timeout: 15_000 });
      await page.locator("#search-input").blur();
    },
  },
  {
    name: "document",
    async open(page, base) {
      const search = await (await fetch(`${base}/api/search?${new URLSearchParams({ q: "trước ngày 30/6/2024 Bộ Nội vụ", k: "1" })}`)).json();
      const hit = search.results[0];
      await page.goto(`${base}/documents/${encodeURIComponent(hit.docId)}`);
      await waitForReady(page);
      await page.locator("#doc-tasks .doc-task").first().waitFor({ timeout: 15_000 });
    },
  },
  {
    name: "tasks",
    async open(page, base) {
      await page.goto(`${base}/tasks`);
      await waitForReady(page);
      await page.locator("#task-rows tr").first().waitFor({ timeout: 15_000 });
    },
  },
  {
    name: "documents",
    async open(page, base) {
      await page.goto(`${base}/documents`);
      await waitForReady(page);
      await page.locator(".document-item").first().waitFor({ timeout: 15_000 });
    },
  },
  {
    name: "api-reference",
    async open(page, base) {
      await page.goto(`${base}/api/reference`);
      await page.locator(".api-operation").first().waitFor({ timeout: 15_000 });
    },
  },
  {
    name: "widget",
    async open(page, base) {
      await page.goto(`${base}/example-widget.html`);
      const frame = await (await page.locator("iframe[data-vanban-widget]").elementHandle())?.contentFrame();
      if (!frame) throw new Error("The widget's frame did not load.");
      await waitForReady(frame);
      await frame.locator("#embed-input").fill("thời hạn nộp hồ sơ");
      await frame.locator(".result").first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
    },
  },
];

const LAYOUTS = [
  { name: "desktop", viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: "phone", viewport: { width: 360, height: 740 }, isMobile: true },
] as const;

async function capture(browser: Browser, base: string): Promise<string[]> {
  const written: string[] = [];
  const issues: string[] = [];
  for (const layout of LAYOUTS) {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: layout.viewport, isMobile: layout.isMobile, hasTouch: layout.isMobile, colorScheme, locale: "vi-VN", deviceScaleFactor: 1 });
      for (const shot of SHOTS) {
        const page = await context.newPage();
        const problems = watchPage(page);
        await shot.open(page, base);
        const file = path.join(OUTPUT_DIR, `${shot.name}-${layout.name}-${colorScheme}.png`);
        await page.screenshot({ path: file });
        written.push(file);
        issues.push(...[...problems.pageErrors, ...problems.consoleErrors, ...problems.dialogs].map((issue) => `${path.basename(file)}: ${issue}`));
        await page.close();
      }
      await context.close();
    }
  }
  if (issues.length > 0) throw new Error(`The pages reported problems:\n${issues.join("\n")}`);
  return written;
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumSkipReason());
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const server = await startEditableServer();
  const browser = await launchBrowser({ executablePath });
  try {
    const written = await capture(browser, server.url);
    console.log(`Screenshots:\n${written.map((file) => `  ${path.relative(ROOT, file)}`).join("\n")}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
