/**
 * Shared page chrome: fills translated strings, wires the language toggle
 * in the header and marks the current page in the navigation. Each page's
 * entry module calls `initLayout()` first.
 */

import { applyTranslations, currentLanguageCode, onLanguageChange, setLanguage, t } from "./i18n.js";

function updateToggle() {
  for (const button of document.querySelectorAll("[data-lang-toggle]")) {
    button.textContent = t("lang.toggle");
    button.setAttribute("aria-label", t("lang.toggleLabel"));
    button.setAttribute("lang", currentLanguageCode() === "vi" ? "en" : "vi");
  }
}

function markCurrentPage() {
  const path = window.location.pathname.replace(/\/+$/u, "") || "/";
  for (const link of document.querySelectorAll(".site-nav a")) {
    const target = new URL(/** @type {HTMLAnchorElement} */ (link).href).pathname.replace(/\/+$/u, "") || "/";
    if (target === path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export function initLayout() {
  applyTranslations(document);
  updateToggle();
  markCurrentPage();
  for (const button of document.querySelectorAll("[data-lang-toggle]")) {
    button.addEventListener("click", () => setLanguage(currentLanguageCode() === "vi" ? "en" : "vi"));
  }
  onLanguageChange(() => {
    applyTranslations(document);
    updateToggle();
  });
}
