import { parseArgs } from "node:util";
import { loadConfig } from "../../core/config.js";
import { describeError, VanbanError } from "../../core/errors.js";
import { openStore } from "../store/open-store.js";
import { ROLES, type Role } from "../store/accounts.js";
import { createSigningKey, signToken } from "./api-tokens.js";
import { createPasswordHasher } from "./password-hash.js";
import { parseGroupList } from "./principal.js";

/**
 * `npm run users -- <command>`: accounts from the command line, in the
 * database of INDEX_DIR (the same one the server uses; it may be running).
 *   add NAME --role reader|editor|admin [--groups a,b] [--display-name "…"]   password from standard input
 *   token NAME [--label TEXT] [--days N]   prints a new API token (once)
 *   list
 *   set NAME [--role R] [--groups a,b] [--display-name "…"]
 *   password NAME                          new password from standard input
 *   disable NAME | enable NAME
 *   revoke TOKEN_ID
 *   unlock NAME                            clears failed sign-ins of the account
 */
const USAGE = `usage: npm run users -- add NAME --role reader|editor|admin [--groups a,b]   (password on standard input)
       npm run users -- token NAME [--label TEXT] [--days N]
       npm run users -- list | set NAME [--role R] [--groups a,b] | password NAME | disable NAME | enable NAME | revoke TOKEN_ID | unlock NAME`;

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, groups: { type: "string" }, "display-name": { type: "string" }, label: { type: "string" }, days: { type: "string" }, help: { type: "boolean" } },
  });
  const [command, name] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig(process.env);
  const store = openStore({ directory: config.INDEX_DIR });
  const now = new Date();
  const role = values.role === undefined ? undefined : parseRole(values.role);
  const groups = values.groups === undefined ? undefined : parseGroups(values.groups);
  const need = (value: string | undefined): string => {
    if (!value) throw new VanbanError("bad_request", `${command} needs a user name.\n${USAGE}`);
    return value;
  };
  const userNamed = (userName: string) => {
    const user = store.accounts.findUser(userName);
    if (!user) throw new VanbanError("not_found", `No user ${userName} (npm run users -- list).`);
    return user;
  };
  try {
    switch (command) {
      case "add": {
        const userName = need(name);
        if (!role) throw new VanbanError("bad_request", `add needs --role ${ROLES.join("|")}.`);
        if (store.accounts.findUser(userName)) throw new VanbanError("conflict", `A user named ${userName} exists already.`);
        const passwordHash = await createPasswordHasher().hash(await readPassword());
        const user = store.accounts.createUser({ name: userName, displayName: values["display-name"], role, groups: groups ?? [], passwordHash, now });
        audit(store, now, user.name, `created as ${user.role}${user.groups.length ? ` in ${user.groups.join(", ")}` : ""} (command line)`);
        process.stdout.write(`added ${user.name} (${user.role}${user.groups.length ? `; groups ${user.groups.join(", ")}` : ""})\n`);
        break;
      }
      case "token": {
        const user = userNamed(need(name));
        const days = values.days === undefined ? undefined : Number(values.days);
        if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new VanbanError("bad_request", "--days must be a whole number of days.");
        const record = store.accounts.createToken({ userId: user.id, label: values.label ?? "command line", now, expiresAt: days ? new Date(now.getTime() + days * 86_400_000) : undefined });
        const key = store.accounts.setting("token-signing-key", createSigningKey);
        store.audit.record({ at: now.toISOString(), actor: "command line", action: "token_change", outcome: "ok", target: user.name, address: "", requestId: "", details: `token ${record.id} created` });
        process.stderr.write(`API token for ${user.name} (${user.role}); shown once, send it as "Authorization: Bearer <token>":\n`);
        process.stdout.write(`${signToken(key, record.id)}\n`);
        break;
      }
      case "list": {
        for (const user of store.accounts.listUsers()) {
          const tokens = store.accounts.listTokens(user.id).filter((token) => !token.revokedAt);
          process.stdout.write(`${user.name}\t${user.role}\t${user.groups.join(",") || "-"}\t${user.disabled ? "disabled" : "active"}\t${user.oidcSubject ? "oidc" : user.hasPassword ? "password" : "no sign-in"}\t${tokens.length} token(s)\n`);
        }
        break;
      }
      case "set": {
        const user = userNamed(need(name));
        const updated = store.accounts.updateUser(user.id, { role, groups, displayName: values["display-name"], now });
        audit(store, now, user.name, `role ${updated.role}; groups ${updated.groups.join(", ") || "-"} (command line)`);
        process.stdout.write(`${updated.name}: ${updated.role}; groups ${updated.groups.join(", ") || "-"}\n`);
        break;
      }
      case "password": {
        const user = userNamed(need(name));
        store.accounts.updateUser(user.id, { passwordHash: await createPasswordHasher().hash(await readPassword()), now });
        audit(store, now, user.name, "password changed (command line); sessions ended");
        process.stdout.write(`password of ${user.name} changed; their sessions ended\n`);
        break;
      }
      case "disable":
      case "enable": {
        const user = userNamed(need(name));
        store.accounts.updateUser(user.id, { disabled: command === "disable", now });
        audit(store, now, user.name, `${command}d (command line)`);
        process.stdout.write(`${user.name} ${command}d\n`);
        break;
      }
      case "revoke": {
        const tokenId = need(name);
        if (!store.accounts.revokeToken(tokenId, now)) throw new VanbanError("not_found", `No live token ${tokenId}.`);
        process.stdout.write(`token ${tokenId} revoked\n`);
        break;
      }
      case "unlock": {
        const user = userNamed(need(name));
        store.signInFailures.clear(`account:${user.name.normalize("NFC").toLowerCase()}`);
        process.stdout.write(`${user.name} unlocked\n`);
        break;
      }
      default:
        throw new VanbanError("bad_request", `Unknown command ${command}.\n${USAGE}`);
    }
  } finally {
    store.close();
  }
}

function audit(store: ReturnType<typeof openStore>, now: Date, target: string, details: string): void {
  store.audit.record({ at: now.toISOString(), actor: "command line", action: "user_change", outcome: "ok", target, address: "", requestId: "", details });
}

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new VanbanError("bad_request", `--role must be one of ${ROLES.join(", ")}.`);
  return value as Role;
}

function parseGroups(value: string): string[] {
  try {
    return parseGroupList(value);
  } catch (error) {
    throw new VanbanError("bad_request", describeError(error));
  }
}

/** The password: the first line of standard input (piped, or typed after a prompt). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (at least 10 characters): ");
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (process.stdin.isTTY && text.includes("\n")) break;
  }
  const password = text.split(/\r?\n/u)[0] ?? "";
  if (!password) throw new VanbanError("bad_request", "No password on standard input (e.g. printf '%s\\n' \"$PASSWORD\" | npm run users -- add …).");
  return password;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`users: ${describeError(error)}\n`);
  process.exit(1);
});
