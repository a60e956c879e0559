import type { RequestHandler, Response } from "express";
import { sendError } from "./error-middleware.js";

/**
 * Who may change the archive (upload, delete, reindex, task follow-up), as
 * one middleware so the accounts of a later release can replace it whole.
 * For now: when API_KEY is set, a request must carry it (header `x-api-key`
 * or `Authorization: Bearer`); the editor's name, for the record of who
 * changed what, is the `x-editor` header (URI-encoded, as the pages send it).
 */
export type Editor = { id: string; name: string };

export function createEditorGate(options: { apiKey?: string }): RequestHandler {
  return (request, response, next) => {
    // An empty key is still a key (configuration refuses one): it never turns the check off.
    if (options.apiKey !== undefined) {
      const key = request.get("x-api-key") ?? request.get("authorization")?.replace(/^Bearer\s+/iu, "");
      if (key !== options.apiKey) return sendError(response, 401, "unauthorized", "A valid API key is required (header x-api-key).");
    }
    const editor: Editor = { id: options.apiKey ? "api-key" : "anonymous", name: readName(request.get("x-editor")) ?? (options.apiKey ? "API key" : "") };
    response.locals.editor = editor;
    next();
  };
}

/** The editor a gate let through (an anonymous one when no gate ran). */
export function editorOf(response: Response): Editor {
  const editor = response.locals.editor as Editor | undefined;
  return editor ?? { id: "anonymous", name: "" };
}

function readName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    name = header;
  }
  name = name.normalize("NFC").replace(/[\p{Cc}\p{Cf}]+/gu, " ").replace(/\s+/gu, " ").trim().slice(0, 100);
  return name || undefined;
}
