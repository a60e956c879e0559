import { warmUpQueryAnalysis, WARM_UP_QUESTIONS } from "../retrieve/analyze-query.js";
import type { Archive } from "../retrieve/archive.js";
import { answerQuestion } from "./answer-question.js";

/**
 * Runs the query analysis, the hybrid search and the answerer once per
 * warm-up question before the server takes traffic: the first real request
 * otherwise pays for loading the glossaries, compiling the search code and
 * the vector kernel (over 100 ms on the samples). Answers are thrown away;
 * a failure here only means the first user pays that cost.
 */
export async function warmUpArchive(archive: Archive): Promise<void> {
  warmUpQueryAnalysis({ knownProvinces: archive.provinces });
  for (const question of WARM_UP_QUESTIONS) {
    try {
      await answerQuestion({ archive, question, today: new Date() });
    } catch {
      return;
    }
  }
}
