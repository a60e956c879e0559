import { OPENAPI_ROUTES } from "./openapi-routes.js";
import { reindexResponseSchema } from "./response-schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "./route-registry.js";
import { API_ROUTES } from "./routes/api-routes.js";
import { METRICS_ROUTES } from "./routes/metrics-routes.js";
import { OPENAI_ROUTES } from "./routes/openai-routes.js";
import { TASKS_ROUTES } from "./routes/tasks-routes.js";
import { EXAMPLES_ROUTES } from "./routes/examples-routes.js";

/** The admin route is defined in create-app.ts (it needs the API key check). */
const ADMIN_ROUTES: RouteDescription[] = [
  {
    method: "post",
    path: "/api/admin/reindex",
    tag: "admin",
    summary: "Re-run the ingest and swap the new index in (needs API_KEY when set: header x-api-key)",
    description: "One run at a time (uploads and deletions share it); GET /api/admin/reindex/status reports its progress when uploads are enabled.",
    responses: {
      200: { description: "The ingest summary", content: jsonContent(reindexResponseSchema) },
      401: errorResponse("Missing or wrong API key"),
      404: errorResponse("Re-indexing is not available in this deployment"),
      ...RATE_LIMITED,
    },
    examples: [{ name: "reindex", status: 200, body: {} }],
  },
];

/**
 * Every documented route: the OpenAPI document and its conformance test
 * iterate over this list. A new route file exports its descriptions and adds
 * them here.
 */
export function listRouteDescriptions(): RouteDescription[] {
  return [...API_ROUTES, ...EXAMPLES_ROUTES, ...TASKS_ROUTES, ...ADMIN_ROUTES, ...OPENAI_ROUTES, ...OPENAPI_ROUTES, ...METRICS_ROUTES];
}
