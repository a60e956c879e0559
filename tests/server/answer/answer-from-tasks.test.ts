import { describe, expect, it } from "vitest";
import { answerFromTasks } from "../../../server/answer/answer-from-tasks.js";
import { sampleArchive } from "../tasks/task-samples.js";

const { documents, tasks } = sampleArchive(["000", "002"]);
const ask = (question: string, today: string | Date = "2026-04-25") => answerFromTasks({ question, tasks, documents, today });

describe("answerFromTasks", () => {
  it.each([
    "Sở Nội vụ có những nhiệm vụ nào hạn trong tháng 5/2026?",
    "so noi vu co nhung nhiem vu nao han trong thang 5/2026",
    "Which tasks of Sở Nội vụ are due in May 2026?",
  ])("answers %j from the task table, with citations", (question) => {
    const answer = ask(question);
    expect(answer?.found).toBe(true);
    expect(answer!.citations.map((citation) => citation.quote)).toEqual([
      expect.stringContaining("trước ngày 06/5/2026"),
      expect.stringContaining("trong tháng 5/2026"),
    ]);
    expect(answer!.answer).toContain("[1]");
    expect(answer!.answer).toContain("[2]");
    for (const citation of answer!.citations) {
      const document = documents.find((candidate) => candidate.id === citation.docId)!;
      expect(document.text.slice(citation.quoteStart, citation.quoteEnd)).toBe(citation.quote);
      expect(document.text.slice(citation.start, citation.end)).toBe(citation.text);
      expect(citation.text).toContain(citation.quote);
    }
  });

  it("lists what is overdue on a fixed day", () => {
    const answer = ask("Những việc nào đã quá hạn?", "2024-05-15");
    expect(answer?.found).toBe(true);
    expect(answer!.citations).toHaveLength(3);
    expect(answer!.answer).toMatch(/^Có 3 nhiệm vụ đã quá hạn \(tính đến ngày 15\/5\/2024\):/u);
    expect(answer!.answer).toContain("hạn 31/3/2024");
  });

  it("answers in English to an English question", () => {
    const answer = ask("Which tasks are overdue?", "2024-05-15");
    expect(answer?.answer).toMatch(/^3 tasks overdue as of 15\/5\/2024:/u);
  });

  it("lists what falls due within 30 days", () => {
    const answer = ask("Những nhiệm vụ nào sắp đến hạn?", "2026-04-25");
    expect(answer?.citations.map((citation) => citation.quote)).toEqual([
      expect.stringContaining("trong tháng 4/2026"),
      expect.stringContaining("trước ngày 06/5/2026"),
    ]);
  });

  it("answers an English question in English even when it names a unit with diacritics", () => {
    expect(ask("Which tasks of Sở Nội vụ are due in May 2026?")?.answer).toMatch(/^2 tasks led by Sở Nội vụ, due in 5\/2026:/u);
  });

  it("says plainly when no task matches", () => {
    const answer = ask("Sở Nội vụ có những nhiệm vụ nào hạn trong tháng 8/2030?");
    expect(answer).toEqual({ found: false, answer: expect.stringContaining("Không tìm thấy nhiệm vụ nào"), citations: [] });
  });

  it.each([
    "Theo kết luận của Chủ tịch UBND tỉnh Bắc Giang đầu năm 2024, hồ sơ đề án sắp xếp ĐVHC cấp huyện, cấp xã phải gửi Bộ Nội vụ trước ngày nào?",
    "Năm 2021, các sở, cơ quan, địa phương ở Bắc Giang phải ngừng tiếp nhận công chức từ ngày nào để chuẩn bị thi tuyển?",
    "What was the voter turnout in Bắc Giang in the 2021 elections?",
    "Kế hoạch 171/KH-UBND của UBND tỉnh Hưng Yên về đào tạo, bồi dưỡng CBCCVC có thời hạn đến năm nào?",
    "nghi quyet 385/2023/NQ-HDND cua hung yen quy dinh ho tro doi tuong nao",
  ])("leaves a non-aggregate question to the normal answerer: %j", (question) => {
    expect(ask(question)).toBeNull();
  });
});
