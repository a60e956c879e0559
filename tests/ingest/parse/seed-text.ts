/**
 * Test helper: turns a seed text (tests/fixtures/seeds/*.txt, PDF- or
 * Markdown-flavoured) into *clean-ish* text, the shape the cleaner hands to the
 * parsers: one paragraph per line, paragraphs separated by "\n", no Markdown
 * emphasis, no page-number lines. It is a rough stand-in for ingest/clean,
 * good enough for header, section and chunk tests; it never runs in production.
 */
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const SEEDS_DIR = fileURLToPath(new URL("../../fixtures/seeds/", import.meta.url));
/** Benchmark laws: read from this absolute path only, never copied into the repository. */
export const LAWS_DIR = "/work/shared/bench/alqac/laws";

/** A line that starts a new paragraph whatever precedes it. */
const PARAGRAPH_START =
  /^([-+•]\s|\d{1,3}\.(\d{1,2}\.)*\s|\p{Ll}\)\s|[IVX]{1,6}\.\s|Điều\s+\d|PHẦN\s|Phần\s+thứ|Chương\s|CHƯƠNG\s|Nơi nhận|Căn cứ|Ngày\s+\d)/u;

function isAllCaps(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

export function toCleanText(seed: string): string {
  const lines = seed
    .normalize("NFC")
    .split(/\r?\n/u)
    .map((line) =>
      line
        .replace(/\*\*|__/gu, "")
        .replace(/^\s*\*(.*)\*\s*$/u, "$1")
        .replace(/^\s*\*+\s*|\s*\*+\s*$/gu, "")
        .replace(/\s+/gu, " ")
        .trim(),
    )
    .filter((line) => line !== "" && !/^\d{1,3}$/u.test(line));

  // Seeds converted from DOCX already hold one paragraph per line (long lines);
  // seeds converted from PDF are wrapped at ~80 characters.
  const wrapped = !lines.some((line) => line.length > 200);
  const paragraphs: string[] = [];
  for (const line of lines) {
    const previous = paragraphs[paragraphs.length - 1];
    if (previous === undefined) {
      paragraphs.push(line);
      continue;
    }
    const previousEnds = /[.:;!?”")]$/u.test(previous) || previous.endsWith("./.");
    const startsLower = /^\p{Ll}/u.test(line);
    const previousIsTitle = isAllCaps(previous) || previous.length < 60;
    const joins =
      !PARAGRAPH_START.test(line) &&
      !isAllCaps(line) &&
      (startsLower || (wrapped && !previousEnds && !previousIsTitle && !isAllCaps(previous)));
    if (joins) paragraphs[paragraphs.length - 1] = `${previous} ${line}`;
    else paragraphs.push(line);
  }
  return paragraphs.join("\n");
}

export function readSeed(name: string): string {
  return toCleanText(readFileSync(path.join(SEEDS_DIR, name), "utf8"));
}

export const SEED_NAMES = [
  "000_492514bbfbcde4f8.txt",
  "001_02132e011992bfae.txt",
  "002_606ab56a5eb8481a.txt",
  "003_66615375c7bf5e13.txt",
  "004_38b8e90ea4ed07a7.txt",
] as const;

/** Law files of the benchmark, when the benchmark is present on this machine. */
export function listLaws(): string[] {
  if (!existsSync(LAWS_DIR)) return [];
  return readdirSync(LAWS_DIR)
    .filter((name) => name.endsWith(".txt"))
    .sort();
}

export function readLaw(name: string): string {
  return readFileSync(path.join(LAWS_DIR, name), "utf8").normalize("NFC").replace(/\r\n/gu, "\n");
}
