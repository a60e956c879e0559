import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createDeflate, createDeflateRaw } from "node:zlib";
import { createRandom } from "./generate-corpus.js";

/**
 * Hostile files for the robustness probes (tests/faults/hostile-files.test.ts,
 * `npm run bench`), written by the program, never committed:
 *
 * - pages: a PDF of about 13 KB whose page tree repeats shared references to
 *   declare 1,000,000 pages (text extraction would visit every one);
 * - flate: a PDF whose one content stream inflates to about 1 GB;
 * - docx: a DOCX whose document.xml expands about six times, to 190 MB (under
 *   any ratio check; mammoth would build the whole tree);
 * - one-line: a text of 49 MB without a line break.
 *
 * Sizes are parameters: the tests use small ones with small limits.
 */
export type HostileKind = "pages" | "flate" | "docx" | "one-line";

export type HostileFile = { kind: HostileKind; name: string; bytes: number; /** The budget limit the file must hit. */ limit: string };

export type HostileSizes = { declaredPages: number; flateBytes: number; docxBytes: number; textBytes: number };

/** The sizes of the probes. */
export const FULL_SIZES: HostileSizes = { declaredPages: 1_000_000, flateBytes: 1024 ** 3, docxBytes: 190 * 1024 ** 2, textBytes: 49 * 1024 ** 2 };

const LIMIT_OF: Record<HostileKind, string> = { pages: "pages", flate: "inflated-size", docx: "inflated-size", "one-line": "text-size" };

export async function writeHostileFiles(options: { directory: string; sizes: HostileSizes; seedText: string; kinds?: readonly HostileKind[] }): Promise<HostileFile[]> {
  const kinds = options.kinds ?? (["pages", "flate", "docx", "one-line"] as const);
  const written: HostileFile[] = [];
  for (const kind of kinds) {
    const name = { pages: "hostile-pages.pdf", flate: "hostile-flate.pdf", docx: "hostile-expanding.docx", "one-line": "hostile-one-line.txt" }[kind];
    const file = path.join(options.directory, name);
    let bytes: number;
    if (kind === "pages") bytes = await writeBytes(file, manyPagesPdf(options.sizes.declaredPages));
    else if (kind === "flate") bytes = await writeBytes(file, await flateBombPdf(options.sizes.flateBytes));
    else if (kind === "docx") bytes = await writeBytes(file, await expandingDocx({ xmlBytes: options.sizes.docxBytes, seedText: options.seedText }));
    else bytes = await writeOneLineText(file, { bytes: options.sizes.textBytes, seedText: options.seedText });
    written.push({ kind, name, bytes, limit: LIMIT_OF[kind] });
  }
  return written;
}

/** The five seed texts joined, as generator material. */
export async function readSeedText(seedsDir: string): Promise<string> {
  const names = ["000_492514bbfbcde4f8.txt", "001_02132e011992bfae.txt", "002_606ab56a5eb8481a.txt", "003_66615375c7bf5e13.txt", "004_38b8e90ea4ed07a7.txt"];
  return (await Promise.all(names.map((name) => readFile(path.join(seedsDir, name), "utf8")))).join("\n");
}

async function writeBytes(file: string, bytes: Uint8Array): Promise<number> {
  await writeFile(file, bytes);
  return bytes.length;
}

/**
 * A PDF whose root /Pages node lists the same intermediate node a thousand
 * times, which lists the same page a thousand times: `declaredPages` pages
 * (rounded to a square) from a dozen objects.
 */
export function manyPagesPdf(declaredPages: number): Buffer {
  const fanOut = Math.max(1, Math.round(Math.sqrt(declaredPages)));
  const content = "BT /F1 12 Tf 72 720 Td (Trang lap lai) Tj ET";
  return buildPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${"3 0 R ".repeat(fanOut).trimEnd()}] /Count ${fanOut * fanOut} >>`,
    `<< /Type /Pages /Parent 2 0 R /Kids [${"4 0 R ".repeat(fanOut).trimEnd()}] /Count ${fanOut} >>`,
    "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
    { dictionary: `<< /Length ${content.length} >>`, data: Buffer.from(content, "latin1") },
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

/** A one-page PDF whose content stream (Flate) inflates to `inflatedBytes` of text-drawing operators. */
export async function flateBombPdf(inflatedBytes: number): Promise<Buffer> {
  const random = createRandom(17);
  const deflater = createDeflate({ level: 9 });
  const compressed = collect(deflater);
  let produced = 0;
  // Lines differ a little (positions, a number), as real content does; the block repeats within
  // deflate's 32 KB window, so the stream compresses about 300 to 1.
  const block = () => {
    const lines: string[] = [];
    for (let index = 0; index < 24; index++) lines.push(`BT /F1 9 Tf 72 ${700 - (index % 60) * 11} Td (Dong ${Math.floor(random() * 4)}) Tj ET`);
    return Buffer.from(`${lines.join("\n")}\n`, "latin1");
  };
  const pattern = block();
  while (produced < inflatedBytes) {
    const piece = produced + pattern.length <= inflatedBytes ? pattern : pattern.subarray(0, inflatedBytes - produced);
    produced += piece.length;
    if (!deflater.write(piece)) await new Promise((resolve) => deflater.once("drain", resolve));
  }
  deflater.end();
  const data = await compressed;
  return buildPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    { dictionary: `<< /Length ${data.length} /Filter /FlateDecode >>`, data },
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

type PdfObject = string | { dictionary: string; data: Buffer };

/** Objects 1..n with a correct cross-reference table. */
function buildPdf(objects: readonly PdfObject[]): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(offset);
    const piece =
      typeof object === "string"
        ? Buffer.from(`${index + 1} 0 obj\n${object}\nendobj\n`, "latin1")
        : Buffer.concat([Buffer.from(`${index + 1} 0 obj\n${object.dictionary}\nstream\n`, "latin1"), object.data, Buffer.from("\nendstream\nendobj\n", "latin1")]);
    parts.push(piece);
    offset += piece.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, "0000000000 65535 f \n", ...offsets.map((at) => `${String(at).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

/**
 * A DOCX whose document.xml holds `xmlBytes` of paragraphs of words drawn at
 * random from the seed texts: it deflates about six to one, like real Word
 * XML, so no compression-ratio check sees a bomb.
 */
export async function expandingDocx(options: { xmlBytes: number; seedText: string }): Promise<Buffer> {
  // The most frequent words only: drawn from the whole vocabulary the text would compress too little.
  const counts = new Map<string, number>();
  for (const word of options.seedText.split(/\s+/u)) {
    if (/\p{L}/u.test(word) && !/[<>&]/u.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const words = [...counts].sort((a, b) => b[1] - a[1]).slice(0, VOCABULARY).map(([word]) => word);
  const random = createRandom(29);
  const deflater = createDeflateRaw({ level: 6 });
  const compressed = collect(deflater);
  let checksum = 0;
  let produced = 0;
  const write = async (text: string) => {
    const piece = Buffer.from(text, "utf8");
    checksum = crc32(piece, checksum);
    produced += piece.length;
    if (!deflater.write(piece)) await new Promise((resolve) => deflater.once("drain", resolve));
  };
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const tail = "</w:body></w:document>";
  await write(head);
  while (produced < options.xmlBytes - tail.length) {
    const paragraph: string[] = [];
    const count = 20 + Math.floor(random() * 60);
    for (let index = 0; index < count; index++) paragraph.push(words[Math.floor(random() * words.length)]!);
    await write(`<w:p><w:r><w:t xml:space="preserve">${paragraph.join(" ")}.</w:t></w:r></w:p>`);
  }
  await write(tail);
  deflater.end();
  const documentXml: ZipPart = { name: "word/document.xml", compressed: await compressed, method: 8, crc: checksum, uncompressedSize: produced };
  return buildZip([
    storedPart(
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    storedPart(
      "_rels/.rels",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    documentXml,
  ]);
}

/** Words the DOCX draws from: about six to one once deflated, like real Word XML. */
const VOCABULARY = 40;

/** One part of a hand-written ZIP archive (declared sizes may lie). */
export type ZipPart = { name: string; compressed: Buffer; method: 0 | 8; uncompressedSize: number; crc: number };

/** A ZIP archive written by hand, so that sizes and ratios are exactly what a probe needs (and may lie). */
export function buildZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.compressed.length, 18);
    local.writeUInt32LE(part.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.compressed.length, 20);
    central.writeUInt32LE(part.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + part.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A part stored as it is (method 0). */
export function storedPart(name: string, text: string): ZipPart {
  const data = Buffer.from(text, "utf8");
  return { name, compressed: data, method: 0, uncompressedSize: data.length, crc: crc32(data) };
}

/** `bytes` of the seed prose on one line (all white space made single spaces). */
export async function writeOneLineText(file: string, options: { bytes: number; seedText: string }): Promise<number> {
  const line = Buffer.from(`${options.seedText.replace(/\s+/gu, " ").trim()} `, "utf8");
  let written = 0;
  await pipeline(
    (function* () {
      while (written < options.bytes) {
        const piece = written + line.length <= options.bytes ? line : line.subarray(0, options.bytes - written);
        written += piece.length;
        yield piece;
      }
    })(),
    createWriteStream(file),
  );
  return written;
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }),
  ).then(() => Buffer.concat(chunks));
}
