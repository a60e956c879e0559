/** Types for text-ranges.js (plain ES module served to the browser as is). */
export type Range = readonly [number, number];
export function normalizeRanges(ranges: ReadonlyArray<Range> | undefined | null, length: number): Array<[number, number]>;
export function segmentByRanges(text: string, ranges: ReadonlyArray<Range> | undefined | null): Array<{ text: string; highlighted: boolean }>;
export function makeSnippet(options: { text: string; highlights?: ReadonlyArray<Range> | null; maxChars?: number }): {
  text: string;
  highlights: Array<[number, number]>;
  truncatedStart: boolean;
  truncatedEnd: boolean;
};
export type AnswerPart = { kind: "text"; text: string } | { kind: "marker"; n: number; text: string };
export function splitCitationMarkers(answer: string, knownNumbers?: ReadonlySet<number>): AnswerPart[];
export function collectBoundaries(length: number, offsets: ReadonlyArray<number>): number[];
