/**
 * The search page in a real headless Chromium, against the fake API:
 * debounced search-as-you-type, highlighted snippets for queries without
 * diacritics, facets with counts, pagination, URL state and the empty,
 * no-result and error states.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, holdBack, launchBrowser, newContext, waitForReady, watchPage } from "../helpers/browser.js";
import type { PageProblems } from "../helpers/browser.js";
import { startFakeApi } from "./fake-api.js";
import type { FakeApi } from "./fake-api.js";

const executablePath = findChromium();

describe.skipIf(!executablePath)(`search page in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
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

  async function openSearch(query = "", options: { width?: number; height?: number } = {}): Promise<void> {
    context = await newContext(browser, options);
    page = await context.newPage();
    problems = watchPage(page);
    await page.goto(`${api.url}/search${query}`);
    await waitForReady(page);
  }

  async function waitForResults(): Promise<void> {
    await page.waitForFunction(() => document.getElementById("results")?.getAttribute("aria-busy") === "false" && document.querySelector(".result, #results-notice:not([hidden])"));
  }

  it("starts with an explanation and no request", async () => {
    const before = api.searchRequests.length;
    await openSearch();
    await expect(page.locator("#search-intro").isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("search-input");
    expect(await page.locator(".result").count()).toBe(0);
    expect(api.searchRequests.length).toBe(before);
  });

  it("searches as you type, once the typing pauses", async () => {
    await openSearch();
    const before = api.searchRequests.length;
    await page.locator("#search-input").pressSequentially("so noi vu", { delay: 60 });
    await waitForResults();
    await page.locator("#results-summary", { hasText: "so noi vu" }).waitFor();
    // One search once the typing pauses, not one per key; a loaded machine may pause mid-word, so an
    // early search may come first, but the last is the whole query.
    const requests = api.searchRequests.slice(before);
    expect(requests.at(-1)).toBe("q=so+noi+vu&k=10");
    expect(requests.length).toBeLessThan(4);
    await expect(page.locator("#results-summary").textContent()).resolves.toMatch(/^\d+ kết quả cho “so noi vu”/u);
    expect(page.url()).toBe(`${api.url}/search?q=so+noi+vu`);
  });

  it("highlights 'Sở Nội vụ' for a query typed without diacritics", async () => {
    await openSearch("?q=so%20noi%20vu");
    await waitForResults();
    const firstSnippetMarks = await page.locator(".result").first().locator("mark.term").allTextContents();
    expect(firstSnippetMarks).toEqual(expect.arrayContaining(["Sở", "Nội", "vụ"]));
    const snippets = await page.locator(".result-snippet").allTextContents();
    expect(snippets.some((snippet) => snippet.includes("Sở Nội vụ"))).toBe(true);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("filters by facets with counts and removes a filter again", async () => {
    await openSearch("?q=so%20noi%20vu");
    await waitForResults();
    const province = page.locator('.facet-option[data-facet="province"][data-value="Hà Nội"]');
    await expect(province.locator(".facet-count").textContent()).resolves.toBe("3");
    await expect(page.locator('.facet[data-facet="year"] .facet-option').count()).resolves.toBeGreaterThan(1);
    await expect(page.locator('.facet[data-facet="type"] .facet-value').allTextContents()).resolves.toEqual(expect.arrayContaining(["THÔNG BÁO", "CÔNG VĂN"]));

    await province.click();
    await page.waitForURL(/province=H%C3%A0\+N%E1%BB%99i/u);
    await waitForResults();
    await expect(page.locator('.facet-option[data-facet="province"][data-value="Hà Nội"]').getAttribute("aria-pressed")).resolves.toBe("true");
    const metas = await page.locator(".result-meta").allTextContents();
    expect(metas.length).toBe(3);
    expect(metas.every((meta) => meta.includes("Hà Nội"))).toBe(true);
    expect(api.searchRequests[api.searchRequests.length - 1]).toContain("province=H%C3%A0+N%E1%BB%99i");

    await page.locator(".filter-chip").click();
    await waitForResults();
    expect(await page.locator(".filter-chip").count()).toBe(0);
    expect(await page.locator(".result").count()).toBe(10);
  });

  it("pages through results with offsets", async () => {
    await openSearch("?q=so%20noi%20vu");
    await waitForResults();
    await expect(page.locator("#results-summary").textContent()).resolves.toContain("trang 1/3");
    const firstPage = await page.locator(".result-snippet").allTextContents();
    await page.locator(".pager-page", { hasText: "2" }).click();
    await page.waitForFunction(() => document.querySelector('.pager-page[aria-current="page"]')?.textContent === "2");
    expect(api.searchRequests[api.searchRequests.length - 1]).toBe("q=so+noi+vu&k=10&offset=10");
    const secondPage = await page.locator(".result-snippet").allTextContents();
    expect(secondPage.length).toBe(10);
    expect(secondPage).not.toEqual(firstPage);
    expect(page.url()).toContain("page=2");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("results-summary");

    await page.locator(".pager-next").click();
    await page.waitForFunction(() => document.querySelector('.pager-page[aria-current="page"]')?.textContent === "3");
    expect(await page.locator(".result").count()).toBe(1);
    await expect(page.locator(".pager-next").isDisabled()).resolves.toBe(true);
  });

  it("restores the search from the URL", async () => {
    await openSearch("?q=30%2F6%2F2024&year=2024");
    await waitForResults();
    await expect(page.inputValue("#search-input")).resolves.toBe("30/6/2024");
    await expect(page.locator('.facet-option[data-facet="year"][data-value="2024"]').getAttribute("aria-pressed")).resolves.toBe("true");
    await expect(page.locator(".result mark.term").first().textContent()).resolves.toBe("30/6/2024");
  });

  it("searches what was typed before its script had run", async () => {
    context = await newContext(browser);
    page = await context.newPage();
    problems = watchPage(page);
    const release = await holdBack(page, "**/assets/search.js");
    // A module script holds DOMContentLoaded back, so wait for the markup only.
    await page.goto(`${api.url}/search`, { waitUntil: "commit" });
    await page.locator("#search-input").fill("so noi vu");
    release();
    await waitForReady(page);
    await waitForResults();
    await expect(page.locator("#search-input").inputValue()).resolves.toBe("so noi vu");
    expect(await page.locator(".result mark.term").count()).toBeGreaterThan(0);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("links each result to the viewer at its passage", async () => {
    await openSearch("?q=30%2F6%2F2024");
    await waitForResults();
    const link = page.locator(".result-title a").first();
    await expect(link.getAttribute("href")).resolves.toMatch(/^\/documents\/[^?]+\?start=\d+&end=\d+$/u);
    await link.click();
    await page.locator("#highlight").waitFor();
    await expect(page.locator("mark.highlight").allTextContents().then((parts) => parts.join(""))).resolves.toContain("30/6/2024");
  });

  it("says so when nothing matches", async () => {
    await openSearch("?q=zzkhongcozz");
    await waitForResults();
    await expect(page.locator("#results-notice").textContent()).resolves.toContain("Không có kết quả cho “zzkhongcozz”");
    await expect(page.locator("#facets-panel").isVisible()).resolves.toBe(false);
  });

  it("shows an error with a retry button when the API fails", async () => {
    await openSearch();
    let failures = 1;
    await page.route("**/api/search?**", async (route) => {
      if (failures-- > 0) await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Chỉ mục đang được xây dựng" } }) });
      else await route.continue();
    });
    await page.fill("#search-input", "so noi vu");
    await page.keyboard.press("Enter");
    await waitForResults();
    await expect(page.locator("#results-notice").getAttribute("data-state")).resolves.toBe("error");
    // Said in the reader's language, whatever the server's wording.
    await expect(page.locator("#results-notice").textContent()).resolves.toContain("Kho văn bản đang được nạp");
    await page.getByRole("button", { name: "Thử lại" }).click();
    await page.locator(".result").first().waitFor();
    expect(problems.pageErrors).toEqual([]);
  });

  it("renders HTML in results as text", async () => {
    await openSearch("?q=script%20alert");
    await waitForResults();
    const titles = await page.locator(".result-title a").allTextContents();
    expect(titles).toContain("Thông báo <script>alert(1)</script> thử nghiệm");
    expect(await page.locator("#results img, #results script, #results b").count()).toBe(0);
    await page.waitForTimeout(200);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("fits a 390 px phone screen with the filters folded", async () => {
    await openSearch("?q=so%20noi%20vu", { width: 390, height: 844 });
    await waitForResults();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.locator("#facets-panel").getAttribute("open")).resolves.toBeNull();
    await page.locator("#facets-panel > summary").click();
    await expect(page.locator('.facet-option[data-facet="province"]').first().isVisible()).resolves.toBe(true);
  });
});
