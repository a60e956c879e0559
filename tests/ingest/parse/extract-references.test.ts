import { describe, expect, it } from "vitest";
import { extractReferences, linkReferencesToArchive, normalizeDocumentNumber } from "../../../ingest/parse/extract-references.js";
import { cleanSeedText, readSeed } from "./seed-document.js";

type Expected = { text: string; type?: string; number: string; date?: string };

describe("extractReferences", () => {
  it.each<[string, Expected[]]>([
    [
      "sửa đổi, bổ sung Quyết định 16/2021/QĐ-UBND ngày 18/5/2021 ban hành quy định",
      [{ text: "Quyết định 16/2021/QĐ-UBND ngày 18/5/2021", type: "Quyết định", number: "16/2021/QĐ-UBND", date: "2021-05-18" }],
    ],
    [
      "tại Kế hoạch số 171/KH-UBND ngày 17/11/2023 về việc đào tạo",
      [{ text: "Kế hoạch số 171/KH-UBND ngày 17/11/2023", type: "Kế hoạch", number: "171/KH-UBND", date: "2023-11-17" }],
    ],
    [
      "thực hiện nghiêm Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy",
      [{ text: "Chỉ thị số 26-CT/TU ngày 02/6/2023", type: "Chỉ thị", number: "26-CT/TU", date: "2023-06-02" }],
    ],
    [
      "Triển khai hiệu quả các Nghị quyết của HĐND tỉnh: số 383/2023/NQ-HĐND ngày 06/7/2023 của HĐND tỉnh; số 385/2023/NQ-HĐND ngày 21/7/2023 của HĐND tỉnh",
      [
        { text: "số 383/2023/NQ-HĐND ngày 06/7/2023", type: "Nghị quyết", number: "383/2023/NQ-HĐND", date: "2023-07-06" },
        { text: "số 385/2023/NQ-HĐND ngày 21/7/2023", type: "Nghị quyết", number: "385/2023/NQ-HĐND", date: "2023-07-21" },
      ],
    ],
    [
      "các Kế hoạch của UBND tỉnh về công tác tín ngưỡng, tôn giáo: Số 115/KH-UBND ngày 16/09/2020 về bồi dưỡng; số 27/KH-UBND ngày 26/2/2021 về công tác đối với đạo Tin lành giai đoạn 2021-2030; số 77/KH-UBND ngày 15/4/2022 về việc triển khai",
      [
        { text: "Số 115/KH-UBND ngày 16/09/2020", type: "Kế hoạch", number: "115/KH-UBND", date: "2020-09-16" },
        { text: "số 27/KH-UBND ngày 26/2/2021", type: "Kế hoạch", number: "27/KH-UBND", date: "2021-02-26" },
        { text: "số 77/KH-UBND ngày 15/4/2022", type: "Kế hoạch", number: "77/KH-UBND", date: "2022-04-15" },
      ],
    ],
    [
      "Luật số 1211/2016/UBTVQH13 và Nghị định 33/2023/NĐ-CP ngày 10/6/2023 của Chính phủ",
      [
        { text: "Luật số 1211/2016/UBTVQH13", type: "Luật", number: "1211/2016/UBTVQH13" },
        { text: "Nghị định 33/2023/NĐ-CP ngày 10/6/2023", type: "Nghị định", number: "33/2023/NĐ-CP", date: "2023-06-10" },
      ],
    ],
    [
      "Chỉ thị số 20/CT-TTg ngày 23 tháng 7 năm 2021 của Thủ tướng Chính phủ",
      [{ text: "Chỉ thị số 20/CT-TTg ngày 23 tháng 7 năm 2021", type: "Chỉ thị", number: "20/CT-TTG", date: "2021-07-23" }],
    ],
    [
      "Thực hiện Công văn số 5797/UBND-TH ngày 03/11/2021 của Chủ tịch UBND tỉnh",
      [{ text: "Công văn số 5797/UBND-TH ngày 03/11/2021", type: "Công văn", number: "5797/UBND-TH", date: "2021-11-03" }],
    ],
    [
      "theo Thông tư số 35/2006/TTLT-BGDĐT-BNV ngày 23/8/2006 của Bộ Giáo dục và Đào tạo",
      [{ text: "Thông tư số 35/2006/TTLT-BGDĐT-BNV ngày 23/8/2006", type: "Thông tư", number: "35/2006/TTLT-BGDĐT-BNV", date: "2006-08-23" }],
    ],
    [
      "Căn cứ các Quyết định của Sở Nội vụ: Số 08/QĐ-SNV ngày 03/02/2020 về việc ban hành Quy chế; số 1436/QĐ-\nSNV ngày 16/5/2023 về việc sửa đổi",
      [
        { text: "Số 08/QĐ-SNV ngày 03/02/2020", type: "Quyết định", number: "08/QĐ-SNV", date: "2020-02-03" },
        { text: "số 1436/QĐ- SNV ngày 16/5/2023", type: "Quyết định", number: "1436/QĐ-SNV", date: "2023-05-16" },
      ],
    ],
    [
      "các Quy định, Chỉ thị, Chương trình, Kế hoạch của Ban Thường vụ Tỉnh ủy: về đánh giá (số 540-QĐ/TU ngày 10/10/2022); về đào tạo (số 37-Ctr/TU ngày 26/6/2023)",
      [
        { text: "số 540-QĐ/TU ngày 10/10/2022", type: "Quy định", number: "540-QĐ/TU", date: "2022-10-10" },
        { text: "số 37-Ctr/TU ngày 26/6/2023", type: "Chương trình", number: "37-CTR/TU", date: "2023-06-26" },
      ],
    ],
    ["Căn cứ Kế hoạch số 06-KH/TU, ngày 28/11/2025 của Ban Thường vụ", [{ text: "Kế hoạch số 06-KH/TU, ngày 28/11/2025", type: "Kế hoạch", number: "06-KH/TU", date: "2025-11-28" }]],
    ["theo quyết định so 16/2021/qd-ubnd ngay 18/5/2021", [{ text: "quyết định so 16/2021/qd-ubnd ngay 18/5/2021", type: "Quyết định", number: "16/2021/QĐ-UBND", date: "2021-05-18" }]],
  ])("%s", (text, expected) => {
    const references = extractReferences(text);
    expect(references.map(({ text: written, type, number, date }) => ({ text: written, type, number, date }))).toEqual(
      expected.map((reference) => ({ date: undefined, type: undefined, ...reference })),
    );
    for (const reference of references) expect(text.slice(reference.start, reference.end).replace(/\s+/gu, " ")).toBe(reference.text);
  });

  it.each([
    "Dự án đầu tư xây dựng đường Vành đai 4-\nVùng Thủ đô Hà Nội",
    "TH 2021/ TH 2020 tăng 9,3%",
    "ngày 18/5/2021, 19.121 lượt người, 514/703 cán bộ, ISO 9001:2015",
    "bầu được 9/9 đại biểu Quốc hội khóa XV, COVID-19",
    "giai đoạn 2023- 2025; (2024-2030)",
  ])("finds no reference in %j", (text) => {
    expect(extractReferences(text)).toEqual([]);
  });

  it.each([
    // (the footnote citing 1341/QĐ-UBND is taken out of the clean text with the footnote)
    ["000", ["26-CT/TU", "16/2021/QĐ-UBND"]],
    ["002", ["06-KH/TU"]],
  ] as const)("sample %s: all references, in order", (id, numbers) => {
    expect(extractReferences(cleanSeedText(readSeed(id))).map((reference) => reference.number)).toEqual(numbers);
  });

  it("sample 004: every number printed with a type word or 'số' is found", () => {
    const text = cleanSeedText(readSeed("004"));
    const numbers = new Set(extractReferences(text).map((reference) => reference.number));
    for (const expected of ["412/NQ-HĐND", "17/CTR-UBND", "83/2021/QĐ-UBND", "1436/QĐ-SNV", "171/KH-UBND", "31-CT/TU", "385/2023/NQ-HĐND", "208-KH/TU", "102/KH-SNV"]) {
      expect(numbers, expected).toContain(expected);
    }
  });
});

describe("normalizeDocumentNumber", () => {
  it.each([
    ["16/2021/QĐ-UBND", "16/2021/QĐ-UBND"],
    ["16/2021/qd-ubnd", "16/2021/QĐ-UBND"],
    ["16 / 2021 / QĐ - UBND", "16/2021/QĐ-UBND"],
    ["16/2021/Q\u00d0-UBND", "16/2021/QĐ-UBND"],
    ["385/2023/NQ-HDND", "385/2023/NQ-HĐND"],
    ["33/2023/ND-CP", "33/2023/NĐ-CP"],
    ["26–CT/TU", "26-CT/TU"],
    ["73-NQ/DU", "73-NQ/ĐU"],
    ["35/2006/TTLT-BGDDT-BNV", "35/2006/TTLT-BGDĐT-BNV"],
    ["1211/2016/ubtvqh13", "1211/2016/UBTVQH13"],
    ["5797/UBND-TH", "5797/UBND-TH"],
    ["43/QĐ-TTg", "43/QĐ-TTG"],
  ])("%s -> %s", (raw, expected) => {
    expect(normalizeDocumentNumber(raw)).toBe(expected);
  });
});

describe("linkReferencesToArchive", () => {
  it("links a reference whose number (and date) matches an archived document", () => {
    const references = extractReferences("theo Kế hoạch số 171/KH-UBND ngày 17/11/2023 và Quyết định số 16/2021/QĐ-UBND ngày 18/5/2021");
    const linked = linkReferencesToArchive(references, [
      { id: "a", meta: { number: "171/KH-UBND", date: "2023-11-17" } },
      { id: "b", meta: { number: "16/2021/QĐ-UBND", date: "2020-01-01" } },
      { id: "c", meta: { number: "" } },
    ]);
    expect(linked.map((reference) => reference.targetDocId)).toEqual(["a", undefined]);
    expect(references.every((reference) => reference.targetDocId === undefined)).toBe(true);
  });
});
