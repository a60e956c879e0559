/**
 * DOM helpers. Every piece of text that can come from a document goes in
 * through `textContent` / text nodes, never through innerHTML: a document
 * that contains "<script>" must show those characters, not run them.
 */

import { segmentByRanges } from "./text-ranges.js";

/**
 * Creates an element. `text` becomes a text node; `attributes` are set with
 * setAttribute (never `style` or `on*`: the pages run under a strict CSP and
 * handlers are attached with addEventListener).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ className?: string; text?: string; attributes?: Record<string, string> }} [options]
 * @param {ReadonlyArray<Node | string | null | undefined | false>} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function createElement(tag, options = {}, children = []) {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** @param {Element} element */
export function clearElement(element) {
  element.replaceChildren();
}

/**
 * Text with highlighted ranges as a fragment of text nodes and <mark>s.
 * @param {string} text
 * @param {ReadonlyArray<readonly [number, number]> | undefined | null} ranges
 * @param {{ markClass?: string }} [options]
 * @returns {DocumentFragment}
 */
export function renderHighlightedText(text, ranges, options = {}) {
  const fragment = document.createDocumentFragment();
  for (const piece of segmentByRanges(text, ranges)) {
    if (piece.highlighted) fragment.append(createElement("mark", { className: options.markClass ?? "", text: piece.text }));
    else fragment.append(document.createTextNode(piece.text));
  }
  return fragment;
}

/**
 * Marks the page as wired up (`<html data-ready="true">`): its script has
 * attached every handler, so input from now on is acted on. Module scripts
 * run after the markup is shown, so a user (or a test) can type before
 * that; each page also picks up what was typed before it got ready.
 */
export function markReady() {
  document.documentElement.dataset.ready = "true";
}

/**
 * Returns the element with the given id or throws: the pages' markup is
 * static, so a missing element is a programming error worth failing loudly.
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function requireElement(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Missing element #${id}`);
  return /** @type {T} */ (element);
}

/**
 * Calls `action` once `delayMs` has passed without another call.
 * @template {unknown[]} A
 * @param {(...args: A) => void} action
 * @param {number} delayMs
 * @returns {((...args: A) => void) & { cancel(): void }}
 */
export function debounce(action, delayMs) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const debounced = /** @type {((...args: A) => void) & { cancel(): void }} */ (
    (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => action(...args), delayMs);
    }
  );
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

/**
 * Copies text to the clipboard; falls back to a hidden textarea where the
 * async Clipboard API is missing or refused (plain-http intranet origins).
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the legacy path.
  }
  const area = createElement("textarea", { className: "clipboard-helper", attributes: { readonly: "", "aria-hidden": "true" } });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
