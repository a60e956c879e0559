import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeTone, foldTerm } from "../../../core/vietnamese.js";
import { analyzeQuery, type AnalyzedQuery } from "../../../server/retrieve/analyze-query.js";

type Expected = Pick<AnalyzedQuery, "language" | "answerKind" | "provinces" | "years" | "documentNumbers"> & {
  /** For English questions: phrases the Vietnamese search text must contain. */
  searchTextHas?: string[];
};

// The 30 development questions (shared/eval/questions.jsonl), copied so the test runs offline.
const DEVELOPMENT_QUESTIONS: Array<[string, string, Expected]> = [
  ["q001", "Under Bắc Giang's 2024 conclusion, which new units were to be created by re-drawing the boundaries of Lục Ngạn and Sơn Động districts?",
    { language: "en", answerKind: "list", provinces: ["Bắc Giang"], years: [2024], documentNumbers: [],
      searchTextHas: ["Lục Ngạn", "Sơn Động", "thành lập", "điều chỉnh địa giới hành chính", "huyện", "kết luận"] }],
  ["q003", "Kế hoạch của UBND tỉnh Hưng Yên về công tác đối với đạo Tin lành áp dụng cho giai đoạn nào?",
    { language: "vi", answerKind: "period", provinces: ["Hưng Yên"], years: [], documentNumbers: [] }],
  ["q020", "Năm 2021, các sở, cơ quan, địa phương ở Bắc Giang phải ngừng tiếp nhận công chức từ ngày nào để chuẩn bị thi tuyển?",
    { language: "vi", answerKind: "date", provinces: ["Bắc Giang"], years: [2021], documentNumbers: [] }],
  ["q021", "Kế hoạch 171/KH-UBND của UBND tỉnh Hưng Yên về đào tạo, bồi dưỡng CBCCVC có thời hạn đến năm nào?",
    { language: "vi", answerKind: "period", provinces: ["Hưng Yên"], years: [], documentNumbers: ["171/KH-UBND"] }],
  ["q023", "Ở Bắc Giang, cơ quan nào có sáng kiến ứng dụng mã địa chỉ bưu chính Vpostcode khi tiếp nhận hồ sơ, trả kết quả TTHC?",
    { language: "vi", answerKind: "who", provinces: ["Bắc Giang"], years: [], documentNumbers: [] }],
  ["q025", "Lạng Sơn cần đề xuất Bộ Nội vụ hỗ trợ từ ngân sách Trung ương cho những khoản kinh phí nào?",
    { language: "vi", answerKind: "list", provinces: ["Lạng Sơn"], years: [], documentNumbers: [] }],
  ["q026", "Năm 2026 Lạng Sơn dự kiến giảm bao nhiêu thôn, tổ dân phố sau khi sắp xếp?",
    { language: "vi", answerKind: "number", provinces: ["Lạng Sơn"], years: [2026], documentNumbers: [] }],
  ["q028", "ky thi thang hang chuc danh nghe nghiep vien chuc bac giang nam 2021 co tong cong bao nhieu nguoi trung tuyen",
    { language: "vi-nodiacritics", answerKind: "number", provinces: ["Bắc Giang"], years: [2021], documentNumbers: [] }],
  ["q029", "Tính đến 31/7/2021, Bắc Giang đã giải quyết được bao nhiêu cán bộ, công chức cấp xã dôi dư trên tổng số?",
    { language: "vi", answerKind: "number", provinces: ["Bắc Giang"], years: [2021], documentNumbers: [] }],
  ["q034", "Tỷ lệ cử tri đi bầu ở Lạng Sơn trong cuộc bầu cử đại biểu Quốc hội khóa XVI là bao nhiêu?",
    { language: "vi", answerKind: "number", provinces: ["Lạng Sơn"], years: [], documentNumbers: [] }],
  ["q035", "Trong kế hoạch năm 2022, Sở Nội vụ Bắc Giang dự kiến tham mưu sửa đổi Quyết định 34/2019/QĐ-UBND về bổ nhiệm, luân chuyển cán bộ vào tháng mấy?",
    { language: "vi", answerKind: "date", provinces: ["Bắc Giang"], years: [2022], documentNumbers: ["34/2019/QĐ-UBND"] }],
  ["q036", "Lạng Sơn đề xuất Chủ tịch UBND tỉnh ủy quyền cho ai phê duyệt Đề án VTVL của các cơ quan, đơn vị?",
    { language: "vi", answerKind: "who", provinces: ["Lạng Sơn"], years: [], documentNumbers: [] }],
  ["q037", "Theo kết luận của Chủ tịch UBND tỉnh Bắc Giang đầu năm 2024, hồ sơ đề án sắp xếp ĐVHC cấp huyện, cấp xã phải gửi Bộ Nội vụ trước ngày nào?",
    { language: "vi", answerKind: "date", provinces: ["Bắc Giang"], years: [2024], documentNumbers: [] }],
  ["q038", "What was the voter turnout in Bắc Giang in the 2021 elections of National Assembly and People's Council deputies?",
    { language: "en", answerKind: "number", provinces: ["Bắc Giang"], years: [2021], documentNumbers: [],
      searchTextHas: ["tỷ lệ cử tri đi bầu", "bầu cử", "Quốc hội", "đại biểu HĐND", "2021"] }],
  ["q043", "How much funding has been allocated to upgrade the Bông Lau martyrs' cemetery in Lạng Sơn?",
    { language: "en", answerKind: "number", provinces: ["Lạng Sơn"], years: [], documentNumbers: [],
      searchTextHas: ["kinh phí", "nâng cấp", "Bông Lau", "nghĩa trang liệt sĩ", "Lạng Sơn"] }],
  ["q044", "Số cán bộ, công chức cấp xã dôi dư còn lại ở Bắc Giang là bao nhiêu và phải sắp xếp, giải quyết chính sách đến năm nào?",
    { language: "vi", answerKind: "number", provinces: ["Bắc Giang"], years: [], documentNumbers: [] }],
  ["q045", "If a Bắc Giang agency with unused staffing quota did not register for the 2021 recruitment exam, from what date could that quota be reassigned?",
    { language: "en", answerKind: "date", provinces: ["Bắc Giang"], years: [2021], documentNumbers: [],
      searchTextHas: ["cơ quan", "biên chế", "đăng ký", "thi tuyển", "điều chuyển", "ngày"] }],
  ["q047", "co quan o bac giang con chi tieu bien che nhung khong dang ky thi tuyen dung nam 2021 thi bi xem la the nao",
    { language: "vi-nodiacritics", answerKind: "fact", provinces: ["Bắc Giang"], years: [2021], documentNumbers: [] }],
  ["q049", "so noi vu bac giang duoc dong y phoi hop so tai chinh lap du toan kinh phi nam nao de nang cap phan mem danh gia, xep hang chi so cchc",
    { language: "vi-nodiacritics", answerKind: "period", provinces: ["Bắc Giang"], years: [], documentNumbers: [] }],
  ["q050", "chi thi cua ban thuong vu tinh uy bac giang ve chan chinh tac phong, le loi lam viec ma so noi vu phai tham muu thuc hien nghiem nam 2024 la chi thi so may",
    { language: "vi-nodiacritics", answerKind: "fact", provinces: ["Bắc Giang"], years: [2024], documentNumbers: [] }],
  ["q051", "Trong giai đoạn 2023-2025, Hưng Yên sắp xếp bao nhiêu ĐVHC cấp xã và thành lập mới bao nhiêu ĐVHC xã?",
    { language: "vi", answerKind: "number", provinces: ["Hưng Yên"], years: [2023, 2025], documentNumbers: [] }],
  ["q057", "Bắc Giang agreed to postpone submitting the amendment of Decision 16/2021/QĐ-UBND to which monthly meeting of the Provincial People's Committee?",
    { language: "en", answerKind: "fact", provinces: ["Bắc Giang"], years: [], documentNumbers: ["16/2021/QĐ-UBND"],
      searchTextHas: ["đồng ý", "hoãn", "sửa đổi", "16/2021/QĐ-UBND", "phiên họp thường kỳ tháng", "UBND tỉnh"] }],
  ["q060", "Năm 2024, Hưng Yên phải giảm tối thiểu bao nhiêu biên chế công chức và bao nhiêu biên chế sự nghiệp hưởng lương NSNN?",
    { language: "vi", answerKind: "number", provinces: ["Hưng Yên"], years: [2024], documentNumbers: [] }],
  ["q061", "Năm 2024 Hưng Yên đặt chỉ tiêu bồi dưỡng bao nhiêu lượt CBCCVC toàn tỉnh, trong đó Sở Nội vụ bồi dưỡng bao nhiêu lượt?",
    { language: "vi", answerKind: "number", provinces: ["Hưng Yên"], years: [2024], documentNumbers: [] }],
  ["q063", "de an hoan thien he thong van ban quy pham phap luat nganh noi vu ma so noi vu hung yen trien khai nam 2024 co giai doan nao",
    { language: "vi-nodiacritics", answerKind: "period", provinces: ["Hưng Yên"], years: [2024], documentNumbers: [] }],
  ["q067", "Đề án tinh giản biên chế gắn với sắp xếp lại cơ cấu tổ chức trong các cơ quan hành chính tỉnh Hưng Yên (QĐ 2016/QĐ-UBND) thực hiện trong giai đoạn nào?",
    { language: "vi", answerKind: "period", provinces: ["Hưng Yên"], years: [], documentNumbers: ["2016/QĐ-UBND"] }],
  ["q069", "Công tác tuyển dụng viên chức của Sở Nội vụ Bắc Giang được đánh giá thế nào trong kế hoạch năm 2022 (kết quả 2021) so với kết luận đầu năm 2024 (kết quả 2023)?",
    { language: "vi", answerKind: "fact", provinces: ["Bắc Giang"], years: [2022, 2021, 2024, 2023], documentNumbers: [] }],
  ["q081", "nghi quyet 385/2023/NQ-HDND cua hung yen quy dinh ho tro doi tuong nao",
    { language: "vi-nodiacritics", answerKind: "fact", provinces: ["Hưng Yên"], years: [], documentNumbers: ["385/2023/NQ-HĐND"] }],
  ["q084", "Phương châm hành động năm 2024 của ngành Nội vụ Hưng Yên gồm những cụm từ nào?",
    { language: "vi", answerKind: "list", provinces: ["Hưng Yên"], years: [2024], documentNumbers: [] }],
  ["q089", "Project 513 on administrative-boundary records and maps appears in plans of two provinces. What does each document say about it?",
    { language: "en", answerKind: "fact", provinces: [], years: [], documentNumbers: [],
      searchTextHas: ["dự án 513", "hồ sơ, bản đồ địa giới hành chính", "kế hoạch", "tỉnh"] }],
];

// Made-up questions about other provinces, document types and phrasings (the acceptance uses held-out questions).
const OTHER_QUESTIONS: Array<[string, Expected]> = [
  ["what is Sở Nội vụ's deadline for the commune merger?",
    { language: "en", answerKind: "date", provinces: [], years: [], documentNumbers: [], searchTextHas: ["Sở Nội vụ", "thời hạn", "xã", "sắp xếp"] }],
  ["When must Thanh Hoa province submit the job-position scheme to the Ministry of Home Affairs?",
    { language: "en", answerKind: "date", provinces: ["Thanh Hóa"], years: [], documentNumbers: [], searchTextHas: ["Thanh Hóa", "trình", "đề án vị trí việc làm", "Bộ Nội vụ"] }],
  ["How many civil servants did Nghệ An recruit in 2023?",
    { language: "en", answerKind: "number", provinces: ["Nghệ An"], years: [2023], documentNumbers: [], searchTextHas: ["công chức", "tuyển dụng", "2023"] }],
  ["Which agencies are responsible for emulation and commendation in Quảng Ninh?",
    { language: "en", answerKind: "who", provinces: ["Quảng Ninh"], years: [], documentNumbers: [], searchTextHas: ["cơ quan", "thi đua, khen thưởng"] }],
  ["Who approves the staffing quota of public service units in Da Nang?",
    { language: "en", answerKind: "who", provinces: ["Đà Nẵng"], years: [], documentNumbers: [], searchTextHas: ["phê duyệt", "biên chế", "đơn vị sự nghiệp công lập", "Đà Nẵng"] }],
  ["What percentage of administrative procedures were handled online in Thai Nguyen in 2022?",
    { language: "en", answerKind: "number", provinces: ["Thái Nguyên"], years: [2022], documentNumbers: [], searchTextHas: ["tỷ lệ", "thủ tục hành chính"] }],
  ["Under Decision No. 25/2022, what are the tasks of the Department of Home Affairs?",
    { language: "en", answerKind: "list", provinces: [], years: [], documentNumbers: ["25/2022/QĐ"], searchTextHas: ["nhiệm vụ", "Sở Nội vụ", "25/2022/QĐ"] }],
  ["According to Plan 45/KH-UBND of Hà Tĩnh, by what date must districts report results?",
    { language: "en", answerKind: "date", provinces: ["Hà Tĩnh"], years: [], documentNumbers: ["45/KH-UBND"], searchTextHas: ["trước ngày", "huyện", "báo cáo", "kết quả"] }],
  ["Until which year does the Hai Phong scheme on commune mergers apply?",
    { language: "en", answerKind: "period", provinces: ["Hải Phòng"], years: [], documentNumbers: [], searchTextHas: ["đề án", "sắp xếp", "xã", "áp dụng"] }],
  ["Decision 1234/QĐ-UBND dated 30 June 2024 on the merger of villages in Yen Bai",
    { language: "en", answerKind: "fact", provinces: ["Yên Bái"], years: [2024], documentNumbers: ["1234/QĐ-UBND"], searchTextHas: ["30/6/2024", "thôn", "sáp nhập"] }],
  ["Which districts of Bac Giang were merged in 2024?",
    { language: "en", answerKind: "list", provinces: ["Bắc Giang"], years: [2024], documentNumbers: [], searchTextHas: ["huyện", "sắp xếp"] }],
  ["How long is the term of People's Council deputies?",
    { language: "en", answerKind: "period", provinces: [], years: [], documentNumbers: [], searchTextHas: ["nhiệm kỳ", "đại biểu HĐND"] }],
  ["In which year was the Tin Lanh plan of Hung Yen issued?",
    { language: "en", answerKind: "period", provinces: ["Hưng Yên"], years: [], documentNumbers: [], searchTextHas: ["kế hoạch", "ban hành", "Hưng Yên"] }],
  ["Quyết định số 12/2023/QĐ-UBND của UBND tỉnh Nam Định quy định những nội dung gì?",
    { language: "vi", answerKind: "list", provinces: ["Nam Định"], years: [], documentNumbers: ["12/2023/QĐ-UBND"] }],
  ["Theo Kế hoạch số 88 của Sở Nội vụ Thái Bình, thời hạn nộp báo cáo là ngày nào?",
    { language: "vi", answerKind: "date", provinces: ["Thái Bình"], years: [], documentNumbers: ["88/KH"] }],
  ["quyet dinh 05/2024/qd-ubnd tinh thanh hoa co hieu luc tu ngay nao",
    { language: "vi-nodiacritics", answerKind: "date", provinces: ["Thanh Hóa"], years: [], documentNumbers: ["05/2024/QĐ-UBND"] }],
  ["nghi quyet so 12/2022/nq-hdnd ho tro bao nhieu tien cho can bo doi du",
    { language: "vi-nodiacritics", answerKind: "number", provinces: [], years: [], documentNumbers: ["12/2022/NQ-HĐND"] }],
  ["ai chu tri thuc hien de an sap xep dvhc cap xa tinh quang nam giai doan 2023-2025",
    { language: "vi-nodiacritics", answerKind: "who", provinces: ["Quảng Nam"], years: [2023, 2025], documentNumbers: [] }],
  ["Chỉ thị 05-CT/TU của Tỉnh ủy Quảng Trị yêu cầu những gì?",
    { language: "vi", answerKind: "list", provinces: ["Quảng Trị"], years: [], documentNumbers: ["05-CT/TU"] }],
  ["Tỉnh Hòa Bình có bao nhiêu ĐVHC cấp xã sau sắp xếp?",
    { language: "vi", answerKind: "number", provinces: ["Hòa Bình"], years: [], documentNumbers: [] }],
  ["TP. Hồ Chí Minh tuyển dụng bao nhiêu viên chức năm 2024?",
    { language: "vi", answerKind: "number", provinces: ["Hồ Chí Minh"], years: [2024], documentNumbers: [] }],
  ["Deadline nộp hồ sơ sáp nhập xã của Bắc Ninh là khi nào?",
    { language: "vi", answerKind: "date", provinces: ["Bắc Ninh"], years: [], documentNumbers: [] }],
  ["Bao lâu thì phải báo cáo kết quả CCHC ở Đắk Lắk?",
    { language: "vi", answerKind: "period", provinces: ["Đắk Lắk"], years: [], documentNumbers: [] }],
  ["Tỷ lệ hài lòng của người dân đối với TTHC ở Cà Mau năm 2023?",
    { language: "vi", answerKind: "number", provinces: ["Cà Mau"], years: [2023], documentNumbers: [] }],
  ["Thông báo kết luận số 45/TB-VP ngày 12/3/2025 của tỉnh Quảng Ngãi giao Sở Tài chính nhiệm vụ gì?",
    { language: "vi", answerKind: "fact", provinces: ["Quảng Ngãi"], years: [2025], documentNumbers: ["45/TB-VP"] }],
  ["Nghị định 178/2024/NĐ-CP quy định chính sách đối với những đối tượng nào?",
    { language: "vi", answerKind: "list", provinces: [], years: [], documentNumbers: ["178/2024/NĐ-CP"] }],
  ["Sở Nội vụ Gia Lai phải trình UBND tỉnh phương án sắp xếp trước ngày 15 tháng 8 năm 2025 không?",
    { language: "vi", answerKind: "fact", provinces: ["Gia Lai"], years: [2025], documentNumbers: [] }],
  ["ubnd tinh vinh phuc giao co quan nao tham dinh de an vi tri viec lam",
    { language: "vi-nodiacritics", answerKind: "who", provinces: ["Vĩnh Phúc"], years: [], documentNumbers: [] }],
  ["How many villages and residential groups will Lào Cai reduce by 2025?",
    { language: "en", answerKind: "number", provinces: ["Lào Cai"], years: [2025], documentNumbers: [], searchTextHas: ["thôn, tổ dân phố", "giảm"] }],
];

function expectAnalysis(analysis: AnalyzedQuery, expected: Expected): void {
  expect(analysis.language).toBe(expected.language);
  expect(analysis.answerKind).toBe(expected.answerKind);
  expect(analysis.provinces).toEqual(expected.provinces);
  expect(analysis.years).toEqual(expected.years);
  expect(analysis.documentNumbers).toEqual(expected.documentNumbers);
  for (const phrase of expected.searchTextHas ?? []) expect(analysis.searchText).toContain(phrase);
  if (expected.language !== "en") expect(analysis.searchText).toBe(analysis.question);
}

describe("analyzeQuery", () => {
  it.each(DEVELOPMENT_QUESTIONS)("understands development question %s", (_id, question, expected) => {
    expectAnalysis(analyzeQuery(question), expected);
  });

  it.each(OTHER_QUESTIONS)("understands %s", (question, expected) => {
    expectAnalysis(analyzeQuery(question), expected);
  });

  it.each([
    ["Theo kết luận, hồ sơ đề án sắp xếp ĐVHC cấp huyện phải gửi trước ngày nào?", ["đơn vị hành chính", "sáp nhập"]],
    ["Đề án VTVL của các cơ quan do ai phê duyệt?", ["vị trí việc làm"]],
    ["giảm bao nhiêu biên chế hưởng lương NSNN?", ["ngân sách nhà nước"]],
    ["các sở phải ngừng tiếp nhận công chức từ ngày nào?", ["dừng"]],
    ["so noi vu phoi hop so tai chinh nang cap phan mem chi so cchc", ["Sở Nội vụ", "Sở Tài chính", "phần mềm", "cải cách hành chính"]],
    ["Sở Nội vụ tham mưu sắp xếp đơn vị hành chính cấp xã", ["SNV", "ĐVHC"]],
  ])("expands %s", (question, phrases) => {
    const { expansions } = analyzeQuery(question);
    for (const phrase of phrases) expect(expansions).toContain(phrase);
  });

  it("keeps content words and drops question and function words (vi)", () => {
    const { keyTerms } = analyzeQuery("Các sở ở Bắc Giang phải ngừng tiếp nhận công chức từ ngày nào?");
    for (const word of ["sở", "bắc", "giang", "ngừng", "tiếp", "nhận", "công", "chức", "ngày"]) {
      expect(keyTerms).toContain(canonicalizeTone(word));
    }
    for (const word of ["các", "ở", "phải", "từ", "nào"]) expect(keyTerms).not.toContain(canonicalizeTone(word));
  });

  it("gives folded key terms for questions typed without diacritics and keeps folds that are also content words", () => {
    const { keyTerms } = analyzeQuery("co quan nao o bac giang co tong cong bao nhieu nguoi trung tuyen");
    expect(keyTerms).toEqual(expect.arrayContaining(["co", "quan", "bac", "giang", "tong", "nguoi", "trung", "tuyen"]));
    expect(keyTerms).not.toContain("nao");
    expect(keyTerms).not.toContain("bao");
    expect(keyTerms).not.toContain("nhieu");
    expect(keyTerms.every((term) => term === foldTerm(term))).toBe(true);
  });

  it("takes English key terms from the translation", () => {
    const { keyTerms } = analyzeQuery("What is the deadline for the commune merger?");
    expect(keyTerms).toEqual(expect.arrayContaining([canonicalizeTone("hạn"), canonicalizeTone("xã"), canonicalizeTone("sắp")]));
    expect(keyTerms).not.toContain("what");
  });

  it("adds the province's spelling with diacritics to a question typed without them", () => {
    expect(analyzeQuery("ubnd tinh bac giang giao nhiem vu gi").expansions).toContain("Bắc Giang");
  });

  it("reports only archive provinces when knownProvinces is given, under the archive's spelling", () => {
    const question = "Sở Nội vụ Bắc Giang và Sở Nội vụ thành phố Huế";
    expect(analyzeQuery(question, { knownProvinces: ["Thừa Thiên Huế", "Lạng Sơn"] }).provinces).toEqual(["Thừa Thiên Huế"]);
    expect(analyzeQuery(question).provinces).toEqual(["Bắc Giang", "Huế"]);
  });

  it("returns the question in NFC", () => {
    const decomposed = "Sở Nội vụ Bắc Giang".normalize("NFD");
    expect(analyzeQuery(decomposed).question).toBe("Sở Nội vụ Bắc Giang".normalize("NFC"));
    expect(analyzeQuery(decomposed).provinces).toEqual(["Bắc Giang"]);
  });

  it("falls back to the question itself when an English-looking question translates to nothing", () => {
    expect(analyzeQuery("Vpostcode").searchText).toBe("Vpostcode");
  });

  it("never throws and keeps its invariants on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (question) => {
        const analysis = analyzeQuery(question);
        expect(["vi", "vi-nodiacritics", "en"]).toContain(analysis.language);
        expect(["date", "period", "who", "number", "list", "fact"]).toContain(analysis.answerKind);
        expect(analysis.keyTerms.every((term) => term === term.toLowerCase())).toBe(true);
        expect(new Set(analysis.expansions).size).toBe(analysis.expansions.length);
      }),
      { numRuns: 150 },
    );
  });
});

describe("analyzeQuery equivalents", () => {
  it("pairs each expansion with the query words it stands for", () => {
    const query = analyzeQuery("Sở Nội vụ nộp hồ sơ đề án sắp xếp ĐVHC cấp xã trước ngày nào?");
    expect(query.equivalents).toContainEqual({ phrase: "đơn vị hành chính", source: "ĐVHC" });
  });

  it("pairs an English translation's alternatives with the translation", () => {
    const query = analyzeQuery("what is the deadline for the commune merger?");
    expect(query.language).toBe("en");
    const deadline = (query.equivalents ?? []).filter((equivalent) => equivalent.source === "thời hạn");
    expect(deadline.map((equivalent) => equivalent.phrase)).toContain("trước ngày");
  });
});
