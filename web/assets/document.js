/**
 * Document viewer (GET /documents/:docId): metadata, section outline, the
 * clean text with footnote marks, and the passage named by `?start=&end=`
 * (plus the exact quote by `?quoteStart=&quoteEnd=`) highlighted and
 * scrolled into view. The text is built from text nodes only; offsets are
 * into the clean text exactly as the API returns it.
 */

import { ApiError, describeError, getDocument, listTasks } from "./api.js";
import { clearElement, createElement, markReady, requireElement } from "./dom.js";
import { buildDocumentUrl, formatIsoDate, readHighlightParameters } from "./format.js";
import { currentLanguageCode, onLanguageChange, t } from "./i18n.js";
import { initLayout } from "./layout.js";
import { deadlineLabel, statusBadge } from "./task-format.js";
import { collectBoundaries } from "./text-ranges.js";

/**
 * @typedef {{ type?: string; number?: string; title?: string; issuer?: string; province?: string; date?: string; year?: number; signer?: string }} DocumentMeta
 * @typedef {{ path: string[]; heading: string; level: number; start: number; end: number }} Section
 * @typedef {{ mark: string; text: string; at: number; start?: number; end?: number }} Footnote
 * @typedef {{ text: string; type?: string; number: string; date?: string; start: number; end: number; targetDocId?: string }} Reference
 * @typedef {{ id: string; source: string; documentName?: string; format?: string; meta: DocumentMeta; text: string; notesStart?: number; ocr?: { pages: number[]; confidence: number }; sections?: Section[]; footnotes?: Footnote[]; references?: Reference[] }} ArchiveDocument
 * @typedef {{ passage: [number, number] | null; quote: [number, number] | null; invalid: boolean }} Highlight
 */

const statusElement = requireElement("doc-status");
const articleElement = requireElement("document");
const typeElement = requireElement("doc-type");
const titleElement = requireElement("doc-title");
const metaElement = requireElement("doc-meta");
const ocrNote = requireElement("doc-ocr-note");
const outlineBody = requireElement("doc-outline-body");
const textElement = requireElement("doc-text");
const footnotesSection = requireElement("doc-footnotes-section");
const footnotesList = requireElement("doc-footnotes");
const referencesSection = requireElement("doc-references-section");
const referencesList = requireElement("doc-references");
const banner = requireElement("highlight-banner");
const bannerText = requireElement("highlight-banner-text");
const jumpButton = /** @type {HTMLButtonElement} */ (requireElement("highlight-jump"));

/** @returns {string} */
function docIdFromPath() {
  const segments = window.location.pathname.split("/").filter(Boolean);
  try {
    return decodeURIComponent(segments[1] ?? "");
  } catch {
    return "";
  }
}

/**
 * @param {string} message
 * @param {boolean} [withSearchLink]
 */
function showStatus(message, withSearchLink = false) {
  statusElement.replaceChildren(
    createElement("p", { className: "notice-title", text: message }),
    withSearchLink ? createElement("p", {}, [createElement("a", { text: t("doc.backToSearch"), attributes: { href: "/search" } })]) : "",
  );
  statusElement.setAttribute("data-state", "error");
  statusElement.hidden = false;
}

/** @param {ArchiveDocument} documentData */
function renderMeta(documentData) {
  const meta = documentData.meta ?? {};
  typeElement.textContent = meta.type ?? "";
  typeElement.hidden = !meta.type;
  const name = meta.title || documentData.documentName || documentData.id;
  titleElement.textContent = name;
  document.title = `${documentData.documentName || name} — Vanban`;
  clearElement(metaElement);
  const unknown = t("doc.meta.unknown");
  /** @type {Array<[string, string]>} */
  const rows = [
    ["doc.meta.type", meta.type || unknown],
    ["doc.meta.number", meta.number === "" ? t("doc.meta.blank") : meta.number || unknown],
    ["doc.meta.date", formatIsoDate(meta.date, currentLanguageCode()) || (meta.year ? String(meta.year) : unknown)],
    ["doc.meta.issuer", meta.issuer || unknown],
    ["doc.meta.signer", meta.signer || unknown],
    ["doc.meta.province", meta.province || unknown],
    ["doc.meta.source", documentData.source || unknown],
  ];
  const ocr = documentData.ocr;
  ocrNote.hidden = !ocr || !Array.isArray(ocr.pages) || ocr.pages.length === 0;
  if (ocr && !ocrNote.hidden) ocrNote.textContent = t("doc.ocrNote", { pages: ocr.pages.join(", "), confidence: Math.round(Number(ocr.confidence) || 0) });
  for (const [key, value] of rows) {
    metaElement.append(
      createElement("div", { className: "doc-meta-row", attributes: { "data-field": key.replace("doc.meta.", "") } }, [
        createElement("dt", { text: t(key) }),
        createElement("dd", { text: value }),
      ]),
    );
  }
}

/**
 * Nested outline from the flat section list (levels give the nesting).
 * @param {Section[]} sections sorted by start
 * @param {Highlight} highlight
 */
function renderOutline(sections, highlight) {
  clearElement(outlineBody);
  if (sections.length === 0) {
    outlineBody.append(createElement("p", { className: "muted", text: t("doc.outlineEmpty") }));
    return;
  }
  const root = createElement("ol", { className: "outline-list" });
  /** @type {Array<{ level: number; list: HTMLOListElement }>} */
  const stack = [{ level: 0, list: root }];
  const focusStart = highlight.quote?.[0] ?? highlight.passage?.[0];
  sections.forEach((section, index) => {
    while (stack.length > 1 && (stack[stack.length - 1]?.level ?? 0) >= section.level) stack.pop();
    const parent = stack[stack.length - 1] ?? stack[0];
    const link = createElement("a", { text: section.heading || section.path[section.path.length - 1] || "", attributes: { href: `#${sectionAnchorId(section)}` } });
    // Mark the deepest section that holds the highlight, so the reader sees where the passage sits.
    const holdsHighlight = focusStart !== undefined && section.start <= focusStart && focusStart < section.end;
    const deeperHolds = holdsHighlight && sections.some((other) => other.level > section.level && other.start <= focusStart && focusStart < other.end && other.start >= section.start && other.end <= section.end);
    if (holdsHighlight && !deeperHolds) link.setAttribute("aria-current", "location");
    const item = createElement("li", { className: `outline-level-${Math.min(section.level, 4)}` }, [link]);
    parent?.list.append(item);
    const childList = createElement("ol", { className: "outline-list" });
    item.append(childList);
    stack.push({ level: section.level, list: childList });
  });
  // Drop the empty child lists created for leaves.
  for (const list of root.querySelectorAll("ol")) if (list.childElementCount === 0) list.remove();
  outlineBody.append(root);
}

/**
 * The clean text with overlays: section anchors and bold headings, footnote
 * marks, links for references to archived documents, and the highlight.
 * @param {ArchiveDocument} documentData
 * @param {Section[]} sections
 * @param {Highlight} highlight
 * @returns {HTMLElement | null} the first highlighted element
 */
function renderText(documentData, sections, highlight) {
  // The notes section after the body is shown as the footnote list (renderFootnotes).
  const text = (documentData.text ?? "").slice(0, bodyEnd(documentData));
  const length = text.length;
  /** @type {Array<[number, number]>} */
  const headingRanges = [];
  for (const section of sections) {
    const lineEnd = text.indexOf("\n", section.start);
    const headingEnd = text.startsWith(section.heading, section.start)
      ? section.start + section.heading.length
      : Math.min(lineEnd === -1 ? length : lineEnd, section.end);
    if (headingEnd > section.start) headingRanges.push([section.start, headingEnd]);
  }
  const links = (documentData.references ?? []).filter(
    (reference) => reference.targetDocId && reference.targetDocId !== documentData.id && reference.end > reference.start,
  );
  const footnotes = (documentData.footnotes ?? []).map((footnote, index) => ({ ...footnote, index, at: Math.max(0, Math.min(length, footnote.at)) }));
  sections = sections.filter((section) => section.start < length);

  const boundaries = collectBoundaries(length, [
    ...headingRanges.flat(),
    ...links.flatMap((reference) => [reference.start, reference.end]),
    ...footnotes.map((footnote) => footnote.at),
    ...sections.map((section) => section.start),
    ...(highlight.passage ?? []).map((offset) => Math.min(offset, length)),
    ...(highlight.quote ?? []).map((offset) => Math.min(offset, length)),
  ]);

  const fragment = document.createDocumentFragment();
  /** @type {HTMLElement | null} */
  let firstPassageMark = null;
  /** @type {HTMLElement | null} */
  let firstQuoteMark = null;
  for (let index = 0; index < boundaries.length; index++) {
    const offset = /** @type {number} */ (boundaries[index]);
    // A footnote mark follows the text it annotates; a section anchor precedes its heading.
    for (const footnote of footnotes) {
      if (footnote.at !== offset) continue;
      const label = t("doc.footnoteRef", { mark: footnote.mark });
      fragment.append(
        createElement("sup", { className: "footnote-ref" }, [
          createElement("a", {
            text: footnote.mark,
            attributes: { id: `footnote-ref-${footnote.index}`, href: `#footnote-${footnote.index}`, "aria-label": label, title: footnote.text },
          }),
        ]),
      );
    }
    const opening = sections.find((section) => section.start === offset);
    if (opening) fragment.append(createElement("span", { className: "section-anchor", attributes: { id: sectionAnchorId(opening) } }));
    const next = boundaries[index + 1];
    if (next === undefined || next <= offset) continue;

    /** @type {Node} */
    let node = document.createTextNode(text.slice(offset, next));
    const marked = markHighlight(node, offset, highlight);
    if (marked.inQuote && !firstQuoteMark) firstQuoteMark = marked.node;
    if (marked.inPassage && !firstPassageMark) firstPassageMark = marked.node;
    node = marked.node;
    if (inside(offset, headingRanges)) node = createElement("strong", { className: "section-heading" }, [node]);
    const reference = links.find((candidate) => candidate.start <= offset && offset < candidate.end);
    if (reference?.targetDocId) {
      node = createElement("a", { className: "reference-link", attributes: { href: buildDocumentUrl({ docId: reference.targetDocId }) } }, [node]);
    }
    fragment.append(node);
  }
  textElement.replaceChildren(fragment);
  return firstQuoteMark ?? firstPassageMark;
}

/** @param {ReadonlyArray<readonly [number, number]>} ranges @param {number} offset */
function inside(offset, ranges) {
  return ranges.some(([start, end]) => start <= offset && offset < end);
}

/**
 * Wraps a piece of text that starts at `offset` in a highlight mark when the
 * passage or the quote covers it (pieces are cut at the highlight's edges).
 * @param {Node} node @param {number} offset @param {Highlight} highlight
 * @returns {{ node: HTMLElement | Node; inQuote: boolean; inPassage: boolean }}
 */
function markHighlight(node, offset, highlight) {
  const inQuote = highlight.quote !== null && inside(offset, [highlight.quote]);
  const inPassage = highlight.passage !== null && inside(offset, [highlight.passage]);
  if (!inQuote && !inPassage) return { node, inQuote, inPassage };
  return { node: createElement("mark", { className: inQuote ? "highlight highlight-quote" : "highlight highlight-passage" }, [node]), inQuote, inPassage };
}

/** Where the body ends: the notes section, when the document has one, is not running text. */
function bodyEnd(/** @type {ArchiveDocument} */ documentData) {
  const length = (documentData.text ?? "").length;
  const notesStart = documentData.notesStart;
  return Number.isInteger(notesStart) && /** @type {number} */ (notesStart) >= 0 && /** @type {number} */ (notesStart) <= length ? /** @type {number} */ (notesStart) : length;
}

/** Anchor id of a section, by its start: sections that open at the same offset share it. */
function sectionAnchorId(/** @type {Section} */ section) {
  return `section-at-${section.start}`;
}

/**
 * The footnote list. A note the server placed in the notes section after the
 * body (`start`/`end`) is cut from the text there, so a passage or quote in
 * it is highlighted like one in the body.
 * @param {ArchiveDocument} documentData
 * @param {Section[]} sections
 * @param {Highlight} highlight
 * @returns {HTMLElement | null} the first highlighted element in the notes
 */
function renderFootnotes(documentData, sections, highlight) {
  clearElement(footnotesList);
  const footnotes = documentData.footnotes ?? [];
  const text = documentData.text ?? "";
  const notesStart = bodyEnd(documentData);
  footnotesSection.hidden = footnotes.length === 0;
  /** @type {HTMLElement | null} */
  let firstQuoteMark = null;
  /** @type {HTMLElement | null} */
  let firstPassageMark = null;
  // The outline's "Chú thích" entry leads here (the outline names the notes section, not each note).
  const notesAnchor = notesStart < text.length ? sections.find((section) => section.start === notesStart) : undefined;
  if (notesAnchor) footnotesList.before(createElement("span", { className: "section-anchor", attributes: { id: sectionAnchorId(notesAnchor) } }));
  footnotes.forEach((footnote, index) => {
    const start = footnote.start;
    const end = footnote.end;
    // A note placed in the notes section is cut from the text, so the passage highlight reaches into it.
    const placed = Number.isInteger(start) && Number.isInteger(end) && /** @type {number} */ (start) >= notesStart && /** @type {number} */ (end) <= text.length && /** @type {number} */ (start) <= /** @type {number} */ (end);
    const content = createElement("span", { className: "footnote-text" });
    if (placed) {
      const from = /** @type {number} */ (start);
      const to = /** @type {number} */ (end);
      const boundaries = collectBoundaries(text.length, [from, to, ...(highlight.passage ?? []), ...(highlight.quote ?? [])]).filter((offset) => offset >= from && offset <= to);
      for (let cut = 0; cut < boundaries.length - 1; cut++) {
        const offset = /** @type {number} */ (boundaries[cut]);
        const next = /** @type {number} */ (boundaries[cut + 1]);
        if (next <= offset) continue;
        const marked = markHighlight(document.createTextNode(text.slice(offset, next)), offset, highlight);
        if (marked.inQuote && !firstQuoteMark) firstQuoteMark = /** @type {HTMLElement} */ (marked.node);
        if (marked.inPassage && !firstPassageMark) firstPassageMark = /** @type {HTMLElement} */ (marked.node);
        content.append(marked.node);
      }
    } else content.textContent = footnote.text;
    footnotesList.append(
      createElement("li", { className: "footnote", attributes: { id: `footnote-${index}` } }, [
        createElement("span", { className: "footnote-mark", text: footnote.mark }),
        " ",
        content,
        " ",
        createElement("a", {
          className: "footnote-back",
          text: "↩",
          attributes: { href: `#footnote-ref-${index}`, "aria-label": t("doc.footnoteBack", { mark: footnote.mark }) },
        }),
      ]),
    );
  });
  return firstQuoteMark ?? firstPassageMark;
}

/** @param {ArchiveDocument} documentData */
function renderReferences(documentData) {
  clearElement(referencesList);
  /** @type {Map<string, Reference>} */
  const unique = new Map();
  for (const reference of documentData.references ?? []) {
    const key = reference.number || reference.text;
    if (!unique.has(key) || (reference.targetDocId && !unique.get(key)?.targetDocId)) unique.set(key, reference);
  }
  referencesSection.hidden = unique.size === 0;
  for (const reference of unique.values()) {
    const content = reference.targetDocId && reference.targetDocId !== documentData.id
      ? createElement("a", { text: reference.text, attributes: { href: buildDocumentUrl({ docId: reference.targetDocId }) } })
      : createElement("span", { text: reference.text });
    referencesList.append(createElement("li", {}, [content]));
  }
}

/** @param {Highlight} highlight */
function renderBanner(highlight) {
  if (highlight.invalid && !highlight.passage) {
    bannerText.textContent = t("doc.highlightInvalid");
    jumpButton.hidden = true;
    banner.hidden = false;
    banner.setAttribute("data-state", "invalid");
  } else if (highlight.passage) {
    bannerText.textContent = t("doc.highlightNotice");
    jumpButton.hidden = false;
    banner.hidden = false;
    banner.setAttribute("data-state", "ok");
  } else banner.hidden = true;
}

/** @param {HTMLElement | null} target */
function scrollToHighlight(target) {
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

async function main() {
  initLayout();
  const docId = docIdFromPath();
  if (!docId) {
    showStatus(t("doc.notFound"), true);
    return;
  }
  /** @type {ArchiveDocument} */
  let documentData;
  try {
    documentData = await getDocument(docId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) showStatus(t("doc.notFound"), true);
    else showStatus(describeError(error), true);
    return;
  }

  const text = typeof documentData.text === "string" ? documentData.text : "";
  const sections = [...(documentData.sections ?? [])]
    .filter((section) => Number.isInteger(section.start) && section.start >= 0 && section.start <= text.length)
    .sort((left, right) => left.start - right.start || left.level - right.level);
  const highlight = readHighlightParameters(new URLSearchParams(window.location.search), text.length);

  renderMeta(documentData);
  // The outline names the notes section once, not each note.
  const notesStart = bodyEnd({ ...documentData, text });
  const outlineSections = sections.filter((section) => section.start <= notesStart);
  renderOutline(outlineSections, highlight);
  const inText = renderText({ ...documentData, text }, sections, highlight);
  const inNotes = renderFootnotes({ ...documentData, text }, sections, highlight);
  // The quote wins over the passage wherever each of them is.
  const target = inText?.classList.contains("highlight-quote") || !inNotes?.classList.contains("highlight-quote") ? inText ?? inNotes : inNotes;
  if (target) {
    target.id = "highlight";
    target.setAttribute("tabindex", "-1");
  }
  renderReferences(documentData);
  void renderTasks(documentData.id);
  renderBanner(highlight);
  statusElement.hidden = true;
  articleElement.hidden = false;
  jumpButton.addEventListener("click", () => scrollToHighlight(target));
  onLanguageChange(() => {
    renderMeta(documentData);
    renderBanner(highlight);
    renderOutline(outlineSections, highlight);
  });
  // The browser has laid the text out once the article is visible; scroll on the next frame.
  requestAnimationFrame(() => scrollToHighlight(target));
}

/** @type {import("./task-format.js").TaskView[]} */
let documentTasks = [];
/** How many tasks the document has (the list above may be one page of them). */
let documentTaskTotal = 0;

/**
 * The assignments of the document, at the top of it: what a leader opens a
 * conclusion notice for. Each links to its sentence below.
 * @param {string} docId
 */
async function renderTasks(docId) {
  const section = requireElement("doc-tasks");
  try {
    // One document's tasks: the largest page the API gives (its whole table is one link away).
    const listed = await listTasks(new URLSearchParams({ docId, limit: "1000" }));
    documentTasks = listed.tasks;
    documentTaskTotal = listed.total ?? listed.tasks.length;
  } catch {
    section.hidden = true;
    return;
  }
  drawTasks(docId);
  onLanguageChange(() => drawTasks(docId));
}

/** @param {string} docId */
function drawTasks(docId) {
  const section = requireElement("doc-tasks");
  const list = requireElement("doc-tasks-list");
  clearElement(list);
  section.hidden = documentTasks.length === 0;
  requireElement("doc-tasks-all").setAttribute("href", `/tasks?${new URLSearchParams({ docId })}`);
  requireElement("doc-tasks-heading").textContent = `${t("doc.tasks")} (${t("doc.tasksCount", { count: documentTaskTotal })})`;
  for (const task of documentTasks) {
    list.append(
      createElement("li", { className: `doc-task doc-task-${task.status}`, attributes: { "data-task-id": task.taskId } }, [
        statusBadge(task.status),
        createElement("span", { className: "doc-task-lead", text: task.lead || "—" }),
        createElement("a", { className: "doc-task-text", text: task.task, attributes: { href: `?start=${task.start}&end=${task.end}#highlight` } }),
        createElement("span", { className: "doc-task-deadline", text: deadlineLabel(task.deadline) }),
        task.note ? createElement("span", { className: "doc-task-note", text: task.note }) : null,
      ]),
    );
  }
}

void main().finally(markReady);
