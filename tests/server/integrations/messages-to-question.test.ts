import { describe, expect, it } from "vitest";
import { HISTORY_LIMITS, messagesToQuestion, type ChatCompletionMessage } from "../../../server/integrations/messages-to-question.js";

describe("messagesToQuestion", () => {
  it.each<[string, ChatCompletionMessage[], ReturnType<typeof messagesToQuestion>]>([
    ["one user message", [{ role: "user", content: " Hạn nộp hồ sơ? " }], { question: "Hạn nộp hồ sơ?", history: [] }],
    [
      "system messages are left out, turns kept in order",
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hạn nộp hồ sơ?" },
        { role: "assistant", content: "30/6/2024 [1].\n\n---\n**Nguồn**\n\n**[1]** …" },
        { role: "user", content: "còn Hưng Yên?" },
      ],
      { question: "còn Hưng Yên?", history: [{ role: "user", content: "Hạn nộp hồ sơ?" }, { role: "assistant", content: "30/6/2024 [1]." }] },
    ],
    [
      "content parts keep their text parts",
      [{ role: "user", content: [{ type: "text", text: "Hạn" }, { type: "image_url" }, { type: "text", text: "nộp?" }] }],
      { question: "Hạn\nnộp?", history: [] },
    ],
    ["tool and empty messages are skipped", [{ role: "tool", content: "{}" }, { role: "assistant", content: null }, { role: "user", content: "Hỏi" }], { question: "Hỏi", history: [] }],
    ["the last message must be the user's", [{ role: "user", content: "Hỏi" }, { role: "assistant", content: "Đáp" }], { error: "messages: the last message must be the user's question" }],
    ["the question needs text", [{ role: "user", content: [{ type: "image_url" }] }], { error: "messages: the last user message has no text" }],
    ["no messages", [], { error: "messages: the last message must be the user's question" }],
  ])("%s", (_name, messages, expected) => {
    expect(messagesToQuestion(messages)).toEqual(expected);
  });

  it("keeps the last turns, each cut to the history limit", () => {
    const messages: ChatCompletionMessage[] = Array.from({ length: 120 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: `${i} ${"x".repeat(9000)}` }));
    messages.push({ role: "user", content: "cuối" });
    const result = messagesToQuestion(messages);
    if ("error" in result) throw new Error(result.error);
    expect(result.history).toHaveLength(HISTORY_LIMITS.turns);
    expect(result.history[0]!.content.startsWith("70 ")).toBe(true);
    expect(Math.max(...result.history.map((turn) => turn.content.length))).toBe(HISTORY_LIMITS.turnChars);
  });
});
