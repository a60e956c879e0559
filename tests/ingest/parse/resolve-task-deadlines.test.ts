import { describe, expect, it } from "vitest";
import type { Section, Task } from "../../../core/types.js";
import { resolveTaskDeadlines } from "../../../ingest/parse/resolve-task-deadlines.js";

const task = (quote: string, start = 100, deadline: Task["deadline"] = null): Task => ({
  id: `d:${start}`, task: quote, lead: "Sở Nội vụ", partners: [], deadline, docId: "d", source: "d.pdf", quote, start, end: start + quote.length,
});
const section = (heading: string, start: number, end: number, level = 1): Section => ({ path: [heading], heading, level, start, end });

describe("resolveTaskDeadlines", () => {
  it("keeps a deadline the sentence states", () => {
    const stated = task("Hoàn thành trước ngày 30/6/2024.", 100, { text: "trước ngày 30/6/2024", end: "2024-06-30" });
    expect(resolveTaskDeadlines({ meta: { type: "KẾ HOẠCH", title: "Kế hoạch năm 2025" }, sections: [], text: "" }, [stated])[0]!.deadline).toEqual(stated.deadline);
  });

  it("takes the nearest heading's deadline before the plan's period", () => {
    const [resolved] = resolveTaskDeadlines(
      { meta: { type: "KẾ HOẠCH", title: "Kế hoạch cải cách hành chính năm 2024", date: "2024-01-05" }, sections: [section("I. NHIỆM VỤ NĂM 2024", 0, 500), section("1. Nhiệm vụ trong quý III/2024", 50, 400, 2)], text: "" },
      [task("Rà soát thủ tục hành chính.")],
    );
    expect(resolved!.deadline).toMatchObject({ text: "trong quý III/2024", end: "2024-09-30", resolvedFrom: "heading" });
  });

  it.each<[string, string, string | undefined]>([
    ["KẾ HOẠCH", "Kế hoạch cải cách hành chính năm 2024", "2024-12-31"],
    ["CHƯƠNG TRÌNH", "Chương trình công tác giai đoạn 2021-2025", "2025-12-31"],
    ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh năm 2024", undefined],
  ])("a %s titled %j gives its tasks the end %s", (type, title, end) => {
    const [resolved] = resolveTaskDeadlines({ meta: { type, title, date: "2024-01-05" }, sections: [], text: "" }, [task("Rà soát thủ tục hành chính.")]);
    expect(resolved!.deadline?.end).toBe(end);
    if (end) expect(resolved!.deadline?.resolvedFrom).toBe("document");
  });

  it.each<[string, string | null]>([
    ["Tiếp tục tham mưu UBND tỉnh chỉ đạo thực hiện nghiêm Chỉ thị số 26-CT/TU.", "Tiếp tục"],
    ["Sở Kế hoạch và Đầu tư: Tăng cường kiểm tra, hướng dẫn UBND cấp huyện.", "Tăng cường"],
    ["Theo dõi, đôn đốc các cơ quan, đơn vị sớm hoàn thành Đề án.", "Theo dõi"],
    ["Trong quá trình khai thác phải tuân thủ đúng thiết kế mỏ.", "tuân thủ"],
    ["Xây dựng Đề án để tiếp tục nâng cao chất lượng.", null],
    ["Trình UBND tỉnh phương án giao biên chế công chức.", null],
    // Checked on labelled deadlines (session 12c): a standing-rule cue after another verb says how a one-off is done.
    ["Phối hợp tốt với các phòng, ban của Sở trong việc kiểm tra công tác PCCC tại các cơ sở trên địa bàn.", "Phối hợp tốt"],
    ["Các đơn vị, cá nhân phải nghiêm chỉnh chấp hành quy định này.", "chấp hành"],
    ["Rà soát, hoàn thiện hồ sơ trình thẩm định đảm bảo đúng quy định tại Điều 45 Nghị định số 175/2024/NĐ-CP.", null],
    ["Đề nghị Chi nhánh rà soát, đề xuất thời hạn Giấy phép bảo đảm phù hợp với quy định nêu trên.", null],
  ])("wording %j is ongoing from %j", (quote, words) => {
    const [resolved] = resolveTaskDeadlines({ meta: { type: "THÔNG BÁO" }, sections: [], text: "" }, [task(quote)]);
    if (words === null) return expect(resolved!.deadline).toBeNull();
    expect(resolved!.deadline).toEqual({ text: words, ongoing: true, resolvedFrom: "wording" });
  });

  // corpus-dev (Lào Cai): a plan or an invitation schedules its event; the work it lists is for that day.
  it.each<[string, string, string | undefined]>([
    ["KẾ HOẠCH", "KẾ HOẠCH\nKiểm tra kỹ thuật an toàn\nII. NỘI DUNG\n1. Thời gian kiểm tra: 13h30’ ngày 29/4/2026 (Thứ Tư).\n2. Địa điểm: Sở Công Thương.", "2026-04-29"],
    ["KẾ HOẠCH", "1. Thời gian, đối tượng kiểm tra:\n- Thời gian: 08h00 ngày 06/7/2026.\n- Đối tượng: 12 học viên.", "2026-07-06"],
    ["GIẤY MỜI", "1. Thời gian, hình thức họp: Từ 14h00 thứ Ba, ngày 16/6/2026, theo hình thức trực tiếp kết hợp trực tuyến.", "2026-06-16"],
    ["BÁO CÁO", "1. Thời gian kiểm tra: ngày 12/3/2026.", undefined],
    ["KẾ HOẠCH", "1. Thời gian: trong năm, theo đề nghị của các đơn vị.", undefined],
  ])("a %s with %j gives its undated tasks %s", (type, text, end) => {
    const [resolved] = resolveTaskDeadlines({ meta: { type, title: "Kiểm tra", date: "2026-04-20" }, sections: [], text }, [task("Rà soát việc đáp ứng các điều kiện của học viên.")]);
    expect(resolved!.deadline?.end).toBe(end);
    if (end) expect(resolved!.deadline?.resolvedFrom).toBe("document");
  });

  it.each<[string, string | null]>([
    ["Giao Sở Công Thương, Công an tỉnh Lào Cai, UBND xã Yên Thành căn cứ chức năng, nhiệm vụ, tham mưu quản lý, giám sát việc sử dụng VLNCN.", "căn cứ chức năng, nhiệm vụ"],
    ["Giám sát việc thực hiện Phương án nổ mìn của đơn vị.", "Giám sát"],
    ["Giao Sở Công Thương phối hợp với Phòng Cảnh sát QLHC về TTXH (PC06) - Công an tỉnh Lào Cai, UBND xã Xuân Hòa và các đơn vị liên quan giám sát việc thực hiện Phương án nổ mìn của đơn vị.", "giám sát"],
    ["Giao Sở Công Thương phối hợp với các đơn vị liên quan lập hồ sơ đề nghị cấp phép.", null],
    ["Lập đoàn kiểm tra hiện trạng cụm công nghiệp.", null],
  ])("a duty by function or of supervision is ongoing: %j", (quote, words) => {
    const [resolved] = resolveTaskDeadlines({ meta: { type: "GIẤY PHÉP" }, sections: [], text: "" }, [task(quote)]);
    if (words === null) return expect(resolved!.deadline).toBeNull();
    expect(resolved!.deadline).toEqual({ text: words, ongoing: true, resolvedFrom: "wording" });
  });
});

// Readers added in session 12c, each checked against hand labels with a deadline (data/eval/task-labels.jsonl);
// the sentences are corpus-dev's (Lào Cai).
describe("resolveTaskDeadlines: readers checked against labelled deadlines", () => {
  const plan = (text: string) => ({ meta: { type: "KẾ HOẠCH", title: "Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn", date: "2026-04-23" }, sections: [], text });
  const inspection = ["II. NỘI DUNG", "1. Thời gian kiểm tra: 13h30’ ngày 29/4/2026 (Thứ Tư).", "2. Địa điểm: Sở Công Thương Lào Cai."].join("\n");

  it.each<[string, string | undefined]>([
    ["Chuẩn bị các điều kiện cần thiết khác để tổ chức kiểm tra kỹ thuật an toàn cho các đối tượng liên quan.", "2026-04-29"],
    ["TT: 1; Nhiệm vụ thực hiện: Rà soát việc đáp ứng các điều kiện của học viên; Người thực hiện: Vũ Việt Linh", "2026-04-29"],
    ["TT: 4; Nhiệm vụ thực hiện: Tổ chức chấm bài; Người thực hiện: Vũ Việt Linh", undefined],
    ["TT: 6; Nhiệm vụ thực hiện: Xây dựng quyết định công nhận kết quả kiểm tra; Người thực hiện: Vũ Việt Linh", undefined],
    ["TT: 7; Nhiệm vụ thực hiện: In ấn chứng chỉ; Người thực hiện: Vũ Việt Linh", undefined],
  ])("a plan's event gives its day to the work before it, not to its results: %j", (quote, end) => {
    const [resolved] = resolveTaskDeadlines(plan(inspection), [task(quote)]);
    expect(resolved!.deadline?.end).toBe(end);
  });

  it("'tại thời gian và địa điểm nêu trên' is the time a letter set, whatever its type", () => {
    const text = ["Sở Công Thương tổ chức buổi kiểm tra thực tế tại Công ty với một số nội dung sau:", "- Thời gian: Bắt đầu 9 giờ 00 phút, ngày 23 tháng 3 năm 2026.", "- Địa điểm: Tại trụ sở chính của Công ty."].join("\n");
    const letter = { meta: { type: "CÔNG VĂN", date: "2026-03-16" }, sections: [], text };
    const quote = "Sở Công Thương đề nghị Công ty chuẩn bị hồ sơ, tài liệu pháp lý và cử người đại diện theo pháp luật làm việc với Sở Công Thương tại thời gian và địa điểm nêu trên.";
    expect(resolveTaskDeadlines(letter, [task(quote)])[0]!.deadline).toMatchObject({ end: "2026-03-23", resolvedFrom: "document" });
    // Without the reference, a letter's requests do not take the day of what it schedules.
    expect(resolveTaskDeadlines(letter, [task("Đề nghị Công ty rà soát, sửa lỗi số liệu trong Phương án nổ mìn.")])[0]!.deadline).toBeNull();
  });
});
