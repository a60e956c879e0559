import type { Accounts, Role, User } from "../store/accounts.js";
import type { OidcIdentity } from "./oidc-sign-in.js";
import { normalizeGroupName } from "./principal.js";

/**
 * The local account of a person the identity provider vouched for, made on
 * their first sign-in. The provider's subject (issuer + sub) identifies them,
 * never the user name: a provider account named like a local administrator
 * gets a name of its own ("name@sso"), not that administrator's rights.
 * When the provider sends a groups claim it is the truth for access groups;
 * its groups listed in OIDC_EDITOR_GROUPS / OIDC_ADMIN_GROUPS give the role.
 * Without those settings the role stays what an administrator gave (reader at first).
 */
export type OidcRoleMapping = { editorGroups: readonly string[]; adminGroups: readonly string[] };

export function provisionOidcUser(options: { accounts: Accounts; identity: OidcIdentity; roles?: OidcRoleMapping; now: Date }): User {
  const { accounts, identity, now } = options;
  const groups = identity.groups?.map((group) => normalizeGroupName(group)).filter((group): group is string => Boolean(group));
  const mappedRole = roleFromGroups(groups, options.roles);
  const existing = accounts.findUserBySubject(identity.subject);
  if (existing) {
    return accounts.updateUser(existing.id, {
      displayName: identity.displayName,
      ...(groups ? { groups } : {}),
      ...(mappedRole && mappedRole !== existing.role ? { role: mappedRole } : {}),
      now,
    });
  }
  let name = identity.name.normalize("NFC").trim().slice(0, 100) || "user";
  if (accounts.findUser(name)) {
    name = `${name}@sso`;
    for (let n = 2; accounts.findUser(name); n++) name = `${identity.name}@sso${n}`;
  }
  return accounts.createUser({ name, displayName: identity.displayName, role: mappedRole ?? "reader", groups: groups ?? [], oidcSubject: identity.subject, now });
}

function roleFromGroups(groups: readonly string[] | undefined, roles: OidcRoleMapping | undefined): Role | undefined {
  if (!roles || (!roles.adminGroups.length && !roles.editorGroups.length)) return undefined;
  const held = new Set(groups ?? []);
  if (roles.adminGroups.some((group) => held.has(group))) return "admin";
  if (roles.editorGroups.some((group) => held.has(group))) return "editor";
  return "reader";
}
