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

describe("text that is not language", () => {
  /** Random bytes, the same on every run. */
  function noise(seed: number, length: number): Buffer {
    let state = seed;
    return Buffer.from(Array.from({ length }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state >> 16;
    }));
  }

  it.each([
    { name: "binary noise behind a UTF-16 LE byte-order mark", bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), noise(7, 8000)]) },
    { name: "binary noise behind a UTF-16 BE byte-order mark", bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), noise(8, 8000)]) },
    { name: "UTF-16 noise with an unpaired surrogate in every few units", bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Array.from({ length: 400 }, (_, index) => (index % 3 === 0 ? [0x00, 0xd8] : [0x41, 0x4e])).flat())]) },
    { name: "Han text (not Vietnamese)", bytes: Buffer.from("中华人民共和国国务院关于加强地方政府性债务管理的意见。各省、自治区、直辖市人民政府。".repeat(3)) },
    { name: "private-use code points", bytes: Buffer.from("\ue000\ue001\ue002\ue003 văn bản ".repeat(40)) },
  ])("refuses $name with file_not_language and a reason", ({ bytes }) => {
    try {
      decodeText(bytes);
      expect.fail("expected file_not_language");
    } catch (error) {
      expect((error as VanbanError).code).toBe("file_not_language");
      expect((error as VanbanError).message).toMatch(/surrogate|Latin script|unassigned|private-use/u);
    }
  });

  it("keeps a real text with one stray surrogate, with a warning", () => {
    const text = `${sample} `.repeat(40);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le"), Buffer.from([0x00, 0xd8]), Buffer.from(" hết", "utf16le")]);
    const decoded = decodeText(bytes);
    expect(decoded.text).toContain("Sở Nội vụ");
    expect(decoded.warnings[0]).toMatch(/unpaired UTF-16 surrogate/u);
  });

  it("keeps Vietnamese with a few words of Chinese or Russian", () => {
    const text = `${sample} Tên tiếng Trung: 老街省人民委员会; tiếng Nga: Лаокай.`;
    expect(decodeText(Buffer.from(text)).text).toBe(text);
  });
});

describe("loadText with legacy Vietnamese encodings", () => {
  const cp1252 = (text: string) => {
    const decoder = new TextDecoder("windows-1252");
    const byteOf = new Map<string, number>();
    for (let byte = 0; byte < 256; byte += 1) byteOf.set(decoder.decode(Uint8Array.of(byte)), byte);
    return Buffer.from([...text].map((character) => byteOf.get(character) ?? 0x3f));
  };
  const tcvn3 = "Th«ng b¸o kÕt luËn\r\nSë Néi vô hoµn thµnh viÖc nép hå s¬ vÒ Bé Néi vô tr\u00adíc ngµy 30/6/2024.";
  const vni = "Thoâng baùo keát luaän\r\nSôû Noäi vuï hoaøn thaønh vieäc noäp hoà sô veà Boä Noäi vuï tröôùc ngaøy 30/6/2024.";
  const unicode = "Thông báo kết luận\nSở Nội vụ hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.";

  it.each([
    { name: "TCVN3 bytes", bytes: cp1252(tcvn3), encoding: "tcvn3", source: "bytes" },
    { name: "VNI bytes", bytes: cp1252(vni), encoding: "vni", source: "bytes" },
    { name: "TCVN3 read through cp1252 and saved as UTF-8", bytes: Buffer.from(tcvn3), encoding: "tcvn3", source: "mojibake" },
    { name: "VNI read through cp1252 and saved as UTF-8", bytes: Buffer.from(vni), encoding: "vni", source: "mojibake" },
  ])("converts $name to Unicode and records it", ({ bytes, encoding, source }) => {
    const loaded = loadText(bytes);
    expect(loaded.text).toBe(unicode);
    expect(loaded.legacyEncoding).toMatchObject({ encodings: [encoding], scope: "file", source });
  });

  it("leaves a Unicode file alone", () => {
    expect(loadText(Buffer.from(unicode)).legacyEncoding).toBeUndefined();
  });

  it("reads a cp1252 French file as before: replacement characters and a warning, no conversion", () => {
    const loaded = loadText(cp1252("Le comité a décidé que l'élève présentera son mémoire."));
    expect(loaded.legacyEncoding).toBeUndefined();
    expect(loaded.warnings[0]).toMatch(/invalid UTF-8/u);
  });
});
