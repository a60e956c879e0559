import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ArchiveDocument, DocumentMeta } from "../../../core/types.js";

/**
 * Test-only stand-in for the cleaner (written in parallel): turns a seed text
 * into clean text the way the pipeline will — footnote blocks of the PDF
 * seeds taken out with their marks, page numbers dropped, wrapped lines joined
 * into one paragraph per line.
 */
export function cleanSeedText(raw: string): string {
  let lines = raw.replace(/\r/gu, "").split("\n");
  lines = removeFootnotes(lines);
  const paragraphs: string[] = [];
  let previous = "";
  for (const line of lines) {
    const content = line.trim();
    if (!content || /^\d{1,3}$/u.test(content)) continue;
    const isMarker = /^(?:[-–+•]\s|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s|[IVX]+\.\s|PHẦN\s)/u.test(content);
    const join =
      paragraphs.length > 0 &&
      !isMarker &&
      (/^\p{Ll}/u.test(content) || (previous.length >= 55 && !/[.:;!?](?:\*\*)?$/u.test(previous)));
    if (join) paragraphs[paragraphs.length - 1] = `${paragraphs[paragraphs.length - 1]!.trimEnd()} ${content}`;
    else paragraphs.push(content);
    previous = content;
  }
  return paragraphs.join("\n");
}

/** PDF seeds print footnotes after a long blank rule; the page text resumes on a line starting with a space. */
function removeFootnotes(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s{20,}$/u.test(line)) {
      let j = i + 1;
      const marks: string[] = [];
      while (j < lines.length && !/^ \S/u.test(lines[j]!)) {
        const mark = lines[j]!.match(/^(\d{1,2})\s/u);
        if (mark) marks.push(mark[1]!);
        j++;
      }
      for (const mark of marks) removeMark(out, mark);
      i = j - 1;
      continue;
    }
    out.push(line);
  }
  return out;
}

/** Removes the last footnote mark glued to a word ("nội vụ1", "năm 20242") before the footnote. */
function removeMark(lines: string[], mark: string): void {
  const pattern = new RegExp(`(?<=\\p{L})${mark}(?=\\s|$)|(?<=(?<!\\d)\\d{4})${mark}(?=\\s|$)`, "gu");
  for (let i = lines.length - 1; i >= 0; i--) {
    const matches = [...lines[i]!.matchAll(pattern)];
    const last = matches[matches.length - 1];
    if (last) {
      lines[i] = lines[i]!.slice(0, last.index) + lines[i]!.slice(last.index + mark.length);
      return;
    }
  }
}

const SEEDS_DIRECTORY = fileURLToPath(new URL("../../fixtures/seeds/", import.meta.url));

export const SEED_FILES = {
  "000": "000_492514bbfbcde4f8.txt",
  "001": "001_02132e011992bfae.txt",
  "002": "002_606ab56a5eb8481a.txt",
  "003": "003_66615375c7bf5e13.txt",
  "004": "004_38b8e90ea4ed07a7.txt",
} as const;

export type SeedId = keyof typeof SEED_FILES;

export function readSeed(id: SeedId): string {
  return readFileSync(`${SEEDS_DIRECTORY}${SEED_FILES[id]}`, "utf8").normalize("NFC");
}

/** Header fields as printed in each seed (the header parser is written in parallel). */
const SEED_META: Record<SeedId, DocumentMeta> = {
  "000": { type: "THÔNG BÁO", year: 2024, meetingDate: "2024-02-19", province: "Bắc Giang" },
  "001": { type: "THÔNG BÁO", number: "", date: "2021-09", year: 2021, meetingDate: "2021-09-17", province: "Bắc Giang" },
  "002": { type: "THÔNG BÁO", number: "", date: "2026-04", year: 2026, meetingDate: "2026-04-21", province: "Lạng Sơn" },
  "003": { type: "KẾ HOẠCH", number: "", date: "2021-11", year: 2021, province: "Bắc Giang" },
  "004": { type: "KẾ HOẠCH", year: 2024, province: "Hưng Yên" },
};

/** A seed as an archive document with clean text (no tasks yet). */
export function seedDocument(id: SeedId, options: { text?: string } = {}): Omit<ArchiveDocument, "tasks"> {
  const text = options.text ?? cleanSeedText(readSeed(id));
  return {
    id,
    source: SEED_FILES[id].replace(/\.txt$/u, id === "001" || id === "002" ? ".docx" : ".pdf"),
    hash: id,
    format: id === "001" || id === "002" ? "docx" : "pdf",
    meta: SEED_META[id],
    text,
    sections: [],
    footnotes: [],
    references: [],
    warnings: [],
  };
}
