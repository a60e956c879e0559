import { describe, expect, it } from "vitest";
import type { Task } from "../../../core/types.js";
import { isNormative, selectAssignments } from "../../../ingest/parse/select-assignments.js";

const task = (lead: string, deadline: Task["deadline"] = null): Task => ({
  id: `d:${lead}`, task: "Rà soát hồ sơ", lead, partners: [], deadline, docId: "d", source: "d.docx", quote: "Rà soát hồ sơ.", start: 0, end: 14,
});

describe("selectAssignments", () => {
  it("drops a task nobody is named for (a company's method statement, a standard's clause)", () => {
    expect(selectAssignments({ meta: { type: "PHƯƠNG ÁN" }, text: "" }, [task(""), task("Sở Công Thương")]).map((kept) => kept.lead)).toEqual(["Sở Công Thương"]);
  });

  it("keeps only the dated duties of a normative text", () => {
    const dated = task("Bộ Công Thương", { text: "trước ngày 31/12/2025", end: "2025-12-31" });
    const standing = task("Bộ Công Thương", { text: "thường xuyên", ongoing: true });
    expect(selectAssignments({ meta: { type: "THÔNG TƯ", issuer: "Bộ Công Thương" }, text: "" }, [dated, standing, task("Bộ Công an")])).toEqual([dated]);
  });

  it.each<[string, string, boolean]>([
    ["Sở Công thương tỉnh Lào Cai", "Bộ Công Thương", false],
    ["UBND tỉnh Lào Cai", "Chính phủ", false],
    ["UBND tỉnh Lào Cai", "Sở Công Thương", true],
    ["Bộ Công Thương", "Bộ Công an", true],
    ["Cục Hóa chất", "Bộ Công Thương", true],
  ])("issued by %s, a task led by %s is kept: %s", (issuer, lead, kept) => {
    expect(selectAssignments({ meta: { type: "CÔNG VĂN", issuer }, text: "" }, [task(lead)])).toHaveLength(kept ? 1 : 0);
  });
});

describe("isNormative", () => {
  it.each<[string | undefined, string, boolean]>([
    ["NGHỊ ĐỊNH", "CHÍNH PHỦ", true],
    ["THÔNG TƯ", "BỘ CÔNG THƯƠNG", true],
    ["Luật", "", true],
    ["QUY TRÌNH", "QUY TRÌNH NỘI BỘ, LIÊN THÔNG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", true],
    [undefined, "TIÊU CHUẨN VIỆT NAM TCVN 5507: 2002 SOÁT XÉT LẦN 2 HOÁ CHẤT NGUY HIỂM", true],
    [undefined, "VĂN BẢN QUY PHẠM PHÁP LUẬT\nBỘ CÔNG AN", true],
    ["QUYẾT ĐỊNH", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", false],
    ["KẾ HOẠCH", "UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG", false],
    ["THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh", false],
  ])("type %s, opening %j: %s", (type, text, normative) => {
    expect(isNormative({ meta: type ? { type } : {}, text })).toBe(normative);
  });
});
