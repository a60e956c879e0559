import { describe, expect, it } from "vitest";
import { assessTextLayer, measureTextLayer } from "../../../ingest/load/assess-text-layer.js";

// Real snippets of the development corpus: a typed page, a page whose font has no usable Unicode map
// (as poppler and pdf.js both decode it), and a scanner's OCR layer made without Vietnamese.
const TYPED = `Sở Công Thương nhận được hồ sơ của Công ty cổ phần Mông Sơn (sau đây gọi tắt là Công ty) nộp ngày 16/7/2026 đề nghị cấp Giấy phép sử dụng vật liệu nổ công nghiệp (VLNCN) phục vụ khai thác mỏ đá hoa trắng khu vực Mông Sơn tại thôn Làng Mới, xã Bảo Ái, tỉnh Lào Cai theo Giấy phép khai thác khoáng sản số 2010/GP-BTNMT ngày 19/10/2009 của Bộ Tài nguyên và Môi trường.`;
const BROKEN_FONT = `7KӵF KLӋQ 4X\\ӃW ÿӏQK Vӕ 4Ĉ6&7 ngày 06/3/2026 FӫD Giám ÿӕF 6ӣ
Công 7KѭѫQJ (sau ÿk\\ YLӃW WҳW là ĈRjQ NLӇP tra) YӅ YLӋF WLӃQ hành NLӇP tra YLӋF
FKҩS hành quy ÿӏQK pháp OXұW trong Vӱ GөQJ và EҧR TXҧQ YұW OLӋX Qә công QJKLӋS
trên ÿӏD bàn WӍQK Lào Cai và .Ӄ KRҥFK NLӇP tra Vӕ .+Ĉ.7 ngày 10/3/2026`;
const POOR_OCR = `Tr6n co sd <16 nghi cta C6ng ty c6 phAn M6ng Son t4i Vdn s6 tZ ICV-US
 ngiry 2510612026 v6 viQc biio crio ktit quA kh6c phgc c6c tdn tai kho chria VLNCN
tai khu vuc m6 c16 Hoa Tring th6n Ldng M6i, xa 86o Ai, tinh Ldo Cai
       H6m nay, ngiry 291612026, Sd C6ng Thucmg ti6n hanh ki6m tra thlrc t6 kho`;
// An OCR layer that read the letters but dropped every mark: Vietnamese in shape, not in writing.
const NO_MARKS = `Cong hoa xa hoi chu nghia Viet Nam. Doc lap - Tu do - Hanh phuc. So Cong Thuong nhan duoc ho so cua Cong ty co phan Mong Son nop ngay 16/7/2026 de nghi cap Giay phep su dung vat lieu no cong nghiep phuc vu khai thac mo da hoa trang khu vuc Mong Son tai thon Lang Moi, xa Bao Ai, tinh Lao Cai.`;
const ENGLISH = `The Department of Industry and Trade received the dossier of the Mong Son joint stock company requesting a licence to use industrial explosives for quarrying white marble, and returns it because the blasting plan differs from the approved mine design in nine respects.`;

describe("assessTextLayer", () => {
  it.each([
    { name: "a typed Vietnamese page", text: TYPED, verdict: "trusted" },
    { name: "English prose (no diacritics, but not Vietnamese-shaped)", text: ENGLISH, verdict: "trusted" },
    { name: "a font without a usable Unicode map", text: BROKEN_FONT, verdict: "untrusted", problem: "foreign-script" },
    { name: "a scanner's OCR layer", text: POOR_OCR, verdict: "untrusted", problem: "malformed-words" },
    { name: "Vietnamese with every mark dropped", text: NO_MARKS, verdict: "untrusted", problem: "no-diacritics" },
    { name: "a signature stamp only", text: "Ký bởi: Bộ Công Thương", verdict: "empty" },
    { name: "nothing", text: "", verdict: "empty" },
  ])("$name -> $verdict", ({ text, verdict, problem }) => {
    const assessment = assessTextLayer(text);
    expect(assessment.verdict).toBe(verdict);
    if (problem) expect(assessment).toMatchObject({ problem, reason: expect.stringMatching(/\d+%/u) });
  });

  it("keeps units and formulas out of the malformed words", () => {
    expect(measureTextLayer("Khí N2O, diện tích 25 m2, khí CO2 và 3 km2").malformed).toBe(0);
    expect(measureTextLayer("C6ng H4nh DQc").malformed).toBe(1);
  });

  it("judges NFC and NFD text alike", () => {
    expect(measureTextLayer(TYPED.normalize("NFD"))).toEqual(measureTextLayer(TYPED));
  });

  it("lets the caller move the empty threshold", () => {
    expect(assessTextLayer("Số: 4378/SCT-CN", { minLetters: 5 }).verdict).toBe("trusted");
  });
});
