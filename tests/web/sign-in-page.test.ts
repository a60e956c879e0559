import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { chromiumSkipReason, findChromium, launchBrowser, newContext, waitForReady, watchPage } from "../helpers/browser.js";
import { buildAccessArchive, createAuthTestApp, type AuthTestApp } from "../helpers/access-fixture.js";

/**
 * The pages with accounts on (AUTH=local), in Chromium on the real app: a
 * page asked for without a session goes to /login and comes back after
 * signing in; the chat then asks (its POST carries the CSRF token); the header
 * names the user; signing out ends the session.
 */
const executablePath = findChromium();

describe.skipIf(!executablePath)(`signing in from the pages${executablePath ? "" : ` (skipped: ${chromiumSkipReason()})`}`, () => {
  let built: Awaited<ReturnType<typeof buildAccessArchive>>;
  let auth: AuthTestApp;
  let server: http.Server;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    built = await buildAccessArchive();
    auth = await createAuthTestApp({ archive: built.archive, app: { corpusDir: built.corpusDir } });
    server = http.createServer(auth.app);
    server.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser({ executablePath });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await auth.close();
    await built.cleanup();
  });

  it("sends a visitor to the sign-in page and back, asks with the CSRF token, and signs out", async () => {
    const context = await newContext(browser, { origin: url });
    try {
      const page = await context.newPage();
      // The refused API calls before signing in are expected console errors.
      const problems = watchPage(page, { ignoreConsole: [/401/u] });
      await page.goto(`${url}/search?q=quarnix`);
      await page.waitForURL(/\/login\?next=/u, { timeout: 30_000 });
      await waitForReady(page);
      await page.fill("#login-username", "insider");
      await page.fill("#login-password", "wrong password here");
      await page.click("#login-form button[type=submit]");
      await page.locator("#login-message:not([hidden])").waitFor();
      expect(await page.locator("#login-message").textContent()).toMatch(/Sai tên đăng nhập|Wrong user name/u);
      await page.fill("#login-password", "insider password 1");
      await page.click("#login-form button[type=submit]");
      await page.waitForURL(/\/search\?q=quarnix/u);
      await waitForReady(page);
      await page.locator(".account-name").waitFor();
      expect(await page.locator(".account-name").textContent()).toBe("insider");
      const cookies = await context.cookies(url);
      const session = cookies.find((cookie) => cookie.name === "vanban_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });

      await page.goto(`${url}/`);
      await waitForReady(page);
      await page.fill("#chat-question", "Sở Quốc phòng Velmora phải kiểm kê kho dự trữ quarnix trước ngày nào?");
      await page.keyboard.press("Enter");
      await page.locator('.message-assistant[data-state="done"], .message-assistant[data-state="not-found"], .message-assistant[data-state="error"]').waitFor({ timeout: 30_000 });
      const answer = page.locator(".message-assistant").last();
      expect(await answer.getAttribute("data-state")).toBe("done");
      expect(await answer.locator(".answer-text").textContent()).toContain("30/9/2031");

      await page.locator(".account button").click();
      await page.waitForURL(/\/login$/u);
      const response = await page.request.get(`${url}/api/documents`);
      expect(response.status()).toBe(401);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("lets an administrator see people, set a document's groups and read the audit log", async () => {
    const context = await newContext(browser, { origin: url });
    try {
      const page = await context.newPage();
      const problems = watchPage(page, { ignoreConsole: [/401/u] });
      await page.goto(`${url}/login?next=/admin`);
      await waitForReady(page);
      await page.fill("#login-username", "docs-admin");
      await page.fill("#login-password", "correct horse battery");
      await page.click("#login-form button[type=submit]");
      await page.waitForURL(/\/admin$/u);
      await waitForReady(page);
      await page.locator("#users-table tbody tr").first().waitFor();
      const people = await page.locator("#users-table tbody td:first-child").allTextContents();
      expect(people).toEqual(expect.arrayContaining(["outsider", "insider", "docs-admin"]));
      // Open the `mat` plan to everyone signed in.
      const row = page.locator("#access-table tbody tr", { hasText: "@mat/ke-hoach-hac-trang.txt" });
      await row.locator("input").fill("");
      await row.locator("button").first().click();
      await page.locator("#admin-status", { hasText: /Đã lưu|Saved/u }).waitFor();
      const outsider = await page.request.get(`${url}/api/documents/mat-ke-hoach-hac-trang`, { headers: { authorization: `Bearer ${auth.tokens.outsider}` } });
      expect(outsider.status()).toBe(200);
      await page.locator("#audit-form select").selectOption("document_access_change");
      await page.locator("#audit-form button").click();
      await page.locator("#audit-table tbody tr", { hasText: "@mat/ke-hoach-hac-trang.txt" }).waitFor();
      expect(await page.locator("#audit-csv").getAttribute("href")).toBe("/api/admin/audit.csv?action=document_access_change");
      expect(await page.locator('.site-nav a[href="/admin"]').count()).toBe(1);
      expect(problems.pageErrors).toEqual([]);
      // A reader is refused the data (the page itself is a static shell).
      const reader = await page.request.get(`${url}/api/admin/users`, { headers: { authorization: `Bearer ${auth.tokens["docs-reader"]}` } });
      expect(reader.status()).toBe(403);
    } finally {
      await context.close();
    }
  }, 120_000);
});
