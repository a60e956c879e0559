import type { ArchiveDocument, Task } from "../../core/types.js";
import { DOCUMENT_TYPES } from "../../core/vocabulary/document-types.js";
import { foldKeepingOffsets } from "./fold-text.js";

/**
 * Of the instructions `extractTasks` finds, the ones a leader follows up:
 * something a named unit or person is given to do by the issuing body.
 * Measured against hand labels (`data/eval/task-labels.jsonl`), three
 * signals separate most of the rest, each general to a kind of text:
 *
 * 1. Nobody is named. A sentence with no unit anywhere (not in it, not in its
 *    heading or item, not the document's addressee or issuer) cannot be
 *    followed up per unit; in practice it is a technical requirement of a
 *    company's method statement or a clause of a standard ("Cờ báo hiệu …
 *    phải là cờ đỏ").
 * 2. A normative text (law, decree, circular, standard, procedure) states
 *    standing duties and rules ("Bộ Công an tổ chức cấp Giấy phép …"), not
 *    assignments with an end; only a duty there with its own date (a
 *    transitional "trước ngày 31/12/2025") is a task.
 * 3. A provincial body cannot assign a ministry or the Government: a central
 *    body as the lead of a province's document is a recommendation
 *    ("đề nghị Bộ Công Thương ban hành …"), not a task.
 *
 * Runs before deadlines are resolved, so "its own date" is the sentence's.
 */
export function selectAssignments(document: Pick<ArchiveDocument, "meta" | "text">, tasks: readonly Task[]): Task[] {
  const normative = isNormative(document);
  const provincialIssuer = isProvincialIssuer(document.meta.issuer);
  return tasks.filter((task) => {
    if (task.lead.trim() === "") return false;
    if (normative && !task.deadline?.end) return false;
    if (provincialIssuer && CENTRAL_BODY.test(foldKeepingOffsets(task.lead))) return false;
    return true;
  });
}

/** Types of texts that state norms (the shared vocabulary's `normative` types). A decision, plan, notice or letter assigns; a resolution of a council may too. */
const NORMATIVE_TYPES: ReadonlySet<string> = new Set(DOCUMENT_TYPES.filter((entry) => entry.normative).map((entry) => entry.name));
/** Headings a normative text opens with when its type was not recognized. */
const NORMATIVE_OPENING = /(?:^|\n)\s*(?:tieu\s+chuan\s+(?:viet\s+nam|quoc\s+gia)|quy\s+chuan\s+ky\s+thuat\s+quoc\s+gia|van\s+ban\s+quy\s+pham\s+phap\s+luat|tcvn\s+\d|qcvn\s+\d)/u;

export function isNormative(document: Pick<ArchiveDocument, "meta" | "text">): boolean {
  if (document.meta.type && NORMATIVE_TYPES.has(document.meta.type.trim().toUpperCase())) return true;
  return NORMATIVE_OPENING.test(foldKeepingOffsets(document.text.slice(0, 400)));
}

/** Central bodies (folded), as the lead of a task. */
const CENTRAL_BODY = /^(?:bo\s(?!chi\s+huy\s)|chinh\s+phu|thu\s+tuong|quoc\s+hoi|uy\s+ban\s+thuong\s+vu\s+quoc\s+hoi)/u;

/** A province's body: "Sở …", "UBND tỉnh …", "Văn phòng UBND …", or any name with "tỉnh" (folded). */
function isProvincialIssuer(issuer: string | undefined): boolean {
  if (!issuer) return false;
  const folded = foldKeepingOffsets(issuer.trim());
  if (CENTRAL_BODY.test(folded) || /^(?:cuc|tong\s+cuc)\s/u.test(folded)) return false;
  return /^(?:so|ubnd|uy\s+ban\s+nhan\s+dan|van\s+phong|ban\s+quan\s+ly|doan\s+kiem\s+tra|phong)\s/u.test(folded) || /(?:^|\s)tinh(?:\s|$)/u.test(folded);
}
