import { z } from "zod";

/** zod contracts of the HTTP API (see CONTRACT.md). Unknown fields are ignored, never merged into objects. */
const yearSchema = z.coerce.number().int().min(1900).max(2100);

/**
 * A calendar day "YYYY-MM-DD" between 1900 and 2100: "2024-13-45", "0000-00-00" and "9999-99-99"
 * are refused, and so is "2024-02-30", which Date would quietly read as 1 March.
 */
export const isoDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, "must be an ISO date (YYYY-MM-DD)")
  .refine((value) => isCalendarDay(value), "is not a calendar day between 1900-01-01 and 2100-12-31");

export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
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
  today: isoDateSchema.optional(),
});

export const documentIdSchema = z.string().min(1).max(300);

export type SearchQuery = z.infer<typeof searchQuerySchema>;
export type AskBody = z.infer<typeof askBodySchema>;

/** Flattens zod issues into one readable message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "request"}: ${issue.message}`).join("; ");
}
