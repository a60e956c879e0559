/**
 * The document viewer in a real headless Chromium, against the fake API:
 * metadata, outline, footnotes, reference links, the highlighted passage
 * from the URL, invalid links, unknown documents, and a document whose text
 * is full of HTML that must show literally.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumSkipReason, findChromium, launchBrowser, newContext, watchPage } from "../helpers/browser.js";
import type { PageProblems } from "../helpers/browser.js";
import { HTML_DOC_ID, MERGER_DEADLINE_SENTENCE, MERGER_DOC_ID, createFakeArchive, startFakeApi } from "./fake-api.js";
import type { FakeApi, FakeDocument } from "./fake-api.js";

const executablePath = findChromium();

function mergerDocument(): FakeDocument {
  const archived = createFakeArchive().find((candidate) => candidate.id === MERGER_DOC_ID);
  if (!archived) throw new Error("fake archive lost its merger document");
  return archived;
}

describe.skipIf(!executablePath)(`document viewer in Chromium${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
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

  async function openDocument(pathAndQuery: string, options: { width?: number; height?: number; ignoreConsole?: RegExp[] } = {}): Promise<void> {
    context = await newContext(browser, options);
    page = await context.newPage();
    problems = watchPage(page, { ignoreConsole: options.ignoreConsole });
    await page.goto(`${api.url}${pathAndQuery}`);
    await page.waitForFunction(() => document.getElementById("doc-status")?.hidden || document.getElementById("doc-status")?.getAttribute("data-state") === "error");
  }

  it("shows metadata, the outline, footnotes and links to referenced documents", async () => {
    await openDocument(`/documents/${MERGER_DOC_ID}`);
    await expect(page.locator("#doc-type").textContent()).resolves.toBe("THÔNG BÁO");
    await expect(page.locator("#doc-title").textContent()).resolves.toContain("Kết luận của Chủ tịch UBND tỉnh");
    const field = (name: string) => page.locator(`.doc-meta-row[data-field="${name}"] dd`).textContent();
    await expect(field("number")).resolves.toBe("(để trống trong văn bản)");
    await expect(field("date")).resolves.toBe("02/2024");
    await expect(field("issuer")).resolves.toBe("UBND tỉnh Bắc Giang");
    await expect(field("signer")).resolves.toBe("Lê Ánh Dương");
    await expect(page.locator(".outline-list a").allTextContents()).resolves.toEqual([
      "1. Chú trọng nâng cao hơn nữa chất lượng công tác tham mưu",
      "2. Tập trung cao cho sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023 - 2025",
      "3. Làm tốt công tác hướng dẫn, đôn đốc, thẩm định Đề án vị trí việc làm",
      "Chú thích",
    ]);
    // Every outline entry leads to an anchor on the page, the notes' one included.
    const outlineTargets = await page.locator(".outline-list a").evaluateAll((links) => links.map((link) => Boolean(document.getElementById((link.getAttribute("href") ?? "").slice(1)))));
    expect(outlineTargets).toEqual([true, true, true, true]);
    expect(await page.locator("#doc-text .section-heading").count()).toBe(3);
    await expect(page.locator("#doc-footnotes .footnote-text").allTextContents()).resolves.toEqual([
      "nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên và các phường thuộc thị xã Việt Yên.",
      "Quyết định số 1341/QĐ-UBND ngày 05/12/2023 của Chủ tịch UBND tỉnh.",
    ]);
    // The footnote mark sits right after the words it annotates.
    const markPosition = await page.evaluate(() => {
      const reference = document.querySelector("#doc-text .footnote-ref");
      return reference?.previousSibling?.textContent?.endsWith("chính sách lĩnh vực nội vụ") ?? false;
    });
    expect(markPosition).toBe(true);
    await expect(page.locator("#doc-text a.reference-link").getAttribute("href")).resolves.toBe("/documents/bg-2021-tuyen-dung");
    // The text shown is exactly the body of the clean text (the notes are the list): offsets from the API stay valid.
    const shownText = await page.evaluate(() => {
      const clone = document.getElementById("doc-text")?.cloneNode(true) as HTMLElement;
      for (const mark of clone.querySelectorAll(".footnote-ref")) mark.remove();
      return clone.textContent;
    });
    expect(shownText).toBe(mergerDocument().text.slice(0, mergerDocument().notesStart));
    expect(shownText).not.toContain("thị xã Việt Yên");
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("highlights the passage and quote named in the URL and scrolls to them", async () => {
    const archived = mergerDocument();
    const quoteStart = archived.text.indexOf(MERGER_DEADLINE_SENTENCE);
    const chunk = archived.chunks.find((candidate) => candidate.start <= quoteStart && quoteStart < candidate.end);
    if (!chunk) throw new Error("no chunk holds the deadline");
    await openDocument(`/documents/${MERGER_DOC_ID}?start=${chunk.start}&end=${chunk.end}&quoteStart=${quoteStart}&quoteEnd=${quoteStart + MERGER_DEADLINE_SENTENCE.length}`, { height: 500 });
    await expect(page.locator("mark.highlight").allTextContents().then((parts) => parts.join(""))).resolves.toBe(chunk.text);
    await expect(page.locator("mark.highlight-quote").allTextContents().then((parts) => parts.join(""))).resolves.toBe(MERGER_DEADLINE_SENTENCE);
    await expect(page.locator("#highlight").getAttribute("class")).resolves.toContain("highlight-quote");
    await page.waitForFunction(() => {
      const box = document.getElementById("highlight")?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    await expect(page.locator("#highlight-banner").isVisible()).resolves.toBe(true);
    await expect(page.locator('.outline-list a[aria-current="location"]').textContent()).resolves.toMatch(/^2\. Tập trung cao/u);

    // "Go to the cited passage" brings it back after the reader scrolled away.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.getByRole("button", { name: "Đến đoạn trích dẫn" }).click();
    await page.waitForFunction(() => {
      const box = document.getElementById("highlight")?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
  });

  it("refuses an out-of-range passage instead of highlighting the wrong text", async () => {
    await openDocument(`/documents/${MERGER_DOC_ID}?start=10&end=999999`);
    expect(await page.locator("mark.highlight").count()).toBe(0);
    await expect(page.locator("#highlight-banner").getAttribute("data-state")).resolves.toBe("invalid");
  });

  it("says so for an unknown document", async () => {
    await openDocument("/documents/khong-co-van-ban-nay", { ignoreConsole: [/404/u] });
    await expect(page.locator("#doc-status").textContent()).resolves.toContain("Không tìm thấy văn bản này trong kho.");
    await expect(page.locator("#document").isVisible()).resolves.toBe(false);
    expect(problems.pageErrors).toEqual([]);
  });

  it("highlights a passage that lies in a footnote inside the footnote list", async () => {
    const archived = mergerDocument();
    const note = archived.footnotes[1];
    if (note?.start === undefined || note.end === undefined) throw new Error("the notes are not placed in the text");
    const quoteStart = archived.text.indexOf("1341/QĐ-UBND", note.start);
    await openDocument(`/documents/${MERGER_DOC_ID}?start=${note.start}&end=${note.end}&quoteStart=${quoteStart}&quoteEnd=${quoteStart + "1341/QĐ-UBND".length}`, { height: 500 });
    await expect(page.locator("#doc-footnotes mark.highlight").allTextContents().then((parts) => parts.join(""))).resolves.toBe(note.text);
    await expect(page.locator("#doc-footnotes mark.highlight-quote").textContent()).resolves.toBe("1341/QĐ-UBND");
    expect(await page.locator("#doc-text mark.highlight").count()).toBe(0);
    await expect(page.locator("#highlight").textContent()).resolves.toBe("1341/QĐ-UBND");
    await page.waitForFunction(() => {
      const box = document.getElementById("highlight")?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    await expect(page.locator('.outline-list a[aria-current="location"]').textContent()).resolves.toBe("Chú thích");
    // The mark in the running text still leads to its note.
    await expect(page.locator("#doc-text .footnote-ref a").nth(1).getAttribute("href")).resolves.toBe("#footnote-1");
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("shows a document containing <script> and <img onerror> literally and runs nothing", async () => {
    await openDocument(`/documents/${HTML_DOC_ID}?start=0&end=40`);
    await expect(page.locator("#doc-title").textContent()).resolves.toBe("Thông báo <script>alert(1)</script> thử nghiệm");
    const text = await page.locator("#doc-text").textContent();
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("<img src=x onerror=alert(1)>");
    expect(text).toContain('<a href="javascript:alert(5)">liên kết</a> và &lt;thực thể&gt;');
    await expect(page.locator(".outline-list a").first().textContent()).resolves.toBe("1. Mục <b>đậm</b> <script>alert(4)</script>");
    await expect(page.locator(".footnote-text").textContent()).resolves.toBe("<img src=x onerror=alert(2)> chú thích");
    await expect(page.locator('.doc-meta-row[data-field="signer"] dd').textContent()).resolves.toBe("<img src=x onerror=alert(3)>");
    await expect(page.locator('.doc-meta-row[data-field="issuer"] dd').textContent()).resolves.toBe("<i>UBND</i> tỉnh Thử Nghiệm");
    expect(await page.locator("#document img, #document script, #document b, #document i, #document a[href^=\"javascript\"]").count()).toBe(0);
    await page.waitForTimeout(300);
    expect(problems).toEqual({ pageErrors: [], consoleErrors: [], dialogs: [] });
  });

  it("switches its labels to English", async () => {
    await openDocument(`/documents/${MERGER_DOC_ID}`);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect(page.locator('.doc-meta-row[data-field="signer"] dt').textContent()).resolves.toBe("Signed by");
    await expect(page.locator('.doc-meta-row[data-field="date"] dd').textContent()).resolves.toBe("February 2024");
    await expect(page.locator("#doc-outline-heading").textContent()).resolves.toBe("Outline");
  });

  it("fits a 390 px phone screen", async () => {
    const archived = mergerDocument();
    const quoteStart = archived.text.indexOf(MERGER_DEADLINE_SENTENCE);
    await openDocument(`/documents/${MERGER_DOC_ID}?start=${quoteStart}&end=${quoteStart + MERGER_DEADLINE_SENTENCE.length}`, { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.waitForFunction(() => {
      const box = document.getElementById("highlight")?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    });
  });
});
