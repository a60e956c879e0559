import { Router } from "express";
import { z } from "zod";
import { VanbanError } from "../../core/errors.js";
import type { AccessControl } from "../access/access-control.js";
import { describeIssues } from "../http/schemas.js";
import { errorResponse, jsonContent, RATE_LIMITED, type RouteDescription } from "../http/route-registry.js";
import { documentDisplayName } from "../tasks/display-name.js";
import type { AuditAction, AuditEntry } from "../store/audit-log.js";
import { ROLES, type User } from "../store/accounts.js";
import { signToken } from "./api-tokens.js";
import type { AuthContext } from "./auth-context.js";
import { audit } from "./authenticate.js";
import { parseGroupList, principalOf } from "./principal.js";

/**
 * Administration (role admin): accounts, API tokens, groups, the access
 * groups of documents, and the audit log (JSON and CSV).
 */
const AUDIT_ACTIONS = ["sign_in", "sign_out", "upload", "delete_document", "task_change", "reindex", "access_denied", "user_change", "token_change", "document_access_change"] as const;

const groupListSchema = z.array(z.string().max(64)).max(100);
export const createUserBodySchema = z.object({
  name: z.string().trim().min(1).max(100).regex(/^[^\s/\\:]+$/u, "no spaces, slashes or colons"),
  displayName: z.string().trim().max(200).optional(),
  role: z.enum(ROLES as [string, ...string[]]),
  groups: groupListSchema.optional(),
  password: z.string().min(1).max(1024).optional(),
});
export const updateUserBodySchema = z
  .object({
    displayName: z.string().trim().max(200).optional(),
    role: z.enum(ROLES as [string, ...string[]]).optional(),
    groups: groupListSchema.optional(),
    password: z.string().min(1).max(1024).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "give something to change" });
export const createTokenBodySchema = z.object({ label: z.string().trim().max(100).optional(), expiresInDays: z.number().int().min(1).max(3650).optional() });
export const documentAccessBodySchema = z.object({ groups: groupListSchema });
export const auditQuerySchema = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const userSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  role: z.enum(["reader", "editor", "admin"]),
  groups: z.array(z.string()),
  disabled: z.boolean(),
  signIn: z.enum(["password", "oidc", "none"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const tokenSchema = z.object({ id: z.string(), label: z.string(), createdAt: z.string(), expiresAt: z.string().optional(), lastUsedAt: z.string().optional(), revokedAt: z.string().optional() });
const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(["ok", "failed", "denied"]),
  target: z.string(),
  address: z.string(),
  requestId: z.string(),
  details: z.string(),
});
const documentAccessSchema = z.object({ docId: z.string(), source: z.string(), documentName: z.string(), groups: z.array(z.string()), setByAdministrator: z.boolean() });

function viewUser(user: User, tokens?: ReturnType<AuthContext["store"]["accounts"]["listTokens"]>) {
  return {
    name: user.name,
    displayName: user.displayName,
    role: user.role,
    groups: user.groups,
    disabled: user.disabled,
    signIn: user.oidcSubject ? ("oidc" as const) : user.hasPassword ? ("password" as const) : ("none" as const),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    ...(tokens ? { tokens: tokens.map(({ userId: _user, ...token }) => token) } : {}),
  };
}

const toBadRequest = (run: () => string[]) => {
  try {
    return run();
  } catch (error) {
    throw new VanbanError("bad_request", error instanceof Error ? error.message : String(error));
  }
};

export function createAdminRouter(context: AuthContext, access: AccessControl): Router {
  const router = Router();
  const { accounts } = context.store;
  const findUser = (name: string) => {
    const user = accounts.findUser(name);
    if (!user) throw new VanbanError("not_found", `No user ${name}`);
    return user;
  };

  router.get("/api/admin/users", (_request, response) => {
    response.json({ users: accounts.listUsers().map((user) => viewUser(user, accounts.listTokens(user.id))) });
  });

  router.post("/api/admin/users", async (request, response) => {
    const parsed = createUserBodySchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const body = parsed.data;
    const groups = toBadRequest(() => parseGroupList(body.groups ?? []));
    const passwordHash = body.password ? await context.passwords.hash(body.password) : undefined;
    const user = accounts.createUser({ name: body.name, displayName: body.displayName, role: body.role as User["role"], groups, passwordHash, now: context.now() });
    audit(context, request, { action: "user_change", outcome: "ok", target: user.name, details: `created as ${user.role}${groups.length ? ` in ${groups.join(", ")}` : ""}` });
    response.status(201).json({ user: viewUser(user) });
  });

  router.patch("/api/admin/users/:name", async (request, response) => {
    const parsed = updateUserBodySchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const body = parsed.data;
    const user = findUser(String(request.params.name));
    const principal = principalOf(request);
    if (principal.kind === "user" && principal.userId === user.id && (body.disabled || (body.role && body.role !== "admin"))) {
      throw new VanbanError("bad_request", "An administrator cannot disable or demote themselves (ask another administrator).");
    }
    const groups = body.groups ? toBadRequest(() => parseGroupList(body.groups!)) : undefined;
    const passwordHash = body.password ? await context.passwords.hash(body.password) : undefined;
    const updated = accounts.updateUser(user.id, { displayName: body.displayName, role: body.role as User["role"] | undefined, groups, passwordHash, disabled: body.disabled, now: context.now() });
    const changes = Object.keys(body).map((key) => (key === "password" ? "password" : `${key}=${JSON.stringify((body as Record<string, unknown>)[key])}`));
    audit(context, request, { action: "user_change", outcome: "ok", target: user.name, details: changes.join("; ") });
    response.json({ user: viewUser(updated) });
  });

  router.post("/api/admin/users/:name/tokens", (request, response) => {
    const parsed = createTokenBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const user = findUser(String(request.params.name));
    const now = context.now();
    const expiresAt = parsed.data.expiresInDays ? new Date(now.getTime() + parsed.data.expiresInDays * 86_400_000) : undefined;
    const record = accounts.createToken({ userId: user.id, label: parsed.data.label ?? "", now, expiresAt });
    audit(context, request, { action: "token_change", outcome: "ok", target: user.name, details: `token ${record.id} created` });
    response.status(201).json({ token: signToken(context.signingKey(), record.id), id: record.id, user: user.name, ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}) });
  });

  router.delete("/api/admin/tokens/:tokenId", (request, response) => {
    const tokenId = String(request.params.tokenId);
    const record = accounts.getToken(tokenId);
    if (!record || !accounts.revokeToken(tokenId, context.now())) throw new VanbanError("not_found", `No live token ${tokenId}`);
    audit(context, request, { action: "token_change", outcome: "ok", target: accounts.getUser(record.userId)?.name ?? "", details: `token ${tokenId} revoked` });
    response.json({ revoked: tokenId });
  });

  router.get("/api/admin/groups", (_request, response) => {
    const documentGroups = access.documentGroups();
    const names = new Set<string>(documentGroups.groups);
    const users = accounts.listUsers();
    for (const user of users) for (const group of user.groups) names.add(group);
    const documentsOf = new Map<string, number>();
    for (const groups of documentGroups.byDocument.values()) for (const group of groups) documentsOf.set(group, (documentsOf.get(group) ?? 0) + 1);
    response.json({
      groups: [...names].sort().map((name) => ({ name, members: users.filter((user) => user.groups.includes(name)).map((user) => user.name), documents: documentsOf.get(name) ?? 0 })),
    });
  });

  router.get("/api/admin/documents", (_request, response) => {
    const archive = access.whole();
    const { byDocument } = access.documentGroups(archive);
    const overrides = context.store.documentAccess.all();
    response.json({
      documents: archive.documents.map((document) => ({
        docId: document.id,
        source: document.source,
        documentName: documentDisplayName(document.meta, document.source),
        groups: byDocument.get(document.id) ?? [],
        setByAdministrator: overrides.has(document.source),
      })),
    });
  });

  router.put("/api/admin/documents/:docId/access", (request, response) => {
    const parsed = documentAccessBodySchema.safeParse(request.body);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const document = access.whole().documentsById.get(String(request.params.docId));
    if (!document) throw new VanbanError("not_found", `No document ${String(request.params.docId)}`);
    const groups = toBadRequest(() => parseGroupList(parsed.data.groups));
    const principal = principalOf(request);
    context.store.documentAccess.set({ source: document.source, groups, changedBy: principal.kind === "user" ? principal.name : "", changedAt: context.now().toISOString() });
    audit(context, request, { action: "document_access_change", outcome: "ok", target: document.source, details: groups.length ? `groups: ${groups.join(", ")}` : "open to every signed-in user" });
    response.json({ docId: document.id, source: document.source, documentName: documentDisplayName(document.meta, document.source), groups, setByAdministrator: true });
  });

  router.delete("/api/admin/documents/:docId/access", (request, response) => {
    const document = access.whole().documentsById.get(String(request.params.docId));
    if (!document) throw new VanbanError("not_found", `No document ${String(request.params.docId)}`);
    context.store.documentAccess.remove(document.source);
    audit(context, request, { action: "document_access_change", outcome: "ok", target: document.source, details: "back to its folder and sidecar" });
    const groups = access.documentGroups().byDocument.get(document.id) ?? [];
    response.json({ docId: document.id, source: document.source, documentName: documentDisplayName(document.meta, document.source), groups, setByAdministrator: false });
  });

  router.get("/api/admin/audit", (request, response) => {
    const parsed = auditQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    response.json(context.store.audit.list({ ...parsed.data, action: parsed.data.action as AuditAction | undefined }));
  });

  router.get("/api/admin/audit.csv", (request, response) => {
    const parsed = auditQuerySchema.safeParse({ limit: 10_000, ...request.query });
    if (!parsed.success) throw new VanbanError("bad_request", describeIssues(parsed.error));
    const { entries } = context.store.audit.list({ ...parsed.data, action: parsed.data.action as AuditAction | undefined });
    response.attachment("nhat-ky.csv").type("text/csv; charset=utf-8").send(formatAuditCsv(entries));
  });

  return router;
}

/** CSV with a BOM (Excel), formulas neutralized as in the tasks export. */
export function formatAuditCsv(entries: readonly AuditEntry[]): string {
  const columns: Array<keyof AuditEntry> = ["at", "actor", "action", "outcome", "target", "address", "requestId", "details"];
  const cell = (value: unknown) => {
    let text = String(value ?? "");
    if (/^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
    return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
  };
  return `\uFEFF${[columns.join(","), ...entries.map((entry) => columns.map((column) => cell(entry[column])).join(","))].join("\r\n")}\r\n`;
}

const adminErrors = { 400: errorResponse("Bad request"), 401: errorResponse("Not signed in"), 403: errorResponse("Not an administrator"), ...RATE_LIMITED };

export const ADMIN_ACCOUNT_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/api/admin/users",
    tag: "admin",
    summary: "Accounts with their role, groups and API tokens",
    responses: { 200: { description: "The users", content: jsonContent(z.object({ users: z.array(userSchema.extend({ tokens: z.array(tokenSchema).optional() })) })) }, ...adminErrors },
    examples: [{ name: "list", status: 200, as: "admin" }, { name: "a reader", status: 403, as: "reader" }],
  },
  {
    method: "post",
    path: "/api/admin/users",
    tag: "admin",
    summary: "Create an account (a password for local sign-in; none for people who sign in through the identity provider)",
    request: { body: createUserBodySchema },
    responses: { 201: { description: "Created", content: jsonContent(z.object({ user: userSchema })) }, 409: errorResponse("The name is taken"), ...adminErrors },
    examples: [
      { name: "create", status: 201, as: "admin", body: { name: "new-reader", role: "reader", groups: ["ban-to-chuc"], password: "a long enough password" } },
      { name: "bad role", status: 400, as: "admin", body: { name: "x", role: "owner" } },
    ],
  },
  {
    method: "patch",
    path: "/api/admin/users/:name",
    tag: "admin",
    summary: "Change an account's role, groups, password or display name, or disable it (ends its sessions)",
    request: { params: z.object({ name: z.string() }), body: updateUserBodySchema },
    responses: { 200: { description: "Changed", content: jsonContent(z.object({ user: userSchema })) }, 404: errorResponse("No such user"), ...adminErrors },
    examples: [
      { name: "groups", status: 200, as: "admin", params: { name: "docs-reader" }, body: { groups: ["ban-to-chuc", "mat"] } },
      { name: "unknown", status: 404, as: "admin", params: { name: "nobody" }, body: { role: "editor" } },
    ],
  },
  {
    method: "post",
    path: "/api/admin/users/:name/tokens",
    tag: "admin",
    summary: "Issue an API token for a user (shown once; send as Authorization: Bearer)",
    request: { params: z.object({ name: z.string() }), body: createTokenBodySchema },
    responses: { 201: { description: "The token", content: jsonContent(z.object({ token: z.string(), id: z.string(), user: z.string(), expiresAt: z.string().optional() })) }, 404: errorResponse("No such user"), ...adminErrors },
    examples: [{ name: "issue", status: 201, as: "admin", params: { name: "docs-reader" }, body: { label: "script", expiresInDays: 30 } }],
  },
  {
    method: "delete",
    path: "/api/admin/tokens/:tokenId",
    tag: "admin",
    summary: "Revoke an API token",
    request: { params: z.object({ tokenId: z.string() }) },
    responses: { 200: { description: "Revoked", content: jsonContent(z.object({ revoked: z.string() })) }, 404: errorResponse("No live token of that id"), ...adminErrors },
    examples: [{ name: "unknown", status: 404, as: "admin", params: { tokenId: "no-such-token" } }, { name: "revoke", status: 200, as: "admin", params: { tokenId: "revocable-token" } }],
  },
  {
    method: "get",
    path: "/api/admin/groups",
    tag: "admin",
    summary: "Every group: its members and how many documents belong to it",
    responses: { 200: { description: "The groups", content: jsonContent(z.object({ groups: z.array(z.object({ name: z.string(), members: z.array(z.string()), documents: z.number().int() })) })) }, ...adminErrors },
    examples: [{ name: "list", status: 200, as: "admin" }],
  },
  {
    method: "get",
    path: "/api/admin/documents",
    tag: "admin",
    summary: "Every document with its access groups (from its folder, its sidecar or an administrator)",
    responses: { 200: { description: "The documents", content: jsonContent(z.object({ documents: z.array(documentAccessSchema) })) }, ...adminErrors },
    examples: [{ name: "list", status: 200, as: "admin" }],
  },
  {
    method: "put",
    path: "/api/admin/documents/:docId/access",
    tag: "admin",
    summary: "Set a document's access groups (replaces its folder and sidecar; [] opens it to every signed-in user)",
    request: { params: z.object({ docId: z.string() }), body: documentAccessBodySchema },
    responses: { 200: { description: "The document's access", content: jsonContent(documentAccessSchema) }, 404: errorResponse("No such document"), ...adminErrors },
    examples: [
      { name: "restrict", status: 200, as: "admin", params: { docId: "004_38b8e90ea4ed07a7" }, body: { groups: ["ban-to-chuc"] } },
      { name: "bad group", status: 400, as: "admin", params: { docId: "004_38b8e90ea4ed07a7" }, body: { groups: ["no spaces allowed"] } },
    ],
  },
  {
    method: "delete",
    path: "/api/admin/documents/:docId/access",
    tag: "admin",
    summary: "Drop the administrator's setting: the document's folder and sidecar decide again",
    request: { params: z.object({ docId: z.string() }) },
    responses: { 200: { description: "The document's access", content: jsonContent(documentAccessSchema) }, 404: errorResponse("No such document"), ...adminErrors },
    examples: [{ name: "reset", status: 200, as: "admin", params: { docId: "004_38b8e90ea4ed07a7" } }],
  },
  {
    method: "get",
    path: "/api/admin/audit",
    tag: "admin",
    summary: "The audit log, newest first: sign-ins, sign-outs, uploads, deletions, task changes, reindexes, account changes, refusals",
    request: { query: auditQuerySchema },
    responses: { 200: { description: "Entries", content: jsonContent(z.object({ total: z.number().int(), entries: z.array(auditEntrySchema) })) }, ...adminErrors },
    examples: [{ name: "recent", status: 200, as: "admin", query: { limit: 20 } }, { name: "sign-ins", status: 200, as: "admin", query: { action: "sign_in" } }, { name: "bad action", status: 400, as: "admin", query: { action: "dance" } }],
  },
  {
    method: "get",
    path: "/api/admin/audit.csv",
    tag: "admin",
    summary: "The audit log as CSV (UTF-8 with BOM), same filters",
    request: { query: auditQuerySchema },
    responses: { 200: { description: "CSV file", content: { "text/csv": undefined } }, ...adminErrors },
    examples: [{ name: "csv", status: 200, as: "admin" }],
  },
];
