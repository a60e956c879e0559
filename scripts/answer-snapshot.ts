import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { answerQuestion } from "../server/answer/answer-question.js";
import { createArchive, type Archive } from "../server/retrieve/archive.js";
import { DEFAULT_CORPUS_FOLDERS, DEFAULT_QUESTION_FILES, openDevArchive } from "./eval/dev-archive.js";

/**
 * `npx tsx scripts/answer-snapshot.ts --out answers.json [--compare before.json] [--questions FILE]… [--corpus DIR]…`
 *
 * Every development question answered by the default answerer (no language
 * model) over the development archive, opened both ways the code opens it
 * (documents in memory, as the eval does; documents read on demand from
 * documents.sqlite, as the server does), with each answer's text, confidence
 * and cited quotes. `--compare` reads a snapshot an earlier version of the
 * code wrote and lists every answer that differs (exit code 1 if any): a
 * change meant to make the answerer faster, not different, must leave it
 * empty.
 */
type SnapshotAnswer = { id: string; question: string; found: boolean; answer: string; confidence: number | null; citations: Array<{ docId: string; section: string; quote: string }> };
type Snapshot = Record<"memory" | "onDemand", SnapshotAnswer[]>;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      compare: { type: "string" },
      questions: { type: "string", multiple: true },
      corpus: { type: "string", multiple: true },
    },
  });
  const folders = values.corpus ?? DEFAULT_CORPUS_FOLDERS.filter((folder) => existsSync(folder));
  const questionFiles = values.questions ?? DEFAULT_QUESTION_FILES.filter((file) => existsSync(file));
  const questions = (await Promise.all(questionFiles.map(readQuestions))).flat();
  const dev = await openDevArchive({ folders });
  const onDemand = createArchive({ snapshot: await loadSnapshot(dev.indexDir, { documents: "on-demand" }), embedder: dev.archive.embedder });
  const snapshot: Snapshot = { memory: await answerAll(dev.archive, questions), onDemand: await answerAll(onDemand, questions) };
  if (values.out) await writeFile(values.out, `${JSON.stringify(snapshot, null, 1)}\n`);
  const differences = [...compareAnswers(snapshot.memory, snapshot.onDemand).map((line) => `memory vs on demand: ${line}`)];
  if (values.compare) {
    const before = JSON.parse(await readFile(values.compare, "utf8")) as Snapshot;
    for (const mode of ["memory", "onDemand"] as const) differences.push(...compareAnswers(before[mode], snapshot[mode]).map((line) => `${mode}: ${line}`));
  }
  for (const line of differences.slice(0, 40)) process.stderr.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify({ questions: questions.length, files: questionFiles, found: snapshot.memory.filter((answer) => answer.found).length, differences: differences.length })}\n`);
  if (differences.length) process.exitCode = 1;
}

async function readQuestions(file: string): Promise<Array<{ id: string; question: string }>> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line.trim());
  return lines.map((line, i) => {
    const item = JSON.parse(line) as { id?: string; question: string };
    return { id: `${file}#${item.id ?? i}`, question: item.question };
  });
}

async function answerAll(archive: Archive, questions: ReadonlyArray<{ id: string; question: string }>): Promise<SnapshotAnswer[]> {
  const today = new Date("2026-12-01T00:00:00Z");
  const answers: SnapshotAnswer[] = [];
  for (const { id, question } of questions) {
    const answer = await answerQuestion({ archive, question, today });
    answers.push({
      id,
      question,
      found: answer.found,
      answer: answer.answer,
      confidence: answer.confidence ?? null,
      citations: answer.citations.map((citation) => ({ docId: citation.docId, section: citation.section, quote: citation.quote })),
    });
  }
  return answers;
}

/** One line per question whose answer differs (text, confidence, citations) or that only one side has. */
function compareAnswers(before: readonly SnapshotAnswer[], after: readonly SnapshotAnswer[]): string[] {
  const byId = new Map(after.map((answer) => [answer.id, answer]));
  const lines: string[] = [];
  for (const old of before) {
    const now = byId.get(old.id);
    if (!now) lines.push(`${old.id} missing`);
    else if (JSON.stringify(old) !== JSON.stringify(now)) lines.push(`${old.id} ${JSON.stringify(old.answer.slice(0, 80))} (${old.confidence}) -> ${JSON.stringify(now.answer.slice(0, 80))} (${now.confidence})`);
    byId.delete(old.id);
  }
  for (const id of byId.keys()) lines.push(`${id} new`);
  return lines;
}

main().catch((error: unknown) => {
  process.stderr.write(`answer-snapshot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
