import { describe, expect, it } from "vitest";
import { classifyAnswerKind } from "../../../server/retrieve/query/classify-answer-kind.js";
import { detectLanguage } from "../../../server/retrieve/query/detect-language.js";
import { getDefaultLexicon } from "../../../server/retrieve/query/lexicon.js";

const lexicon = getDefaultLexicon();
const kindOf = (question: string) => classifyAnswerKind(question, { language: detectLanguage(question, { lexicon }), lexicon });

describe("classifyAnswerKind", () => {
  it.each([
    // date
    ["Hồ sơ phải gửi Bộ Nội vụ trước ngày nào?", "date"],
    ["Khi nào tỉnh tổ chức thi tuyển công chức?", "date"],
    ["Bao giờ hoàn thành sắp xếp?", "date"],
    ["Sở Nội vụ tham mưu sửa đổi quyết định vào tháng mấy?", "date"],
    ["Thời hạn nộp báo cáo của các huyện?", "date"],
    ["han nop ho so la ngay nao", "date"],
    ["When must the dossier be submitted?", "date"],
    ["By what date must districts report?", "date"],
    ["From what date could the quota be reassigned?", "date"],
    ["What is the deadline for the commune merger?", "date"],
    // period
    ["Kế hoạch áp dụng cho giai đoạn nào?", "period"],
    ["Đề án số hóa tài liệu giai đoạn 2 được đồng ý cho khoảng thời gian nào?", "period"],
    ["Kế hoạch có thời hạn đến năm nào?", "period"],
    ["lap du toan kinh phi nam nao", "period"],
    ["Đề án thực hiện trong bao lâu?", "period"],
    ["Until which year does the scheme apply?", "period"],
    ["How long is the term of People's Council deputies?", "period"],
    ["Which period does the plan cover?", "period"],
    // who
    ["Cơ quan nào có sáng kiến ứng dụng mã bưu chính?", "who"],
    ["Chủ tịch UBND tỉnh ủy quyền cho ai phê duyệt?", "who"],
    ["ai chu tri thuc hien de an", "who"],
    ["Đơn vị nào chủ trì tổ chức thi?", "who"],
    ["so nao tham muu", "who"],
    ["Who approves the staffing quota?", "who"],
    ["Which agency is responsible for archives?", "who"],
    ["Which departments must coordinate?", "who"],
    ["Which agency received the initiative award?", "who"],
    ["Which district-level town was established in 2023?", "fact"],
    // number
    ["Tỷ lệ cử tri đi bầu là bao nhiêu?", "number"],
    ["Có mấy đơn vị hành chính cấp xã?", "number"],
    ["co tong cong bao nhieu nguoi trung tuyen", "number"],
    ["Số lượng cán bộ dôi dư còn lại?", "number"],
    ["How many civil servants were recruited?", "number"],
    ["How much funding was allocated?", "number"],
    ["What percentage of procedures are online?", "number"],
    ["What was the voter turnout?", "number"],
    // the earlier interrogative wins when a question asks two things
    ["Còn bao nhiêu người và phải giải quyết đến năm nào?", "number"],
    ["Đến năm nào phải giải quyết xong và còn bao nhiêu người?", "period"],
    // list
    ["Lạng Sơn đề xuất hỗ trợ những khoản kinh phí nào?", "list"],
    ["Phương châm hành động gồm những cụm từ nào?", "list"],
    ["Quyết định quy định những nội dung gì?", "list"],
    ["cac nhiem vu nao duoc giao", "list"],
    ["Which new units were to be created?", "list"],
    ["What are the key tasks for 2024?", "list"],
    ["List the key tasks of the home affairs sector", "list"],
    // fact
    ["Công tác tuyển dụng được đánh giá thế nào?", "fact"],
    ["co quan khong dang ky thi bi xem la the nao", "fact"],
    ["chi thi so may", "fact"],
    ["Nghị quyết hỗ trợ đối tượng nào?", "fact"],
    ["Sở Nội vụ phải trình phương án trước ngày 15/8/2025 không?", "fact"],
    ["What does each document say about it?", "fact"],
    ["To which monthly meeting was the submission postponed?", "fact"],
    ["Sở Nội vụ Bắc Giang", "fact"],
  ] as const)("%s -> %s", (question, kind) => {
    expect(kindOf(question)).toBe(kind);
  });

  it("does not read 'bộ máy' typed without diacritics as 'mấy'", () => {
    expect(kindOf("sap xep to chuc bo may cua so noi vu")).toBe("fact");
  });
});
