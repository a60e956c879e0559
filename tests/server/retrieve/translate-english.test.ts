import { describe, expect, it } from "vitest";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";
import { stemEnglishWord } from "../../../server/retrieve/query/stem-english.js";
import { translateEnglish } from "../../../server/retrieve/query/translate-english.js";

const lexicon = getDefaultLexicon();
const translate = (question: string) => translateEnglish(question, { lexicon });

describe("translateEnglish", () => {
  it.each([
    ["the Department of Home Affairs", ["Sở Nội vụ"]],
    ["the Ministry of Home Affairs", ["Bộ Nội vụ"]],
    ["the Provincial People's Committee", ["UBND tỉnh"]],
    ["the People's Council", ["HĐND"]],
    ["administrative units", ["đơn vị hành chính"]],
    ["commune mergers", ["sắp xếp đơn vị hành chính cấp xã"]],
    ["districts and communes were merged", ["huyện", "xã", "sắp xếp"]],
    ["the job-position scheme", ["đề án vị trí việc làm"]],
    ["staffing quotas", ["biên chế"]],
    ["recruitment exams for civil servants and public employees", ["thi tuyển dụng", "công chức, viên chức"]],
    ["emulation and commendation", ["thi đua, khen thưởng"]],
    ["voter turnout", ["tỷ lệ cử tri đi bầu"]],
    ["martyrs' cemetery", ["nghĩa trang liệt sĩ"]],
    ["postponed the submission", ["hoãn", "tờ trình"]],
    ["amending the decision", ["quyết định"]],
    ["a town was established", ["thị xã", "thành lập"]],
    ["the archives were digitized", ["lưu trữ", "số hóa"]],
    ["Protestant affairs plan", ["đạo Tin lành", "kế hoạch"]],
    ["salary reform and allowances", ["cải cách tiền lương", "phụ cấp"]],
    ["the conclusion notice", ["thông báo kết luận"]],
    ["in April 2024", ["tháng 4/2024"]],
    ["by June 30, 2024", ["30/6/2024"]],
    ["before 30 June 2024", ["30/6/2024"]],
    ["from 01/01/2022", ["01/01/2022"]],
    ["99,0% of voters", ["99,0%", "cử tri"]],
    ["the Bông Lau project", ["Bông Lau", "dự án"]],
    ["They applied Vpostcode in Lục Ngạn", ["áp dụng", "Vpostcode", "Lục Ngạn"]],
  ])("%s", (question, phrases) => {
    const { searchText } = translate(question);
    for (const phrase of phrases) expect(searchText).toContain(phrase);
  });

  it("keeps the question's order and drops English function words", () => {
    expect(translate("What is the deadline of the Department of Home Affairs?").searchText).toBe("thời hạn Sở Nội vụ");
  });

  it("does not take a capitalized English first word for a name", () => {
    expect(translate("Describe the plan").searchText).toBe("kế hoạch");
  });

  it("puts the other renderings of a phrase in alternatives", () => {
    const { searchText, alternatives } = translate("the merger deadline");
    expect(searchText).toBe("sắp xếp thời hạn");
    expect(alternatives).toEqual(expect.arrayContaining(["sáp nhập", "hạn", "trước ngày"]));
  });

  it("uses the given spans for provinces and document numbers", () => {
    const question = "Decision 16/2021/QĐ-UBND of bac giang";
    const { searchText } = translateEnglish(question, {
      lexicon,
      provinces: [{ province: "Bắc Giang", start: 29, end: 38 }],
      documentNumbers: [{ number: "16/2021/QĐ-UBND", start: 9, end: 24 }],
    });
    expect(searchText).toBe("quyết định 16/2021/QĐ-UBND Bắc Giang");
  });

  it("never reads a Vietnamese word with diacritics as English (Sở is not 'so')", () => {
    expect(translate("So what did Sở Nội vụ propose?").searchText).toBe("Sở Nội vụ đề xuất");
  });
});

describe("stemEnglishWord", () => {
  it.each([
    ["units", "unit"], ["boundaries", "boundary"], ["merged", "merg"], ["merge", "merg"], ["merging", "merg"],
    ["agreed", "agre"], ["agree", "agre"], ["submitted", "submit"], ["planning", "plan"], ["created", "creat"],
    ["create", "creat"], ["issues", "issu"], ["issued", "issu"], ["status", "status"], ["process", "process"],
    ["staffing", "staff"], ["was", "was"],
  ])("%s -> %s", (word, stem) => {
    expect(stemEnglishWord(word)).toBe(stem);
  });
});
