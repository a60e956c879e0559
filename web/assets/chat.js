/**
 * Chat page (GET /): asks /api/ask with the conversation so far, streams
 * the answer in, turns "[n]" markers into links to the cited passage, and
 * keeps the conversation in sessionStorage so opening a source and coming
 * back does not lose it.
 */

import { askArchive, describeError, getExamples } from "./api.js";
import { clearElement, copyText, createElement, markReady, requireElement } from "./dom.js";
import { buildDocumentUrl, formatAnswerForCopy } from "./format.js";
import { currentLanguageCode, onLanguageChange, t } from "./i18n.js";
import { initLayout } from "./layout.js";
import { splitCitationMarkers } from "./text-ranges.js";

const STORAGE_KEY = "vanban.chat.v1";
/** Previous turns sent as history: enough for follow-ups, small enough for the request limit. */
const MAX_HISTORY_TURNS = 6;
/** The API refuses history entries longer than this. */
const MAX_HISTORY_CHARS = 8000;

/**
 * @typedef {{ n: number; docId: string; source: string; title?: string; documentName?: string; section?: string; text?: string; quote?: string;
 *   start?: number; end?: number; quoteStart?: number; quoteEnd?: number }} Citation
 * @typedef {{ id: number; question: string; answer: string; citations: Citation[]; found: boolean | null;
 *   status: "loading" | "streaming" | "done" | "error" | "stopped"; error?: string; searchQuery?: string }} Turn
 * @typedef {{ article: HTMLElement; assistant: HTMLElement; userAuthor: HTMLElement; assistantAuthor: HTMLElement;
 *   progress: HTMLElement; notice: HTMLElement; answer: HTMLElement; sources: HTMLElement; tools: HTMLElement;
 *   copyButton: HTMLButtonElement; copyStatus: HTMLElement }} TurnView
 */

/** @type {{ turns: Turn[]; controller: AbortController | null; nextId: number }} */
const state = { turns: [], controller: null, nextId: 1 };
/** @type {Map<number, TurnView>} */
const views = new Map();

const log = /** @type {HTMLElement} */ (requireElement("chat-log"));
const intro = /** @type {HTMLElement} */ (requireElement("chat-empty"));
const form = /** @type {HTMLFormElement} */ (requireElement("chat-form"));
const input = /** @type {HTMLTextAreaElement} */ (requireElement("chat-question"));
const sendButton = /** @type {HTMLButtonElement} */ (requireElement("chat-send"));
const newButton = /** @type {HTMLButtonElement} */ (requireElement("chat-new"));
const formHint = /** @type {HTMLElement} */ (requireElement("chat-form-hint"));
const liveStatus = /** @type {HTMLElement} */ (requireElement("chat-status"));

/** @param {string} message */
function announce(message) {
  liveStatus.textContent = message;
}

function save() {
  try {
    const finished = state.turns.filter((turn) => turn.status !== "loading" && turn.status !== "streaming");
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(finished));
  } catch {
    // A full or blocked storage only costs the conversation on reload.
  }
}

function restore() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "[]");
    if (!Array.isArray(stored)) return;
    for (const item of stored) {
      if (!item || typeof item.question !== "string" || typeof item.answer !== "string") continue;
      /** @type {Turn} */
      const turn = {
        id: state.nextId++,
        question: item.question,
        answer: item.answer,
        citations: Array.isArray(item.citations) ? item.citations : [],
        found: typeof item.found === "boolean" ? item.found : null,
        status: item.status === "error" || item.status === "stopped" ? item.status : "done",
        error: typeof item.error === "string" ? item.error : undefined,
        searchQuery: typeof item.searchQuery === "string" ? item.searchQuery : undefined,
      };
      state.turns.push(turn);
    }
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

/**
 * History for a follow-up: the finished turns before `turn`, oldest first.
 * @param {Turn} turn
 * @returns {Array<{ role: "user" | "assistant"; content: string }>}
 */
function historyBefore(turn) {
  const earlier = state.turns.slice(0, state.turns.indexOf(turn)).filter((item) => item.status === "done" && item.answer);
  return earlier.slice(-MAX_HISTORY_TURNS).flatMap((item) => [
    { role: /** @type {const} */ ("user"), content: item.question.slice(0, MAX_HISTORY_CHARS) },
    { role: /** @type {const} */ ("assistant"), content: item.answer.slice(0, MAX_HISTORY_CHARS) },
  ]);
}

/**
 * @param {Turn} turn
 * @returns {TurnView}
 */
function createTurnView(turn) {
  const userAuthor = createElement("p", { className: "message-author" });
  const user = createElement("div", { className: "message message-user" }, [
    userAuthor,
    createElement("p", { className: "message-text", text: turn.question }),
  ]);
  const assistantAuthor = createElement("p", { className: "message-author" });
  const progress = createElement("p", { className: "message-progress" });
  const notice = createElement("div", { className: "message-notice" });
  const answer = createElement("div", { className: "answer-text" });
  const sources = createElement("section", { className: "sources" });
  const copyButton = createElement("button", { className: "button button-small copy-button", attributes: { type: "button" } });
  const copyStatus = createElement("span", { className: "copy-status", attributes: { role: "status" } });
  const tools = createElement("div", { className: "message-tools" }, [copyButton, copyStatus]);
  const assistant = createElement("div", { className: "message message-assistant" }, [assistantAuthor, progress, notice, answer, sources, tools]);
  const article = createElement("article", { className: "turn", attributes: { "data-turn-id": String(turn.id) } }, [user, assistant]);
  copyButton.addEventListener("click", () => copyTurn(turn));
  return { article, assistant, userAuthor, assistantAuthor, progress, notice, answer, sources, tools, copyButton, copyStatus };
}

/**
 * @param {Turn} turn
 * @returns {TurnView}
 */
function viewFor(turn) {
  let view = views.get(turn.id);
  if (!view) {
    view = createTurnView(turn);
    views.set(turn.id, view);
    log.append(view.article);
  }
  return view;
}

/**
 * A citation marker or source link to the viewer at the cited quote.
 * @param {Citation} citation
 */
function citationUrl(citation) {
  return buildDocumentUrl(citation);
}

/** @param {Citation} citation */
function citationTitle(citation) {
  return citation.documentName || citation.title || citation.docId;
}

/** @param {Turn} turn */
function renderAnswer(turn) {
  const view = viewFor(turn);
  const byNumber = new Map(turn.citations.map((citation) => [citation.n, citation]));
  const fragment = document.createDocumentFragment();
  const text = turn.found === false ? "" : turn.answer;
  for (const part of splitCitationMarkers(text, new Set(byNumber.keys()))) {
    const citation = part.kind === "marker" ? byNumber.get(part.n) : undefined;
    if (!citation) {
      fragment.append(document.createTextNode(part.text));
      continue;
    }
    const marker = createElement("a", {
      className: "citation-marker",
      text: part.text,
      attributes: {
        href: citationUrl(citation),
        "aria-label": t("chat.citationLabel", { n: citation.n, title: citationTitle(citation) }),
        title: citation.quote || citationTitle(citation),
        "data-citation": String(citation.n),
      },
    });
    fragment.append(marker);
  }
  view.answer.replaceChildren(fragment);
  view.answer.hidden = text === "";
}

/** @param {Turn} turn */
function renderSources(turn) {
  const view = viewFor(turn);
  clearElement(view.sources);
  const shown = turn.found === false ? [] : turn.citations;
  view.sources.hidden = shown.length === 0;
  if (shown.length === 0) return;
  const list = createElement("ol", { className: "source-list" });
  for (const citation of shown) {
    const link = createElement("a", { className: "source-link", attributes: { href: citationUrl(citation), title: t("chat.openSource") } }, [
      createElement("span", { className: "source-number", text: `[${citation.n}]` }),
      " ",
      createElement("span", { className: "source-title", text: citationTitle(citation) }),
    ]);
    const metaParts = citation.section ?? "";
    list.append(
      createElement("li", { className: "source", attributes: { "data-citation": String(citation.n) } }, [
        link,
        metaParts ? createElement("p", { className: "source-meta", text: metaParts }) : null,
        citation.quote ? createElement("blockquote", { className: "source-quote", text: citation.quote }) : null,
      ]),
    );
  }
  view.sources.append(createElement("h3", { className: "sources-heading", text: t("chat.sources") }), list);
}

/** @param {Turn} turn */
function renderNotice(turn) {
  const view = viewFor(turn);
  clearElement(view.notice);
  if (turn.status === "error") {
    const retry = createElement("button", { className: "button button-small", text: t("chat.retry"), attributes: { type: "button" } });
    retry.addEventListener("click", () => retryTurn(turn));
    view.notice.append(
      createElement("p", { className: "notice-title", text: t("chat.errorTitle") }),
      createElement("p", { className: "notice-body", text: turn.error ?? "" }),
      retry,
    );
  } else if (turn.status === "done" && turn.found === false) {
    // A follow-up ("còn Lạng Sơn thì sao?") was answered with its earlier question: search what was searched.
    const searchText = turn.searchQuery || turn.question;
    const searchUrl = `/search?${new URLSearchParams({ q: searchText })}`;
    view.notice.append(
      createElement("p", { className: "notice-title", text: t("chat.notFoundTitle") }),
      turn.answer ? createElement("p", { className: "notice-body", text: turn.answer }) : "",
      createElement("p", { className: "notice-hint" }, [
        t("chat.notFoundHint"),
        " ",
        createElement("a", { className: "search-instead", text: t("chat.searchInstead", { q: searchText }), attributes: { href: searchUrl } }),
      ]),
    );
  } else if (turn.status === "stopped") {
    view.notice.append(createElement("p", { className: "notice-body", text: t("chat.stopped") }));
  }
  view.notice.hidden = view.notice.childElementCount === 0;
}

/** @param {Turn} turn */
function renderTurn(turn) {
  const view = viewFor(turn);
  const stateName = turn.status === "done" && turn.found === false ? "not-found" : turn.status;
  view.assistant.setAttribute("data-state", stateName);
  view.assistant.setAttribute("aria-busy", String(turn.status === "loading" || turn.status === "streaming"));
  view.userAuthor.textContent = t("chat.you");
  view.assistantAuthor.textContent = t("chat.assistant");
  const busy = turn.status === "loading" || turn.status === "streaming";
  view.progress.hidden = !busy;
  view.progress.textContent = turn.status === "loading" ? t("chat.loading") : t("chat.streaming");
  renderAnswer(turn);
  renderSources(turn);
  renderNotice(turn);
  view.tools.hidden = !(turn.status === "done" && turn.found !== false && turn.answer);
  view.copyButton.textContent = t("chat.copy");
}

function renderAll() {
  intro.hidden = state.turns.length > 0;
  for (const turn of state.turns) renderTurn(turn);
  updateSendButton();
}

function updateSendButton() {
  const busy = state.controller !== null;
  sendButton.textContent = busy ? t("chat.stop") : t("chat.send");
  sendButton.classList.toggle("is-stop", busy);
}

/** @param {Turn} turn */
async function copyTurn(turn) {
  const view = viewFor(turn);
  const text = formatAnswerForCopy({
    answer: turn.answer,
    citations: turn.citations,
    language: currentLanguageCode(),
    origin: window.location.origin,
  });
  const copied = await copyText(text);
  view.copyStatus.textContent = copied ? t("chat.copied") : t("chat.copyFailed");
  setTimeout(() => {
    view.copyStatus.textContent = "";
  }, 2500);
}

/** @param {Turn} turn */
async function runTurn(turn) {
  const controller = new AbortController();
  state.controller = controller;
  updateSendButton();
  renderTurn(turn);
  announce(t("chat.loading"));
  try {
    const result = await askArchive(
      { question: turn.question, history: historyBefore(turn) },
      {
        signal: controller.signal,
        onCitations(citations) {
          turn.citations = citations;
          renderAnswer(turn);
          renderSources(turn);
        },
        onDelta(text) {
          if (turn.status === "loading") {
            turn.status = "streaming";
            renderTurn(turn);
          }
          // Follow the growing answer, unless the reader has scrolled up to read something else.
          const followBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
          turn.answer += text;
          renderAnswer(turn);
          if (followBottom) window.scrollTo({ top: document.documentElement.scrollHeight });
        },
      },
    );
    turn.answer = result.answer;
    turn.citations = result.citations;
    turn.found = result.found;
    turn.searchQuery = result.searchQuery;
    turn.status = "done";
    announce(result.found ? `${t("chat.answerReady")} ${result.answer}` : t("chat.notFoundTitle"));
  } catch (error) {
    if (controller.signal.aborted) {
      turn.status = "stopped";
      announce(t("chat.stopped"));
    } else {
      turn.status = "error";
      turn.error = describeError(error);
      announce(`${t("chat.errorTitle")}: ${turn.error}`);
    }
  } finally {
    if (state.controller === controller) state.controller = null;
    renderTurn(turn);
    updateSendButton();
    save();
  }
}

/** @param {Turn} turn */
function retryTurn(turn) {
  if (state.controller) return;
  turn.answer = "";
  turn.citations = [];
  turn.found = null;
  turn.error = undefined;
  turn.status = "loading";
  void runTurn(turn);
}

/** @param {string} question */
function ask(question) {
  const trimmed = question.trim();
  if (!trimmed) {
    formHint.textContent = t("chat.emptyQuestion");
    formHint.hidden = false;
    input.focus();
    return;
  }
  formHint.hidden = true;
  /** @type {Turn} */
  const turn = { id: state.nextId++, question: trimmed, answer: "", citations: [], found: null, status: "loading" };
  state.turns.push(turn);
  intro.hidden = true;
  input.value = "";
  const view = viewFor(turn);
  view.article.scrollIntoView({ block: "nearest" });
  void runTurn(turn);
}

function startNewConversation() {
  state.controller?.abort();
  state.controller = null;
  state.turns = [];
  views.clear();
  clearElement(log);
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
  renderAll();
  input.focus();
}

function main() {
  initLayout();
  restore();
  renderAll();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (state.controller) {
      state.controller.abort();
      return;
    }
    ask(input.value);
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter adds a line; IME composition (Vietnamese Telex/VNI) must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => {
    formHint.hidden = true;
  });
  newButton.addEventListener("click", startNewConversation);
  onLanguageChange(() => {
    renderAll();
    renderExamples();
  });
  void loadExamples();
  markReady();
}

/** @type {{ state: "loading" | "ready" | "error"; examples: Array<{ question: string; language: string }> }} */
const examples = { state: "loading", examples: [] };

/** Example questions are chosen by the server from what this archive answers. */
async function loadExamples() {
  renderExamples();
  try {
    examples.examples = (await getExamples()).examples;
    examples.state = "ready";
  } catch {
    examples.state = "error";
  }
  renderExamples();
}

function renderExamples() {
  const list = requireElement("example-list");
  clearElement(list);
  if (examples.state === "loading") {
    list.append(createElement("li", { className: "example-status", text: t("chat.examplesLoading") }));
    return;
  }
  if (examples.examples.length === 0) {
    list.append(createElement("li", { className: "example-status", text: examples.state === "error" ? t("error.network") : t("chat.examplesNone") }));
    return;
  }
  for (const example of examples.examples) {
    const button = createElement("button", { className: "example-question", text: example.question, attributes: { type: "button", lang: example.language } });
    button.addEventListener("click", () => {
      if (state.controller) return;
      ask(example.question);
    });
    list.append(createElement("li", {}, [button]));
  }
}

main();
