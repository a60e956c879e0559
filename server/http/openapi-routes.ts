import { existsSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import { readPackageVersion } from "./package-version.js";
import { sendError } from "./error-middleware.js";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi-document.js";
import { RATE_LIMITED, type RouteDescription } from "./route-registry.js";

/**
 * GET /api/openapi.json (the OpenAPI 3.1 document of every /api and /v1
 * route, built from the route registry on first request) and GET /api/reference
 * (a page that renders it).
 */
export function createOpenApiRouter(options: { routes: () => readonly RouteDescription[]; webDir: string }): Router {
  const router = Router();
  let document: OpenApiDocument | undefined;
  router.get("/api/openapi.json", (_request, response) => {
    document ??= buildOpenApiDocument({
      routes: options.routes(),
      title: "Vanban",
      version: readPackageVersion(),
      description:
        "Search and question answering over archives of Vietnamese government directives. Errors are {\"error\":{\"code\",\"message\",\"requestId\"}}; " +
        "offsets (start, end, quoteStart, quoteEnd, highlights) point into a document's clean text.",
    });
    response.json(document);
  });
  router.get("/api/reference", (_request, response) => {
    const page = path.join(path.resolve(options.webDir), "api-reference.html");
    if (!existsSync(page)) return sendError(response, 404, "not_found", "The API reference page is missing.");
    response.sendFile(page, { dotfiles: "deny" });
  });
  return router;
}

const openApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export const OPENAPI_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "meta",
    summary: "This OpenAPI 3.1 document (generated from the server's zod schemas)",
    responses: { 200: { description: "The document", content: { "application/json": openApiDocumentSchema } }, ...RATE_LIMITED },
    examples: [{ name: "document", status: 200 }],
  },
  {
    method: "get",
    path: "/api/reference",
    tag: "meta",
    summary: "The API reference page (renders /api/openapi.json)",
    responses: { 200: { description: "HTML page", content: { "text/html": undefined } }, ...RATE_LIMITED },
    examples: [{ name: "page", status: 200 }],
  },
];
