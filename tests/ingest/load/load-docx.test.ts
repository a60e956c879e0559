import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { loadDocx, type LoadDocxOptions } from "../../../ingest/load/load-docx.js";

const samples = new URL("../../fixtures/samples/", import.meta.url);
const readSample = (name: string): Buffer => readFileSync(new URL(name, samples));

const WORD_NAMESPACES =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORD_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

type DocxParts = {
  body: string;
  footnotes?: string;
  numbering?: string;
  /** Where the numbering relationship points, relative to word/. */
  numberingTarget?: string;
  mainContentType?: string;
  /** Extra relationships of the main document (images). */
  relationships?: string;
};

/** A minimal but complete .docx: what Word needs, plus optional footnotes and numbering. */
function buildDocxZip(parts: DocxParts): JSZip {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
      `<Override PartName="/word/document.xml" ContentType="${parts.mainContentType ?? WORD_MAIN_TYPE}"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${RELATIONSHIP}/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  const relationships = [
    `<Relationship Id="rIdS" Type="${RELATIONSHIP}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdF" Type="${RELATIONSHIP}/footnotes" Target="footnotes.xml"/>`,
    parts.relationships ?? "",
  ];
  if (parts.numbering !== undefined) {
    const target = parts.numberingTarget ?? "numbering.xml";
    relationships.push(`<Relationship Id="rIdN" Type="${RELATIONSHIP}/numbering" Target="${target}"/>`);
    zip.file(`word/${target}`, `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${WORD_NAMESPACES}>${parts.numbering}</w:numbering>`);
  }
  zip.file(
    "word/_rels/document.xml.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join("")}</Relationships>`,
  );
  zip.file(
    "word/styles.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:styles ${WORD_NAMESPACES}>` +
      `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
  );
  zip.file(
    "word/footnotes.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${WORD_NAMESPACES}>` +
      `<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>${parts.footnotes ?? ""}</w:footnotes>`,
  );
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document ${WORD_NAMESPACES}><w:body>${parts.body}</w:body></w:document>`);
  return zip;
}

async function buildDocx(parts: DocxParts): Promise<Buffer> {
  return buildDocxZip(parts).generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const escapeXml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const paragraph = (text: string, properties = ""): string =>
  `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ""}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
const listParagraph = (text: string, numId: string, level = "0"): string =>
  paragraph(text, `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`);
const cell = (...texts: string[]): string => `<w:tc>${texts.map((text) => paragraph(text)).join("")}</w:tc>`;

function level(index: number, format: string, text: string, start = 1): string {
  return `<w:lvl w:ilvl="${index}"><w:start w:val="${start}"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/></w:lvl>`;
}

/** Overwrite the size an archive declares for one entry, as a hostile archive would. */
function patchDeclaredSize(zip: Buffer, entryName: string, size: number): Buffer {
  const patched = Buffer.from(zip);
  for (let offset = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); offset !== -1; offset = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), offset + 4)) {
    const nameLength = patched.readUInt16LE(offset + 28);
    if (patched.toString("utf8", offset + 46, offset + 46 + nameLength) === entryName) {
      patched.writeUInt32LE(size, offset + 24);
      return patched;
    }
  }
  throw new Error(`no entry ${entryName}`);
}

async function loadError(bytes: Buffer, options?: LoadDocxOptions): Promise<VanbanError> {
  const error: unknown = await loadDocx(bytes, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VanbanError);
  return error as VanbanError;
}

describe("loadDocx on the samples", () => {
  it.each([
    {
      file: "001_02132e011992bfae.docx",
      contains: [
        "THÔNG BÁO",
        "dừng tiếp nhận công chức kể từ ngày 20/9/2021",
        // Word continues this list after an interrupting paragraph: 3, not 1.
        "\n3. Tập trung cao cho công tác CCHC",
        "\n8. Đồng ý về chủ trương cho Sở Nội vụ",
        "\n- Các sở, cơ quan, địa phương chưa sử dụng hết chỉ tiêu biên chế",
      ],
    },
    {
      file: "002_606ab56a5eb8481a.docx",
      contains: [
        "Ngày 21/4/2026, đồng chí Nguyễn Cảnh Toàn",
        "\nIII. Nhiệm vụ trọng tâm thời gian tới\n",
        "\na) Công tác tổ chức bộ máy, biên chế\n",
        "\ng) Đối với các lĩnh vực quản lý nhà nước",
        "\n3. Đối với nội dung đề xuất, kiến nghị của Sở Nội vụ\n",
      ],
    },
  ])("$file", async ({ file, contains }) => {
    const loaded = await loadDocx(readSample(file));
    expect(loaded.format).toBe("docx");
    expect(loaded.pages).toBeUndefined();
    for (const snippet of contains) expect(loaded.text).toContain(snippet);
    expect(loaded.text).not.toContain("**");
    expect(loaded.text).not.toMatch(/(^|\s)_\S/);
    // Unknown-style chatter from mammoth is not worth a warning.
    expect(loaded.warnings).toEqual([]);
  });
});

describe("loadDocx structure", () => {
  it("keeps headings and paragraphs apart and drops bold", async () => {
    const body =
      paragraph("Điều 1. Phạm vi điều chỉnh", '<w:pStyle w:val="Heading1"/>') +
      `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Sở Nội vụ</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> chủ trì.</w:t></w:r></w:p>`;
    const loaded = await loadDocx(await buildDocx({ body }));
    expect(loaded.text).toBe("Điều 1. Phạm vi điều chỉnh\n\nSở Nội vụ chủ trì.");
  });

  it("writes footnotes as [^N] with definitions at the end", async () => {
    const body =
      `<w:p><w:r><w:t>Căn cứ Nghị định số 10</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>` +
      `<w:r><w:t xml:space="preserve"> của Chính phủ và Thông tư số 2</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>` +
      paragraph("Giao Sở Nội vụ theo dõi.");
    const footnotes =
      `<w:footnote w:id="1">${paragraph("Nghị định số 10/2020/NĐ-CP ngày 01/01/2020.")}</w:footnote>` +
      `<w:footnote w:id="2">${paragraph("Thông tư số 2/2021/TT-BNV.")}</w:footnote>`;
    const loaded = await loadDocx(await buildDocx({ body, footnotes }));
    expect(loaded.text).toBe(
      "Căn cứ Nghị định số 10[^1] của Chính phủ và Thông tư số 2[^2]\n\nGiao Sở Nội vụ theo dõi.\n\n" +
        "[^1]: Nghị định số 10/2020/NĐ-CP ngày 01/01/2020.\n[^2]: Thông tư số 2/2021/TT-BNV.",
    );
  });

  it("writes a data table as its header row, then rows under their column names", async () => {
    const row = (...cells: string[]): string => `<w:tr>${cells.join("")}</w:tr>`;
    const body =
      paragraph("Phụ lục nhiệm vụ") +
      `<w:tbl>${row(cell("STT"), cell("Nhiệm vụ"), cell("Thời hạn"))}${row(cell("1"), cell("Báo cáo", "quý I"), cell("30/6/2024"))}</w:tbl>`;
    const loaded = await loadDocx(await buildDocx({ body }));
    expect(loaded.text).toBe("Phụ lục nhiệm vụ\n\nSTT | Nhiệm vụ | Thời hạn\nSTT: 1; Nhiệm vụ: Báo cáo quý I; Thời hạn: 30/6/2024");
  });

  it("recomputes list numbers: continued lists, restarts, levels, bullets", async () => {
    const numbering =
      `<w:abstractNum w:abstractNumId="10">${level(0, "upperRoman", "%1.")}${level(1, "decimal", "%2.")}${level(2, "lowerLetter", "%3)")}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="20">${level(0, "decimal", "%1.")}${level(1, "decimal", "%1.%2.")}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="30">${level(0, "bullet", "\uf0b7")}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>` +
      `<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>` +
      // Restarts list 20 at 1, as Word's "Restart numbering" does.
      `<w:num w:numId="3"><w:abstractNumId w:val="20"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
      `<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>`;
    const body = [
      listParagraph("Kết quả", "1"),
      listParagraph("Công tác tổ chức", "1", "1"),
      listParagraph("Biên chế", "1", "2"),
      listParagraph("Tuyển dụng", "1", "2"),
      paragraph("Đoạn văn chen giữa."),
      listParagraph("Công tác cán bộ", "1", "1"),
      listParagraph("Nhiệm vụ", "1"),
      listParagraph("Chung", "1", "1"),
      listParagraph("Bước một", "2"),
      listParagraph("Bước một chi tiết", "2", "1"),
      listParagraph("Bước hai", "2"),
      listParagraph("Lần hai, bước một", "3"),
      listParagraph("Ghi chú", "4"),
    ].join("");
    const loaded = await loadDocx(await buildDocx({ body, numbering }));
    expect(loaded.text.split(/\n+/)).toEqual([
      "I. Kết quả",
      "1. Công tác tổ chức",
      "a) Biên chế",
      "b) Tuyển dụng",
      "Đoạn văn chen giữa.",
      "2. Công tác cán bộ",
      "II. Nhiệm vụ",
      "1. Chung",
      "1. Bước một",
      "1.1. Bước một chi tiết",
      "2. Bước hai",
      "1. Lần hai, bước một",
      "- Ghi chú",
    ]);
    expect(loaded.warnings).toEqual([]);
  });

  it("finds the numbering part through the document's relationships", async () => {
    const numbering =
      `<w:abstractNum w:abstractNumId="1">${level(0, "lowerLetter", "%1)", 3)}</w:abstractNum>` +
      `<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>`;
    const body = listParagraph("Công tác thi đua", "1") + listParagraph("Công tác lao động", "1");
    const loaded = await loadDocx(await buildDocx({ body, numbering, numberingTarget: "danh-sach.xml" }));
    expect(loaded.text).toBe("c) Công tác thi đua\n\nd) Công tác lao động");
    expect(loaded.warnings).toEqual([]);
  });
});

describe("loadDocx failures", () => {
  it.each([
    { name: "zero bytes", bytes: Buffer.alloc(0), code: "file_empty" },
    { name: "random bytes", bytes: Buffer.from(Array.from({ length: 2048 }, (_, index) => (index * 7919 + 13) % 256)), code: "file_corrupt" },
    { name: "text named .docx", bytes: Buffer.from("Kế hoạch số 12/KH-UBND"), code: "file_corrupt" },
    { name: "a Word 97-2003 .doc", bytes: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), code: "file_unsupported" },
    {
      name: "a password-protected .docx (OLE container with EncryptedPackage)",
      bytes: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64), Buffer.from("EncryptedPackage", "utf16le")]),
      code: "file_encrypted",
    },
  ])("$name -> $code", async ({ bytes, code }) => {
    expect((await loadError(bytes)).code).toBe(code);
  });

  it("reports a truncated .docx as corrupt", async () => {
    const bytes = readSample("001_02132e011992bfae.docx");
    expect((await loadError(bytes.subarray(0, Math.floor(bytes.length / 2)))).code).toBe("file_corrupt");
  });

  it("reports a ZIP that is not a Word document as corrupt", async () => {
    const zip = new JSZip();
    zip.file("readme.txt", "Không phải văn bản Word");
    const error = await loadError(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    expect(error.code).toBe("file_corrupt");
    expect(error.message).toMatch(/not a Word document/);
  });

  it("reports another Office document named .docx as corrupt", async () => {
    const spreadsheet = buildDocxZip({
      body: paragraph("x"),
      mainContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    });
    const error = await loadError(await spreadsheet.generateAsync({ type: "nodebuffer" }));
    expect(error.code).toBe("file_corrupt");
  });

  it("reports a document of images only as having no text layer", async () => {
    const zip = buildDocxZip({
      body:
        `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="scan"/>` +
        `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
        `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rIdImage"/></pic:blipFill></pic:pic>` +
        `</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
      relationships: `<Relationship Id="rIdImage" Type="${RELATIONSHIP}/image" Target="media/scan1.png"/>`,
    });
    zip.file("word/media/scan1.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const error = await loadError(await zip.generateAsync({ type: "nodebuffer" }));
    expect(error.code).toBe("file_no_text_layer");
    expect(error.message).toMatch(/only images/);
  });

  it("reports a document without text as empty", async () => {
    const error = await loadError(await buildDocx({ body: "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>" }));
    expect(error.code).toBe("file_empty");
  });
});

describe("loadDocx zip bombs", () => {
  // 3.6 MB of one repeated paragraph deflates to a few kB: a ratio far above anything Word writes.
  const compressibleBody = paragraph("Nội dung lặp lại nhiều lần. ".repeat(4)).repeat(25_000);

  it("refuses an entry that claims an absurd compression ratio", async () => {
    const bytes = await buildDocx({ body: compressibleBody });
    const error = await loadError(bytes);
    expect(error.code).toBe("file_too_large");
    expect(error.message).toMatch(/zip bomb/);
    expect(error.message).toMatch(/word\/document\.xml/);
  });

  it("refuses content larger than the limit", async () => {
    const bytes = await buildDocx({ body: paragraph("Một đoạn văn ngắn. ").repeat(200) });
    const error = await loadError(bytes, { maxUncompressedBytes: 10_000 });
    expect(error.code).toBe("file_too_large");
    expect(error.message).toMatch(/zip bomb/);
  });

  it("refuses an archive that declares more than the limit", async () => {
    const bytes = patchDeclaredSize(await buildDocx({ body: paragraph("Văn bản") }), "word/document.xml", 300 * 1024 * 1024);
    const error = await loadError(bytes);
    expect(error.code).toBe("file_too_large");
    expect(error.message).toMatch(/zip bomb/);
  });

  it("stops an archive whose headers understate the size", async () => {
    const bytes = patchDeclaredSize(await buildDocx({ body: compressibleBody }), "word/document.xml", 1000);
    const error = await loadError(bytes, { maxUncompressedBytes: 1024 * 1024 });
    expect(error.code).toBe("file_too_large");
    expect(error.message).toMatch(/expands past 1 MB/);
  });
});
