import type { Span } from "../../core/sentences.js";
import { foldDiacritics } from "../../core/vietnamese.js";
import { findUnits } from "../../ingest/parse/find-units.js";

/**
 * What a "who" question asks for, and where a sentence names one: a company
 * ("công ty nào", "which company", "chủ đầu tư"), a person (a role:
 * "giám đốc … là ai", "ai là chỉ huy trưởng", "who signed"), or a body (a
 * department, a committee: the default). General Vietnamese administrative
 * wording, not any one document's.
 */
export type WhoTarget = "company" | "person" | "body";

const COMPANY_QUESTION = /\b(?:cong ty|doanh nghiep|hop tac xa|htx|nha thau|chu dau tu|don vi tu van|lien danh|company|companies|firm|enterprise|contractor|investor|cooperative|consultant)\b/u;
const PERSON_QUESTION =
  /\b(?:ai la|la ai|ong nao|ba nao|nguoi nao|ho ten|giam doc|pho giam doc|chu tich|pho chu tich|truong phong|pho truong phong|chi huy|nguoi dai dien|dai dien|nguoi dung dau|chu co so|can bo|chuyen vien|lanh dao|thanh vien|to truong|truong doan|ky thuat vien|nguoi lap|nguoi ky|director|chairman|chairperson|chair|head|representative|officer|leader|person|people|commander|manager|member|signed)\b/u;

export function whoTargetOf(question: string): WhoTarget {
  const folded = foldDiacritics(question).toLowerCase();
  if (COMPANY_QUESTION.test(folded)) return "company";
  if (PERSON_QUESTION.test(folded)) return "person";
  return "body";
}

/** "Công ty TNHH Sản xuất và Thương mại Chân Thiện Mỹ", "HTX Văn Thịnh": a company's name runs from its legal form over capitalized words. */
const COMPANY_NAME = /(?:Tổng công ty|Công ty|Doanh nghiệp tư nhân|Doanh nghiệp|Hợp tác xã|HTX|Chi nhánh|Liên danh)(?:\s+(?:cổ phần|CP|TNHH|MTV|một thành viên|hai thành viên trở lên|trách nhiệm hữu hạn|[\p{Lu}\d][\p{L}\d&.-]*|và|-))+/gu;
/** "Ông Phan Nguyễn Trọng Huy", "Họ tên: Nguyễn Hồng Vân", "Triệu Vũ - Phó Chủ tịch": two to five capitalized syllables after a person marker, or before a role. */
const PERSON_NAME = /(?:(?:Ông|Bà|Đồng chí|đồng chí|Đ\/c|đ\/c|Họ và tên|Họ tên|Người ký|Chủ cơ sở)\s*:?\s+)(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,4})/gu;
const NAME_BEFORE_ROLE = /(?<![\p{L}])(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,4})\s*[-–,:]\s*(?:Chức vụ|Phó|Chủ tịch|Giám đốc|Trưởng|Chỉ huy|Cán bộ|Chuyên viên|Kỹ sư)/gu;

export type WhoMention = Span & { name: string; target: WhoTarget };

/** The companies, people and bodies a sentence names, in order. */
export function findWhoMentions(text: string): WhoMention[] {
  const mentions: WhoMention[] = [];
  for (const match of text.matchAll(COMPANY_NAME)) {
    const name = match[0].replace(/[\s,.-]+$/u, "");
    if (name.split(/\s+/u).length >= 2) mentions.push({ name, start: match.index, end: match.index + name.length, target: "company" });
  }
  for (const pattern of [PERSON_NAME, NAME_BEFORE_ROLE]) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1]!;
      const start = match.index + match[0].indexOf(name);
      mentions.push({ name, start, end: start + name.length, target: "person" });
    }
  }
  for (const unit of findUnits(text)) {
    if (mentions.some((mention) => mention.start < unit.end && unit.start < mention.end)) continue;
    mentions.push({ name: unit.name, start: unit.start, end: unit.end, target: "body" });
  }
  return mentions.sort((a, b) => a.start - b.start);
}
