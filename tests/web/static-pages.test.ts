/**
 * Static checks of web/: the pages must run under a strict CSP (no inline
 * script, handler or style), load nothing from a CDN, never write data as
 * HTML, and have every UI string in Vietnamese and English.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasTranslation } from "../../web/assets/i18n.js";
import { WEB_DIR } from "./fake-api.js";

const htmlFiles = fs.readdirSync(WEB_DIR).filter((name) => name.endsWith(".html") && name !== "tasks.html");
const ownScripts = [
  ...fs.readdirSync(path.join(WEB_DIR, "assets")).filter((name) => name.endsWith(".js") && !name.startsWith("tasks.")).map((name) => path.join("assets", name)),
  "widget.js",
];
const read = (relative: string) => fs.readFileSync(path.join(WEB_DIR, relative), "utf8");

describe("web pages", () => {
  it("include the pages of issue 4", () => {
    expect(htmlFiles.sort()).toEqual(["admin.html", "api-reference.html", "document.html", "documents.html", "embed-search.html", "example-widget.html", "index.html", "login.html", "search.html"]);
  });

  it.each(htmlFiles)("%s has no inline script, handler or style and no outside URL", (file) => {
    const html = read(file).replace(/<!--[\s\S]*?-->/gu, "").replace(/<pre[\s\S]*?<\/pre>/gu, "");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/iu);
    expect(html).not.toMatch(/\son[a-z]+\s*=/iu);
    expect(html).not.toMatch(/\sstyle\s*=/iu);
    expect(html).not.toMatch(/<style/iu);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//iu);
  });

  it.each(ownScripts)("%s never parses data as HTML", (file) => {
    const code = read(file).replace(/^\s*(?:\*|\/\/).*$/gmu, "");
    expect(code).not.toMatch(/\.(?:innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*["']style["']/u);
  });

  it("has every UI string in both languages", () => {
    // Keys built at run time (`search.facet.${name}`) are listed by hand.
    const keys = new Set<string>(["search.facet.province", "search.facet.year", "search.facet.type", ...["open", "done", "ongoing", "overdue"].map((status) => `task.status.${status}`), ...["heading", "document", "wording"].map((source) => `task.deadline.${source}`)]);
    for (const file of htmlFiles) {
      for (const match of read(file).matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/gu)) if (match[1]) keys.add(match[1]);
    }
    for (const file of ownScripts) {
      for (const match of read(file).matchAll(/\bt\(\s*"([^"]+)"/gu)) if (match[1]) keys.add(match[1]);
    }
    expect(keys.size).toBeGreaterThan(60);
    const missing = [...keys].flatMap((key) => (["vi", "en"] as const).filter((language) => !hasTranslation(key, language)).map((language) => `${language}:${key}`));
    expect(missing).toEqual([]);
  });
});
