/**
 * The sign-in page: a local account (POST /api/auth/login) or the identity
 * provider (GET /api/auth/oidc/login), then back to the page that asked.
 */
import { t } from "./i18n.js";
import { markReady } from "./dom.js";
import { initLayout } from "./layout.js";

function nextPath() {
  const next = new URLSearchParams(window.location.search).get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** @param {string} text */
function say(text) {
  const message = /** @type {HTMLElement} */ (document.getElementById("login-message"));
  message.textContent = text;
  message.hidden = !text;
}

async function start() {
  initLayout();
  const form = /** @type {HTMLFormElement} */ (document.getElementById("login-form"));
  if (new URLSearchParams(window.location.search).get("error") === "oidc") say(t("login.oidcFailed"));
  try {
    const config = await (await fetch("/api/auth/config", { headers: { Accept: "application/json" } })).json();
    if (config.mode === "off") say(t("login.off"));
    if (Array.isArray(config.methods) && config.methods.includes("oidc")) {
      const link = /** @type {HTMLAnchorElement} */ (document.getElementById("login-oidc-link"));
      link.href = `/api/auth/oidc/login?next=${encodeURIComponent(nextPath())}`;
      /** @type {HTMLElement} */ (document.getElementById("login-oidc")).hidden = false;
    }
  } catch {
    // The form still works.
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    say("");
    let response;
    try {
      response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ username: String(data.get("username") ?? ""), password: String(data.get("password") ?? "") }),
      });
    } catch {
      say(t("error.network"));
      return;
    }
    if (response.ok) {
      window.location.assign(nextPath());
      return;
    }
    say(response.status === 429 ? t("login.locked") : response.status === 401 ? t("login.wrong") : t("error.server"));
  });
  markReady();
}

void start();
