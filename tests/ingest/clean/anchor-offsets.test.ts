import { describe, expect, it } from "vitest";
import { anchorCharacter, insertAnchors, stripAnchors, takeAnchors } from "../../../ingest/clean/anchor-offsets.js";

describe("anchor offsets", () => {
  it.each([
    ["one anchor", "nội vụ cơ bản", [6]],
    ["two anchors, given out of order", "năm 2024 đảm bảo; nội vụ cơ bản", [24, 8]],
    ["two anchors at one offset keep their order", "abc", [1, 1]],
    ["offsets at both ends", "abc", [0, 3]],
  ])("insert then take gives the offsets back: %s", (_name, text, offsets) => {
    const anchored = insertAnchors(text, offsets);
    const { text: plain, offsets: found } = takeAnchors(anchored);
    expect(plain).toBe(text);
    expect(offsets.map((_offset, index) => found.get(index))).toEqual(offsets);
  });

  it("offsets follow the text when it changes around the anchors", () => {
    const anchored = insertAnchors("lĩnh vực nội vụ\ncơ bản", [15]);
    const { text, offsets } = takeAnchors(anchored.replace("\n", " ").replace("lĩnh vực ", ""));
    expect(text.slice(0, offsets.get(0))).toBe("nội vụ");
  });

  it("stripAnchors removes only anchors", () => {
    expect(stripAnchors(`vụ${anchorCharacter(3)} cơ bản`)).toBe("vụ cơ bản");
  });
});
