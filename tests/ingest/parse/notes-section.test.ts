import { describe, expect, it } from "vitest";
import type { Footnote } from "../../../core/types.js";
import { appendNotes, NOTES_HEADING, noteHeading } from "../../../ingest/parse/notes-section.js";

const BODY = "1. Tăng cường quản lý công chức, viên chức.\n\nTham mưu đổi mới nội dung bồi dưỡng.";
const NOTES: Footnote[] = [
  { mark: "1", text: "Kế hoạch số 140-KH/TU ngày 30/11/2022 của Ban Thường vụ Tỉnh ủy.", at: 43 },
  { mark: "2", text: "Quyết định số 2016/QĐ-UBND ngày 29/9/2023 của UBND tỉnh.", at: BODY.length },
];

describe("appendNotes", () => {
  it("leaves a document without notes as it is", () => {
    expect(appendNotes(BODY, [])).toEqual({ text: BODY, notesStart: BODY.length, footnotes: [], sections: [] });
  });

  it("keeps the body as an exact prefix and places each note's text at its offsets", () => {
    const layout = appendNotes(BODY, NOTES);
    expect(layout.text.startsWith(BODY)).toBe(true);
    expect(layout.notesStart).toBeGreaterThanOrEqual(BODY.length);
    expect(layout.text.slice(layout.notesStart).startsWith(NOTES_HEADING)).toBe(true);
    layout.footnotes.forEach((footnote, index) => {
      expect(footnote.at).toBe(NOTES[index]!.at);
      expect(layout.text.slice(footnote.start, footnote.end)).toBe(NOTES[index]!.text);
      expect(footnote.start!).toBeGreaterThan(layout.notesStart);
    });
  });

  it("opens one section for the notes and one per note, headed by its mark on its own line", () => {
    const layout = appendNotes(BODY, NOTES);
    const [notes, first, second] = layout.sections;
    expect(notes).toMatchObject({ path: [NOTES_HEADING], heading: NOTES_HEADING, level: 1, start: layout.notesStart, end: layout.text.length });
    expect(first).toMatchObject({ path: [NOTES_HEADING, noteHeading("1")], level: 2 });
    expect(second).toMatchObject({ path: [NOTES_HEADING, noteHeading("2")], level: 2, end: layout.text.length });
    // Each note's section starts at its heading line and runs to the next note.
    expect(layout.text.slice(first!.start, first!.end)).toBe(`[1]\n${NOTES[0]!.text}\n\n`);
    expect(layout.text.slice(second!.start)).toBe(`[2]\n${NOTES[1]!.text}`);
  });

  it("separates the notes from the body by one blank line whatever the body ends with", () => {
    for (const body of ["Văn bản.", "Văn bản.\n", "Văn bản.\n\n"]) {
      const layout = appendNotes(body, NOTES.slice(0, 1));
      expect(layout.text.slice(0, layout.notesStart)).toBe("Văn bản.\n\n");
    }
    expect(appendNotes("", NOTES.slice(0, 1)).notesStart).toBe(0);
  });
});
