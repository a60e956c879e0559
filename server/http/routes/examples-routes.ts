import { Router } from "express";
import type { Task } from "../../../core/types.js";
import { describeDeadline } from "../../../ingest/parse/parse-deadline.js";
import { answerQuestion } from "../../answer/answer-question.js";
import type { Archive } from "../../retrieve/archive.js";
import type { RequestArchives } from "../../access/access-control.js";
import type { WorkQueue } from "../work-queue.js";
import { examplesResponseSchema } from "../response-schemas.js";
import { jsonContent, RATE_LIMITED, type RouteDescription } from "../route-registry.js";

/**
 * GET /api/examples: example questions for the chat page, chosen from what
 * this archive answers. Candidates are written from the archive's own task
 * table (a unit's tasks in a year, the deadline of a dated task, the same in
 * English) and each is put to the answerer; only questions it answers from
 * the archive are offered, at most one per document. Computed once per index
 * generation.
 */
export type ExampleQuestion = { question: string; language: "vi" | "en" };

export function createExamplesRouter(dependencies: { archives: RequestArchives; work: WorkQueue; today: () => Date }): Router {
  const router = Router();
  const cache = new WeakMap<Archive, Promise<ExampleQuestion[]>>();
  router.get("/api/examples", async (request, response) => {
    const archive = dependencies.archives.get(request);
    let examples = cache.get(archive);
    if (!examples) {
      examples = dependencies.work.run(() => chooseExamples(archive, dependencies.today()));
      cache.set(archive, examples);
    }
    response.json({ examples: await examples });
  });
  return router;
}

/** Up to `count` answered questions, one of each kind first (a dated task's deadline, a unit's tasks of a year, English), then more. */
export async function chooseExamples(archive: Archive, today: Date, count = 3): Promise<ExampleQuestion[]> {
  const chosen: Candidate[] = [];
  const answered = async (candidate: Candidate) => {
    const answer = await answerQuestion({ archive, question: candidate.question, today });
    if (!answer.found || answer.citations.length === 0) return false;
    // The answer must come from the task's own document: an example that cites something else teaches the wrong thing.
    if (!answer.citations.some((citation) => citation.docId === candidate.docId)) return false;
    return !candidate.mustSay || answer.answer.includes(candidate.mustSay);
  };
  const all = [...candidateQuestions(archive.tasks, archive)].slice(0, 60);
  for (const round of ["first of each kind", "the rest"]) {
    for (const candidate of all) {
      if (chosen.length >= count) break;
      if (chosen.some((example) => example.question === candidate.question)) continue;
      if (round === "first of each kind" && chosen.some((example) => example.kind === candidate.kind)) continue;
      if (chosen.some((example) => example.docId === candidate.docId && example.kind === candidate.kind)) continue;
      if (await answered(candidate)) chosen.push(candidate);
    }
  }
  return chosen.map(({ question, language }) => ({ question, language }));
}

type Candidate = ExampleQuestion & { kind: "deadline" | "unit" | "english"; docId: string; mustSay?: string };

function* candidateQuestions(tasks: readonly Task[], archive: Archive): Generator<Candidate> {
  // Tasks with a day or month deadline stated in their own sentence, the most answerable facts.
  const dated = tasks.filter((task) => task.lead && !task.deadline?.resolvedFrom && ["day", "month"].includes(describeDeadline(task.deadline)));
  for (const task of dated) {
    const action = actionOf(task);
    if (!action) continue;
    const end = task.deadline!.end!;
    const [year, month, day] = end.split("-");
    const say = describeDeadline(task.deadline) === "day" ? `${Number(day)}/${Number(month)}/${year}` : `${Number(month)}/${year}`;
    yield { question: `${task.lead} phải ${action} trước ngày nào?`, language: "vi", kind: "deadline", docId: task.docId, mustSay: say };
  }
  // A unit's tasks in the year of its document (answered from the task table).
  const seen = new Set<string>();
  for (const task of tasks) {
    const year = archive.documentsById.get(task.docId)?.meta.year;
    if (!task.lead || !year || !/^(?:Sở|Ban|UBND|Văn phòng)/u.test(task.lead)) continue;
    const key = `${task.lead}|${year}`;
    if (seen.has(key)) continue;
    seen.add(key);
    yield { question: `${task.lead} được giao những nhiệm vụ nào có thời hạn trong năm ${year}?`, language: "vi", kind: "unit", docId: task.docId, mustSay: task.lead };
  }
  for (const task of dated) {
    const year = task.deadline!.end!.slice(0, 4);
    yield { question: `Which tasks are due in ${year}?`, language: "en", kind: "english", docId: task.docId };
  }
}

/** Openings that name a role rather than an action ("Chủ trì, phối hợp …"): no question reads well from them. */
const ROLE_OPENING = /^(?:chủ trì|phối hợp|giao|đề nghị|yêu cầu|đồng ý|lưu ý)/iu;
/** Words a shortened action must not end on ("… với các cơ quan liên"). */
const DANGLING = /\s+(?:các|và|với|của|cho|về|để|tại|theo|trong|những|liên|đối|từ|đến|trên|số)$/iu;

/** The task's action, up to its deadline or its first clause, in at most ten words ("lấy ý kiến cử tri về các Đề án"). */
function actionOf(task: Task): string | undefined {
  let text = task.task.replace(/[“”"()*]/gu, "");
  if (ROLE_OPENING.test(text)) return undefined;
  const deadlineAt = task.deadline ? text.indexOf(task.deadline.text) : -1;
  if (deadlineAt > 0) text = text.slice(0, deadlineAt);
  text = text.split(/[;,:]/u)[0] ?? "";
  let words = text.trim().split(/\s+/u).slice(0, 10).join(" ");
  while (DANGLING.test(words)) words = words.replace(DANGLING, "");
  if (words.split(" ").length < 3) return undefined;
  return words.charAt(0).toLocaleLowerCase("vi") + words.slice(1);
}

/** OpenAPI description (see route-registry.ts). */
export const EXAMPLES_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/examples",
    tag: "answer",
    summary: "Example questions for the chat page, chosen from what this archive answers",
    responses: { 200: { description: "Up to three questions the answerer answers from the archive", content: jsonContent(examplesResponseSchema) }, ...RATE_LIMITED },
    examples: [{ name: "examples", status: 200 }],
  },
];
