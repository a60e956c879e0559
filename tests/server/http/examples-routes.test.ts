import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../../server/answer/answer-question.js";
import { chooseExamples } from "../../../server/http/routes/examples-routes.js";
import { buildTestArchive } from "../../helpers/start-test-server.js";

describe("example questions chosen from what the archive answers", () => {
  let built: Awaited<ReturnType<typeof buildTestArchive>>;
  beforeAll(async () => {
    built = await buildTestArchive();
  }, 60_000);
  afterAll(async () => built?.cleanup());

  it("offers three questions of different kinds, each answered from the archive with a citation", async () => {
    const today = new Date("2026-12-07T00:00:00Z");
    const examples = await chooseExamples(built.archive, today);
    expect(examples).toHaveLength(3);
    expect(examples.some((example) => example.language === "en")).toBe(true);
    expect(new Set(examples.map((example) => example.question)).size).toBe(3);
    for (const example of examples) {
      const answer = await answerQuestion({ archive: built.archive, question: example.question, today });
      expect(answer.found, example.question).toBe(true);
      expect(answer.citations.length).toBeGreaterThan(0);
    }
  });

  it("offers none from an empty task table", async () => {
    expect(await chooseExamples({ ...built.archive, tasks: [] }, new Date())).toEqual([]);
  });
});
