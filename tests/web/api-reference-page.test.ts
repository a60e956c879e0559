import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSkipReason, findChromium, launchBrowser, watchPage } from "../helpers/browser.js";
import { startTestServer } from "../helpers/start-test-server.js";

/** /api/reference renders the generated OpenAPI document under the strict CSP. */
const executablePath = findChromium();

describe.skipIf(!executablePath)(`API reference page in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser({ executablePath }), startTestServer()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists every documented route with its parameters, without errors", async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/api/reference`);
    await page.locator(".api-operation").first().waitFor();
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(spec.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
    expect(await page.locator(".api-operation").count()).toBe(operations);
    const search = page.locator("#get-api-search");
    await expect(search.locator("h3").textContent()).resolves.toContain("/api/search");
    await expect(search.locator("table").textContent()).resolves.toContain("integer ≥ 1, ≤ 50 (default 10)");
    expect(await page.locator("#api-index a").count()).toBe(operations);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
    await page.close();
  });
});
