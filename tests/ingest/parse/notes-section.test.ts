import { describe, expect, it } from "vitest";
import type { Footnote } from "../../../core/types.js";
import { appendNotes, citingSentence, notesOfPassage, NOTES_HEADING, noteHeading } from "../../../ingest/parse/notes-section.js";

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

describe("citingSentence / notesOfPassage", () => {
  const body = "Năm 2023, Sở hoàn thành tốt nhiệm vụ. Việc tham mưu về cơ chế, chính sách lĩnh vực nội vụ cơ bản kịp thời, hiệu quả. Tuy nhiên còn hạn chế.";
  const at = body.indexOf(" cơ bản kịp thời");
  const layout = appendNotes(body, [{ mark: "1", text: "nổi bật là: Hoàn thành việc thành lập thị xã Việt Yên.", at }]);

  it("is the body sentence the mark stands in", () => {
    const span = citingSentence(layout.text, { at }, layout.notesStart);
    expect(layout.text.slice(span!.start, span!.end)).toBe("Việc tham mưu về cơ chế, chính sách lĩnh vực nội vụ cơ bản kịp thời, hiệu quả.");
  });

  it("takes the sentence before a mark that ends a sentence", () => {
    const end = body.indexOf(" Tuy nhiên");
    const span = citingSentence(layout.text, { at: end }, layout.notesStart);
    expect(layout.text.slice(span!.start, span!.end)).toMatch(/^Việc tham mưu .* hiệu quả\.$/u);
  });

  it("gives each note of a passage of the notes section with its sentence, and nothing for the body", () => {
    const notes = notesOfPassage(layout, { start: layout.notesStart, end: layout.text.length });
    expect(notes.map(({ footnote }) => footnote.mark)).toEqual(["1"]);
    expect(layout.text.slice(notes[0]!.citing!.start, notes[0]!.citing!.end)).toContain("lĩnh vực nội vụ");
    expect(notesOfPassage(layout, { start: 0, end: body.length })).toEqual([]);
  });
});
