/**
 * The embeddable search box (GET /embed/search), shown inside an iframe on
 * other intranet pages (see widget.js). Results open in a new tab on the
 * Vanban site; the frame reports its height to the host page so the host
 * can size the iframe without scrollbars.
 */

import { describeError, searchArchive } from "./api.js";
import { clearElement, createElement, debounce, markReady, requireElement } from "./dom.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { renderSearchResult } from "./search-results.js";

const DEBOUNCE_MS = 250;
const DEFAULT_RESULTS = 5;

const form = /** @type {HTMLFormElement} */ (requireElement("embed-form"));
const input = /** @type {HTMLInputElement} */ (requireElement("embed-input"));
const summary = requireElement("embed-summary");
const notice = requireElement("embed-notice");
const resultsList = requireElement("embed-results");
const seeAll = /** @type {HTMLAnchorElement} */ (requireElement("embed-see-all"));

const parameters = new URLSearchParams(window.location.search);
const requested = Number(parameters.get("k") ?? DEFAULT_RESULTS);
const resultCount = Number.isInteger(requested) && requested >= 1 && requested <= 20 ? requested : DEFAULT_RESULTS;

/** @type {AbortController | null} */
let inFlight = null;
let requestCounter = 0;
/** @type {{ kind: "idle" | "loading" | "ready" | "error"; total?: number; results?: any[]; message?: string }} */
let status = { kind: "idle" };

function reportHeight() {
  if (window.parent === window) return;
  // The height is not secret, and the host's origin is unknown here, so "*" is acceptable.
  window.parent.postMessage({ type: "vanban:resize", height: Math.ceil(document.documentElement.scrollHeight) }, "*");
}

function render() {
  const query = input.value.trim();
  clearElement(notice);
  if (status.kind === "loading") summary.textContent = t("search.loading");
  else if (status.kind === "ready" && status.total) summary.textContent = t("search.summary", { total: status.total, q: query });
  else summary.textContent = "";

  if (status.kind === "error") {
    const retry = createElement("button", { className: "button button-small", text: t("search.retry"), attributes: { type: "button" } });
    retry.addEventListener("click", () => void runSearch());
    notice.append(createElement("p", { className: "notice-title", text: status.message ?? "" }), retry);
  }
  if (status.kind === "ready" && (status.results ?? []).length === 0) notice.append(createElement("p", { className: "notice-title", text: t("search.noResults", { q: query }) }));
  notice.hidden = notice.childElementCount === 0;

  if (status.kind !== "loading") {
    clearElement(resultsList);
    for (const result of status.kind === "ready" ? status.results ?? [] : []) {
      resultsList.append(renderSearchResult(result, { maxChars: 180, openInNewTab: true, headingLevel: "h3" }));
    }
  }
  seeAll.hidden = !(status.kind === "ready" && (status.total ?? 0) > 0);
  seeAll.href = `/search?${new URLSearchParams({ q: query })}`;
}

async function runSearch() {
  inFlight?.abort();
  const query = input.value.trim();
  if (!query) {
    status = { kind: "idle" };
    render();
    return;
  }
  const controller = new AbortController();
  inFlight = controller;
  const requestId = ++requestCounter;
  status = { kind: "loading" };
  render();
  try {
    const response = await searchArchive({ q: query, k: resultCount }, { signal: controller.signal });
    if (requestId !== requestCounter) return;
    status = { kind: "ready", total: response.total ?? response.results.length, results: response.results };
  } catch (error) {
    if (controller.signal.aborted || requestId !== requestCounter) return;
    status = { kind: "error", message: describeError(error) };
  }
  render();
}

const runSearchSoon = debounce(() => void runSearch(), DEBOUNCE_MS);

function main() {
  applyTranslations(document);
  input.addEventListener("input", runSearchSoon);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runSearchSoon.cancel();
    void runSearch();
  });
  onLanguageChange(() => {
    applyTranslations(document);
    render();
  });
  new ResizeObserver(reportHeight).observe(document.documentElement);
  // A query in the URL wins; otherwise search what was typed before this script ran.
  const initial = parameters.get("q");
  if (initial) input.value = initial;
  if (input.value.trim()) void runSearch();
  reportHeight();
  markReady();
}

main();
