import { describe, expect, it } from "vitest";
import { canonicalizeTone } from "../../../core/vietnamese.js";
import { extractKeyTerms } from "../../../server/retrieve/query/extract-key-terms.js";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";

const lexicon = getDefaultLexicon();
const canonical = (words: string) => words.split(" ").map((word) => canonicalizeTone(word));

describe("extractKeyTerms", () => {
  it.each([
    ["Tỷ lệ cử tri đi bầu ở Lạng Sơn là bao nhiêu?", "tỷ lệ cử tri đi bầu lạng sơn", "ở là bao nhiêu"],
    ["Cơ quan nào có sáng kiến ứng dụng mã bưu chính?", "cơ quan sáng kiến ứng dụng mã bưu chính", "nào có"],
    ["Hồ sơ phải gửi Bộ Nội vụ trước ngày nào?", "hồ sơ gửi bộ nội vụ ngày", "phải trước nào"],
    ["Công tác tuyển dụng được đánh giá thế nào?", "công tác tuyển dụng đánh giá", "được thế nào"],
    ["thực hiện vị trí việc làm", "thực hiện vị trí việc làm", ""],
  ])("%s", (text, kept, dropped) => {
    const terms = extractKeyTerms(text, { lexicon, folded: false });
    expect(terms).toEqual(expect.arrayContaining(canonical(kept)));
    for (const word of dropped ? canonical(dropped) : []) expect(terms).not.toContain(word);
  });

  it("keeps document numbers whole and in parts, like the index", () => {
    expect(extractKeyTerms("Quyết định 16/2021/QĐ-UBND", { lexicon, folded: false })).toEqual(
      expect.arrayContaining(["16/2021/qđ-ubnd", "16", "2021", "qđ", "ubnd"]),
    );
  });

  it("folds terms and keeps folded syllables that are content words too", () => {
    const terms = extractKeyTerms("co quan nao o bac giang co tai chinh thi tuyen bao nhieu", { lexicon, folded: true });
    expect(terms).toEqual(["co", "quan", "bac", "giang", "tai", "chinh", "thi", "tuyen"]);
  });

  it("drops single letters of list markers", () => {
    expect(extractKeyTerms("a) sắp xếp; b) sáp nhập", { lexicon, folded: false })).toEqual(canonical("sắp xếp sáp nhập"));
  });
});
