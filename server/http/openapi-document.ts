import { z } from "zod";
import { toOpenApiPath, type RouteDescription } from "./route-registry.js";

/**
 * Builds the OpenAPI 3.1 document from the route descriptions. Nothing is
 * written by hand: parameters, request bodies and responses are the zod
 * schemas the handlers validate with, converted by zod's own `toJSONSchema`
 * (JSON Schema 2020-12, which is OpenAPI 3.1's schema dialect). Request parts
 * are described as the client sends them (`io: "input"`: defaults optional),
 * responses as the server produces them (`io: "output"`).
 */
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  tags: Array<{ name: string }>;
};

type JsonSchema = Record<string, unknown>;

type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<{ name: string; in: "query" | "path"; required: boolean; schema: JsonSchema; description?: string }>;
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export function buildOpenApiDocument(options: { routes: readonly RouteDescription[]; title: string; version: string; description?: string }): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const tags = new Set<string>();
  for (const route of options.routes) {
    const path = toOpenApiPath(route.path);
    const operations = (paths[path] ??= {});
    if (operations[route.method]) throw new Error(`Route ${route.method.toUpperCase()} ${route.path} is described twice.`);
    operations[route.method] = describeOperation(route);
    tags.add(route.tag);
  }
  return {
    openapi: "3.1.0",
    info: { title: options.title, version: options.version, ...(options.description ? { description: options.description } : {}) },
    tags: [...tags].map((name) => ({ name })),
    paths,
  };
}

function describeOperation(route: RouteDescription): OpenApiOperation {
  const parameters = [
    ...describeParameters(route.request?.params, "path"),
    ...describeParameters(route.request?.query, "query"),
  ];
  const responses: OpenApiOperation["responses"] = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.content
        ? {
            content: Object.fromEntries(
              Object.entries(response.content).map(([type, schema]) => [type, { schema: schema ? toSchema(schema, "output") : { type: "string" } }]),
            ),
          }
        : {}),
    };
  }
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(route.request?.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(route.request.body, "input") } } } } : {}),
    responses,
  };
}

/** One parameter per property of an object schema. */
function describeParameters(schema: z.ZodType | undefined, location: "query" | "path"): NonNullable<OpenApiOperation["parameters"]> {
  if (!schema) return [];
  const json = toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      schema: rest,
      ...(typeof description === "string" ? { description } : {}),
    };
  });
}

/** A zod schema as an inline JSON Schema (no `$schema` key: the document's dialect applies). */
export function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Query strings arrive as text and are coerced: zod describes the coerced type, which is what a client means.
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  return json;
}

/** getApiSearch, postV1ChatCompletions, getApiDocumentsByDocId … */
function operationIdOf(route: RouteDescription): string {
  const words = route.path
    .split(/[/.-]/u)
    .filter(Boolean)
    .map((part) => (part.startsWith(":") ? `By${capitalize(part.slice(1))}` : capitalize(part)));
  return `${route.method}${words.join("")}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
