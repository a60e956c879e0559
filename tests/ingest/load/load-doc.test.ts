import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import CFB from "cfb";
import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { loadDoc } from "../../../ingest/load/load-doc.js";
import { loadDocx } from "../../../ingest/load/load-docx.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, "../../fixtures");
const read = (file: string) => readFile(path.join(fixtures, file));

function expectCode(run: () => unknown, code: string): VanbanError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VanbanError);
    expect((error as VanbanError).code).toBe(code);
    expect((error as VanbanError).message.length).toBeGreaterThan(20);
    return error as VanbanError;
  }
  return expect.fail(`expected a VanbanError with code ${code}`);
}

describe("loadDoc on a real Word 97-2003 letter (Cục Hóa chất, corpus-dev)", () => {
  it("gives the same structure as a DOCX: header paragraphs, headings, bullets, list numbers in a table", async () => {
    const loaded = loadDoc(await read("word97/cv-cuchc-logistic-viet-trung.doc"));
    expect(loaded.format).toBe("doc");
    const lines = loaded.text.split(/\n+/u);
    // The header table is layout: its cells are paragraphs the header parser reads.
    expect(lines.slice(0, 4)).toEqual(["BỘ CÔNG THƯƠNG", "CỤC HOÁ CHẤT", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]);
    expect(lines).toContain("Số: /HC-QLHC");
    expect(lines).toContain("I. Tài liệu theo quy định tại Nghị định số 161/2024/NĐ-CP");
    expect(lines).toContain("- Cục trưởng (để báo cáo);");
    // The STT column holds Word list numbers ("1.", "2." …) that are not in the text stream.
    expect(lines).toContain("STT | Tài liệu | Nội dung cần rà soát, chỉnh sửa");
    const rows = lines.filter((line) => line.startsWith("STT: "));
    expect(rows.map((row) => row.slice(0, 7))).toEqual(["STT: 1;", "STT: 2;", "STT: 3;", "STT: 4;", "STT: 5;", "STT: 6;"]);
    expect(rows[4]).toBe("STT: 5; Tài liệu: Phương án tổ chức vận chuyển hàng hóa nguy hiểm; Nội dung cần rà soát, chỉnh sửa: Đề nghị Công ty bổ sung theo mẫu quy định tại Phụ lục V kèm theo Nghị định số 161/2024/NĐ-CP");
    expect(loaded.legacyEncoding).toBeUndefined();
  });
});

describe("loadDoc on the sample notice 000 saved as Word 97 by LibreOffice", () => {
  it("reads the text, the deadline sentence and the footnotes as [^N]", async () => {
    const loaded = loadDoc(await read("legacy/000.doc"));
    expect(loaded.text).toContain("hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.");
    expect(loaded.text).toMatch(/lĩnh vực nội vụ\[\^1\]/u);
    expect(loaded.text).toMatch(/\n\[\^1\]: nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên/u);
  });
});

describe("runs set in TCVN3 and VNI fonts", () => {
  const expected = [
    "THÔNG BÁO KẾT LUẬN",
    "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính hoàn thành việc sắp xếp đơn vị hành chính cấp xã trước ngày 30/6/2024.",
    "Giao Sở Xây dựng tham mưu Ủy ban nhân dân tỉnh điều chỉnh quy hoạch trong quý III năm 2024.",
  ].join("\n\n");

  it("converts a .doc's .VnTime and VNI-Times runs and records it", async () => {
    const loaded = loadDoc(await read("legacy/vntime-runs.doc"));
    expect(loaded.text).toBe(expected);
    expect(loaded.legacyEncoding).toEqual({ encodings: ["tcvn3", "vni"], scope: "runs", source: "fonts", runs: 2, fonts: [".VnTime", "VNI-Times"] });
  });

  it("converts the same runs in a .docx (the TCVN3 'ư' saved as a soft hyphen included)", async () => {
    const loaded = await loadDocx(await read("legacy/vntime-runs.docx"));
    expect(loaded.text).toBe(expected);
    expect(loaded.legacyEncoding).toEqual({ encodings: ["tcvn3", "vni"], scope: "runs", source: "fonts", runs: 2, fonts: [".VnTime", "VNI-Times"] });
  });
});

describe("loadDoc refuses what it cannot read, with a reason", () => {
  it("refuses an empty file, random bytes, a DOCX or an RTF named .doc", () => {
    expectCode(() => loadDoc(Buffer.alloc(0)), "file_empty");
    expectCode(() => loadDoc(Buffer.from(Array.from({ length: 4000 }, (_, index) => (index * 73 + 11) % 256))), "file_corrupt");
    expectCode(() => loadDoc(Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(100)])), "file_unsupported");
    expectCode(() => loadDoc(Buffer.from("{\\rtf1\\ansi Văn bản}")), "file_unsupported");
  });

  it("refuses an OLE file that holds no Word document (an .xls saved as .doc)", () => {
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, "Workbook", Buffer.from("not a Word stream"));
    const bytes = CFB.write(container, { type: "buffer" }) as Buffer;
    expect(expectCode(() => loadDoc(bytes), "file_corrupt").message).toMatch(/no WordDocument stream/u);
  });

  it("refuses a truncated document and a password-protected one", async () => {
    const bytes = await read("legacy/000.doc");
    expectCode(() => loadDoc(bytes.subarray(0, Math.floor(bytes.length * 0.5))), "file_corrupt");
    // fEncrypted in the File Information Block of the WordDocument stream.
    const container = CFB.read(bytes, { type: "buffer" });
    const main = CFB.find(container, "WordDocument")!;
    const stream = Buffer.from(main.content as Uint8Array);
    stream.writeUInt16LE(stream.readUInt16LE(0x0a) | 0x0100, 0x0a);
    main.content = stream;
    expectCode(() => loadDoc(CFB.write(container, { type: "buffer" }) as Buffer), "file_encrypted");
  });
});

// Tests-only comparison with antiword (Debian), which reads every .doc of corpus-dev: the words
// antiword finds must be found by Vanban too. Skips where antiword or corpus-dev is missing.
const corpus = path.resolve(here, "../../../../../shared/corpus-dev/laocai");
const corpusDir = existsSync(corpus) ? corpus : "/work/shared/corpus-dev/laocai";
const hasAntiword = (() => {
  try {
    execFileSync("antiword", ["-h"], { stdio: "ignore" });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined;
  }
})();
const docFiles = existsSync(corpusDir) ? readdirSync(corpusDir).filter((file) => file.endsWith(".doc")) : [];

describe.skipIf(!hasAntiword || docFiles.length === 0)("every .doc of corpus-dev against antiword", () => {
  const words = (text: string) => text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const counts = (list: string[]) => list.reduce((map, word) => map.set(word, (map.get(word) ?? 0) + 1), new Map<string, number>());

  it.each(docFiles)("%s: token recall vs antiword ≥ 0.99", async (file) => {
    const ours = counts(words(loadDoc(await readFile(path.join(corpusDir, file))).text));
    const theirs = counts(words(execFileSync("antiword", ["-m", "UTF-8.txt", "-w", "0", path.join(corpusDir, file)], { maxBuffer: 1 << 28 }).toString("utf8")));
    let found = 0;
    let total = 0;
    for (const [word, count] of theirs) {
      total += count;
      found += Math.min(count, ours.get(word) ?? 0);
    }
    expect(total).toBeGreaterThan(100);
    expect(found / total).toBeGreaterThanOrEqual(0.99);
  }, 60_000);
});
