import type { z } from "zod";
import { errorResponseSchema } from "./response-schemas.js";

/**
 * What the OpenAPI document and its conformance test know about one HTTP
 * route. Each route file exports its own descriptions next to its handlers;
 * `listRouteDescriptions` (route-descriptions.ts) gathers them. Adding a route
 * means adding an entry: the OpenAPI document, the reference page and the
 * conformance test all follow from it.
 */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** A response body: its zod schema per content type (`undefined` = any body of that type, e.g. CSV). */
export type ResponseDescription = {
  description: string;
  content?: Record<string, z.ZodType | undefined>;
};

/** A request the conformance test sends (against the five sample documents) and the status it must get. */
export type RouteExample = {
  name: string;
  status: number;
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Sent to the app with accounts on (AUTH=local) as this role (an API token)
   * or anonymous; without it, to the open-mode app (AUTH=off).
   */
  as?: "anonymous" | "reader" | "editor" | "admin";
};

export type RouteDescription = {
  method: HttpMethod;
  /** Express-style path: `/api/documents/:docId`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Request parts, validated by the handler with these same schemas. */
  request?: {
    query?: z.ZodType;
    params?: z.ZodType;
    body?: z.ZodType;
  };
  responses: Record<number, ResponseDescription>;
  examples: RouteExample[];
};

/** A JSON response body. */
export function jsonContent(schema: z.ZodType): Record<string, z.ZodType> {
  return { "application/json": schema };
}

/** `/api/documents/:docId` -> `/api/documents/{docId}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/gu, "{$1}");
}

/** Fills an Express-style path with parameter values. */
export function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/gu, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** A documented error answer: `{"error":{"code","message","requestId"}}`. */
export function errorResponse(description: string): ResponseDescription {
  return { description, content: jsonContent(errorResponseSchema) };
}

/** The error every rate-limited route (/api, /v1, /mcp) may answer. */
export const RATE_LIMITED = { 429: errorResponse("Too many requests from this client in the last minute (RATE_LIMIT_PER_MIN).") };
