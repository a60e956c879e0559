import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Scoring of the ALQAC law retrieval benchmark (see ../shared/bench/alqac/README.md):
 * a result is a hit when its source is the gold law and its section names
 * "Điều <article>" (or its text starts with it).
 */
export type AlqacQuestion = { id: string; question: string; gold: Array<{ doc: string; article: string }> };

export type RankedPassage = { source: string; section: string; text: string };

export type RetrievalScores = { questions: number; recallAt1: number; recallAt10: number; mrrAt10: number };

export async function readAlqacQuestions(file: string): Promise<AlqacQuestion[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AlqacQuestion);
}

const stem = (file: string) => path.basename(file).replace(/\.[^.]+$/u, "");

export function isAlqacHit(passage: RankedPassage, question: AlqacQuestion): boolean {
  return question.gold.some((gold) => {
    if (stem(passage.source) !== stem(gold.doc)) return false;
    const article = new RegExp(`Điều\\s+${gold.article}(?!\\d)`, "u");
    return article.test(passage.section) || new RegExp(`^\\s*Điều\\s+${gold.article}(?!\\d)`, "u").test(passage.text);
  });
}

/** recall@1, recall@10 and MRR@10 over ranked passage lists (one per question, best first). */
export function scoreRankings(rankings: ReadonlyArray<{ question: AlqacQuestion; passages: readonly RankedPassage[] }>): RetrievalScores {
  let at1 = 0;
  let at10 = 0;
  let reciprocal = 0;
  for (const { question, passages } of rankings) {
    const rank = passages.slice(0, 10).findIndex((passage) => isAlqacHit(passage, question));
    if (rank === 0) at1++;
    if (rank >= 0) {
      at10++;
      reciprocal += 1 / (rank + 1);
    }
  }
  const n = Math.max(1, rankings.length);
  const round = (value: number) => Number(value.toFixed(3));
  return { questions: rankings.length, recallAt1: round(at1 / n), recallAt10: round(at10 / n), mrrAt10: round(reciprocal / n) };
}
