import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { decodeText } from "../../../ingest/load/decode-text.js";
import { loadText } from "../../../ingest/load/load-text.js";

const sample = "Sở Nội vụ chủ trì, hoàn thành trước ngày 30/6/2024.\nGiao UBND các huyện phối hợp.";

function utf16be(text: string): Buffer {
  const little = Buffer.from(text, "utf16le");
  const big = Buffer.alloc(little.length);
  for (let index = 0; index + 1 < little.length; index += 2) {
    big[index] = little[index + 1] ?? 0;
    big[index + 1] = little[index] ?? 0;
  }
  return big;
}

function expectCode(run: () => unknown, code: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VanbanError);
    expect((error as VanbanError).code).toBe(code);
    return;
  }
  expect.fail(`expected a VanbanError with code ${code}`);
}

describe("decodeText", () => {
  it.each([
    { name: "UTF-8 without BOM", bytes: Buffer.from(sample, "utf8"), encoding: "utf-8" },
    { name: "UTF-8 with BOM (stripped)", bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]), encoding: "utf-8" },
    { name: "UTF-16 LE with BOM", bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, "utf16le")]), encoding: "utf-16le" },
    { name: "UTF-16 BE with BOM", bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(sample)]), encoding: "utf-16be" },
    { name: "UTF-16 LE without BOM (NUL pattern)", bytes: Buffer.from(sample, "utf16le"), encoding: "utf-16le" },
    { name: "UTF-16 BE without BOM (NUL pattern)", bytes: utf16be(sample), encoding: "utf-16be" },
  ])("$name", ({ bytes, encoding }) => {
    const decoded = decodeText(bytes);
    expect(decoded.text).toBe(sample);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.warnings).toEqual([]);
  });

  it("replaces a few invalid UTF-8 sequences and warns", () => {
    const bytes = Buffer.concat([Buffer.from("Quyết định số 12 "), Buffer.from([0xc3, 0x28]), Buffer.from(" năm 2024")]);
    const decoded = decodeText(bytes);
    expect(decoded.text).toBe("Quyết định số 12 \uFFFD( năm 2024");
    expect(decoded.warnings).toHaveLength(1);
    expect(decoded.warnings[0]).toMatch(/1 invalid UTF-8/);
  });

  it("uses a declared single-byte encoding", () => {
    const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in windows-1252
    expect(decodeText(bytes, { declaredEncoding: "windows-1252" }).text).toBe("café");
  });

  it("warns about an unknown declared encoding and reads UTF-8", () => {
    const decoded = decodeText(Buffer.from(sample), { declaredEncoding: "x-no-such-charset" });
    expect(decoded.text).toBe(sample);
    expect(decoded.warnings[0]).toMatch(/Unknown character encoding/);
  });

  it.each([
    { name: "NUL bytes in UTF-8 text", bytes: Buffer.concat([Buffer.from("văn bản"), Buffer.from([0, 1, 2, 0, 0, 7]), Buffer.from("tiếp")]) },
    { name: "control characters", bytes: Buffer.from(`ab${"\u0001\u0002\u0003\u001b".repeat(5)}cd`) },
    { name: "mostly invalid UTF-8", bytes: Buffer.from(Array.from({ length: 400 }, (_, index) => 0x80 + (index % 60))) },
    { name: "a PNG header", bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]) },
  ])("rejects binary content: $name", ({ bytes }) => {
    expectCode(() => decodeText(bytes), "file_binary");
  });
});

describe("loadText", () => {
  it("keeps Markdown as written and normalizes line endings", () => {
    const loaded = loadText(Buffer.from("# Kế hoạch\r\n\r\n**Điều 1.** Giao Sở Nội vụ\r\n- mục một\r"));
    expect(loaded).toEqual({ text: "# Kế hoạch\n\n**Điều 1.** Giao Sở Nội vụ\n- mục một\n", format: "text", warnings: [] });
  });

  it("strips a UTF-8 BOM", () => {
    const loaded = loadText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Số: 12/KH-UBND")]));
    expect(loaded.text).toBe("Số: 12/KH-UBND");
  });

  it.each([
    { name: "zero bytes", bytes: Buffer.alloc(0) },
    { name: "only a BOM and white space", bytes: Buffer.from([0xef, 0xbb, 0xbf, 0x20, 0x0a, 0x09]) },
  ])("rejects $name as file_empty", ({ bytes }) => {
    expectCode(() => loadText(bytes), "file_empty");
  });
});
