import type { DocumentMeta } from "../../core/types.js";

/**
 * How a document is named to people: type, number, title, issuer
 * ("Thông báo số 45/TB-UBND: Kết luận … · UBND tỉnh Bắc Giang"), never a file
 * name made of a hash. A document without any of them is named by its file
 * name without the folder, the extension and a trailing hash.
 */
export function documentDisplayName(meta: Pick<DocumentMeta, "type" | "number" | "title" | "issuer">, source: string): string {
  const type = meta.type ? sentenceCase(meta.type.trim()) : "";
  const number = meta.number?.trim() ? `số ${meta.number.trim()}` : "";
  const head = [type, number].filter(Boolean).join(" ");
  const title = meta.title?.trim() ?? "";
  const named = head && title ? `${head}: ${title}` : head || title;
  if (named) return meta.issuer?.trim() ? `${named} · ${meta.issuer.trim()}` : named;
  return fileLabel(source);
}

/** "THÔNG BÁO" -> "Thông báo", "KẾ HOẠCH" -> "Kế hoạch"; a type already in mixed case is kept. */
function sentenceCase(type: string): string {
  if (type !== type.toUpperCase()) return type;
  const lower = type.toLocaleLowerCase("vi");
  return lower.charAt(0).toLocaleUpperCase("vi") + lower.slice(1);
}

/** "uploads/ke-hoach_492514bbfbcde4f8.pdf" -> "ke-hoach"; "000_492514bbfbcde4f8.pdf" -> "000". */
function fileLabel(source: string): string {
  const base = source.split("/").pop() ?? source;
  const stem = base.replace(/\.[^.]+$/u, "");
  return stem.replace(/[_-]?[0-9a-f]{12,}$/iu, "") || stem;
}
