import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { ZipEntryTooLargeError, inflateZipEntry, isZip, readZipDirectory } from "../../../ingest/load/read-zip-directory.js";

async function buildZip(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("word/document.xml", "<w:document>Sở Nội vụ</w:document>".repeat(100), { compression: "DEFLATE" });
  zip.file("stored.txt", "lưu nguyên", { compression: "STORE" });
  return zip.generateAsync({ type: "nodebuffer" });
}

describe("readZipDirectory", () => {
  it("lists entries with their declared sizes", async () => {
    const bytes = await buildZip();
    expect(isZip(bytes)).toBe(true);
    const entries = readZipDirectory(bytes);
    expect(entries.map((entry) => [entry.name, entry.method, entry.uncompressedSize])).toEqual([
      ["word/", 0, 0],
      ["word/document.xml", 8, Buffer.byteLength("<w:document>Sở Nội vụ</w:document>") * 100],
      ["stored.txt", 0, Buffer.byteLength("lưu nguyên")],
    ]);
    const document = entries[1];
    expect(document && document.compressedSize < document.uncompressedSize).toBe(true);
  });

  it("inflates an entry within its budget and stops past it", async () => {
    const bytes = await buildZip();
    const [, document, stored] = readZipDirectory(bytes);
    if (!document || !stored) throw new Error("entries missing");
    expect(inflateZipEntry(bytes, document, 1_000_000).toString("utf8")).toBe("<w:document>Sở Nội vụ</w:document>".repeat(100));
    expect(inflateZipEntry(bytes, stored, 100).toString("utf8")).toBe("lưu nguyên");
    expect(() => inflateZipEntry(bytes, document, 100)).toThrow(ZipEntryTooLargeError);
    expect(() => inflateZipEntry(bytes, stored, 5)).toThrow(ZipEntryTooLargeError);
  });

  it.each([
    { name: "a truncated archive", cut: (bytes: Buffer) => bytes.subarray(0, bytes.length - 30) },
    { name: "only the first half", cut: (bytes: Buffer) => bytes.subarray(0, bytes.length / 2) },
  ])("reports $name as file_corrupt", async ({ cut }) => {
    const bytes = cut(await buildZip());
    let error: unknown;
    try {
      readZipDirectory(bytes);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(VanbanError);
    expect((error as VanbanError).code).toBe("file_corrupt");
  });
});
