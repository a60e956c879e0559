/** Types for format.js (plain ES module served to the browser as is). */
export function formatIsoDate(iso: string | undefined | null, language: "vi" | "en"): string;
export type DocumentTarget = { docId: string; start?: number; end?: number; quoteStart?: number; quoteEnd?: number };
export function buildDocumentUrl(target: DocumentTarget): string;
export function readHighlightParameters(
  parameters: URLSearchParams,
  textLength: number,
): { passage: [number, number] | null; quote: [number, number] | null; invalid: boolean };
export function formatAnswerForCopy(options: {
  answer: string;
  citations: ReadonlyArray<DocumentTarget & { n: number; source: string; title?: string; section?: string; quote?: string }>;
  language: "vi" | "en";
  origin?: string;
}): string;
export function pagerItems(options: { current: number; pages: number; radius?: number }): Array<number | null>;
