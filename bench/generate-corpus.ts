import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/**
 * Synthetic corpora for the benchmark: documents recombined from the sections
 * of the seed texts (tests/fixtures/seeds/*.txt), each with its own province,
 * date, document number, signer and renumbered headings, and with the dates,
 * years and figures inside the borrowed sections varied. A fixed seed gives
 * the same corpus on every machine, so runs are comparable.
 *
 * The text is recombined, not invented: retrieval sees the real vocabulary and
 * the boilerplate density of government directives (many near-duplicate
 * passages across provinces), which is the hard case for both BM25 ties and
 * HNSW graphs.
 */

/** Bump when the output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 2;

/** Provinces and centrally-run cities (real names, before the 2025 mergers). */
export const PROVINCES: readonly string[] = [
  "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
  "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
  "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
  "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
  "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
  "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
  "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh",
  "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
];

const CITIES = new Set(["Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng", "Hồ Chí Minh"]);

/** Province names that occur in the seed texts; they are replaced by the generated document's province. */
const SEED_PROVINCES = ["Bắc Giang", "Hưng Yên", "Lạng Sơn"];

const DEPARTMENTS = [
  "Nội vụ", "Tài chính", "Xây dựng", "Tư pháp", "Y tế", "Giáo dục và Đào tạo", "Công Thương", "Nông nghiệp và Môi trường",
  "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch", "Kế hoạch và Đầu tư", "Giao thông vận tải", "Lao động - Thương binh và Xã hội",
];

const DOCUMENT_KINDS = [
  { type: "KẾ HOẠCH", code: "KH", titles: ["Triển khai công tác {field} năm {year}", "Thực hiện nhiệm vụ trọng tâm ngành {field} năm {year}", "Cải cách hành chính trên địa bàn tỉnh năm {year}"] },
  { type: "THÔNG BÁO", code: "TB", titles: ["Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở {field}", "Kết luận của Phó Chủ tịch UBND tỉnh về tình hình thực hiện nhiệm vụ năm {year} của Sở {field}"] },
  { type: "BÁO CÁO", code: "BC", titles: ["Kết quả thực hiện nhiệm vụ {field} năm {year}", "Tình hình thực hiện nhiệm vụ 6 tháng đầu năm {year} của Sở {field}"] },
  { type: "QUYẾT ĐỊNH", code: "QĐ", titles: ["Ban hành Chương trình công tác ngành {field} năm {year}", "Phê duyệt Đề án vị trí việc làm của Sở {field}"] },
  { type: "CHỈ THỊ", code: "CT", titles: ["Tăng cường kỷ luật, kỷ cương hành chính trong ngành {field} năm {year}"] },
];

const FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Quang", "Ngọc", "Xuân", "Thế", "Anh"];
const GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long", "Nam", "Phong", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Việt", "Yến"];

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/** A seeded PRNG (mulberry32): fast, 32-bit state, the same sequence on every platform. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

/** A numbered section of a seed ("2. Công tác công chức, viên chức" and its paragraphs). */
export type SeedBlock = { heading: string; paragraphs: string[]; seedYear: number };

/** Material taken from the seeds: top-level headings, numbered blocks and lead paragraphs. */
export type SeedMaterial = { topHeadings: string[]; blocks: SeedBlock[]; leads: string[] };

const TOP_HEADING = /^(?:[IVX]+\.\s+|PHẦN\s+[IVX\d]+)/u;
const NUMBERED_HEADING = /^\d+\.\s+\S/u;
const LIST_ITEM = /^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•–]\s|Căn cứ|PHẦN)/u;

/**
 * Turns a seed (hard-wrapped PDF text or Markdown from DOCX) into paragraphs:
 * Markdown emphasis removed, wrapped lines joined. A line continues the
 * previous one only when that one looks wrapped (long, no closing punctuation).
 */
export function unwrapSeedText(text: string): string[] {
  const lines = text
    .normalize("NFC")
    .split(/\r?\n/u)
    .map((line) => line.replace(/\*+/gu, "").replace(/\s+/gu, " ").trim())
    .filter((line) => line.length > 0 && !/^[–—_-]{3,}$/u.test(line));
  const paragraphs: string[] = [];
  for (const line of lines) {
    const previous = paragraphs[paragraphs.length - 1];
    const wrapped = previous !== undefined && !/[.;:!?]$/u.test(previous) && !LIST_ITEM.test(line);
    // A lower-case start continues a sentence; otherwise only a long line that is not a heading was wrapped.
    const continues = wrapped && (/^[\p{Ll}\d(]/u.test(line) || (previous.length >= 65 && !NUMBERED_HEADING.test(previous) && !TOP_HEADING.test(previous)));
    if (continues) paragraphs[paragraphs.length - 1] = `${previous} ${line}`;
    else paragraphs.push(line);
  }
  return paragraphs;
}

/** Splits seed texts into numbered blocks, skipping each seed's header and its signature block. */
export function extractSeedMaterial(seeds: readonly string[]): SeedMaterial {
  const material: SeedMaterial = { topHeadings: [], blocks: [], leads: [] };
  for (const seed of seeds) {
    const years = [...seed.matchAll(/\b(20[12]\d)\b/gu)].map((match) => Number(match[1]));
    const seedYear = mostFrequent(years) ?? 2024;
    let paragraphs = unwrapSeedText(seed);
    const tail = paragraphs.findIndex((paragraph) => /^Nơi nhận/u.test(paragraph));
    if (tail >= 0) paragraphs = paragraphs.slice(0, tail);
    let current: SeedBlock | undefined;
    let seenHeading = false;
    for (const paragraph of paragraphs) {
      if (TOP_HEADING.test(paragraph)) {
        seenHeading = true;
        if (current) material.blocks.push(current);
        current = undefined;
        const heading = paragraph.replace(TOP_HEADING, "").trim();
        if (heading.length >= 4 && heading.length <= 120) material.topHeadings.push(heading);
      } else if (NUMBERED_HEADING.test(paragraph)) {
        seenHeading = true;
        if (current) material.blocks.push(current);
        const withoutNumber = paragraph.replace(/^\d+\.\s+/u, "");
        // A short numbered line is a heading; a long one is a numbered paragraph that carries its own text.
        current = withoutNumber.length <= 120 ? { heading: withoutNumber, paragraphs: [], seedYear } : { heading: "", paragraphs: [withoutNumber], seedYear };
      } else if (current) {
        current.paragraphs.push(paragraph);
      } else if (seenHeading && paragraph.length > 80) {
        material.leads.push(paragraph);
      } else if (!seenHeading && paragraph.length > 200 && /^(Ngày|Thực hiện|Căn cứ|Sau khi)/u.test(paragraph)) {
        material.leads.push(paragraph);
      }
    }
    if (current) material.blocks.push(current);
  }
  material.blocks = material.blocks.filter((block) => block.paragraphs.join(" ").length >= 80);
  return material;
}

function mostFrequent(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}

/** Everything that varies between generated documents. */
export type DocumentIdentity = {
  province: string;
  year: number;
  month: number;
  day: number;
  number: number;
  kind: (typeof DOCUMENT_KINDS)[number];
  field: string;
  signer: string;
};

function drawIdentity(random: Random): DocumentIdentity {
  const year = between(random, 2018, 2026);
  const month = between(random, 1, 12);
  return {
    province: pick(random, PROVINCES),
    year,
    month,
    day: between(random, 1, 28),
    number: between(random, 1, 2999),
    kind: pick(random, DOCUMENT_KINDS),
    field: pick(random, DEPARTMENTS),
    signer: `${pick(random, FAMILY_NAMES)} ${pick(random, MIDDLE_NAMES)} ${pick(random, GIVEN_NAMES)}`,
  };
}

/**
 * Rewrites a borrowed paragraph for the new document: seed provinces become
 * the document's, years move with the document's year, full dates and
 * document numbers get fresh values, and small figures are varied.
 */
export function varyParagraph(text: string, options: { random: Random; identity: DocumentIdentity; seedYear: number }): string {
  const { random, identity } = options;
  const shift = identity.year - options.seedYear;
  let result = text;
  for (const province of SEED_PROVINCES) result = result.split(province).join(identity.province);
  // Document numbers first ("5797/UBND-TH", "83/2021/QĐ-UBND"), so their digits are not treated as figures below.
  result = result.replace(/\b(\d{1,4})\/(?:(20\d\d)\/)?([A-ZĐ][A-ZĐa-z]*(?:-[A-ZĐ][A-ZĐa-z]*)+)/gu, (_match, _number: string, year: string | undefined, code: string) => {
    const number = between(random, 1, 3999);
    return year ? `${number}/${Number(year) + shift}/${code}` : `${number}/${code}`;
  });
  result = result.replace(/\b(\d{1,2})\/(\d{1,2})\/(20\d\d)\b/gu, (_match, _day: string, _month: string, year: string) => {
    return `${between(random, 1, 28)}/${between(random, 1, 12)}/${Number(year) + shift}`;
  });
  result = result.replace(/(?<![\d/.,])(20[12]\d)(?![\d/])/gu, (year: string) => String(Number(year) + shift));
  // Figures ("giảm 16 phòng", "đạt 95%"): about half of them change, within the same order of magnitude.
  result = result.replace(/(?<![\d/.,:-])(\d{1,3})(?![\d/.,:-]\d)(?!\d)/gu, (figure: string) => {
    const value = Number(figure);
    if (value <= 1 || random() < 0.5) return figure;
    const varied = Math.max(1, Math.round(value * (0.5 + random())));
    return figure.length === 2 && figure.startsWith("0") ? String(varied).padStart(2, "0") : String(varied);
  });
  return result;
}

/** Keeps a random non-empty subset of a paragraph's sentences, in order, so recombined passages differ. */
function thinSentences(paragraph: string, random: Random): string {
  const sentences = paragraph.split(/(?<=[.;])\s+(?=\p{Lu})/u);
  if (sentences.length < 3) return paragraph;
  const kept = sentences.filter(() => random() < 0.75);
  return (kept.length ? kept : [sentences[0]!]).join(" ");
}

/** One synthetic document: a header, 2–5 roman-numbered parts of 1–6 numbered blocks each, a signature. */
export function generateDocument(options: { random: Random; material: SeedMaterial; index: number }): { name: string; text: string; identity: DocumentIdentity } {
  const { random, material } = options;
  const identity = drawIdentity(random);
  const isCity = CITIES.has(identity.province);
  const authority = `${isCity ? "THÀNH PHỐ" : "TỈNH"} ${identity.province.toUpperCase()}`;
  const title = pick(random, identity.kind.titles).replace("{field}", identity.field).replace("{year}", String(identity.year));
  const lines: string[] = [
    "ỦY BAN NHÂN DÂN",
    authority,
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "",
    `Số: ${identity.number}/${identity.kind.code}-UBND`,
    "",
    `${identity.province}, ngày ${identity.day} tháng ${identity.month} năm ${identity.year}`,
    "",
    identity.kind.type,
    title,
    "",
  ];
  const vary = (text: string, seedYear: number) => varyParagraph(thinSentences(text, random), { random, identity, seedYear });
  if (material.leads.length) lines.push(vary(pick(random, material.leads), 2024), "");
  const parts = between(random, 2, 5);
  for (let part = 0; part < parts; part++) {
    lines.push(`${ROMAN[part]}. ${pick(random, material.topHeadings).toUpperCase()}`, "");
    const blocks = between(random, 1, 6);
    for (let n = 1; n <= blocks; n++) {
      const block = pick(random, material.blocks);
      const paragraphs = block.paragraphs.map((paragraph) => vary(paragraph, block.seedYear));
      if (block.heading) lines.push(`${n}. ${vary(block.heading, block.seedYear)}`, "", ...paragraphs.flatMap((paragraph) => [paragraph, ""]));
      else lines.push(`${n}. ${paragraphs[0] ?? ""}`, "", ...paragraphs.slice(1).flatMap((paragraph) => [paragraph, ""]));
    }
  }
  lines.push(
    "Nơi nhận:",
    "- Như trên;",
    `- TT ${isCity ? "Thành ủy" : "Tỉnh ủy"}, TT HĐND ${isCity ? "thành phố" : "tỉnh"};`,
    "- Lưu: VT.",
    "",
    `TM. ỦY BAN NHÂN DÂN`,
    "CHỦ TỊCH",
    "",
    identity.signer,
    "",
  );
  const slug = `${identity.kind.code === "QĐ" ? "QD" : identity.kind.code}-${identity.year}-${String(options.index).padStart(6, "0")}`;
  return { name: `${slug}.txt`, text: lines.join("\n"), identity };
}

export type GenerateCorpusOptions = {
  /** Where the .txt files go; created, and emptied first when it holds an older corpus. */
  outputDir: string;
  /** Folder with the seed .txt files. */
  seedsDir: string;
  /** Chunks the corpus should yield at `chunkChars`. */
  targetChunks: number;
  seed: number;
  /** Characters of document text per chunk at the ingest's CHUNK_CHARS (measured by calibrateCharsPerChunk). */
  charsPerChunk: number;
  /** Files per sub-folder, so no folder holds 10,000 entries. */
  filesPerFolder?: number;
};

export type GeneratedCorpus = { directory: string; files: number; characters: number; bytes: number; estimatedChunks: number; reused: boolean };

/**
 * Writes the corpus, or reuses it when a previous run with the same
 * generator version, seed, seeds and size left it there (marker file).
 */
export async function generateCorpus(options: GenerateCorpusOptions): Promise<GeneratedCorpus> {
  const seeds = await readSeeds(options.seedsDir);
  const marker = path.join(options.outputDir, ".generated.json");
  const key = { version: GENERATOR_VERSION, seed: options.seed, targetChunks: options.targetChunks, charsPerChunk: options.charsPerChunk, seedsLength: seeds.reduce((sum, seed) => sum + seed.length, 0) };
  try {
    const previous = JSON.parse(await readFile(marker, "utf8")) as { key: typeof key; result: Omit<GeneratedCorpus, "reused" | "directory"> };
    if (JSON.stringify(previous.key) === JSON.stringify(key)) return { ...previous.result, directory: options.outputDir, reused: true };
  } catch {
    // No usable marker: generate.
  }
  await rm(options.outputDir, { recursive: true, force: true });
  await mkdir(options.outputDir, { recursive: true });
  const material = extractSeedMaterial(seeds);
  const random = createRandom(options.seed);
  const filesPerFolder = options.filesPerFolder ?? 1000;
  const targetCharacters = options.targetChunks * options.charsPerChunk;
  let characters = 0;
  let bytes = 0;
  let files = 0;
  while (characters < targetCharacters) {
    const document = generateDocument({ random, material, index: files });
    const folder = path.join(options.outputDir, `part-${String(Math.floor(files / filesPerFolder)).padStart(3, "0")}`);
    if (files % filesPerFolder === 0) await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, document.name), document.text);
    characters += document.text.length;
    bytes += Buffer.byteLength(document.text);
    files++;
  }
  const result = { files, characters, bytes, estimatedChunks: Math.round(characters / options.charsPerChunk) };
  await writeFile(marker, JSON.stringify({ key, result }, null, 1));
  return { ...result, directory: options.outputDir, reused: false };
}

async function readSeeds(seedsDir: string): Promise<string[]> {
  const names = (await readdir(seedsDir)).filter((name) => name.endsWith(".txt")).sort();
  return Promise.all(names.map((name) => readFile(path.join(seedsDir, name), "utf8")));
}

/**
 * Characters of generated text per chunk, measured by running the real
 * clean → parse → chunk pipeline on a sample of generated documents. The
 * chunker cuts at section boundaries, so this is well below CHUNK_CHARS.
 */
export async function calibrateCharsPerChunk(options: { seedsDir: string; chunkChars: number; sample?: number; seed?: number }): Promise<number> {
  const { processText } = await import("../ingest/pipeline/process-file.js");
  const material = extractSeedMaterial(await readSeeds(options.seedsDir));
  const random = createRandom(options.seed ?? 7);
  let characters = 0;
  let chunks = 0;
  for (let i = 0; i < (options.sample ?? 60); i++) {
    const document = generateDocument({ random, material, index: i });
    const processed = processText({ raw: document.text, format: "text", source: document.name, docId: `calibration-${i}`, hash: "", chunkChars: options.chunkChars });
    characters += document.text.length;
    chunks += processed.chunks.length;
  }
  return chunks ? characters / chunks : options.chunkChars;
}

/** `tsx bench/generate-corpus.ts --chunks 10000 --out DIR [--seed 42] [--chunk-chars 1200]` */
async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { values } = parseArgs({
    options: {
      chunks: { type: "string", default: "10000" },
      out: { type: "string" },
      seed: { type: "string", default: "42" },
      "chunk-chars": { type: "string", default: "1200" },
      seeds: { type: "string", default: path.resolve(here, "../tests/fixtures/seeds") },
    },
  });
  if (!values.out) throw new Error("--out DIR is required");
  const chunkChars = Number(values["chunk-chars"]);
  const charsPerChunk = await calibrateCharsPerChunk({ seedsDir: values.seeds, chunkChars });
  const result = await generateCorpus({ outputDir: values.out, seedsDir: values.seeds, targetChunks: Number(values.chunks), seed: Number(values.seed), charsPerChunk });
  process.stdout.write(`${JSON.stringify({ ...result, charsPerChunk: Math.round(charsPerChunk) })}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`generate-corpus: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
