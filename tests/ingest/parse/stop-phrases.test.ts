import { describe, expect, it } from "vitest";
import { foldKeepingOffsets } from "../../../ingest/parse/fold-text.js";
import { stopPhraseEnd } from "../../../ingest/parse/stop-phrases.js";

const stopAt = (text: string) => {
  const end = stopPhraseEnd(text, foldKeepingOffsets(text), 0);
  return end === undefined ? undefined : text.slice(0, end);
};

describe("stopPhraseEnd", () => {
  it.each<[string, string | undefined]>([
    ["tại xã Văn Chấn", "tại"],
    ["tải và tư vấn", undefined],
    ["tài chính", undefined],
    ["được giao", "được"],
    ["dược phẩm", undefined],
    ["chợ Cốc Lếu", undefined],
    ["cho phép", "cho"],
    ["có trách nhiệm báo cáo", "có trách nhiệm"],
    ["có", "có"],
    ["cơ khí", undefined],
    ["ngày 12/3/2026", "ngày"],
    ["Tại", "Tại"],
    ["hoà", undefined],
    ["tai", "tai"], // typed without diacritics: cannot be told from "tải", stops as before
    ["  chuẩn bị hồ sơ", "  chuẩn bị"],
    ["Trung tâm", undefined],
  ])("%j", (text, expected) => expect(stopAt(text)).toBe(expected));
});
