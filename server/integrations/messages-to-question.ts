import type { ChatTurn } from "../../core/types.js";
import { stripSourceList } from "./format-source-list.js";

/**
 * An OpenAI-style conversation as Vanban's question and history: the last
 * message is the question (it must be the user's), earlier user and assistant
 * messages are the history. System and tool messages are left out: the
 * answerer's instructions are its own. Content given as parts keeps its text parts.
 */
export type ChatCompletionMessage = {
  role: string;
  content?: string | null | Array<{ type: string; text?: string }>;
};

export type ConversationQuestion = { question: string; history: ChatTurn[] } | { error: string };

export const HISTORY_LIMITS = { turns: 50, turnChars: 8000 };

export function messagesToQuestion(messages: readonly ChatCompletionMessage[]): ConversationQuestion {
  const last = messages.at(-1);
  if (!last || last.role !== "user") return { error: "messages: the last message must be the user's question" };
  const question = textOf(last.content).trim();
  if (!question) return { error: "messages: the last user message has no text" };
  const history: ChatTurn[] = [];
  for (const message of messages.slice(0, -1)) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const text = message.role === "assistant" ? stripSourceList(textOf(message.content)) : textOf(message.content);
    if (text.trim()) history.push({ role: message.role, content: text.trim().slice(0, HISTORY_LIMITS.turnChars) });
  }
  return { question, history: history.slice(-HISTORY_LIMITS.turns) };
}

function textOf(content: ChatCompletionMessage["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content
    .filter((part) => part.type === "text" && typeof part.text === "string")
    .map((part) => part.text)
    .join("\n");
}
