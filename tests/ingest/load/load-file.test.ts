import { copyFile, mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { detectFormat } from "../../../ingest/load/detect-format.js";
import { loadFile } from "../../../ingest/load/load-file.js";

const samples = fileURLToPath(new URL("../../fixtures/samples/", import.meta.url));
const megabyte = 1024 * 1024;
const limits = { maxBytes: 50 * megabyte };
let directory = "";

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "vanban-load-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function loadError(path: string, options = limits): Promise<VanbanError> {
  const error: unknown = await loadFile(path, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VanbanError);
  return error as VanbanError;
}

describe("detectFormat", () => {
  it.each([
    ["a/b/kế-hoạch.pdf", "pdf"],
    ["QUYET-DINH.PDF", "pdf"],
    ["thong-bao.docx", "docx"],
    ["ghi-chu.txt", "text"],
    ["README.md", "text"],
    ["trang.html", "html"],
    ["trang.HTM", "html"],
    ["cu.doc", "doc"],
    ["CU.DOC", "doc"],
    ["bang.xlsx", undefined],
    ["khong-duoi", undefined],
    ["pdf", undefined],
  ])("%s -> %s", (path, format) => {
    expect(detectFormat(path)).toBe(format);
  });
});

describe("loadFile", () => {
  it.each([
    { file: "000_492514bbfbcde4f8.pdf", format: "pdf", pages: 5, contains: "30/6/2024" },
    { file: "001_02132e011992bfae.docx", format: "docx", pages: undefined, contains: "20/9/2021" },
    { file: "002_606ab56a5eb8481a.docx", format: "docx", pages: undefined, contains: "21/4/2026" },
  ])("loads $file as $format", async ({ file, format, pages, contains }) => {
    const loaded = await loadFile(join(samples, file), limits);
    expect(loaded.format).toBe(format);
    expect(loaded.pages).toBe(pages);
    expect(loaded.text).toContain(contains);
  });

  it("dispatches on the extension, whatever the case", async () => {
    const path = join(directory, "COPY.PDF");
    await copyFile(join(samples, "004_38b8e90ea4ed07a7.pdf"), path);
    expect((await loadFile(path, limits)).pages).toBe(13);
  });

  it.each([
    { name: "ghi-chu.md", content: "# Kế hoạch\n\nGiao **Sở Nội vụ**.", text: "# Kế hoạch\n\nGiao **Sở Nội vụ**.", format: "text" },
    { name: "trang.htm", content: "<p>Giao <b>Sở Nội vụ</b>.</p><script>x()</script>", text: "Giao Sở Nội vụ.", format: "html" },
  ])("loads $name", async ({ name, content, text, format }) => {
    const path = join(directory, name);
    await writeFile(path, content);
    expect(await loadFile(path, limits)).toEqual({ text, format, warnings: [] });
  });

  it("refuses a file over the limit before reading it", async () => {
    const path = join(directory, "big.pdf");
    const handle = await open(path, "w");
    // Sparse: the size is real, the disk blocks are not.
    await handle.truncate(50 * megabyte + 1);
    await handle.close();
    const error = await loadError(path);
    expect(error.code).toBe("file_too_large");
    expect(error.message).toMatch(/50\.0 MB/);
  });

  it("accepts a file of exactly the limit", async () => {
    const path = join(directory, "exact.txt");
    await writeFile(path, "Sở Nội vụ");
    const size = Buffer.byteLength("Sở Nội vụ");
    expect((await loadFile(path, { maxBytes: size })).text).toBe("Sở Nội vụ");
    expect((await loadError(path, { maxBytes: size - 1 })).code).toBe("file_too_large");
  });

  it.each([
    { name: "empty.pdf", content: Buffer.alloc(0), code: "file_empty" },
    { name: "empty.docx", content: Buffer.alloc(0), code: "file_empty" },
    { name: "random.docx", content: Buffer.from(Array.from({ length: 1000 }, (_, index) => (index * 31 + 7) % 256)), code: "file_corrupt" },
    { name: "binary.txt", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), code: "file_binary" },
    { name: "not-word.doc", content: Buffer.from("x"), code: "file_corrupt" },
    { name: "sheet.xls", content: Buffer.from("x"), code: "file_unsupported" },
    { name: "no-extension", content: Buffer.from("x"), code: "file_unsupported" },
  ])("$name -> $code", async ({ name, content, code }) => {
    const path = join(directory, name);
    await writeFile(path, content);
    expect((await loadError(path)).code).toBe(code);
  });

  it("names the supported types when refusing one", async () => {
    const error = await loadError(join(directory, "bang.xlsx"));
    expect(error.code).toBe("file_unsupported");
    expect(error.message).toContain(".pdf, .docx, .doc, .txt, .md, .html, .htm");
  });

  it("reports a missing file or a directory as unreadable", async () => {
    const missing = await loadError(join(directory, "khong-co.pdf"));
    expect(missing.code).toBe("file_unreadable");
    expect((missing.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
    const folder = join(directory, "folder.txt");
    await mkdir(folder);
    expect((await loadError(folder)).code).toBe("file_unreadable");
  });
});
