import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldDiacritics } from "../../../core/vietnamese.js";
import { addPeriod, describeDeadline, findDeadlines, parseDeadline } from "../../../ingest/parse/parse-deadline.js";

type Row = [phrase: string, documentDate: string | undefined, expected: { start?: string; end?: string; relative?: true } | null];

/** Every deadline phrasing found in the five seed documents (seed noted), plus the examples. */
const SEED_PHRASINGS: Row[] = [
  // 000 (Bắc Giang, 2024)
  ["trước ngày 30/6/2024", undefined, { end: "2024-06-30" }],
  ["xong trước ngày 31/3/2024", undefined, { end: "2024-03-31" }],
  ["trong tháng 5/2024", undefined, { start: "2024-05-01", end: "2024-05-31" }],
  ["trong tháng 3/2024", undefined, { start: "2024-03-01", end: "2024-03-31" }],
  ["vào ngày 21/4/2024", undefined, { start: "2024-04-21", end: "2024-04-21" }],
  ["trong năm 2024", undefined, { start: "2024-01-01", end: "2024-12-31" }],
  ["theo Chương trình công tác của UBND tỉnh năm 2024", undefined, { start: "2024-01-01", end: "2024-12-31" }],
  ["tháng 4/2024", undefined, { start: "2024-04-01", end: "2024-04-30" }],
  ["giai đoạn 2022 - 2025", undefined, { start: "2022-01-01", end: "2025-12-31" }],
  ["giai đoạn 2023- 2025", undefined, { start: "2023-01-01", end: "2025-12-31" }],
  // 001 (Bắc Giang, 9/2021)
  ["kể từ ngày 20/9/2021", undefined, { start: "2021-09-20" }],
  ["từ ngày 01/01/2022", undefined, { start: "2022-01-01" }],
  ["trong các tháng cuối năm", "2021-09", { end: "2021-12-31" }],
  ["8 tháng đầu năm 2021", undefined, { start: "2021-01-01", end: "2021-08-31" }],
  ["giai đoạn 2021-2025", undefined, { start: "2021-01-01", end: "2025-12-31" }],
  ["giai đoạn 2021-2030", undefined, { start: "2021-01-01", end: "2030-12-31" }],
  ["năm 2022", undefined, { start: "2022-01-01", end: "2022-12-31" }],
  // 002 (Lạng Sơn, 4/2026; bold markers come from the DOCX)
  ["trong tháng 4/2026", undefined, { start: "2026-04-01", end: "2026-04-30" }],
  ["**trong tháng 5/2026**", undefined, { start: "2026-05-01", end: "2026-05-31" }],
  ["**trước ngày 06/5/2026**", undefined, { end: "2026-05-06" }],
  ["trong năm 2026", undefined, { start: "2026-01-01", end: "2026-12-31" }],
  ["trong 4 tháng đầu năm 2026", undefined, { start: "2026-01-01", end: "2026-04-30" }],
  ["giai đoạn 2026 - 2031", undefined, { start: "2026-01-01", end: "2031-12-31" }],
  ["ngày tháng 4 năm 2026", undefined, { start: "2026-04-01", end: "2026-04-30" }],
  // 003 (Bắc Giang, 11/2021)
  ["tháng 11 năm 2021", undefined, { start: "2021-11-01", end: "2021-11-30" }],
  ["(tháng 6)", "2021-11", { start: "2022-06-01", end: "2022-06-30" }],
  ["ngày 23 tháng 7 năm 2021", undefined, { start: "2021-07-23", end: "2021-07-23" }],
  ["đến 2024", undefined, { end: "2024-12-31" }],
  ["kéo dài lộ trình đến 2030", undefined, { end: "2030-12-31" }],
  ["định hướng đến năm 2030", undefined, null],
  ["trong năm 2021", undefined, { start: "2021-01-01", end: "2021-12-31" }],
  ["giai đoạn 2019-2023", undefined, { start: "2019-01-01", end: "2023-12-31" }],
  ["hàng năm", undefined, {}],
  // 004 (Hưng Yên, 2024)
  ["đến năm 2025", undefined, { end: "2025-12-31" }],
  ["đến năm 2026", undefined, { end: "2026-12-31" }],
  ["tầm nhìn đến năm 2045", undefined, null],
  ["tháng 12 năm 2023", undefined, { start: "2023-12-01", end: "2023-12-31" }],
  ["hằng tháng", undefined, {}],
  ["hằng tuần", undefined, {}],
  ["định kỳ", undefined, {}],
  ["thường xuyên", undefined, {}],
  ["giai đoạn 2022 - 2024", undefined, { start: "2022-01-01", end: "2024-12-31" }],
  // the other forms
  ["30 ngày kể từ ngày ký", undefined, { relative: true }],
  ["30 ngày kể từ ngày ký", "2024-02-19", { end: "2024-03-20", relative: true }],
  ["trong vòng 15 ngày làm việc kể từ ngày ban hành Kế hoạch", "2024-02-16", { end: "2024-03-08", relative: true }],
  ["02 tháng kể từ ngày Kế hoạch này được ban hành", "2024-12-31", { end: "2025-02-28", relative: true }],
  ["01 năm sau khi ký", "2024-02-29", { end: "2025-02-28", relative: true }],
  ["30 ngày kể từ ngày ký", "2024-02", { relative: true }],
  ["30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ", "2024-02-19", { relative: true }],
  ["10 ngày kể từ ngày kỳ họp", "2024-02-19", { relative: true }],
  ["trong thời hạn 15 ngày làm việc", undefined, { relative: true }],
  ["trong quý III/2026", undefined, { start: "2026-07-01", end: "2026-09-30" }],
  ["trong quý 2 năm 2024", undefined, { start: "2024-04-01", end: "2024-06-30" }],
  ["trước quý IV/2024", undefined, { end: "2024-09-30" }],
  ["quý I", "2025-03-10", { start: "2025-01-01", end: "2025-03-31" }],
  ["6 tháng đầu năm 2024", undefined, { start: "2024-01-01", end: "2024-06-30" }],
  ["6 tháng cuối năm 2024", undefined, { start: "2024-07-01", end: "2024-12-31" }],
  ["tháng 5 năm 2024", undefined, { start: "2024-05-01", end: "2024-05-31" }],
  ["ngày 18 tháng 5 năm 2021", undefined, { start: "2021-05-18", end: "2021-05-18" }],
  ["chậm nhất ngày 15/8/2025", undefined, { end: "2025-08-15" }],
  ["hạn chót ngày 01/10/2025", undefined, { end: "2025-10-01" }],
  ["trước tháng 6", "2024-02-19", { end: "2024-05-31" }],
  ["trong tháng 5", "2024-02-19", { start: "2024-05-01", end: "2024-05-31" }],
  ["trong tháng 1", "2024-11-05", { start: "2025-01-01", end: "2025-01-31" }],
  ["trước ngày 15/12", "2024-03-01", { end: "2024-12-15" }],
  ["trước ngày 15 hằng tháng", undefined, {}],
  ["từ năm 2024 đến năm 2026", undefined, { start: "2024-01-01", end: "2026-12-31" }],
  ["cuối năm 2024", undefined, { start: "2024-10-01", end: "2024-12-31" }],
  // corpus-dev (Lào Cai): a time of day before the date
  ["trước 15h00 ngày 15/6/2026", undefined, { end: "2026-06-15" }],
  ["trước 08 giờ 00 ngày 22/6/2026", undefined, { end: "2026-06-22" }],
  ["vào 13h30’ ngày 29/4/2026", undefined, { start: "2026-04-29", end: "2026-04-29" }],
  ["chậm nhất 17h00 ngày 30/6/2026", undefined, { end: "2026-06-30" }],
  ["trước 15h00 ngày 15/6", "2026-06-01", { end: "2026-06-15" }],
];

describe("parseDeadline", () => {
  it.each(SEED_PHRASINGS)("%s (document date %s)", (phrase, documentDate, expected) => {
    const deadline = parseDeadline(phrase, { documentDate });
    if (expected === null) {
      expect(deadline).toBeNull();
      return;
    }
    expect(deadline).not.toBeNull();
    expect({ start: deadline?.start, end: deadline?.end, relative: deadline?.relative }).toEqual({
      start: expected.start,
      end: expected.end,
      relative: expected.relative,
    });
    // The text is the phrase as written, never an invented one.
    expect(phrase.replace(/\s+/gu, " ")).toContain(deadline!.text);
  });

  it.each<[string, { start?: string; end?: string }]>([
    ["truoc ngay 30/6/2024", { end: "2024-06-30" }],
    ["trong thang 5/2024", { start: "2024-05-01", end: "2024-05-31" }],
    ["trong quy III/2026", { start: "2026-07-01", end: "2026-09-30" }],
    ["TRƯỚC NGÀY 30/6/2024", { end: "2024-06-30" }],
    ["trong tháng 5/2024".normalize("NFD"), { start: "2024-05-01", end: "2024-05-31" }],
  ])("reads text without diacritics, in capitals or in NFD: %s", (phrase, expected) => {
    const deadline = parseDeadline(phrase);
    expect({ start: deadline?.start, end: deadline?.end }).toEqual({ start: expected.start, end: expected.end });
  });

  it.each(["", "trong thời gian tới", "ngay", "thăng hạng", "32/13/2024", "ngày 31/2/2024", "quy định", "trong tháng 13/2024"])(
    "finds no deadline in %j",
    (phrase) => {
      expect(parseDeadline(phrase)).toBeNull();
    },
  );

  it("needs the document date for a month or quarter named without a year", () => {
    expect(parseDeadline("trong tháng 5")).toBeNull();
    expect(parseDeadline("trong quý II")).toBeNull();
    expect(parseDeadline("trong tháng 5", { documentDate: "2025" })?.end).toBe("2025-05-31");
  });
});

describe("ongoing and recurring deadlines", () => {
  it.each<[string, { ongoing?: boolean; recurring?: boolean } | null]>([
    ["thường xuyên", { ongoing: true }],
    ["Sở Nội vụ thường xuyên kiểm tra, đôn đốc", { ongoing: true }],
    ["thuong xuyen", { ongoing: true }],
    ["hằng tháng", { recurring: true }],
    ["định kỳ hằng quý", { recurring: true }],
    ["kinh phí chi thường xuyên", null],
    ["đơn vị tự bảo đảm chi thường xuyên", null],
    ["không thường xuyên", null],
    // A periodic record the request refers to, not a periodic duty (corpus-dev, cv-sct-bo-sung-phuong-nam).
    ["Đề nghị rà soát, ghi thống nhất theo đúng báo cáo kiểm định định kỳ của bồn chứa kèm theo hồ sơ.", null],
    ["Thực hiện chế độ báo cáo định kỳ, đột xuất về VLNCN theo quy định hiện hành.", { recurring: true }],
  ])("%s", (phrase, expected) => {
    const deadline = parseDeadline(phrase);
    if (expected === null) return expect(deadline).toBeNull();
    expect({ ongoing: deadline?.ongoing, recurring: deadline?.recurring }).toEqual({ ongoing: expected.ongoing, recurring: expected.recurring });
    expect(deadline?.end).toBeUndefined();
  });

  it.each<[string, string]>([
    ["thường xuyên", "ongoing"],
    ["hằng tháng", "recurring"],
    ["trong quý III/2026", "quarter"],
    ["trước ngày 30/6/2024", "day"],
    ["trong tháng 5/2024", "month"],
  ])("describeDeadline(%s) is %s", (phrase, label) => {
    expect(describeDeadline(parseDeadline(phrase))).toBe(label);
  });

  it("labels missing, inherited, open and resolved relative deadlines", () => {
    expect(describeDeadline(null)).toBe("none");
    expect(describeDeadline({ text: "năm 2024", start: "2024-01-01", end: "2024-12-31", resolvedFrom: "document" })).toBe("inherited");
    expect(describeDeadline({ text: "Tiếp tục", ongoing: true, resolvedFrom: "wording" })).toBe("ongoing-by-wording");
    expect(describeDeadline({ text: "30 ngày kể từ ngày nhận", relative: true })).toBe("relative-open");
    expect(describeDeadline({ text: "30 ngày kể từ ngày ký", relative: true, end: "2024-03-20" })).toBe("relative");
  });
});

describe("addPeriod", () => {
  it.each<[string, number, string, string]>([
    ["2024-02-19", 30, "ngay", "2024-03-20"],
    ["2024-02-16", 5, "ngay lam viec", "2024-02-23"],
    ["2024-02-17", 1, "ngay lam viec", "2024-02-19"],
    ["2024-01-31", 1, "thang", "2024-02-29"],
    ["2024-02-29", 1, "nam", "2025-02-28"],
    ["2024-12-25", 2, "tuan", "2025-01-08"],
  ])("%s + %i %s = %s", (start, count, unit, expected) => {
    expect(addPeriod(start, count, unit)).toBe(expected);
  });
});

describe("findDeadlines in sentences", () => {
  it("splits a sentence with two deadlines and gives their offsets", () => {
    const sentence = "Phấn đấu trình HĐND tỉnh trong tháng 5/2024; hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024.";
    const found = findDeadlines(sentence);
    expect(found.map((match) => sentence.slice(match.start, match.end))).toEqual(["trong tháng 5/2024", "trước ngày 30/6/2024"]);
    expect(found.map((match) => match.deadline.end)).toEqual(["2024-05-31", "2024-06-30"]);
    expect(found.map((match) => match.kind)).toEqual(["month", "day"]);
  });

  it.each([
    ["Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy", "the date of a cited document"],
    ["Chỉ thị số 20/CT-TTg ngày 23 tháng 7 năm 2021 của Thủ tướng Chính phủ", "a cited date written in words"],
    ["Đồng ý hoãn trình phiên họp UBND tỉnh tháng 4/2024 đối với nội dung sửa đổi", "the month naming a meeting"],
    ["Tập trung rà soát các nhiệm vụ trọng tâm của Sở năm 2026", "a year that qualifies a noun"],
    ["Đề án sắp xếp ĐVHC cấp xã giai đoạn 2023- 2025", "the period in a plan's name"],
    ["hoàn thành phương án quy hoạch giai đoạn 2025-2030, tầm nhìn đến năm 2045", "a vision"],
    ["Lạng Sơn, ngày tháng 4 năm 2026", "a date line with the day left blank"],
    ["Tính đến 31/7/2021 đã giải quyết 514/703 cán bộ", "a date of a report"],
    ["nhiệm vụ trọng tâm công tác tháng 12 năm 2023", "the month of a work plan"],
  ])("ignores %j (%s)", (sentence) => {
    expect(findDeadlines(sentence).filter((match) => match.deadline.end)).toEqual([]);
  });

  it("property: trailing white space, \";\" and \",\" change no deadline (a clause and its task's quote share one search)", () => {
    const sentences = [
      ...SEED_PHRASINGS.map(([phrase]) => phrase),
      "Phấn đấu trình HĐND tỉnh trong tháng 5/2024; hoàn thành việc nộp hồ sơ về Bộ Nội vụ trước ngày 30/6/2024",
      "báo cáo kết quả trong thời hạn 15 ngày làm việc kể từ ngày nhận được văn bản",
      "tổ chức thực hiện hằng tháng, định kỳ báo cáo UBND tỉnh",
      "hoàn thành trong quý III/2026",
      "trong các tháng cuối năm",
      "(tháng 6)",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...sentences),
        fc.array(fc.constantFrom(" ", ";", ",", "\n", "\t", "\u00a0"), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(undefined, "2021-11", "2024-05-03"),
        (sentence, tail, documentDate) => {
          expect(findDeadlines(sentence + tail.join(""), { documentDate })).toEqual(findDeadlines(sentence, { documentDate }));
        },
      ),
    );
  });

  it("keeps bare dates and years when asked not to require a cue", () => {
    const found = findDeadlines("Quyết định 16/2021/QĐ-UBND ngày 18/5/2021", { requireCue: false });
    expect(found.map((match) => match.deadline.end)).toEqual(["2021-05-18"]);
  });

  it("does not read the code of a document number as a cue word (26-CT/TU ngày …)", () => {
    const found = findDeadlines("thực hiện nghiêm Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ");
    expect(found).toEqual([]);
  });

  it("property: a cued full date round-trips, with the same result without diacritics", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom("trước ngày", "chậm nhất ngày", "hạn chót ngày", "vào ngày"),
        (date, cue) => {
          const iso = date.toISOString().slice(0, 10);
          const [year, month, day] = iso.split("-").map(Number);
          const phrase = `${cue} ${day}/${month}/${year}`;
          const deadline = parseDeadline(phrase);
          expect(deadline?.end).toBe(iso);
          expect(parseDeadline(foldDiacritics(phrase))?.end).toBe(iso);
          const sentence = `Sở Nội vụ hoàn thành báo cáo ${phrase}.`;
          const [match] = findDeadlines(sentence);
          expect(match && sentence.slice(match.start, match.end)).toBe(phrase);
        },
      ),
    );
  });

  it("property: a month window covers exactly that month", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const deadline = parseDeadline(`trong tháng ${month}/${year}`);
        const start = new Date(`${deadline!.start}T00:00:00Z`);
        const end = new Date(`${deadline!.end}T00:00:00Z`);
        expect(start.getUTCDate()).toBe(1);
        expect(start.getUTCMonth() + 1).toBe(month);
        end.setUTCDate(end.getUTCDate() + 1);
        expect(end.getUTCDate()).toBe(1);
        expect(end.getUTCMonth() + 1).toBe((month % 12) + 1);
      }),
    );
  });
});
