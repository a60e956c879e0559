import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { Session } from "node:inspector/promises";
import { HashedEmbeddings } from "../ingest/index/hashed-embeddings.js";
import { loadSnapshot } from "../ingest/index/index-store.js";
import { answerFromTasks } from "../server/answer/answer-from-tasks.js";
import { analyzeConversation } from "../server/answer/answer-question.js";
import { answerExtractively } from "../server/answer/extractive-answerer.js";
import { gatherPassages } from "../server/answer/gather-passages.js";
import { getDefaultAnswerModel } from "../server/answer/model/answer-model.js";
import { warmUpArchive } from "../server/answer/warm-up.js";
import { createArchive } from "../server/retrieve/archive.js";
import { searchArchive } from "../server/retrieve/hybrid-search.js";
import { relevanceFloorFor } from "../server/retrieve/relevance-floor.js";
import { readAlqacQuestions } from "./alqac-scoring.js";
import { PROJECT_ROOT, round, summarizeLatencies } from "./measure.js";

/**
 * `npx tsx bench/answer-cpu.ts --index DIR [--count 200] [--repeat 1] [--profile FILE.cpuprofile] [--out answers.json]`
 *
 * The answerer's CPU per question, in process, on an index `npm run bench`
 * (or `bench/steps/ingest-step.ts`) wrote: the archive opened as the server
 * opens it (documents read on demand from documents.sqlite, the default
 * hashed embedder), warmed up, then the bench's questions (the dev questions,
 * then ALQAC's) each searched as /api/search does and answered as /api/ask
 * does, phase by phase: query analysis, the passages (archive-wide search and
 * the searches within the leading documents), the extractive answerer. CPU
 * time is this process's (process.cpuUsage, every thread: garbage collection
 * included). `--profile` writes a V8 CPU profile of the answering passes
 * (open it in Chrome's DevTools or speedscope); `--out` writes each answer's
 * text and citations, to compare runs of two versions of the code.
 * Prints one JSON line of figures.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      index: { type: "string" },
      count: { type: "string", default: "200" },
      repeat: { type: "string", default: "1" },
      questions: { type: "string", default: path.resolve(PROJECT_ROOT, "../shared/eval/questions.jsonl") },
      alqac: { type: "string", default: path.resolve(PROJECT_ROOT, "../shared/bench/alqac/dev-questions.jsonl") },
      profile: { type: "string" },
      out: { type: "string" },
    },
  });
  if (!values.index) throw new Error("--index DIR is required");
  const questions = await readBenchQuestions({ questionsFile: values.questions, alqacFile: values.alqac, count: Number(values.count) });
  const snapshot = await loadSnapshot(values.index, { vectors: false, indexes: true, documents: "on-demand", searchThreads: 1 });
  const archive = createArchive({ snapshot, embedder: new HashedEmbeddings({ dimension: 512 }) });
  await warmUpArchive(archive);
  const model = getDefaultAnswerModel();
  const today = new Date("2026-12-01T00:00:00Z");
  const floor = relevanceFloorFor(archive.embedder.id);

  const session = values.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  const phases = { search: [] as number[], analysis: [] as number[], passages: [] as number[], answerer: [] as number[], answer: [] as number[] };
  const answers: Array<{ question: string; found: boolean; answer: string; confidence: number | null; citations: Array<{ docId: string; quote: string }> }> = [];
  const cpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  // As the bench does: every question searched, then every question asked.
  for (let pass = 0; pass < Number(values.repeat); pass++) {
    for (const question of questions) {
      const started = cpu();
      await searchArchive({ archive, query: analyzeConversation({ archive, question }), limit: 10, relevanceFloor: floor });
      phases.search.push(cpu() - started);
    }
    for (const question of questions) {
      const started = cpu();
      let mark = started;
      const lap = () => {
        const now = cpu();
        const spent = now - mark;
        mark = now;
        return spent;
      };
      const query = analyzeConversation({ archive, question });
      const fromTasks = answerFromTasks({ question, query, tasks: archive.tasks, documents: archive.documents, today });
      phases.analysis.push(lap());
      let answer: { found: boolean; answer: string; confidence?: number; citations: Array<{ docId: string; quote: string }> };
      if (fromTasks) {
        answer = fromTasks;
        phases.passages.push(0);
        phases.answerer.push(lap());
      } else {
        const passages = await gatherPassages({ archive, query });
        phases.passages.push(lap());
        answer = answerExtractively({ archive, query, hits: passages.hits, primary: passages.primary, model });
        phases.answerer.push(lap());
      }
      phases.answer.push(mark - started);
      if (pass === 0) answers.push({ question, found: answer.found, answer: answer.answer, confidence: answer.confidence ?? null, citations: answer.citations.map((citation) => ({ docId: citation.docId, quote: citation.quote })) });
    }
  }
  if (session) {
    const { profile } = await session.post("Profiler.stop");
    await writeFile(values.profile!, JSON.stringify(profile));
    session.disconnect();
  }
  if (values.out) await writeFile(values.out, `${JSON.stringify(answers, null, 1)}\n`);
  const summary = Object.fromEntries(Object.entries(phases).map(([name, times]) => [name, summarizeLatencies(times)]));
  process.stdout.write(
    `${JSON.stringify({ chunks: archive.chunks.length, documents: archive.documents.length, questions: questions.length, found: answers.filter((answer) => answer.found).length, cpuMilliseconds: summary, peakRssMegabytes: round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}

/** The bench's question list (bench/run.ts): the dev questions first, then ALQAC's. */
async function readBenchQuestions(options: { questionsFile: string; alqacFile: string; count: number }): Promise<string[]> {
  const questions: string[] = [];
  const lines = (await readFile(options.questionsFile, "utf8")).split("\n").filter((line) => line.trim());
  for (const line of lines) questions.push((JSON.parse(line) as { question: string }).question);
  for (const question of await readAlqacQuestions(options.alqacFile)) questions.push(question.question);
  return questions.slice(0, options.count);
}

main().catch((error: unknown) => {
  process.stderr.write(`answer-cpu: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
