import { describe, expect, it } from "vitest";
import type { Citation } from "../../../core/types.js";
import { formatSourceList, SOURCE_LIST_SEPARATOR, stripSourceList } from "../../../server/integrations/format-source-list.js";

const citation = (overrides: Partial<Citation> = {}): Citation => ({
  n: 1,
  docId: "000_492514bbfbcde4f8",
  source: "000_492514bbfbcde4f8.pdf",
  title: "Kế hoạch thực hiện sắp xếp ĐVHC cấp huyện, cấp xã",
  section: "II. NHIỆM VỤ › 2. Hồ sơ",
  text: "…",
  quote: "Sở Nội vụ hoàn thiện hồ sơ đề án trước ngày 30/6/2024.",
  start: 10,
  end: 200,
  quoteStart: 40,
  quoteEnd: 95,
  ...overrides,
});

describe("formatSourceList", () => {
  it.each([
    ["vi", "**Nguồn**"],
    ["vi-nodiacritics", "**Nguồn**"],
    ["en", "**Sources**"],
  ])("heads the list for %s answers with %s", (language, heading) => {
    expect(formatSourceList({ citations: [citation()], language })).toContain(`${SOURCE_LIST_SEPARATOR}${heading}\n\n`);
  });

  it("numbers entries with the answer's markers and links to the viewer at the quote", () => {
    const text = formatSourceList({ citations: [citation(), citation({ n: 2, docId: "a b", title: "Thông báo [số 1]", quoteStart: 5, quoteEnd: 9 })], language: "vi", baseUrl: "http://host:3000" });
    expect(text).toContain("**[1]** [Kế hoạch thực hiện sắp xếp ĐVHC cấp huyện, cấp xã](http://host:3000/documents/000_492514bbfbcde4f8?start=40&end=95) · II. NHIỆM VỤ › 2. Hồ sơ · `000_492514bbfbcde4f8.pdf`");
    expect(text).toContain("> Sở Nội vụ hoàn thiện hồ sơ đề án trước ngày 30/6/2024.");
    expect(text).toContain("**[2]** [Thông báo \\[số 1\\]](http://host:3000/documents/a%20b?start=5&end=9)");
  });

  it.each([
    ["no citations", [], ""],
    ["a long quote is shortened", [citation({ quote: `${"từ ".repeat(200)}cuối` })], "…"],
  ])("%s", (_name, citations, expected) => {
    const text = formatSourceList({ citations, language: "vi" });
    if (expected) expect(text).toContain(expected);
    else expect(text).toBe("");
    expect(text.split("\n").every((line) => line.length <= 400)).toBe(true);
  });

  it("is taken off again when a message comes back as history", () => {
    const answer = "Trước ngày 30/6/2024 [1].";
    expect(stripSourceList(answer + formatSourceList({ citations: [citation()], language: "vi" }))).toBe(answer);
    expect(stripSourceList(answer)).toBe(answer);
  });
});
