import { OPENAPI_ROUTES } from "./openapi-routes.js";
import type { RouteDescription } from "./route-registry.js";
import { ADMIN_ROUTES } from "./routes/admin-routes.js";
import { API_ROUTES } from "./routes/api-routes.js";
import { METRICS_ROUTES } from "./routes/metrics-routes.js";
import { OPENAI_ROUTES } from "./routes/openai-routes.js";
import { TASKS_ROUTES } from "./routes/tasks-routes.js";
import { EXAMPLES_ROUTES } from "./routes/examples-routes.js";

/**
 * Every documented route: the OpenAPI document and its conformance test
 * iterate over this list. A new route file exports its descriptions and adds
 * them here.
 */
export function listRouteDescriptions(): RouteDescription[] {
  return [...API_ROUTES, ...EXAMPLES_ROUTES, ...TASKS_ROUTES, ...ADMIN_ROUTES, ...OPENAI_ROUTES, ...OPENAPI_ROUTES, ...METRICS_ROUTES];
}
