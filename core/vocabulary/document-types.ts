/**
 * Vietnamese document types, defined once: the header parser reads the type
 * line and the type code of a number ("12/KH-UBND") with it, and query
 * analysis recognizes a type named in a question ("kế hoạch số 12",
 * "plan No. 12") with it.
 */
export type DocumentTypeEntry = {
  /** As printed on the type line, upper case ("KẾ HOẠCH"). */
  name: string;
  /** Code used in document numbers ("KH"), when there is one. */
  code?: string;
  /** Words a question may name it by: Vietnamese, abbreviations, English. */
  words: readonly string[];
  /** Only central bodies issue it (laws, decrees, circulars). */
  central?: boolean;
  /** Its title is the act's own name ("LUẬT CƯ TRÚ" -> "Luật Cư trú"). */
  namedAct?: boolean;
  /** The body that issues every document of the type (Law on Promulgation of Legal Documents). */
  issuer?: string;
  /** It states standing rules and duties (laws, decrees, circulars, regulations, procedures), not assignments with an end. */
  normative?: boolean;
};

export const DOCUMENT_TYPES: readonly DocumentTypeEntry[] = [
  { name: "THÔNG TƯ LIÊN TỊCH", code: "TTLT", words: ["thông tư liên tịch", "TTLT", "joint circular"], central: true, normative: true },
  { name: "CHƯƠNG TRÌNH HÀNH ĐỘNG", words: ["chương trình hành động", "action programme", "action program"] },
  { name: "THÔNG BÁO", code: "TB", words: ["thông báo", "thông báo kết luận", "TB", "notice", "announcement"] },
  { name: "KẾ HOẠCH", code: "KH", words: ["kế hoạch", "KH", "plan"] },
  { name: "QUYẾT ĐỊNH", code: "QĐ", words: ["quyết định", "QĐ", "decision"] },
  { name: "CÔNG VĂN", code: "CV", words: ["công văn", "CV", "official letter", "dispatch", "official dispatch"] },
  { name: "CÔNG ĐIỆN", code: "CĐ", words: ["công điện", "CĐ", "official telegram"] },
  { name: "CHỈ THỊ", code: "CT", words: ["chỉ thị", "CT", "directive"] },
  { name: "NGHỊ QUYẾT", code: "NQ", words: ["nghị quyết", "NQ", "resolution"] },
  { name: "NGHỊ ĐỊNH", code: "NĐ", words: ["nghị định", "NĐ", "decree"], central: true, issuer: "Chính phủ", normative: true },
  { name: "BÁO CÁO", code: "BC", words: ["báo cáo", "BC", "report"] },
  { name: "TỜ TRÌNH", code: "TTr", words: ["tờ trình", "TTr", "submission"] },
  { name: "BỘ LUẬT", words: ["bộ luật", "code of law"], central: true, namedAct: true, issuer: "Quốc hội", normative: true },
  { name: "LUẬT", words: ["luật", "law"], central: true, namedAct: true, issuer: "Quốc hội", normative: true },
  { name: "HIẾN PHÁP", words: ["hiến pháp", "constitution"], central: true, namedAct: true, issuer: "Quốc hội" },
  { name: "PHÁP LỆNH", code: "PL", words: ["pháp lệnh", "ordinance"], central: true, namedAct: true, issuer: "Ủy ban Thường vụ Quốc hội", normative: true },
  { name: "THÔNG TƯ", code: "TT", words: ["thông tư", "TT", "circular"], central: true, normative: true },
  { name: "CHƯƠNG TRÌNH", code: "CTr", words: ["chương trình", "CTr", "programme", "program"] },
  { name: "ĐỀ ÁN", code: "ĐA", words: ["đề án", "ĐA", "scheme"] },
  { name: "HƯỚNG DẪN", code: "HD", words: ["hướng dẫn", "HD", "guidance", "guideline"] },
  { name: "QUY CHẾ", code: "QC", words: ["quy chế", "QC", "regulation"], normative: true },
  { name: "QUY ĐỊNH", code: "QyĐ", words: ["quy định", "rules"] },
  { name: "QUY TRÌNH", code: "QT", words: ["quy trình", "procedure", "process"], normative: true },
  { name: "KẾT LUẬN", code: "KL", words: ["kết luận", "KL", "conclusion"] },
  { name: "GIẤY MỜI", code: "GM", words: ["giấy mời", "GM", "invitation"] },
  { name: "GIẤY PHÉP", code: "GP", words: ["giấy phép", "GP", "permit", "licence", "license"] },
  { name: "GIẤY CHỨNG NHẬN", code: "GCN", words: ["giấy chứng nhận", "GCN", "certificate"] },
  { name: "BIÊN BẢN", code: "BB", words: ["biên bản", "BB", "minutes", "record"] },
  { name: "PHƯƠNG ÁN", code: "PA", words: ["phương án", "PA", "plan of action"] },
  { name: "PHIẾU TRÌNH", code: "PTr", words: ["phiếu trình", "internal submission"] },
  { name: "PHIẾU CHUYỂN", code: "PC", words: ["phiếu chuyển", "transfer slip"] },
  { name: "ĐỀ CƯƠNG", words: ["đề cương", "outline"] },
];

/** Type codes of document numbers, upper case ("KH", "TTR", "QYĐ") -> the type line. */
export const DOCUMENT_TYPE_BY_CODE: ReadonlyMap<string, DocumentTypeEntry> = new Map(
  DOCUMENT_TYPES.filter((entry) => entry.code !== undefined).map((entry) => [entry.code!.toUpperCase(), entry]),
);
