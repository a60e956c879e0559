import type { Archive } from "../retrieve/archive.js";
import { answerQuestion } from "./answer-question.js";

/** One question per language the query analysis tells apart: with diacritics, without, and English. */
const WARM_UP_QUESTIONS: readonly string[] = ["Sở Nội vụ nộp hồ sơ trước ngày nào?", "what is the deadline for the commune merger?", "han nop ho so"];

/**
 * Runs the query analysis, the hybrid search and the answerer once per
 * warm-up question before the server takes traffic: the first real request
 * otherwise pays for loading the glossaries (about 150 ms), compiling the
 * search code and the vector kernel. Answers are thrown away; a failure here
 * only means the first user pays that cost.
 */
export async function warmUpArchive(archive: Archive): Promise<void> {
  for (const question of WARM_UP_QUESTIONS) {
    try {
      await answerQuestion({ archive, question, today: new Date() });
    } catch {
      return;
    }
  }
}
