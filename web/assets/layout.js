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

/**
 * With accounts on, the header names who is signed in and offers to sign out
 * (POST /api/auth/logout with the session's CSRF token).
 */
async function showAccount() {
  const toggle = document.querySelector("[data-lang-toggle]");
  if (!toggle || window.location.pathname === "/login" || document.querySelector(".account")) return;
  // Only a signed-in browser has the marker cookie: an open-mode server is never asked.
  if (!/(?:^|;\s*)vanban_signed_in=1(?:;|$)/u.test(document.cookie)) return;
  let me;
  try {
    const response = await fetch("/api/auth/me", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    me = await response.json();
  } catch {
    return;
  }
  if (!me || !me.user) return;
  const box = document.createElement("span");
  box.className = "account";
  const name = document.createElement("span");
  name.className = "account-name";
  name.textContent = me.user.displayName || me.user.name;
  const signOut = document.createElement("button");
  signOut.type = "button";
  signOut.className = "lang-toggle";
  signOut.dataset.i18n = "account.signOut";
  signOut.textContent = t("account.signOut");
  signOut.addEventListener("click", async () => {
    await fetch("/api/auth/logout", { method: "POST", headers: { "x-csrf-token": String(me.csrfToken ?? ""), Accept: "application/json" } }).catch(() => undefined);
    window.location.assign("/login");
  });
  box.append(name, " ", signOut);
  toggle.before(box);
  // Administrators get the administration page in the navigation.
  const nav = document.querySelector(".site-nav");
  if (me.user.role === "admin" && nav && !nav.querySelector('a[href="/admin"]')) {
    const link = document.createElement("a");
    link.href = "/admin";
    link.textContent = currentLanguageCode() === "vi" ? "Quản trị" : "Admin";
    nav.append(link);
    markCurrentPage();
  }
}

export function initLayout() {
  void showAccount();
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
