import type { Role } from "../store/accounts.js";

/**
 * Who may call each route when accounts are on (AUTH=local|oidc): `public`
 * (anyone: the pages, whose data all comes through the API, the API
 * reference and signing in), or the least role needed. A request to a path no
 * entry matches is refused (404) before any router sees it, so a route added
 * without an entry here cannot be reached; the route × role matrix test walks
 * the Express router and the route registry and fails on such a route.
 * The table also serves open mode (AUTH=off): its editor and administrator
 * routes are those that refuse browser requests from another site.
 */
export type Access = "public" | Role;
export type PolicyMethod = "get" | "post" | "put" | "patch" | "delete" | "all";
export type RoutePolicy = { method: PolicyMethod; path: string; access: Access };

export const ROUTE_POLICY: readonly RoutePolicy[] = [
  // Pages and their assets: static shells, no document in them.
  ...["/", "/search", "/tasks", "/documents", "/documents/:docId", "/embed/search", "/widget.js", "/example-widget.html", "/login", "/admin", "/assets/*"].map(
    (path): RoutePolicy => ({ method: "get", path, access: "public" }),
  ),
  { method: "get", path: "/api/openapi.json", access: "public" },
  { method: "get", path: "/api/reference", access: "public" },
  // Signing in and out.
  { method: "get", path: "/api/auth/config", access: "public" },
  { method: "post", path: "/api/auth/login", access: "public" },
  { method: "post", path: "/api/auth/logout", access: "public" },
  { method: "get", path: "/api/auth/oidc/login", access: "public" },
  { method: "get", path: "/api/auth/oidc/callback", access: "public" },
  { method: "get", path: "/api/auth/me", access: "reader" },
  // Liveness for load balancers and serve-first start-up: each caller sees only what it may (api-routes.ts; signed out: no count, no ingest state).
  { method: "get", path: "/api/health", access: "public" },
  // Reading the archive (each reader sees the documents of their groups).
  { method: "get", path: "/api/search", access: "reader" },
  { method: "post", path: "/api/ask", access: "reader" },
  { method: "get", path: "/api/documents", access: "reader" },
  { method: "get", path: "/api/documents/:docId", access: "reader" },
  { method: "get", path: "/api/examples", access: "reader" },
  { method: "get", path: "/api/tasks", access: "reader" },
  { method: "get", path: "/api/tasks.csv", access: "reader" },
  { method: "get", path: "/api/tasks.xlsx", access: "reader" },
  { method: "get", path: "/api/tasks.ics", access: "reader" },
  { method: "get", path: "/v1/models", access: "reader" },
  { method: "get", path: "/v1/models/:model", access: "reader" },
  { method: "post", path: "/v1/chat/completions", access: "reader" },
  { method: "all", path: "/mcp", access: "reader" },
  // Changing the archive.
  { method: "post", path: "/api/documents", access: "editor" },
  { method: "delete", path: "/api/documents/:docId", access: "editor" },
  { method: "patch", path: "/api/tasks/:taskId", access: "editor" },
  { method: "get", path: "/api/admin/reindex/status", access: "editor" },
  // Administration (the ingest: server/http/routes/admin-routes.ts; accounts: admin-routes.ts here).
  { method: "post", path: "/api/admin/reindex", access: "admin" },
  { method: "get", path: "/api/admin/ingest", access: "admin" },
  { method: "get", path: "/metrics", access: "admin" },
  { method: "get", path: "/api/admin/users", access: "admin" },
  { method: "post", path: "/api/admin/users", access: "admin" },
  { method: "patch", path: "/api/admin/users/:name", access: "admin" },
  { method: "post", path: "/api/admin/users/:name/tokens", access: "admin" },
  { method: "delete", path: "/api/admin/tokens/:tokenId", access: "admin" },
  { method: "get", path: "/api/admin/groups", access: "admin" },
  { method: "get", path: "/api/admin/documents", access: "admin" },
  { method: "put", path: "/api/admin/documents/:docId/access", access: "admin" },
  { method: "delete", path: "/api/admin/documents/:docId/access", access: "admin" },
  { method: "get", path: "/api/admin/audit", access: "admin" },
  { method: "get", path: "/api/admin/audit.csv", access: "admin" },
];

/**
 * Whether a route is for editors or administrators: a browser request for
 * another site never reaches one, in either AUTH mode (refuse-cross-site.ts).
 */
export function reservedForEditors(method: string, path: string): boolean {
  const access = findRoutePolicy(method, path)?.access;
  return access === "editor" || access === "admin";
}

type CompiledPolicy = RoutePolicy & { pattern: RegExp };

const compiled: CompiledPolicy[] = ROUTE_POLICY.map((policy) => ({ ...policy, pattern: compilePath(policy.path) }));

/** The entry for a request (HEAD counts as GET); undefined when none matches. */
export function findRoutePolicy(method: string, path: string): RoutePolicy | undefined {
  const lower = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
  return compiled.find((policy) => (policy.method === "all" || policy.method === lower) && policy.pattern.test(path));
}

/** `/api/documents/:docId` -> ^/api/documents/[^/]+$; a trailing `/*` matches anything below. */
function compilePath(path: string): RegExp {
  const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/gu, "\\$&");
  if (path.endsWith("/*")) return new RegExp(`^${escape(path.slice(0, -2))}/.+$`, "u");
  const body = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : escape(segment)))
    .join("/");
  return new RegExp(`^${body}/?$`, "u");
}
