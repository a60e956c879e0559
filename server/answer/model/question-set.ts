import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Development questions (../shared/eval/README.md's schema, plus `alt_docs`
 * and `negative_type`) and how answers are scored against them. Shared by
 * `npm run train` and `npm run eval` so both score the same way.
 */
export type EvalQuestion = {
  id: string;
  lang: "vi" | "vi-nodiacritics" | "en";
  question: string;
  /** The file that answers it (compared by stem), or null when no document does. */
  doc: string | null;
  evidence: string[];
  must_contain: string[];
  kind: string;
  /** Other files stating the same answer (a draft and its final version). */
  alt_docs?: string[];
  negative_type?: string;
  /** The set the question comes from (file name), filled when loaded. */
  set?: string;
};

export async function loadQuestions(files: readonly string[]): Promise<EvalQuestion[]> {
  const questions: EvalQuestion[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      questions.push({ ...(JSON.parse(line) as EvalQuestion), set: path.basename(file) });
    }
  }
  return questions;
}

/** NFC, lower case, leading zeros of day/month numbers dropped. */
export function normalizeForScoring(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/(?<!\d)0(\d)(?=[\/.\-]\d)/gu, "$1")
    .replace(/([\/.\-])0(\d)(?!\d)/gu, "$1$2")
    .replace(/\s+/gu, " ");
}

export function scoringTokens(text: string): string[] {
  return (normalizeForScoring(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map((token) => (/^\d+$/u.test(token) ? String(Number(token)) : token));
}

/** A file's stem: "laocai/cv-4378-sct-mong-son.pdf" and "cv-4378-sct-mong-son.docx" compare equal. */
export function fileStem(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/u, "").replace(/\.scanned$/u, "");
}

/** The stems of the files that answer the question (none for a negative). */
export function goldStems(question: EvalQuestion): Set<string> {
  if (!question.doc) return new Set();
  return new Set([question.doc, ...(question.alt_docs ?? [])].map(fileStem));
}

/** Key facts: the answer is concise (≤ 700 characters) and contains every must_contain item. */
export function holdsKeyFacts(answer: string, question: EvalQuestion): boolean {
  if (!question.doc || answer.length > 700) return false;
  const normalized = normalizeForScoring(answer);
  return question.must_contain.every((fact) => normalized.includes(normalizeForScoring(fact)));
}

/** passage@5: one of the first five results is of a gold file and holds ≥ 80% of one evidence string's tokens. */
export function passageHit(results: ReadonlyArray<{ source: string; text: string }>, question: EvalQuestion): boolean {
  const gold = goldStems(question);
  if (!gold.size) return false;
  return results.slice(0, 5).some((result) => {
    if (!gold.has(fileStem(result.source))) return false;
    const tokens = new Set(scoringTokens(result.text));
    return question.evidence.some((evidence) => {
      const wanted = scoringTokens(evidence);
      const found = wanted.filter((token) => tokens.has(token)).length;
      return wanted.length > 0 && found / wanted.length >= 0.8;
    });
  });
}

/** Fold of a question: by its document (every question of one document in one fold); negatives by id. */
export function foldOf(question: EvalQuestion, folds: number, salt = ""): number {
  const key = `${salt}${question.doc ? fileStem(question.doc) : `negative:${question.id}`}`;
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % folds;
}
