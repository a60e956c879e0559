import { describe, expect, it } from "vitest";
import { documentNumberMatches, findDocumentNumbers } from "../../../server/retrieve/query/extract-document-numbers.js";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";

const lexicon = getDefaultLexicon();
const numbersIn = (question: string) => findDocumentNumbers(question, { lexicon }).map((mention) => mention.number);

describe("findDocumentNumbers", () => {
  it.each([
    // full numbers, as printed and as typed
    ["Quyết định 16/2021/QĐ-UBND", ["16/2021/QĐ-UBND"]],
    ["quyet dinh so 16/2021/qd-ubnd", ["16/2021/QĐ-UBND"]],
    ["Quyết định số 16 / 2021 / QĐ - UBND ngày 18/5/2021", ["16/2021/QĐ-UBND"]],
    ["nghi quyet 385/2023/NQ-HDND cua hung yen", ["385/2023/NQ-HĐND"]],
    ["Kế hoạch 171/KH-UBND ngày 17/11/2023", ["171/KH-UBND"]],
    ["(QĐ 2016/QĐ-UBND)", ["2016/QĐ-UBND"]],
    ["Thông báo số 45/TB-VP", ["45/TB-VP"]],
    ["Nghị định 178/2024/NĐ-CP", ["178/2024/NĐ-CP"]],
    ["Thông tư 06/2022/TT-BNV", ["06/2022/TT-BNV"]],
    ["Luật số 77/2015/QH13", ["77/2015/QH13"]],
    ["Công văn 1234/UBND-NC", ["1234/UBND-NC"]],
    ["Quyết định 1234/QĐ–UBND", ["1234/QĐ-UBND"]],
    // Party numbers
    ["Chỉ thị số 26-CT/TU ngày 02/6/2023", ["26-CT/TU"]],
    ["Nghị quyết 18-NQ/TW", ["18-NQ/TW"]],
    ["Kế hoạch số 208-KH/TU; số 209-KH/TU", ["208-KH/TU", "209-KH/TU"]],
    // type and number only: prefix forms
    ["QĐ 16/2021 sửa đổi nội dung nào?", ["16/2021/QĐ"]],
    ["Quyết định 16/2021", ["16/2021/QĐ"]],
    ["Kế hoạch số 88 của Sở Nội vụ", ["88/KH"]],
    ["nghi quyet so 12 cua hdnd tinh", ["12/NQ"]],
    ["Decision No. 25/2022", ["25/2022/QĐ"]],
    ["Plan 45/2023 of the province", ["45/2023/KH"]],
    ["Chỉ thị số 05", ["05/CT"]],
    ["văn bản số 16/2021", ["16/2021"]],
    ["thông báo kết luận số 7", ["7/TB"]],
    // not document numbers
    ["ngày 30/6/2024", []],
    ["tháng 4/2024", []],
    ["giai đoạn 2023-2025", []],
    ["Kế hoạch 2022 của tỉnh", []],
    ["kế hoạch 5 năm", []],
    ["đa số 90% cử tri", []],
    ["giải quyết 514/703 người", []],
    ["tỷ lệ 99,0%", []],
    ["qd 16/2021 viết thường", []],
  ])("%s -> %j", (question, expected) => {
    expect(numbersIn(question)).toEqual(expected);
  });

  it("reports spans in the question", () => {
    const question = "Sửa Quyết định 16/2021/QĐ-UBND";
    const [mention] = findDocumentNumbers(question, { lexicon });
    expect(question.slice(mention?.start, mention?.end)).toBe("16/2021/QĐ-UBND");
  });
});

describe("documentNumberMatches", () => {
  it.each([
    ["16/2021/QĐ-UBND", "16/2021/QĐ-UBND", true],
    ["16/2021/QĐ-UBND", "16/2021/QD-UBND", true],
    ["16/2021/QĐ-UBND", "16/2021/QĐ", true],
    ["16/2021/QĐ-UBND", "16/2021", true],
    ["16/2021/QĐ-UBND", "016/2021/QĐ", true],
    ["16/2021/QĐ-UBND", "16/2022/QĐ", false],
    ["16/2021/QĐ-UBND", "16/2021/NQ", false],
    ["16/2021/QĐ-UBND", "161/2021/QĐ", false],
    ["16/2021/QĐ-UBND", "16/2021/QĐ-HĐND", false],
    ["171/KH-UBND", "171/KH", true],
    ["171/KH-UBND", "171/QĐ", false],
    ["171/KH-UBND", "171/2023/KH", false],
    ["26-CT/TU", "26/CT", true],
    ["26-CT/TU", "26-CT/TU", true],
    ["26-CT/TU", "26/NQ", false],
    ["not a number", "16/2021", false],
  ])("%s named as %s -> %s", (documentNumber, named, expected) => {
    expect(documentNumberMatches(documentNumber, named)).toBe(expected);
  });
});
