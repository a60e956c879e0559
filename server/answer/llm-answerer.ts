import { VanbanError, describeError } from "../../core/errors.js";
import type { ChatMessage, ChatModel } from "../../core/ports.js";
import type { ChatTurn, Citation } from "../../core/types.js";
import type { AskAnswer } from "./extractive-answerer.js";

/**
 * The optional LLM answerer (ANSWERER=openai|ollama). It does not search: the
 * extractive answer's citations are its only evidence. The model rephrases
 * them into an answer with [n] markers; the markers are then checked against
 * the citations, and any answer that cites nothing, or cites a passage it was
 * not given, is replaced by the extractive answer.
 */
export type StreamEvent = { type: "delta"; text: string } | { type: "done"; answer: AskAnswer };

export type LlmAnswerOptions = {
  model: ChatModel;
  question: string;
  /** The extractive answer: its citations are the numbered passages, its `found` is kept. */
  answer: AskAnswer;
  history?: ChatTurn[];
  signal?: AbortSignal;
};

export const LLM_PROMPT_LIMITS = {
  /** Earlier turns sent with the question (a follow-up needs the previous question, not the whole chat). */
  historyTurns: 4,
  historyTurnChars: 800,
  /** Characters of each passage shown to the model, centred on its quote. */
  passageChars: 1500,
};

/** Streams the model's answer, then emits the verified answer (or the extractive one) as `done`. */
export async function* streamWithChatModel(options: LlmAnswerOptions): AsyncGenerator<StreamEvent> {
  const { model, answer } = options;
  // Nothing to ground an answer on: the extractive "not found" stands.
  if (!answer.found || !answer.citations.length) {
    yield { type: "done", answer };
    return;
  }
  const messages = buildChatMessages(options);
  const filter = createThinkingFilter();
  let text = "";
  try {
    for await (const delta of model.stream({ messages, signal: options.signal })) {
      const visible = filter.push(delta);
      if (!visible) continue;
      text += visible;
      yield { type: "delta", text: visible };
    }
    const rest = filter.flush();
    if (rest) {
      text += rest;
      yield { type: "delta", text: rest };
    }
  } catch (error) {
    if (error instanceof VanbanError && error.code === "chat_model_failed") throw error;
    throw new VanbanError("chat_model_failed", `The chat model ${model.id} failed: ${describeError(error)}`, { cause: error });
  }
  yield { type: "done", answer: verifyModelAnswer({ text, answer }) ?? answer };
}

/**
 * The model's text as an answer when its citation markers hold up: at least
 * one marker, every marker naming a given passage. Citations it does not refer
 * to are dropped; numbers are kept as they are (not renumbered) so the text
 * already streamed and the `citations` event sent first stay consistent.
 * Undefined when the text must be replaced by the extractive answer.
 */
export function verifyModelAnswer(options: { text: string; answer: AskAnswer }): AskAnswer | undefined {
  const { answer } = options;
  const text = options.text.trim();
  if (!text) return undefined;
  const known = new Set(answer.citations.map((citation) => citation.n));
  const cited = new Set<number>();
  let valid = true;
  const normalized = text.replace(CITATION_MARKER, (marker, list: string) => {
    const numbers = expandMarker(list);
    if (!numbers) {
      valid = false;
      return marker;
    }
    for (const n of numbers) {
      if (!known.has(n)) valid = false;
      cited.add(n);
    }
    // "[1, 2]" becomes "[1][2]", the form the pages link.
    return numbers.map((n) => `[${n}]`).join("");
  });
  if (!valid || !cited.size) return undefined;
  return { ...answer, answer: normalized, citations: answer.citations.filter((citation) => cited.has(citation.n)) };
}

/** `[3]`, `[1, 2]`, `[1; 2]`, `[1-3]` (digits only, so `[^1]` or `[Điều 5]` are left alone). */
const CITATION_MARKER = /\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]/gu;

function expandMarker(list: string): number[] | undefined {
  const numbers: number[] = [];
  for (const part of list.split(/\s*[,;]\s*/u)) {
    const range = /^(\d+)\s*[–-]\s*(\d+)$/u.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      // A reversed or huge range is not a citation list the model meant.
      if (to < from || to - from > 10) return undefined;
      for (let n = from; n <= to; n++) numbers.push(n);
    } else {
      numbers.push(Number(part));
    }
  }
  return numbers;
}

/** System prompt, the last few turns, then the numbered passages with the question. */
export function buildChatMessages(options: { question: string; answer: AskAnswer; history?: ChatTurn[] }): ChatMessage[] {
  const english = options.answer.language === "en";
  const messages: ChatMessage[] = [{ role: "system", content: english ? SYSTEM_PROMPT_EN : SYSTEM_PROMPT_VI }];
  const history = (options.history ?? []).filter((turn) => turn.content.trim()).slice(-LLM_PROMPT_LIMITS.historyTurns);
  for (const turn of history) {
    // Earlier answers' [n] pointed at other passages; left in, the model would copy them.
    const content = turn.role === "assistant" ? turn.content.replace(CITATION_MARKER, "").replace(/[ \t]{2,}/gu, " ") : turn.content;
    messages.push({ role: turn.role, content: clip(content.trim(), LLM_PROMPT_LIMITS.historyTurnChars) });
  }
  const passages = options.answer.citations.map((citation) => formatPassage(citation)).join("\n\n");
  const labels = english ? { passages: "Passages:", question: "Question:" } : { passages: "Các đoạn trích:", question: "Câu hỏi:" };
  messages.push({ role: "user", content: `${labels.passages}\n\n${passages}\n\n${labels.question} ${options.question.trim()}` });
  return messages;
}

// The system prompt is written in the language of the answer: small models
// answer in the language they are instructed in more reliably than they obey
// "answer in X". A question typed without diacritics still gets Vietnamese
// with diacritics, like the documents.
const SYSTEM_PROMPT_VI = [
  "Bạn là trợ lý tra cứu văn bản chỉ đạo, điều hành của cơ quan nhà nước Việt Nam.",
  "Chỉ trả lời dựa trên các đoạn trích được đánh số trong tin nhắn của người dùng; không dùng kiến thức bên ngoài, không suy đoán.",
  "Sau mỗi ý, ghi số của đoạn trích làm căn cứ trong ngoặc vuông, ví dụ [1] hoặc [1][2]; chỉ dùng các số có trong danh sách.",
  "Nếu các đoạn trích không trả lời được câu hỏi, nói rõ: “Các văn bản được trích không có thông tin này.”",
  "Trả lời bằng tiếng Việt có dấu, ngắn gọn (không quá 5 câu); giữ nguyên số hiệu văn bản, ngày tháng, con số và tên cơ quan như trong đoạn trích.",
].join("\n");

const SYSTEM_PROMPT_EN = [
  "You answer questions about Vietnamese government directives and plans.",
  "Answer only from the numbered passages in the user's message (they are in Vietnamese); use no outside knowledge and do not guess.",
  "After each statement, cite the passage(s) it rests on in square brackets, e.g. [1] or [1][2]; use only the numbers listed.",
  "If the passages do not answer the question, say so plainly: “The quoted documents do not contain this information.”",
  "Answer in English, briefly (at most 5 sentences); keep document numbers, dates, figures and the Vietnamese names of bodies and places exactly as written.",
].join("\n");

/** `[n] title — section` then the passage, cut around its quote; the quote is added when the cut would lose it. */
export function formatPassage(citation: Citation): string {
  const heading = [citation.title, citation.section].filter((part) => part.trim()).join(" — ");
  const text = citation.text.trim();
  const limit = LLM_PROMPT_LIMITS.passageChars;
  let body = text;
  if (text.length > limit) {
    const quoteAt = Math.max(0, text.indexOf(citation.quote.trim()));
    const quoteLength = Math.min(citation.quote.length, limit);
    let from = Math.max(0, Math.min(quoteAt - Math.floor((limit - quoteLength) / 2), text.length - limit));
    let to = from + limit;
    // Cut on spaces so no syllable is split.
    while (from > 0 && !/\s/u.test(text[from - 1]!)) from--;
    while (to < text.length && !/\s/u.test(text[to]!)) to++;
    body = `${from > 0 ? "…" : ""}${text.slice(from, to).trim()}${to < text.length ? "…" : ""}`;
  }
  const quote = citation.quote.trim();
  if (quote && !body.includes(quote)) body = `${body}\n“${clip(quote, limit)}”`;
  return `[${citation.n}] ${heading}\n${body}`;
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit).replace(/\s+\S*$/u, "")}…` : text;
}

/**
 * Hides `<think>…</think>` blocks that reasoning models (DeepSeek-R1, Qwen3 …)
 * may write inline before the answer, even when a tag is split across deltas,
 * and the blank lines that follow them.
 */
export function createThinkingFilter(): { push(delta: string): string; flush(): string } {
  const open = "<think>";
  const close = "</think>";
  let buffer = "";
  let thinking = false;
  let started = false;

  const emit = (text: string): string => {
    if (started) return text;
    const trimmed = text.replace(/^\s+/u, "");
    if (trimmed) started = true;
    return trimmed;
  };

  return {
    push(delta: string): string {
      buffer += delta;
      let output = "";
      for (;;) {
        if (thinking) {
          const end = buffer.indexOf(close);
          if (end < 0) {
            buffer = buffer.slice(buffer.length - partialTagLength(buffer, close));
            return output;
          }
          buffer = buffer.slice(end + close.length);
          thinking = false;
          continue;
        }
        const start = buffer.indexOf(open);
        if (start >= 0) {
          output += emit(buffer.slice(0, start));
          buffer = buffer.slice(start + open.length);
          thinking = true;
          continue;
        }
        const keep = partialTagLength(buffer, open);
        output += emit(buffer.slice(0, buffer.length - keep));
        buffer = buffer.slice(buffer.length - keep);
        return output;
      }
    },
    flush(): string {
      // An unterminated think block is reasoning, not answer.
      const rest = thinking ? "" : emit(buffer);
      buffer = "";
      return rest;
    },
  };
}

/** Length of the longest suffix of `text` that could be the start of `tag`. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}
