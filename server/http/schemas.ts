import { z } from "zod";

/** zod contracts of the HTTP API (see CONTRACT.md). Unknown fields are ignored, never merged into objects. */
const yearSchema = z.coerce.number().int().min(1900).max(2100);
const shortText = z.string().trim().max(200);

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, "q must not be empty").max(2000, "q is longer than 2000 characters"),
  k: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
  province: shortText.optional(),
  year: yearSchema.optional(),
  type: shortText.optional(),
});

export const filtersSchema = z
  .object({
    province: shortText.optional(),
    year: yearSchema.optional(),
    type: shortText.optional(),
    docId: shortText.optional(),
  })
  .strip();

export const askBodySchema = z.object({
  question: z.string().trim().min(1, "question must not be empty").max(2000, "question is longer than 2000 characters"),
  k: z.number().int().min(1).max(20).optional(),
  filters: filtersSchema.optional(),
  history: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().max(8000) }))
    .max(50)
    .optional(),
  /** Fixed "today" for task questions (tests, reports); ISO date. */
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u).optional(),
});

export const documentIdSchema = z.string().min(1).max(300);

export type SearchQuery = z.infer<typeof searchQuerySchema>;
export type AskBody = z.infer<typeof askBodySchema>;

/** Flattens zod issues into one readable message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`).join("; ");
}
