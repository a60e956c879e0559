/**
 * Search page (GET /search): results as you type (debounced), highlighted
 * snippets, facets with counts, pagination. The query and filters live in
 * the URL so a search can be bookmarked or sent to a colleague.
 */

import { describeError, searchArchive } from "./api.js";
import { clearElement, createElement, debounce, markReady, requireElement } from "./dom.js";
import { pagerItems } from "./format.js";
import { onLanguageChange, t } from "./i18n.js";
import { initLayout } from "./layout.js";
import { renderSearchResult } from "./search-results.js";

const PAGE_SIZE = 10;
/** The API accepts offsets up to 1000. */
const MAX_OFFSET = 1000;
const DEBOUNCE_MS = 250;
/** @type {ReadonlyArray<"province" | "year" | "type">} */
const FACET_NAMES = ["province", "year", "type"];

/**
 * @typedef {{ q: string; province: string; year: string; type: string; page: number }} SearchState
 * @typedef {{ results: import("./search-results.js").SearchResult[]; total: number; facets?: Record<string, Record<string, number>> }} SearchResponse
 */

const form = /** @type {HTMLFormElement} */ (requireElement("search-form"));
const input = /** @type {HTMLInputElement} */ (requireElement("search-input"));
const intro = requireElement("search-intro");
const facetsPanel = /** @type {HTMLDetailsElement} */ (requireElement("facets-panel"));
const facetsElement = requireElement("facets");
const summary = requireElement("results-summary");
const activeFilters = requireElement("active-filters");
const notice = requireElement("results-notice");
const resultsList = requireElement("results");
const pagination = requireElement("pagination");

/** @type {SearchState} */
const state = readStateFromUrl();
/** @type {SearchResponse | null} */
let lastResponse = null;
/** @type {{ kind: "idle" | "loading" | "ready" | "error"; message?: string }} */
let status = { kind: "idle" };
/** @type {AbortController | null} */
let inFlight = null;
let requestCounter = 0;

/** @returns {SearchState} */
function readStateFromUrl() {
  const parameters = new URLSearchParams(window.location.search);
  const page = Number(parameters.get("page") ?? "1");
  return {
    q: parameters.get("q") ?? "",
    province: parameters.get("province") ?? "",
    year: parameters.get("year") ?? "",
    type: parameters.get("type") ?? "",
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/**
 * Keeps the search in the URL. A search the reader commits (Enter, a filter,
 * a page) is a new history entry, so Back returns to the previous results
 * inside the app; typing only replaces the current entry.
 * @param {"push" | "replace" | "none"} mode
 */
function writeStateToUrl(mode) {
  if (mode === "none") return;
  const parameters = new URLSearchParams();
  if (state.q) parameters.set("q", state.q);
  for (const name of FACET_NAMES) if (state[name]) parameters.set(name, state[name]);
  if (state.page > 1) parameters.set("page", String(state.page));
  const query = parameters.toString();
  const lang = new URLSearchParams(window.location.search).get("lang");
  if (lang) parameters.set("lang", lang);
  const url = `${window.location.pathname}${query || lang ? `?${parameters}` : ""}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (mode === "push") history.pushState({ vanbanSearch: true }, "", url);
  else history.replaceState({ vanbanSearch: true }, "", url);
}

/** @param {{ focusSummary?: boolean; history?: "push" | "replace" | "none" }} [options] */
async function runSearch(options = {}) {
  writeStateToUrl(options.history ?? "replace");
  inFlight?.abort();
  const query = state.q.trim();
  if (!query) {
    inFlight = null;
    lastResponse = null;
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
    const response = await searchArchive(
      {
        q: query,
        k: PAGE_SIZE,
        offset: Math.min(MAX_OFFSET, (state.page - 1) * PAGE_SIZE),
        province: state.province,
        year: state.year,
        type: state.type,
      },
      { signal: controller.signal },
    );
    // A slower, older request must never overwrite the answer to a newer one.
    if (requestId !== requestCounter) return;
    lastResponse = response;
    status = { kind: "ready" };
  } catch (error) {
    if (controller.signal.aborted || requestId !== requestCounter) return;
    // The previous results stay on the page (marked as such) under the error.
    status = { kind: "error", message: describeError(error) };
  } finally {
    if (inFlight === controller) inFlight = null;
  }
  render();
  if (options.focusSummary) {
    summary.focus();
    summary.scrollIntoView({ block: "nearest" });
  }
}

const runSearchSoon = debounce(() => void runSearch(), DEBOUNCE_MS);

function pageCount() {
  if (!lastResponse) return 0;
  return Math.ceil(Math.min(lastResponse.total, MAX_OFFSET + PAGE_SIZE) / PAGE_SIZE);
}

function render() {
  intro.hidden = state.q.trim() !== "";
  resultsList.setAttribute("aria-busy", String(status.kind === "loading"));
  resultsList.classList.toggle("is-loading", status.kind === "loading");
  renderSummary();
  renderActiveFilters();
  renderNotice();
  renderResults();
  renderFacets();
  renderPagination();
}

function renderSummary() {
  const query = state.q.trim();
  if (status.kind === "loading") summary.textContent = t("search.loading");
  else if (status.kind === "ready" && lastResponse && lastResponse.total > 0) {
    const pages = pageCount();
    summary.textContent =
      pages > 1
        ? t("search.summaryPage", { total: lastResponse.total, q: query, page: state.page, pages })
        : t("search.summary", { total: lastResponse.total, q: query });
  } else summary.textContent = "";
}

function renderNotice() {
  clearElement(notice);
  if (status.kind === "error") {
    const retry = createElement("button", { className: "button button-small", text: t("search.retry"), attributes: { type: "button" } });
    retry.addEventListener("click", () => void runSearch({ history: "none" }));
    notice.append(createElement("p", { className: "notice-title", text: status.message ?? "" }), retry);
    if (lastResponse && lastResponse.results.length) notice.append(createElement("p", { className: "notice-body", text: t("search.stale") }));
    notice.setAttribute("data-state", "error");
  } else if (status.kind === "ready" && lastResponse && lastResponse.results.length === 0) {
    notice.append(
      createElement("p", { className: "notice-title", text: t("search.noResults", { q: state.q.trim() }) }),
      createElement("p", { className: "notice-body", text: t("search.noResultsSuggest") }),
    );
    notice.setAttribute("data-state", "empty");
  }
  notice.hidden = notice.childElementCount === 0;
}

function renderResults() {
  // Loading keeps the previous results visible, dimmed; an error keeps them too.
  if (status.kind === "loading" || status.kind === "error") {
    resultsList.classList.toggle("is-stale", status.kind === "error");
    return;
  }
  resultsList.classList.remove("is-stale");
  clearElement(resultsList);
  if (status.kind !== "ready" || !lastResponse) return;
  for (const result of lastResponse.results) resultsList.append(renderSearchResult(result));
}

/**
 * @param {"province" | "year" | "type"} name
 * @param {string} value
 */
function toggleFilter(name, value) {
  state[name] = state[name] === value ? "" : value;
  state.page = 1;
  runSearchSoon.cancel();
  void runSearch({ history: "push" });
}

/**
 * Facet values in display order: years newest first, the rest by count.
 * @param {"province" | "year" | "type"} name
 * @param {Record<string, number>} counts
 * @returns {Array<[string, number]>}
 */
function sortFacet(name, counts) {
  const entries = Object.entries(counts).filter(([, count]) => Number.isFinite(count));
  if (name === "year") return entries.sort((left, right) => Number(right[0]) - Number(left[0]));
  return entries.sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0], "vi"));
}

function renderFacets() {
  if (status.kind === "loading") return;
  clearElement(facetsElement);
  const facets = status.kind === "ready" ? lastResponse?.facets : undefined;
  // With no results the facets have nothing to count; the filter chips still allow undoing a filter.
  facetsPanel.hidden = !facets || !state.q.trim() || (lastResponse?.total ?? 0) === 0;
  if (!facets) return;
  for (const name of FACET_NAMES) {
    const counts = { ...(facets[name] ?? {}) };
    // Keep the active value visible even when the server's counts leave it out.
    if (state[name] && !(state[name] in counts)) counts[state[name]] = 0;
    const headingId = `facet-${name}-heading`;
    const list = createElement("ul", { className: "facet-options" });
    for (const [value, count] of sortFacet(name, counts)) {
      const pressed = state[name] === value;
      const button = createElement(
        "button",
        {
          className: "facet-option",
          attributes: { type: "button", "aria-pressed": String(pressed), "data-facet": name, "data-value": value },
        },
        [createElement("span", { className: "facet-value", text: value }), createElement("span", { className: "facet-count", text: String(count) })],
      );
      button.addEventListener("click", () => toggleFilter(name, value));
      list.append(createElement("li", {}, [button]));
    }
    if (list.childElementCount === 0) list.append(createElement("li", { className: "facet-empty", text: t("search.facetEmpty") }));
    facetsElement.append(
      createElement("section", { className: "facet", attributes: { "aria-labelledby": headingId, "data-facet": name } }, [
        createElement("h2", { className: "facet-heading", text: t(`search.facet.${name}`), attributes: { id: headingId } }),
        list,
      ]),
    );
  }
}

function renderActiveFilters() {
  clearElement(activeFilters);
  const active = FACET_NAMES.filter((name) => state[name]);
  activeFilters.hidden = active.length === 0;
  for (const name of active) {
    const chip = createElement("button", {
      className: "filter-chip",
      attributes: { type: "button", "aria-label": t("search.removeFilter", { value: state[name] }), "data-facet": name },
    }, [createElement("span", { className: "filter-chip-name", text: `${t(`search.facet.${name}`)}: ` }), state[name], createElement("span", { className: "filter-chip-remove", text: " ×", attributes: { "aria-hidden": "true" } })]);
    chip.addEventListener("click", () => toggleFilter(name, state[name]));
    activeFilters.append(chip);
  }
  if (active.length > 1) {
    const clear = createElement("button", { className: "link-button", text: t("search.clearFilters"), attributes: { type: "button" } });
    clear.addEventListener("click", () => {
      for (const name of FACET_NAMES) state[name] = "";
      state.page = 1;
      void runSearch({ history: "push" });
    });
    activeFilters.append(clear);
  }
}

/** @param {number} page */
function goToPage(page) {
  state.page = page;
  void runSearch({ focusSummary: true, history: "push" });
}

function renderPagination() {
  if (status.kind === "loading") return;
  clearElement(pagination);
  const pages = pageCount();
  pagination.hidden = status.kind !== "ready" || pages <= 1;
  if (pagination.hidden) return;
  const list = createElement("ul", { className: "pager" });
  /** @param {string} label @param {number} page @param {string} className @param {boolean} disabled */
  const stepButton = (label, page, className, disabled) => {
    const button = createElement("button", { className: `pager-step ${className}`, text: label, attributes: { type: "button" } });
    button.disabled = disabled;
    button.addEventListener("click", () => goToPage(page));
    return createElement("li", {}, [button]);
  };
  list.append(stepButton(`‹ ${t("search.previous")}`, state.page - 1, "pager-previous", state.page <= 1));
  for (const item of pagerItems({ current: state.page, pages })) {
    if (item === null) {
      list.append(createElement("li", { className: "pager-gap", text: "…", attributes: { "aria-hidden": "true" } }));
      continue;
    }
    const button = createElement("button", {
      className: "pager-page",
      text: String(item),
      attributes: { type: "button", "aria-label": t("search.page", { page: item }) },
    });
    if (item === state.page) button.setAttribute("aria-current", "page");
    button.addEventListener("click", () => goToPage(item));
    list.append(createElement("li", {}, [button]));
  }
  list.append(stepButton(`${t("search.next")} ›`, state.page + 1, "pager-next", state.page >= pages));
  pagination.append(list);
}

function main() {
  initLayout();
  // A query in the URL wins; otherwise keep what was typed before this script ran.
  if (state.q || !input.value.trim()) input.value = state.q;
  else state.q = input.value;
  // On a phone the filters start folded so the results come first.
  if (window.matchMedia("(max-width: 720px)").matches) facetsPanel.open = false;

  input.addEventListener("input", () => {
    state.q = input.value;
    state.page = 1;
    runSearchSoon();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runSearchSoon.cancel();
    state.q = input.value;
    state.page = 1;
    void runSearch({ history: "push" });
  });
  // Back and Forward move between searches of this page.
  window.addEventListener("popstate", () => {
    Object.assign(state, readStateFromUrl());
    input.value = state.q;
    runSearchSoon.cancel();
    void runSearch({ history: "none" });
  });
  onLanguageChange(render);

  if (state.q.trim()) void runSearch({ history: "none" });
  else render();
  input.focus();
  markReady();
}

main();
