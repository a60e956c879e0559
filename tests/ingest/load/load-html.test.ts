import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { loadHtml, sniffMetaCharset } from "../../../ingest/load/load-html.js";

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof VanbanError ? error.code : "not a VanbanError";
  }
  return undefined;
}

describe("loadHtml", () => {
  it("keeps the text of a page and drops its script", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Cổng TTĐT tỉnh</title></head>
      <body><script>document.write("quảng cáo")</script>
      <h1>Kế hoạch số 45/KH-UBND</h1><p>Hoàn thành trước ngày 30/6/2024.</p></body></html>`;
    const loaded = loadHtml(Buffer.from(html));
    expect(loaded).toEqual({
      text: "Kế hoạch số 45/KH-UBND\n\nHoàn thành trước ngày 30/6/2024.",
      format: "html",
      warnings: [],
    });
  });

  it("decodes with the charset a meta tag declares", () => {
    const head = Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>');
    const body = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in windows-1252, invalid as UTF-8
    const loaded = loadHtml(Buffer.concat([head, body, Buffer.from("</p></body></html>")]));
    expect(loaded.text).toBe("café");
    expect(loaded.warnings).toEqual([]);
  });

  it("lets a BOM win over the declared charset", () => {
    const html = '<meta charset="windows-1252"><p>Sở Nội vụ</p>';
    const loaded = loadHtml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, "utf16le")]));
    expect(loaded.text).toBe("Sở Nội vụ");
  });

  it.each([
    { name: "zero bytes", bytes: Buffer.alloc(0), code: "file_empty" },
    { name: "markup without visible text", bytes: Buffer.from("<html><body><script>x()</script></body></html>"), code: "file_empty" },
    { name: "binary data", bytes: Buffer.from([0x3c, 0x70, 0x3e, 0, 0, 0, 1, 2, 3, 0]), code: "file_binary" },
  ])("rejects $name", ({ bytes, code }) => {
    expect(errorCode(() => loadHtml(bytes))).toBe(code);
  });
});

describe("sniffMetaCharset", () => {
  it.each([
    { html: '<meta charset="UTF-8">', expected: "UTF-8" },
    { html: "<meta charset=windows-1258>", expected: "windows-1258" },
    { html: '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">', expected: "iso-8859-1" },
    { html: "<p>charset=utf-8 in text is not a declaration</p>", expected: undefined },
  ])("$html", ({ html, expected }) => {
    expect(sniffMetaCharset(Buffer.from(html))).toBe(expected);
  });
});
