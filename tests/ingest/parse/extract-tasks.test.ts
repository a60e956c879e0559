import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Task } from "../../../core/types.js";
import { extractTasks } from "../../../ingest/parse/extract-tasks.js";
import { cleanSeedText, readSeed, seedDocument, type SeedId } from "./seed-document.js";

type Expected = { sample: SeedId; lead: string; deadlineEnd: string; deadlineText?: string; says: string };
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/tasks/expected-tasks.json", import.meta.url), "utf8")) as {
  tasks: Expected[];
  ambiguous: Expected[];
  startOnly: Array<{ sample: SeedId; lead: string; deadlineStart: string; says: string }>;
};

const SAMPLES = [...new Set(fixture.tasks.map((task) => task.sample))];
const tasksBySample = new Map(SAMPLES.map((sample) => [sample, extractTasks(seedDocument(sample))]));
const key = (sample: string, lead: string, end: string) => `${sample}|${lead}|${end}`;

/** Multiset precision / recall of extracted dated tasks against the hand-written fixture on (sample, lead, deadline end). */
function score(samples: readonly SeedId[]): { precision: number; recall: number; extracted: number; expected: number; matched: number } {
  const expected = new Map<string, number>();
  for (const task of fixture.tasks.filter((entry) => samples.includes(entry.sample))) {
    const k = key(task.sample, task.lead, task.deadlineEnd);
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  const ambiguous = new Set(fixture.ambiguous.map((entry) => key(entry.sample, entry.lead, entry.deadlineEnd)));
  let extracted = 0;
  let matched = 0;
  for (const sample of samples) {
    for (const task of tasksBySample.get(sample) ?? []) {
      const end = task.deadline?.end;
      if (!end) continue;
      const k = key(sample, task.lead, end);
      const left = expected.get(k) ?? 0;
      if (left > 0) {
        expected.set(k, left - 1);
        matched++;
        extracted++;
      } else if (!ambiguous.has(k)) {
        extracted++;
      }
    }
  }
  const total = fixture.tasks.filter((entry) => samples.includes(entry.sample)).length;
  return { precision: extracted ? matched / extracted : 0, recall: total ? matched / total : 0, extracted, expected: total, matched };
}

describe("extractTasks against the hand-checked fixture", () => {
  it("the fixture has at least 12 dated tasks, each quoted from its sample", () => {
    expect(fixture.tasks.length).toBeGreaterThanOrEqual(12);
    for (const task of fixture.tasks) expect(cleanSeedText(readSeed(task.sample))).toContain(task.says);
  });

  it("reaches precision and recall ≥ 0.9 on (lead, deadline end) over the fixture's samples", () => {
    const result = score(SAMPLES);
    console.info(`tasks fixture (${SAMPLES.join(", ")}): ${JSON.stringify(result)}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("reaches precision and recall ≥ 0.9 on samples 000 and 002 alone", () => {
    const result = score(["000", "002"]);
    console.info(`tasks fixture (000, 002): ${JSON.stringify(result)}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
  });

  it.each(fixture.tasks.map((task) => [task.sample, task.says, task] as const))("%s: finds the task stating %j", (sample, _says, expected) => {
    const tasks = tasksBySample.get(sample) ?? [];
    const found = tasks.find((task) => task.quote.includes(expected.says));
    expect(found, `no task quotes ${expected.says}`).toBeDefined();
    expect(found!.lead).toBe(expected.lead);
    expect(found!.deadline?.end).toBe(expected.deadlineEnd);
    if (expected.deadlineText) expect(found!.deadline?.text).toBe(expected.deadlineText);
  });

  it.each(fixture.startOnly.map((task) => [task.says, task] as const))("keeps a start-only date as a start: %j", (_says, expected) => {
    const found = (tasksBySample.get(expected.sample) ?? []).find((task) => task.quote.includes(expected.says));
    expect(found?.lead).toBe(expected.lead);
    expect(found?.deadline?.start).toBe(expected.deadlineStart);
    expect(found?.deadline?.end).toBeUndefined();
  });
});

describe("extractTasks: offsets and robustness", () => {
  const ids: SeedId[] = ["000", "001", "002", "003", "004"];

  it.each(ids)("sample %s: every quote is the exact text at [start, end)", (id) => {
    const document = seedDocument(id);
    const tasks = extractTasks(document);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(document.text.slice(task.start, task.end)).toBe(task.quote);
      expect(task.docId).toBe(id);
      expect(task.id).toBe(`${id}:${task.start}`);
      expect(task.task.length).toBeGreaterThan(0);
      expect(task.partners).not.toContain(task.lead);
    }
    expect(new Set(tasks.map((task) => task.id)).size).toBe(tasks.length);
  });

  /** Re-wraps clean text at a PDF-like width, optionally with blank lines between lines (as pdf text layers give). */
  function wrap(text: string, options: { width: number; blankLines: boolean }): string {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
      let line = "";
      for (const word of paragraph.split(" ")) {
        if (line && line.length + 1 + word.length > options.width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
    }
    return lines.join(options.blankLines ? " \n\n" : "\n");
  }

  const datedKeys = (tasks: Task[]) => tasks.filter((task) => task.deadline?.end).map((task) => `${task.lead}|${task.deadline!.end}`).sort();

  it.each([
    ["000", 72, false],
    ["000", 80, true],
    ["002", 90, false],
    ["001", 76, true],
  ] as const)("sample %s wrapped at %i columns (blank lines: %s) gives the same dated tasks", (id, width, blankLines) => {
    const clean = seedDocument(id);
    const wrapped = seedDocument(id, { text: wrap(clean.text, { width, blankLines }) });
    const fromWrapped = extractTasks(wrapped);
    expect(datedKeys(fromWrapped)).toEqual(datedKeys(extractTasks(clean)));
    for (const task of fromWrapped) expect(wrapped.text.slice(task.start, task.end)).toBe(task.quote);
  });
});

describe("extractTasks: who leads, who helps", () => {
  const tasks000 = tasksBySample.get("000")!;
  const tasks002 = tasksBySample.get("002")!;
  const byQuote = (tasks: Task[], words: string) => tasks.find((task) => task.quote.includes(words));

  it.each([
    ["Sở Kế hoạch và Đầu tư: Tiếp tục", "Sở Kế hoạch và Đầu tư", ["Bộ Kế hoạch và Đầu tư"]],
    ["Sở Xây dựng: Hỗ trợ UBND cấp huyện", "Sở Xây dựng", []],
    ["Sở Tư pháp, Sở Tài chính và các ngành có liên quan: Phối hợp", "Sở Tư pháp", ["Sở Tài chính", "Các ngành có liên quan", "Sở Nội vụ"]],
    ["Các Sở, cơ quan thuộc UBND tỉnh và UBND cấp huyện khẩn trương", "Các sở, cơ quan thuộc UBND tỉnh", ["UBND cấp huyện"]],
    ["Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan xây dựng kế hoạch kiểm tra", "Sở Nội vụ", ["Các cơ quan liên quan"]],
    ["Giao Sở Nội vụ làm việc với Sở Tài chính, Sở Tư pháp và Văn phòng UBND tỉnh", "Sở Nội vụ", ["Sở Tài chính", "Sở Tư pháp", "Văn phòng UBND tỉnh"]],
    ["Đồng ý chủ trương để Sở Nội vụ xây dựng Đề án chỉnh lý", "Sở Nội vụ", []],
    ["Thường xuyên tổng kết, rút kinh nghiệm", "Sở Nội vụ", []],
  ])("000: %j -> lead %s, partners %j", (words, lead, partners) => {
    const task = byQuote(tasks000, words);
    expect(task).toBeDefined();
    expect(task!.lead).toBe(lead);
    expect(task!.partners).toEqual(partners);
  });

  it.each([
    ["Giao Ban Quản lý dự án đầu tư xây dựng tỉnh khẩn trương", "Ban Quản lý dự án đầu tư xây dựng tỉnh"],
    ["giao các cơ quan trình khen thưởng", "Các cơ quan"],
    ["Sở Nội vụ có trách nhiệm hướng dẫn, kiểm tra", "Sở Nội vụ"],
    ["Chỉ đạo Trung tâm Dịch vụ việc làm thực hiện ngay", "Sở Nội vụ"],
  ])("002: %j -> lead %s", (words, lead) => {
    expect(byQuote(tasks002, words)?.lead).toBe(lead);
  });

  it("removes the 'Giao X' opening from the task text and keeps the deadline words", () => {
    const task = byQuote(tasks000, "Giao Sở Nội vụ xây dựng cụ thể Kế hoạch học tập kinh nghiệm");
    expect(task?.task).toBe("Xây dựng cụ thể Kế hoạch học tập kinh nghiệm, báo cáo Chủ tịch UBND tỉnh trong tháng 3/2024");
  });

  it.each([
    ["000", "Ngày 19/02/2024, đồng chí Lê Ánh Dương"],
    ["000", "đã đoàn kết, thống nhất"],
    ["000", "Tuy nhiên một số lĩnh vực"],
    ["000", "Nhất trí chủ trương xây dựng Nghị quyết"],
    ["000", "Đồng ý hoãn trình phiên họp"],
    ["000", "Trên đây là Kết luận"],
    ["000", "Các sở, cơ quan thuộc UBND tỉnh;"],
    ["002", "Lãnh đạo UBND tỉnh ghi nhận"],
    ["002", "Đặc biệt biểu dương Sở Nội vụ"],
    ["002", "Văn phòng UBND tỉnh thông báo để Sở Nội vụ"],
    ["002", "Kết luận của đồng chí Nguyễn Cảnh Toàn"],
    ["003", "Phát triển kinh tế - xã hội năm 2022"],
    ["003", "Trình UBND tỉnh ban hành các Quyết định về việc sắp xếp"],
    ["004", "Căn cứ Nghị quyết số 412/NQ-HĐND"],
    ["004", "TỔ CHỨC THỰC HIỆN"],
  ] as const)("%s: %j assigns nothing (report, citation, approval, heading or address list)", (id, words) => {
    const tasks = id === "000" ? tasks000 : id === "002" ? tasks002 : extractTasks(seedDocument(id));
    expect(tasks.find((task) => task.quote.includes(words))).toBeUndefined();
  });

  it("003: a plan's tasks lead to the unit that wrote it, and '(tháng 6)' counts from the plan's date", () => {
    const tasks = extractTasks(seedDocument("003"));
    const task = tasks.find((candidate) => candidate.quote.includes("(tháng 6)"));
    expect(task?.lead).toBe("Sở Nội vụ");
    expect(task?.deadline).toEqual({ text: "tháng 6", start: "2022-06-01", end: "2022-06-30" });
  });

  it("004: a heading naming a unit leads its items", () => {
    const tasks = extractTasks(seedDocument("004"));
    expect(tasks.find((task) => task.quote.includes("Phối hợp tổ chức triển khai thực hiện có hiệu quả"))?.lead).toBe("Các sở, ngành tỉnh");
    expect(tasks.find((task) => task.quote.includes("Chỉ đạo phòng Nội vụ kịp thời tham mưu"))?.lead).toBe("UBND cấp huyện");
    const request = tasks.find((task) => task.quote.includes("đề nghị các sở, ban, ngành, UBND cấp huyện chủ động"));
    expect(request?.lead).toBe("Các sở, ban, ngành");
    expect(request?.partners).toEqual(["UBND cấp huyện"]);
  });
});

describe("extractTasks on documents not among the samples", () => {
  const make = (text: string, meta: Record<string, unknown> = {}) => ({ ...seedDocument("000", { text }), id: "x", meta: { ...meta } });

  it("reads a conclusion from another province addressed to another department", () => {
    const text = [
      "THÔNG BÁO",
      "Kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc với Sở Y tế",
      "Ngày 03/3/2025, đồng chí Phó Chủ tịch UBND tỉnh chủ trì buổi làm việc với Sở Y tế. Sau khi nghe báo cáo, đồng chí kết luận như sau:",
      "1. Sở Y tế khẩn trương hoàn thiện Đề án phát triển mạng lưới y tế cơ sở, trình UBND tỉnh trong quý II/2025.",
      "2. Giao Sở Tài chính chủ trì, phối hợp với Sở Y tế và Sở Nội vụ tham mưu bố trí kinh phí, hoàn thành trước ngày 15/8/2025.",
      "3. Rà soát, báo cáo số lượng người làm việc trong các trạm y tế xã chậm nhất ngày 30/4/2025.",
      "4. Đề nghị UBND các huyện, thị xã, thành phố phối hợp thực hiện; báo cáo kết quả hằng tháng.",
      "Nơi nhận:",
      "- Sở Y tế;",
    ].join("\n");
    const tasks = extractTasks(make(text));
    const summary = tasks.map((task) => [task.lead, task.partners, task.deadline?.end ?? task.deadline?.text ?? null]);
    expect(summary).toEqual([
      ["Sở Y tế", [], "2025-06-30"],
      ["Sở Tài chính", ["Sở Y tế", "Sở Nội vụ"], "2025-08-15"],
      ["Sở Y tế", [], "2025-04-30"],
      ["UBND các huyện, thành phố", [], "hằng tháng"],
    ]);
  });

  it("reads a plan whose issuer is only in the metadata", () => {
    const text = [
      "KẾ HOẠCH",
      "Triển khai chuyển đổi số năm 2025",
      "Căn cứ Quyết định số 12/2024/QĐ-UBND ngày 10/01/2024 của UBND tỉnh;",
      "I. NHIỆM VỤ",
      "1. Hoàn thành cơ sở dữ liệu cán bộ, công chức trong tháng 9/2025.",
      "2. Tổ chức tập huấn kỹ năng số cho công chức cấp xã trong quý IV/2025.",
    ].join("\n");
    const tasks = extractTasks(make(text, { issuer: "Sở Thông tin và Truyền thông tỉnh Nghệ An", date: "2025-02-01" }));
    expect(tasks.map((task) => [task.lead, task.deadline?.end])).toEqual([
      ["Sở Thông tin và Truyền thông", "2025-09-30"],
      ["Sở Thông tin và Truyền thông", "2025-12-31"],
    ]);
  });

  it("returns no task for a text that assigns nothing", () => {
    expect(extractTasks(make("Năm 2023, toàn tỉnh đã hoàn thành 95% kế hoạch.\nKết quả đạt được cao hơn năm trước."))).toEqual([]);
    expect(extractTasks(make(""))).toEqual([]);
  });
});

// Real sentences of corpus-dev (Lào Cai) and the samples, labelled by hand in data/eval/task-labels.jsonl:
// what is not an assignment gives no task, and the assignment next to it still does.
describe("extractTasks: what is not an assignment", () => {
  const letter = (lines: readonly string[]) =>
    ({ ...seedDocument("000", { text: ["CÔNG VĂN", "Về việc hoàn thiện hồ sơ", ...lines, "Nơi nhận:", "- Như trên;"].join("\n") }), id: "x", meta: { type: "CÔNG VĂN", issuer: "Sở Công thương tỉnh Lào Cai" } });
  const quotes = (lines: readonly string[]) => extractTasks(letter(lines)).map((task) => task.quote);

  it.each<[string, string[], string[]]>([
    [
      "the addressees of a letter",
      ["Kính gửi:", "- Các Sở: Tư pháp, Nội vụ, Tài chính, Xây dựng;", "- UBND các xã: Trấn Yên, Hưng Khánh, Yên Bình", "Đề nghị các Sở có ý kiến bằng văn bản."],
      ["Đề nghị các Sở có ý kiến bằng văn bản."],
    ],
    [
      "the occasion of a letter",
      ["Thực hiện Kế hoạch số 3898/KH-SCT ngày 30/6/2026 của Sở Công Thương Lào Cai về việc huấn luyện, kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn.", "Thực hiện Phiếu chuyển số 650/PC-VPUBND ngày 10/6/2026 của Văn phòng Ủy ban nhân dân tỉnh về việc giao cho Sở Công Thương giải quyết đề nghị của Công ty."],
      [],
    ],
    [
      "the occasion of a letter that goes on to request",
      ["Thực hiện Văn bản số 206/UBND-KT ngày 12/7/2025 của UBND tỉnh, đề nghị các đơn vị rà soát hồ sơ pháp lý."],
      ["Thực hiện Văn bản số 206/UBND-KT ngày 12/7/2025 của UBND tỉnh, đề nghị các đơn vị rà soát hồ sơ pháp lý."],
    ],
    ["\"bờ phải\" is the right bank", ["Cửa xả cát đặt trong thân đập dâng bờ phải, kết cấu bê tông trọng lực."], []],
    [
      "a requirement on a thing, and a passive one",
      ["Kế hoạch phải xác định rõ mục tiêu, nội dung, đối tượng, lộ trình và hình thức thực hiện.", "Trong toàn bộ quá trình trên phải được tiến hành cẩn thận, tránh sự va đập mạnh."],
      [],
    ],
    [
      "a modal after a frame or a person instructs",
      ["Quá trình thực hiện cần tăng cường công tác thông tin, tuyên truyền, đối thoại trực tiếp với Nhân dân.", "Từng đồng chí lãnh đạo Sở chịu trách nhiệm chỉ đạo về tiến độ, chất lượng công việc theo Kế hoạch."],
      ["Quá trình thực hiện cần tăng cường công tác thông tin, tuyên truyền, đối thoại trực tiếp với Nhân dân.", "Từng đồng chí lãnh đạo Sở chịu trách nhiệm chỉ đạo về tiến độ, chất lượng công việc theo Kế hoạch."],
    ],
    [
      "a reminder of the law, not an instruction that ends by citing it",
      ["Công ty Cổ phần xây dựng giao thông Yên Bái phải thực hiện đúng các quy định tại Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 29/6/2024.", "Tăng cường công tác quản lý các dự án do Sở làm chủ đầu tư, bảo đảm thực hiện đúng quy định của pháp luật về đầu tư công, xây dựng."],
      ["Tăng cường công tác quản lý các dự án do Sở làm chủ đầu tư, bảo đảm thực hiện đúng quy định của pháp luật về đầu tư công, xây dựng."],
    ],
    [
      "what the issuer declines",
      ["Sở Công Thương không chịu trách nhiệm về tính chính xác, đầy đủ của các thông số kỹ thuật, số liệu khảo sát.", "Sở Công Thương chỉ chịu trách nhiệm về nội dung giải quyết các thủ tục hành chính thuộc thẩm quyền."],
      [],
    ],
    ["a document in a list", ["- Báo cáo thẩm định (lần 1) số 169/BC-STP ngày 24/4/2026 của Sở Tư pháp;", "- Báo cáo kết quả thẩm tra thiết kế xây dựng số 20.03.2026/BCTT-TS ngày 20/03/2026 của Công ty;"], []],
    ["a bare heading", ["Tổ chức thực hiện", "Cung cấp nước"], []],
    ["the execution clause of a decision", ["Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."], []],
    ["the fields of an invitation", ["- Chủ trì tại điểm cầu: Đồng chí Chủ tịch Ủy ban nhân dân các xã, phường.", "(Gửi kèm theo Phương án nổ mìn và hồ sơ đảm bảo an toàn giao thông trên Quốc lộ 279)."], []],
    [
      "a request after a clause that gives none",
      ["Theo điểm a khoản 1 Điều 39 Luật số 42/2024/QH15, văn bản đề nghị phải ghi rõ số lượng, chủng loại VLNCN; đề nghị Công ty tách số lượng theo từng chủng loại."],
      ["đề nghị Công ty tách số lượng theo từng chủng loại."],
    ],
    [
      "a report's recommendations",
      ["I. KẾT QUẢ THỰC HIỆN", "Năm 2025, Sở đã cấp 12 giấy phép.", "II. ĐỀ XUẤT, KIẾN NGHỊ", "1. Sớm đưa cơ sở dữ liệu về VLNCN, TCTN vào hoạt động.", "III. TỔ CHỨC THỰC HIỆN", "1. Rà soát, báo cáo kết quả trước ngày 30/6/2026."],
      ["Rà soát, báo cáo kết quả trước ngày 30/6/2026."],
    ],
    [
      "a duty only if something happens",
      ["Trong quá trình thực hiện, trường hợp có nội dung phát sinh thuộc thẩm quyền của cơ quan chuyên ngành khác, đề nghị Công ty liên hệ cơ quan đó để được hướng dẫn.", "Đề nghị Công ty rà soát, sửa lỗi số liệu trong Phương án nổ mìn."],
      ["Đề nghị Công ty rà soát, sửa lỗi số liệu trong Phương án nổ mìn."],
    ],
    [
      "accountability for what is done",
      ["Công ty Cổ phần Năng lượng Yên Hà, các nhà thầu tư vấn khảo sát, thiết kế, thẩm tra chịu trách nhiệm hoàn toàn về chất lượng khảo sát, thiết kế."],
      [],
    ],
    [
      "the occasion: an instruction carried out, the sender's own function",
      ["Thực hiện ý kiến chỉ đạo của Ủy ban nhân dân tỉnh tại Phiếu chuyển số 610/PC-VPUBND ngày 04/6/2026 về việc giao Sở Công Thương xem xét, giải quyết hồ sơ.", "Thực hiện chức năng tham mưu giúp UBND tỉnh thực hiện công tác quản lý nhà nước về vật liệu nổ công nghiệp (VLNCN) trên địa bàn tỉnh."],
      [],
    ],
    [
      "the legal basis and the assignment it cites; what the document is for",
      ["Căn cứ Quyết định số 482/QĐ-UBND ngày 13 tháng 02 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh, trong đó giao Sở Công Thương chủ trì soạn thảo Quyết định của Ủy ban nhân dân tỉnh.", "Quy định này nhằm thực hiện nội dung được giao tại khoản 7 Điều 1 Luật số 118/2025/QH15, trong đó giao Ủy ban nhân dân cấp tỉnh quy định cơ quan tiếp nhận hồ sơ."],
      [],
    ],
    [
      "a field naming a unit",
      ["Tổ chức thực hiện kiểm định: Trung tâm Tư vấn giám sát và Quản lý dự án xây dựng tỉnh Lào Cai (đơn vị trực thuộc Sở Xây dựng tỉnh Lào Cai)", "Đề nghị Công ty rà soát, sửa lỗi số liệu trong Phương án nổ mìn."],
      ["Đề nghị Công ty rà soát, sửa lỗi số liệu trong Phương án nổ mìn."],
    ],
    [
      "fields naming people and parties",
      ["Chủ trì thiết kế phần cơ - điện: Ông Nguyễn Trường Giang, Kỹ sư điện; Chứng chỉ hành nghề hoạt động xây dựng số BXD-00089755.", "Chủ đầu tư: Công ty TNHH Anh Nhẫn Lào Cai."],
      [],
    ],
  ])("%s", (_name, lines, expected) => {
    expect(quotes(lines)).toEqual(expected);
  });

  it("a report's intentions with nobody named are not assignments; its named requests are judged as usual", () => {
    const report = { ...letter([]), meta: { type: "BÁO CÁO", issuer: "UBND tỉnh Lào Cai" } };
    report.text = [
      "BÁO CÁO",
      "Công tác quản lý nhà nước về địa chất, khoáng sản năm 2025",
      "7.4.3. Giải pháp thực hiện",
      "- Tiếp tục thực hiện rà soát, đôn đốc, hướng dẫn các cơ sở hoạt động khai thác khoáng sản thực hiện đầy đủ các hồ sơ thủ tục về môi trường.",
      "- Giao Sở Nông nghiệp và Môi trường rà soát, báo cáo kết quả trước ngày 30/6/2026.",
      "Nơi nhận:",
    ].join("\n");
    expect(extractTasks(report).map((task) => task.lead)).toEqual(["Sở Nông nghiệp và Môi trường"]);
  });

  it("the duties of a unit's head are the unit's", () => {
    const decision = { ...letter([]), meta: { type: "QUYẾT ĐỊNH", issuer: "UBND tỉnh Lào Cai" } };
    decision.text = [
      "QUYẾT ĐỊNH",
      "Về việc ủy quyền cho Giám đốc Sở Công Thương thực hiện một số nhiệm vụ",
      "Điều 3. Tổ chức thực hiện",
      "2. Giám đốc Sở Công Thương:",
      "c) Chuẩn bị, bố trí đầy đủ các nguồn lực để đảm bảo thực hiện nhiệm vụ được ủy quyền.",
      "Nơi nhận:",
    ].join("\n");
    expect(extractTasks(decision).map((task) => task.lead)).toEqual(["Sở Công Thương"]);
  });

  it("a permission to a company is not work given to it", () => {
    const decision = { ...letter([]), meta: { type: "QUYẾT ĐỊNH", issuer: "UBND tỉnh Lào Cai" } };
    decision.text = ["QUYẾT ĐỊNH", "Điều 1. Đồng ý chủ trương cho Công ty TNHH Thương mại và Xây dựng hạ tầng Bắc Hà được sử dụng VLNCN để thi công công trình.", "Nơi nhận:"].join("\n");
    expect(extractTasks(decision)).toEqual([]);
  });
});

// Real sentences of corpus-dev letters: the lead of a request is who is asked to act, not the sender.
describe("extractTasks: who is asked in an official letter", () => {
  const letterTo = (addressee: string[], lines: readonly string[], issuer = "Sở Công thương tỉnh Lào Cai") =>
    ({
      ...seedDocument("000", { text: ["CÔNG VĂN", "V/v hoàn thiện hồ sơ", "Kính gửi:" + (addressee.length === 1 ? ` ${addressee[0]}` : ""), ...(addressee.length > 1 ? addressee.map((name) => `- ${name};`) : []), ...lines, "Nơi nhận:", "- Như trên;"].join("\n") }),
      id: "x",
      meta: { type: "CÔNG VĂN", issuer },
    });
  const leads = (document: ReturnType<typeof letterTo>) => extractTasks(document).map((task) => [task.lead, task.partners]);

  it("a request that names nobody is to the letter's one addressee", () => {
    const document = letterTo(["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"], [
      "Ngày 14/7/2026, Sở Công Thương Lào Cai nhận được Giấy đề nghị số 24/CV-TH ngày 09/7/2026 của Doanh nghiệp tư nhân (DNTN) Thành Hương Nghĩa Lộ.",
      "1. Rà soát, tính toán lại khoảng cách an toàn theo đúng Phụ lục 7 QCVN 01:2019/BCT.",
      "2. Trong thời gian tới, sau khi Công ty đã hoàn thành việc rà soát và hoàn thiện các hồ sơ, đề nghị Công ty lập văn bản đề nghị gửi Sở Công Thương.",
    ]);
    expect(leads(document)).toEqual([
      ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ", []],
      ["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ", []],
    ]);
  });

  it("'Công ty' is the company the letter defines or addresses", () => {
    const document = letterTo(["Công ty cổ phần Mông Sơn"], [
      "Sở Công Thương nhận được hồ sơ của Công ty cổ phần Mông Sơn (sau đây gọi tắt là Công ty) nộp ngày 16/7/2026.",
      "Đề nghị Công ty hiệu chỉnh thống nhất các thông số nêu trên theo đúng thiết kế được duyệt.",
    ]);
    expect(leads(document)).toEqual([["Công ty cổ phần Mông Sơn", []]]);
  });

  it("'Sở X đề nghị Y …' leads to Y, a provincial body even when its name starts with 'Bộ'", () => {
    const document = letterTo(["Bộ chỉ huy quân sự tỉnh Lào Cai"], ["Sở Công Thương đề nghị Bộ chỉ huy quân sự tỉnh Lào Cai nghiên cứu, tổng hợp./."]);
    expect(leads(document)).toEqual([["Bộ Chỉ huy Quân sự tỉnh", []]]);
  });

  it("a letter to several addressees: the request names its lead and keeps its partners", () => {
    const document = letterTo(["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân xã Quy Mông", "Công ty cổ phần Luyện kim hoá chất Tây Bắc"], [
      "Đề nghị UBND xã Quy Mông, Công ty cổ phần Luyện kim hoá chất Tây Bắc chuẩn bị báo cáo chi tiết về tình hình triển khai đầu tư hạ tầng, giải phóng mặt bằng.",
    ]);
    expect(leads(document)).toEqual([["UBND xã Quy Mông", ["Công ty cổ phần Luyện kim hoá chất Tây Bắc"]]]);
  });

  it("what a letter quotes of a law is not its request", () => {
    const document = letterTo(["Sở Công Thương tỉnh Quảng Ngãi"], [
      "Khoản 1, khoản 3 Điều 4 Luật Quản lý ngoại thương năm 2017 quy định:",
      '"1. Nhà nước quản lý ngoại thương theo quy định của pháp luật Việt Nam.',
      "3. Bảo đảm thực hiện đầy đủ các nguyên tắc đối xử tối huệ quốc, đối xử quốc gia trong hoạt động ngoại thương.”",
      "Đề nghị Sở Công Thương tỉnh Quảng Ngãi nghiên cứu, hướng dẫn doanh nghiệp thực hiện.",
    ], "Cục Hóa chất");
    expect(extractTasks(document).map((task) => task.quote)).toEqual(["Đề nghị Sở Công Thương tỉnh Quảng Ngãi nghiên cứu, hướng dẫn doanh nghiệp thực hiện."]);
  });

  it("a date the sentence mentions before the letter's own is no time limit", () => {
    const document = { ...letterTo(["Doanh nghiệp tư nhân Thành Hương Nghĩa Lộ"], [
      "Bổ sung Quyết định phê duyệt Báo cáo kinh tế - kỹ thuật của chủ đầu tư (bộ hồ sơ thiết kế lập tháng 3/2024 kèm theo hồ sơ mới chỉ có dấu thẩm tra).",
      "Báo cáo kết quả về Sở Công Thương trước ngày 30/8/2026.",
    ]), meta: { type: "CÔNG VĂN", issuer: "Sở Công thương tỉnh Lào Cai", date: "2026-07-20" } };
    expect(extractTasks(document).map((task) => task.deadline?.end ?? null)).toEqual([null, "2026-08-30"]);
  });

  it("a department as the one addressee is named as everywhere else", () => {
    const document = letterTo(["Sở Xây dựng tỉnh Lào Cai"], ["Đề nghị xem xét, có ý kiến tham gia vào Phương án nổ mìn và hồ sơ đảm bảo an toàn giao thông trên Quốc lộ 279."]);
    expect(leads(document)).toEqual([["Sở Xây dựng", []]]);
  });

  it("the requests of a letter to several addressees go to those its introduction names, after a list whose last item ends in a full stop", () => {
    const text = [
      "CÔNG VĂN",
      "V/v tham gia ý kiến",
      "Kính gửi:",
      "- Các Sở: Tư pháp, Nội vụ, Tài chính;",
      "- UBND các phường: Âu Lâu, Yên Bái, Văn Phú.",
      "Để có cơ sở tổng hợp, Sở Công Thương đề nghị các cơ quan, đơn vị nghiên cứu hồ sơ và tham gia ý kiến bằng văn bản, cụ thể như sau:",
      "- Tham gia ý kiến đối với toàn bộ nội dung đề xuất tại Báo cáo số 4243/BC-SCT ngày 15/7/2026 của Sở Công Thương.",
      "Nơi nhận:",
    ].join("\n");
    const document = { ...seedDocument("000", { text }), id: "x", meta: { type: "CÔNG VĂN", issuer: "Sở Công thương tỉnh Lào Cai" } };
    expect(leads(document)).toEqual([["Các cơ quan, đơn vị", []]]);
  });

  it("a plan's unnamed tasks stay with the unit that wrote it", () => {
    const plan = { ...letterTo(["Các đơn vị"], ["1. Rà soát, báo cáo kết quả trước ngày 30/6/2026."]), meta: { type: "KẾ HOẠCH", issuer: "Sở Công thương tỉnh Lào Cai" } };
    expect(leads(plan)).toEqual([["Sở Công Thương", []]]);
  });
});

// Shapes of real letters and conclusions (corpus-dev, Lào Cai; session 12d), each read by a general convention.
describe("extractTasks: labelled items, requests after a basis, requests in table cells", () => {
  const documentOf = (lines: readonly string[], meta: Record<string, unknown>) => ({ ...seedDocument("000", { text: lines.join("\n") }), id: "x", meta });
  const summary = (lines: readonly string[], meta: Record<string, unknown>) =>
    extractTasks(documentOf(lines, meta)).map((task) => [task.lead, task.deadline?.end ?? null, task.quote]);
  const notice = { type: "THÔNG BÁO", issuer: "UBND tỉnh Lào Cai", date: "2025-03-05" };

  it("an instruction after a field label ('Nhiệm vụ:', 'Ý kiến chỉ đạo:', 'Nội dung:') is the item's task", () => {
    const lines = [
      "THÔNG BÁO",
      "Kết luận của Chủ tịch UBND tỉnh",
      "Ngày 03/3/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp. Chủ tịch UBND tỉnh kết luận như sau:",
      "1. Về tiến độ dự án",
      "Nhiệm vụ: Sở Xây dựng hoàn thành thẩm định hồ sơ trước ngày 30/4/2025.",
      "Ý kiến chỉ đạo: Giao Sở Tài chính bố trí kinh phí trong quý II/2025.",
      "Nội dung: Đề nghị UBND huyện Bảo Thắng bàn giao mặt bằng.",
      "Nơi nhận:",
      "- Như trên;",
    ];
    expect(summary(lines, notice)).toEqual([
      ["Sở Xây dựng", "2025-04-30", "Nhiệm vụ: Sở Xây dựng hoàn thành thẩm định hồ sơ trước ngày 30/4/2025."],
      ["Sở Tài chính", "2025-06-30", "Ý kiến chỉ đạo: Giao Sở Tài chính bố trí kinh phí trong quý II/2025."],
      ["UBND huyện Bảo Thắng", null, "Nội dung: Đề nghị UBND huyện Bảo Thắng bàn giao mặt bằng."],
    ]);
  });

  it("a topic or a submission before a colon is no field of an instruction", () => {
    const report = ["BÁO CÁO", "Kết quả thực hiện Chỉ thị số 38", "Công tác xử lý sau thanh tra: Thanh tra tỉnh thực hiện xử lý sau thanh tra đối với 04/04 Đoàn thanh tra."];
    expect(summary(report, { type: "BÁO CÁO", issuer: "UBND tỉnh Lào Cai" })).toEqual([]);
    const submission = ["PHIẾU TRÌNH", "Về việc ban hành Quy định", "Nội dung trình: Sở Nông nghiệp và Môi trường trình Ủy ban nhân dân tỉnh xem xét, ban hành Quyết định."];
    expect(summary(submission, { type: "PHIẾU TRÌNH", issuer: "Văn phòng UBND tỉnh Lào Cai" })).toEqual([]);
  });

  const letterTo = (addressee: string, body: readonly string[], appendix: readonly string[] = []) =>
    documentOf(["CÔNG VĂN", "V/v bổ sung hồ sơ", `Kính gửi: ${addressee}`, ...body, "Nơi nhận:", "- Như trên;", ...appendix], { type: "CÔNG VĂN", issuer: "Cục Hóa chất", date: "2025-10-20" });

  it("'Căn cứ …, Cục Hóa chất đề nghị Công ty …' and 'Để …, Sở X đề nghị Công ty …': the request after the basis or purpose", () => {
    const document = letterTo("Công ty Cổ phần Logistic Việt Trung", [
      "Ngày 14/10/2025, Cục nhận được hồ sơ của Công ty Cổ phần Logistic Việt Trung (sau đây gọi là Công ty). Căn cứ chức năng và nhiệm vụ được giao, sau khi xem xét hồ sơ, Cục Hóa chất đề nghị Công ty bổ sung các thành phần hồ sơ như phụ lục kèm theo.",
      "Để có cơ sở xem xét, thẩm định, Cục Hóa chất đề nghị Công ty rà soát, giải trình các nội dung còn thiếu nêu trên.",
      "Căn cứ Nghị định số 161/2024/NĐ-CP, Phòng Quản lý Hóa chất dự thảo Công văn gửi Công ty đề nghị bổ sung hồ sơ.",
    ]);
    expect(extractTasks(document).map((task) => [task.lead, task.quote.slice(0, 40)])).toEqual([
      ["Công ty Cổ phần Logistic Việt Trung", "Căn cứ chức năng và nhiệm vụ được giao, "],
      ["Công ty Cổ phần Logistic Việt Trung", "Để có cơ sở xem xét, thẩm định, Cục Hóa "],
    ]);
  });

  it("a cell of a table with no lead column is a task when it names who acts; a finding or a reminder of the law is not", () => {
    const document = letterTo(
      "Công ty Cổ phần Logistic Việt Trung",
      ["Ngày 14/10/2025, Cục nhận được hồ sơ của Công ty Cổ phần Logistic Việt Trung (sau đây gọi là Công ty)."],
      [
        "PHỤ LỤC",
        "STT | Tài liệu | Nội dung cần rà soát, chỉnh sửa",
        "STT: 2; Tài liệu: Bao bì; Nội dung cần rà soát, chỉnh sửa: Công ty đề nghị cấp Giấy phép vận chuyển axit nitric tuy nhiên Công ty chưa làm rõ hình thức bao gói.",
        "STT: 4; Tài liệu: Người điều khiển; Nội dung cần rà soát, chỉnh sửa: Công ty bổ sung bảng kê danh sách người điều khiển. Đề nghị Công ty bổ sung Giấy chứng nhận tập huấn. Thực hiện theo quy định tại Điều 8 Nghị định số 161/2024/NĐ-CP",
        "STT: 5; Tài liệu: Phương án; Nội dung cần rà soát, chỉnh sửa: Đề nghị Công ty bổ sung theo mẫu quy định tại Phụ lục V",
        "STT: 6; Tài liệu: Hợp đồng; Nội dung cần rà soát, chỉnh sửa: Hồ sơ chưa có hợp đồng vận chuyển",
      ],
    );
    const tasks = extractTasks(document);
    expect(tasks.map((task) => task.quote)).toEqual([
      "Công ty bổ sung bảng kê danh sách người điều khiển.",
      "Đề nghị Công ty bổ sung Giấy chứng nhận tập huấn.",
      "Đề nghị Công ty bổ sung theo mẫu quy định tại Phụ lục V",
    ]);
    expect(new Set(tasks.map((task) => task.lead))).toEqual(new Set(["Công ty Cổ phần Logistic Việt Trung"]));
    for (const task of tasks) expect(document.text.slice(task.start, task.end)).toBe(task.quote);
  });

  it("a cell's own deadline column dates the request the cell makes", () => {
    const document = documentOf(
      ["KẾ HOẠCH", "Triển khai năm 2025", "Căn cứ Quyết định số 12/2024/QĐ-UBND ngày 10/01/2024 của UBND tỉnh;", "STT | Nhiệm vụ | Thời hạn", "STT: 1; Nhiệm vụ: Giao Sở Nội vụ rà soát biên chế; Thời hạn: 30/6/2025", "STT: 2; Nhiệm vụ: Báo cáo quý I; Thời hạn: 31/3/2025"],
      { type: "KẾ HOẠCH", issuer: "UBND tỉnh Lào Cai", date: "2025-01-10" },
    );
    expect(extractTasks(document).map((task) => [task.lead, task.deadline?.end ?? null, task.quote])).toEqual([["Sở Nội vụ", "2025-06-30", "Giao Sở Nội vụ rà soát biên chế"]]);
  });
});
