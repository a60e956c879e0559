import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { insertAnchors, takeAnchors } from "../../../ingest/clean/anchor-offsets.js";
import { cleanText } from "../../../ingest/clean/clean-text.js";
import { collectVocabulary, dehyphenate } from "../../../ingest/clean/dehyphenate.js";
import { collapseDoubleSpacing, detectLayout } from "../../../ingest/clean/detect-layout.js";
import { extractFootnotes } from "../../../ingest/clean/extract-footnotes.js";
import { normalizeBullets } from "../../../ingest/clean/normalize-bullets.js";
import { normalizeText } from "../../../ingest/clean/normalize-text.js";
import { removePageNumbers } from "../../../ingest/clean/remove-page-numbers.js";
import { removeRuleLines } from "../../../ingest/clean/remove-rule-lines.js";
import { removeRunningHeaders } from "../../../ingest/clean/remove-running-headers.js";
import { splitRunInHeadings } from "../../../ingest/clean/split-run-in-headings.js";
import { looksLikeMarkdown, stripMarkdown } from "../../../ingest/clean/strip-markdown.js";
import { tidyWhitespace } from "../../../ingest/clean/tidy-whitespace.js";
import { unwrapLines } from "../../../ingest/clean/unwrap-lines.js";

/**
 * Every cleaning step runs in linear time on any line length. Each step is
 * timed on an input and on one sixteen times larger: a linear step takes
 * about sixteen times as long, a quadratic one far more (the footnote step
 * took 1.4 / 3.0 / 8.6 / 31.6 s on 1 / 2 / 4 / 8 MB of one-line text, still
 * mostly linear at 1 MB; from 0.5 MB it is over fifty times). The bound is
 * twice linear (the small input's time is never taken below 40 ms), and a
 * failing measure is taken again once: a loaded machine or a collection can
 * slow one run, not two.
 */
const seed = readFileSync(path.resolve(import.meta.dirname, "../../fixtures/seeds/000_492514bbfbcde4f8.txt"), "utf8");
const words = seed.split(/\s+/u).filter(Boolean);
/** Tokens that wake up the steps' patterns: marks, footnote numbers, Markdown, rules, items, headings. */
const tricky = ["1", "12", "vụ1", "¹", "²", "[", "]", "](", "[^1]", "[^", "**", "*", "_", "__", "<b", "<sup>", ">", "-", "–", "____", "....", "“", "”", "(", ")", ":", ";", ".", "Điều", "1.", "a)", "II.", "THÔNG", "BÁO", "`", "~~", "\\", "#", "|", "[a](", "a-", "2024"];

function createRandom(seedValue: number): () => number {
  let state = seedValue;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** `length` characters of prose and tricky tokens on one line. */
function oneLine(length: number): string {
  const random = createRandom(7);
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const token = random() < 0.6 ? words[Math.floor(random() * words.length)]! : tricky[Math.floor(random() * tricky.length)]!;
    parts.push(token, " ");
    size += token.length + 1;
  }
  return parts.join("").slice(0, length);
}

const steps: Array<[string, (text: string) => unknown]> = [
  ["normalizeText", normalizeText],
  ["looksLikeMarkdown", looksLikeMarkdown],
  ["stripMarkdown", stripMarkdown],
  ["removePageNumbers", removePageNumbers],
  ["removeRunningHeaders", removeRunningHeaders],
  ["detectLayout", (text) => detectLayout(text, { format: "text" })],
  ["collapseDoubleSpacing", collapseDoubleSpacing],
  ["removeRuleLines", removeRuleLines],
  ["normalizeBullets", normalizeBullets],
  ["splitRunInHeadings", splitRunInHeadings],
  ["extractFootnotes (wrapped)", (text) => extractFootnotes(text, { layout: "wrapped", typicalLineLength: 80 })],
  ["extractFootnotes (paragraphs)", (text) => extractFootnotes(text, { layout: "paragraphs", typicalLineLength: text.length })],
  ["insertAnchors + takeAnchors", (text) => takeAnchors(insertAnchors(text, Array.from({ length: 1000 }, (_, i) => i * 997)))],
  ["unwrapLines (wrapped)", (text) => unwrapLines(text, { layout: "wrapped", typicalLineLength: 80, vocabulary: new Set(["abc"]) })],
  ["unwrapLines (paragraphs)", (text) => unwrapLines(text, { layout: "paragraphs", typicalLineLength: 300 })],
  ["collectVocabulary", collectVocabulary],
  ["dehyphenate", dehyphenate],
  ["tidyWhitespace", tidyWhitespace],
  ["cleanText (text)", (text) => cleanText(text, { format: "text" })],
  ["cleanText (pdf)", (text) => cleanText(text, { format: "pdf" })],
];

function timeOf(step: (text: string) => unknown, text: string): number {
  const start = performance.now();
  step(text);
  return performance.now() - start;
}

function expectLinear(step: (text: string) => unknown, small: string, large: string, label: string): void {
  timeOf(step, small.slice(0, 10_000)); // compile first
  const smallTime = Math.min(timeOf(step, small), timeOf(step, small));
  const bound = 2 * (large.length / small.length) * Math.max(smallTime, 40);
  let largeTime = timeOf(step, large);
  if (largeTime >= bound) largeTime = Math.min(largeTime, timeOf(step, large));
  expect(largeTime, `${label}: ${smallTime.toFixed(0)} ms on ${small.length} characters, ${largeTime.toFixed(0)} ms on ${large.length}`).toBeLessThan(bound);
}

describe("cleaning in linear time on a one-line text of 8 MB", () => {
  const small = oneLine(500_000);
  const large = oneLine(8_000_000);
  it.each(steps)("%s", (label, step) => {
    expectLinear(step, small, large, label);
  }, 120_000);
});

/** Shapes that once made a step quadratic, each at 128 kB and 2 MB. */
const shapes: Array<[string, (length: number) => string, Array<(text: string) => unknown>]> = [
  ["a million short lines that join into one paragraph", (length) => "abc-\n".repeat(length / 5), [(text) => cleanText(text, { format: "pdf" }), dehyphenate]],
  ["a line of opening brackets", (length) => "[".repeat(length), [stripMarkdown, (text) => cleanText(text, { format: "text" })]],
  ["a line of unclosed link targets", (length) => "[a](".repeat(length / 4), [stripMarkdown, looksLikeMarkdown]],
  ["a line of unclosed footnote labels", (length) => "[^".repeat(length / 2), [(text) => cleanText(text, { format: "text" })]],
  ["a line of unclosed inline tags", (length) => "<b ".repeat(length / 3), [stripMarkdown]],
  ["footnote marks and numbers everywhere", (length) => "nội vụ1 1 Nổi bật ".repeat(length / 18), [(text) => cleanText(text, { format: "pdf" })]],
  ["a run of spaces before a rule", (length) => `a${" ".repeat(length)}x----`, [removeRuleLines]],
  ["a Markdown heading with a run of spaces", (length) => `# **Tiêu đề** ${" ".repeat(length)}x #`, [stripMarkdown]],
  ["superscript marks and definitions", (length) => "x¹ ¹ y ".repeat(length / 7), [(text) => cleanText(text, { format: "pdf" })]],
];

describe("cleaning in linear time on hostile shapes", () => {
  it.each(shapes)("%s", (_label, make, shapeSteps) => {
    const small = make(128_000);
    const large = make(2_048_000);
    for (const [index, step] of shapeSteps.entries()) expectLinear(step, small, large, `${_label} (step ${index + 1})`);
  }, 120_000);
});
