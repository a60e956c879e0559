import type { Request } from "express";
import type { Role } from "../store/accounts.js";

/**
 * Who a request comes from. In open mode (AUTH=off) every request is the
 * open principal, who reads everything as before. Otherwise it is a signed-in
 * user (by session cookie or API token) or anonymous.
 */
export type Principal =
  | { kind: "open" }
  | { kind: "anonymous" }
  | { kind: "user"; userId: number; name: string; displayName: string; role: Role; groups: string[]; via: "session" | "token"; csrfToken?: string; tokenId?: string };

const RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };

/** Whether a role includes another (admin ⊃ editor ⊃ reader). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The principal the authentication middleware attached; anonymous when none did (fail closed). */
export function principalOf(request: Request): Principal {
  return (request.res?.locals.principal as Principal | undefined) ?? { kind: "anonymous" };
}

/** A name for the audit log. */
export function actorName(principal: Principal): string {
  return principal.kind === "user" ? principal.name : principal.kind === "open" ? "open-mode" : "anonymous";
}

const GROUP_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,63}$/u;

/** A group's canonical name (NFC, lower case), or undefined when it is not a valid name. */
export function normalizeGroupName(name: string): string | undefined {
  const normalized = name.normalize("NFC").trim().toLocaleLowerCase("vi");
  return GROUP_NAME.test(normalized) ? normalized : undefined;
}

/** Parses "a,b, c" into canonical group names; throws on an invalid one. */
export function parseGroupList(list: string | readonly string[]): string[] {
  const names = (typeof list === "string" ? list.split(",") : [...list]).map((name) => name.trim()).filter(Boolean);
  const groups = names.map((name) => {
    const normalized = normalizeGroupName(name);
    if (!normalized) throw new Error(`"${name}" is not a valid group name (letters, digits, _ . -, at most 64).`);
    return normalized;
  });
  return [...new Set(groups)].sort();
}
