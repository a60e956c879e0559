/*
 * Vanban search widget for other intranet pages.
 *
 *   <div id="vanban-search"></div>
 *   <script src="https://vanban.example.gov.vn/widget.js" data-target="#vanban-search" async></script>
 *
 * Optional attributes: data-lang="vi|en", data-results="5" (1..20),
 * data-query="initial search", data-title="accessible name of the frame".
 * Without data-target the box is inserted right after the script tag.
 *
 * The widget is an <iframe> to /embed/search on the Vanban server, so the
 * host page's styles and scripts cannot reach the archive's data and vice
 * versa. This file is a classic script (no module, no globals) because host
 * pages may be old; it only creates the frame and sizes it.
 */
(function () {
  "use strict";
  var current = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (!current || !current.src) return;
  var script = current;
  var origin = new URL(script.src, window.location.href).origin;

  var parameters = new URLSearchParams();
  var language = script.getAttribute("data-lang");
  if (language === "vi" || language === "en") parameters.set("lang", language);
  var results = script.getAttribute("data-results");
  if (results && /^\d{1,2}$/.test(results)) parameters.set("k", results);
  var query = script.getAttribute("data-query");
  if (query) parameters.set("q", query);
  var queryString = parameters.toString();

  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/search" + (queryString ? "?" + queryString : "");
  frame.title = script.getAttribute("data-title") || (language === "en" ? "Search the Vanban archive" : "Tìm kiếm văn bản Vanban");
  frame.setAttribute("data-vanban-widget", "");
  frame.setAttribute("loading", "lazy");
  // Styles set through the CSSOM, which a strict CSP on the host page allows.
  frame.style.width = "100%";
  frame.style.minHeight = "96px";
  frame.style.height = "96px";
  frame.style.border = "0";
  frame.style.display = "block";

  function insert() {
    var selector = script.getAttribute("data-target");
    var container = selector ? document.querySelector(selector) : null;
    if (container) container.appendChild(frame);
    else if (script.parentNode) script.parentNode.insertBefore(frame, script.nextSibling);
  }

  window.addEventListener("message", function (event) {
    // Only the frame we created, served from the widget's own origin, may resize it.
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "vanban:resize" || typeof data.height !== "number" || !isFinite(data.height)) return;
    frame.style.height = Math.max(96, Math.min(4000, Math.round(data.height))) + "px";
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", insert);
  else insert();
})();
