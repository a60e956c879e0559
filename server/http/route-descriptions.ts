import { OPENAPI_ROUTES } from "./openapi-routes.js";
import { findRoutePolicy } from "../auth/route-policy.js";
import { errorResponse, type RouteDescription } from "./route-registry.js";
import { ADMIN_ROUTES } from "./routes/admin-routes.js";
import { API_ROUTES } from "./routes/api-routes.js";
import { METRICS_ROUTES } from "./routes/metrics-routes.js";
import { OPENAI_ROUTES } from "./routes/openai-routes.js";
import { TASKS_ROUTES } from "./routes/tasks-routes.js";
import { EXAMPLES_ROUTES } from "./routes/examples-routes.js";
import { AUTH_ROUTES } from "../auth/auth-routes.js";
import { ADMIN_ACCOUNT_ROUTES } from "../auth/admin-routes.js";

/**
 * Every documented route: the OpenAPI document and its conformance test
 * iterate over this list. A new route file exports its descriptions and adds
 * them here.
 */
export function listRouteDescriptions(): RouteDescription[] {
  return withAccessResponses([...API_ROUTES, ...EXAMPLES_ROUTES, ...TASKS_ROUTES, ...ADMIN_ROUTES, ...AUTH_ROUTES, ...ADMIN_ACCOUNT_ROUTES, ...OPENAI_ROUTES, ...OPENAPI_ROUTES, ...METRICS_ROUTES]);
}

/** With accounts on, a route may also refuse: 401 (not signed in) and, below its role, 403 (server/auth/route-policy.ts). */
function withAccessResponses(routes: RouteDescription[]): RouteDescription[] {
  return routes.map((route) => {
    const access = findRoutePolicy(route.method, route.path.replace(/:[A-Za-z_]+/gu, "x"))?.access ?? "public";
    if (access === "public") return route;
    const responses = { ...route.responses };
    responses[401] ??= errorResponse("Not signed in, or a bad API token (AUTH=local|oidc)");
    if (access !== "reader") responses[403] ??= errorResponse(`A browser request from another site; with accounts on, also below the ${access} role or a cookie request without its x-csrf-token`);
    else responses[403] ??= errorResponse("A cookie request without its x-csrf-token (AUTH=local|oidc)");
    return { ...route, responses };
  });
}
