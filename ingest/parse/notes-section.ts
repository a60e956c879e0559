import { splitSentences, type Span } from "../../core/sentences.js";
import type { Footnote, Section } from "../../core/types.js";

/** Heading of the notes section appended after the body ("Chú thích" = notes). */
export const NOTES_HEADING = "Chú thích";

/** Heading of one note inside the notes section: its mark in brackets, "[1]". */
export function noteHeading(mark: string): string {
  return `[${mark}]`;
}

export type NotesLayout = {
  /** The body, unchanged, followed by the notes section. */
  text: string;
  /** Offset where the notes section starts; the body's length when there is no note. */
  notesStart: number;
  /** The footnotes with `start`/`end`: where each note's text sits in `text`. */
  footnotes: Footnote[];
  /** The notes section and one sub-section per note. */
  sections: Section[];
};

/**
 * Appends the footnotes taken out of the running text as a last section,
 * each note under its mark ("[1]", then "Kế hoạch số 140-KH/TU …"), so a note is
 * searched, chunked and cited like any other passage (a footnote often
 * holds the only mention of a plan, a decision or a figure) while the body
 * stays an exact prefix: every offset into the body is still valid, and the
 * marks keep their `at` in it.
 */
export function appendNotes(body: string, footnotes: readonly Footnote[]): NotesLayout {
  if (footnotes.length === 0) return { text: body, notesStart: body.length, footnotes: [], sections: [] };
  const parts: string[] = [body];
  let length = body.length;
  const push = (part: string): number => {
    const at = length;
    parts.push(part);
    length += part.length;
    return at;
  };
  if (body.length > 0) push(body.endsWith("\n\n") ? "" : body.endsWith("\n") ? "\n" : "\n\n");
  const notesStart = push(NOTES_HEADING);
  const placed: Footnote[] = [];
  const noteSections: Section[] = [];
  for (const footnote of footnotes) {
    push("\n\n");
    const heading = noteHeading(footnote.mark);
    // The mark on its own line, like any heading, so a quote from the note starts at its first word.
    const sectionStart = push(`${heading}\n`);
    const start = push(footnote.text);
    placed.push({ ...footnote, start, end: start + footnote.text.length });
    noteSections.push({ path: [NOTES_HEADING, heading], heading, level: 2, start: sectionStart, end: start + footnote.text.length });
  }
  const text = parts.join("");
  // A note's section runs to the next note, like any section to the next heading.
  noteSections.forEach((section, index) => (section.end = noteSections[index + 1]?.start ?? text.length));
  const notesSection: Section = { path: [NOTES_HEADING], heading: NOTES_HEADING, level: 1, start: notesStart, end: text.length };
  return { text, notesStart, footnotes: placed, sections: [notesSection, ...noteSections] };
}

/**
 * The body sentence a note belongs to: the one its mark stands in (or right
 * after). A note continues that sentence ("… lĩnh vực nội vụ¹" → "nổi bật là:
 * Hoàn thành việc thành lập thị xã Việt Yên …"), so it is searched and read
 * with it.
 */
export function citingSentence(text: string, footnote: Pick<Footnote, "at">, bodyEnd: number): Span | undefined {
  const at = Math.max(0, Math.min(footnote.at, bodyEnd));
  const spans = splitSentences(text, { start: Math.max(0, at - CITING_REACH), end: Math.min(bodyEnd, at + CITING_REACH) });
  // The first span may start mid-sentence (the window's edge); it still holds the words before the mark.
  return spans.find((span) => span.start < at && at <= span.end) ?? [...spans].reverse().find((span) => span.end <= at);
}

/** How far around a mark its sentence is looked for, in characters. */
const CITING_REACH = 600;

/** The body sentences the notes of a passage belong to, as text (none for a passage of the body). */
export function citingTextsOf(document: { text: string; footnotes: readonly Footnote[]; notesStart?: number }, passage: Span): string[] {
  return notesOfPassage(document, passage).flatMap(({ citing }) => (citing ? [document.text.slice(citing.start, citing.end)] : []));
}

/** The notes a passage of the notes section holds, each with the body sentence it belongs to. */
export function notesOfPassage(
  document: { text: string; footnotes: readonly Footnote[]; notesStart?: number },
  passage: Span,
): Array<{ footnote: Footnote; citing?: Span }> {
  if (document.notesStart === undefined || passage.end <= document.notesStart) return [];
  const bodyEnd = document.notesStart;
  return document.footnotes
    .filter((footnote) => footnote.start !== undefined && footnote.end !== undefined && footnote.start < passage.end && passage.start < footnote.end)
    .map((footnote) => ({ footnote, citing: citingSentence(document.text, footnote, bodyEnd) }));
}
