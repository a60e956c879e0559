/**
 * Headless Chromium for the browser tests: Debian's chromium driven by
 * playwright-core (no browser download at npm install). Tests call
 * `findChromium()` and skip with `chromiumSkipReason()` when none is
 * installed, so a unit run on a machine without a browser stays green;
 * CI installs chromium (.ci/run) and runs them for real.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, ConsoleMessage, Frame, Page } from "playwright-core";

/** Where Debian/Ubuntu and the usual packages put a Chromium-based browser. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/lib/chromium/chromium",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
];

/** Flags for a quiet, reproducible headless run inside containers. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Path of an installed Chromium, or undefined. */
export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string | undefined {
  return candidates.find((candidate) => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Message for describe.skipIf when no browser is installed. */
export function chromiumSkipReason(): string {
  return `no Chromium found (looked in ${CHROMIUM_CANDIDATES.join(", ")}); install it with "apt-get install -y chromium" to run the browser tests`;
}

export async function launchBrowser(options: { executablePath?: string } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) throw new Error(chromiumSkipReason());
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** What went wrong on a page: uncaught errors, console errors (CSP violations included) and dialogs. */
export type PageProblems = {
  pageErrors: string[];
  consoleErrors: string[];
  dialogs: string[];
};

/**
 * Records every problem a page reports. Dialogs (alert/confirm) are
 * dismissed and recorded: a script injected through document text would
 * show up here as "alert: 1".
 */
export function watchPage(page: Page, options: { ignoreConsole?: RegExp[] } = {}): PageProblems {
  const problems: PageProblems = { pageErrors: [], consoleErrors: [], dialogs: [] };
  page.on("pageerror", (error) => problems.pageErrors.push(error.message));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (options.ignoreConsole?.some((pattern) => pattern.test(text))) return;
    problems.consoleErrors.push(text);
  });
  page.on("dialog", (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/**
 * Waits until the page's script has wired up its handlers (web/assets/dom.js
 * markReady sets <html data-ready="true">). Module scripts run after the
 * markup is visible, so typing into a field that is merely visible can
 * race the script on a busy machine.
 */
export async function waitForReady(target: Page | Frame, timeout = 30_000): Promise<void> {
  await target.locator('html[data-ready="true"]').waitFor({ state: "attached", timeout });
}

/**
 * Holds every request matching `url` back until the returned function is
 * called: a page's script then runs late, as on a slow network, so a test can
 * act on the markup before the script is there.
 */
export async function holdBack(page: Page, url: string): Promise<() => void> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** A fresh context (own storage) with clipboard access and a given viewport. */
export async function newContext(
  browser: Browser,
  options: { width?: number; height?: number; origin?: string; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale ?? "vi-VN",
    deviceScaleFactor: 1,
  });
  if (options.origin) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: options.origin });
  return context;
}

/**
 * Serves one HTML page on another port of the loopback interface, reached
 * as "localhost": another origin than a server on 127.0.0.1, yet on the same
 * machine, so Chromium's local-network rules do not get in the way. Used to
 * embed the search widget from a foreign page.
 */
export async function startHostPage(html: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
