/**
 * Takes the README screenshots of the chat, search and document pages
 * (1280×800, plus the chat at 390×844 phone width) and of the embedded
 * search widget on the example intranet page into docs/screenshots/.
 *
 *   npx tsx scripts/screenshots.ts          # real server when tests/helpers/start-test-server.ts exists
 *   npx tsx scripts/screenshots.ts --fake   # the fake API of the browser tests
 *
 * Needs Debian's chromium (apt-get install -y chromium).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { findChromium, launchBrowser, chromiumSkipReason, watchPage } from "../tests/helpers/browser.js";

type Server = { url: string; close(): Promise<void> };

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUTPUT_DIR = path.join(ROOT, "docs", "screenshots");
const SERVER_HELPER = path.join(ROOT, "tests", "helpers", "start-test-server.ts");
const QUESTION = "Hồ sơ đề án sắp xếp đơn vị hành chính cấp huyện, cấp xã của Bắc Giang phải nộp Bộ Nội vụ trước ngày nào?";

async function startServer(options: { preferFake: boolean }): Promise<{ server: Server; kind: "real" | "fake" }> {
  if (!options.preferFake && fs.existsSync(SERVER_HELPER)) {
    const module = (await import(pathToFileURL(SERVER_HELPER).href)) as { startTestServer: () => Promise<Server> };
    return { server: await module.startTestServer(), kind: "real" };
  }
  const { startFakeApi } = await import("../tests/web/fake-api.js");
  return { server: await startFakeApi({ deltaDelayMs: 1 }), kind: "fake" };
}

async function askInChat(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.fill("#chat-question", QUESTION);
  await page.keyboard.press("Enter");
  await page.locator('.message-assistant:not([aria-busy="true"])').waitFor({ timeout: 30_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let the caret and spinner settle so the picture is stable.
  await page.locator("#chat-question").blur();
}

async function capture(browser: Browser, base: string): Promise<string[]> {
  const written: string[] = [];
  const shoot = async (page: Page, name: string) => {
    const file = path.join(OUTPUT_DIR, name);
    await page.screenshot({ path: file });
    written.push(file);
  };

  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN", deviceScaleFactor: 1 });
  const page = await desktop.newPage();
  const problems = watchPage(page);
  await askInChat(page, base);
  await shoot(page, "chat.png");

  const marker = page.locator("a.citation-marker").first();
  if ((await marker.count()) > 0) {
    await marker.click();
    await page.locator("#highlight").waitFor();
    await page.waitForTimeout(200);
    await shoot(page, "document.png");
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, "document-header.png");
  }

  await page.goto(`${base}/search`);
  await page.locator("#search-input").pressSequentially("so noi vu", { delay: 20 });
  await page.locator(".result").first().waitFor({ timeout: 15_000 });
  await page.locator("#search-input").blur();
  await shoot(page, "search.png");

  const example = await page.goto(`${base}/example-widget.html`);
  if (example?.ok()) {
    const frame = await (await page.locator("iframe[data-vanban-widget]").elementHandle())?.contentFrame();
    if (frame) {
      await frame.locator("#embed-input").fill("thời hạn nộp hồ sơ");
      await frame.locator(".result").first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      await shoot(page, "widget.png");
    }
  }
  await desktop.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "vi-VN", deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  await askInChat(phonePage, base);
  await shoot(phonePage, "chat-phone.png");
  await phone.close();

  const issues = [...problems.pageErrors, ...problems.consoleErrors, ...problems.dialogs];
  if (issues.length > 0) throw new Error(`The pages reported problems:\n${issues.join("\n")}`);
  return written;
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumSkipReason());
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const { server, kind } = await startServer({ preferFake: process.argv.includes("--fake") });
  const browser = await launchBrowser({ executablePath });
  try {
    const written = await capture(browser, server.url);
    console.log(`Screenshots from the ${kind} server:\n${written.map((file) => `  ${path.relative(ROOT, file)}`).join("\n")}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
