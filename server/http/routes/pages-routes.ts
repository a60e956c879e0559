import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { sendError } from "../error-middleware.js";

/**
 * The web pages and their assets. Only files under `webDir` are served; a
 * path that tries to leave it (../, encoded or not) is a 404.
 */
export function createPagesRouter(options: { webDir: string }): Router {
  const router = Router();
  const webDir = path.resolve(options.webDir);
  const page = (file: string) => (_request: express.Request, response: express.Response) => {
    const filePath = path.join(webDir, file);
    if (!existsSync(filePath)) return sendError(response, 404, "not_found", `The page ${file} is missing.`);
    response.sendFile(filePath, { dotfiles: "deny" });
  };
  router.get("/", page("index.html"));
  router.get("/search", page("search.html"));
  router.get("/tasks", page("tasks.html"));
  router.get("/documents", page("documents.html"));
  router.get("/login", page("login.html"));
  router.get("/admin", page("admin.html"));
  router.get("/documents/:docId", page("document.html"));
  router.get("/embed/search", (request, response, next) => {
    // The widget page is meant to be framed by other intranet pages.
    response.setHeader("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors *");
    response.removeHeader("x-frame-options");
    page("embed-search.html")(request, response);
    void next;
  });
  router.get("/widget.js", page("widget.js"));
  router.get("/example-widget.html", page("example-widget.html"));
  router.use("/assets", express.static(path.join(webDir, "assets"), { dotfiles: "deny", index: false, fallthrough: true, redirect: false }));
  return router;
}
