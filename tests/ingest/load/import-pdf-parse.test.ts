import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importPdfParse, restoreIntrinsics } from "../../../ingest/load/import-pdf-parse.js";
import { loadPdf } from "../../../ingest/load/load-pdf.js";

const isNative = (fn: unknown) => typeof fn === "function" && /\[native code\]/u.test(Function.prototype.toString.call(fn));

describe("importPdfParse", () => {
  it("loads pdf-parse and leaves Array.prototype.push and JSON.parse native", async () => {
    expect(isNative(Array.prototype.push)).toBe(true);
    const module = await importPdfParse();
    expect(typeof module.PDFParse).toBe("function");
    const loaded = await loadPdf(readFileSync(new URL("../../fixtures/samples/000_492514bbfbcde4f8.pdf", import.meta.url)));
    expect(loaded.text).toContain("Nội vụ");
    expect(isNative(Array.prototype.push)).toBe(true);
    expect(isNative(JSON.parse)).toBe(true);
    // What pdfjs adds and needs on Node 20 stays.
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe("function");
  });

  it("imports once", async () => {
    expect(importPdfParse()).toBe(importPdfParse());
  });
});

describe("restoreIntrinsics", () => {
  it("puts back replaced properties and keeps added ones", () => {
    const target: Record<string, unknown> = { kept: 1, replaced: "native" };
    const snapshot = Reflect.ownKeys(target).map((key) => ({ target, key, descriptor: Object.getOwnPropertyDescriptor(target, key)! }));
    target.replaced = "polyfill";
    target.added = true;
    expect(restoreIntrinsics(snapshot)).toEqual(["replaced"]);
    expect(target).toEqual({ kept: 1, replaced: "native", added: true });
  });
});
