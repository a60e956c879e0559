import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOidcSignIn } from "../../../server/auth/oidc-sign-in.js";
import { buildAccessArchive, createAuthTestApp, type AuthTestApp } from "../../helpers/access-fixture.js";

/**
 * Signing in through a real OpenID Connect provider (panva's oidc-provider,
 * started here on 127.0.0.1) with Vanban's openid-client adapter: the code
 * flow with PKCE, state and nonce; the person's account made on first sign-in
 * with the provider's groups (and a role from them); a forged state, a missing
 * transaction and a provider user named like a local administrator refused.
 */
type Person = { preferred_username: string; name: string; groups: string[] };
const people: Record<string, Person> = {
  "alice-sub": { preferred_username: "alice", name: "Alice Nguyễn", groups: ["mat", "vanban-editors"] },
  "mallory-sub": { preferred_username: "docs-admin", name: "Not the administrator", groups: [] },
};

let built: Awaited<ReturnType<typeof buildAccessArchive>>;
let auth: AuthTestApp;
let vanban: http.Server;
let vanbanUrl: string;
let providerServer: http.Server;
let issuer: string;
/** Who the provider signs in next (what a person would type on its login page). */
let nextSubject = "alice-sub";

async function listen(server: http.Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  built = await buildAccessArchive();
  // Vanban first: the provider must know its redirect URL.
  vanban = http.createServer();
  vanbanUrl = await listen(vanban);
  providerServer = http.createServer();
  issuer = await listen(providerServer);
  const redirectUrl = `${vanbanUrl}/api/auth/oidc/callback`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: "vanban", client_secret: "vanban-client-secret", redirect_uris: [redirectUrl], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_post" }],
    claims: { openid: ["sub"], profile: ["name", "preferred_username", "groups"], email: ["email"] },
    findAccount: async (_context: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, ...people[sub] }) }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_context: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["oidc-test-cookie-key"] },
  } as never);
  const callback = provider.callback();
  // The provider's login and consent pages, answered as a person who signs in as `nextSubject` and consents.
  providerServer.on("request", async (request, response) => {
    if (!request.url?.startsWith("/interaction/")) return callback(request, response);
    try {
      const details = await provider.interactionDetails(request, response);
      if (details.prompt.name === "login") {
        await provider.interactionFinished(request, response, { login: { accountId: nextSubject } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    } catch (error) {
      response.statusCode = 500;
      response.end(String(error));
    }
  });
  auth = await createAuthTestApp({
    archive: built.archive,
    app: { corpusDir: built.corpusDir },
    auth: {
      mode: "oidc",
      oidc: createOidcSignIn({ issuer, clientId: "vanban", clientSecret: "vanban-client-secret", redirectUrl, groupsClaim: "groups" }),
      oidcRoles: { editorGroups: ["vanban-editors"], adminGroups: ["vanban-admins"] },
    },
  });
  vanban.on("request", auth.app);
}, 120_000);

afterAll(async () => {
  vanban.closeAllConnections();
  providerServer.closeAllConnections();
  await new Promise((resolve) => vanban.close(resolve));
  await new Promise((resolve) => providerServer.close(resolve));
  await auth.close();
  await built.cleanup();
});

/** A browser: one cookie jar per host, redirects followed by hand, so each hop can be checked. */
function createBrowser() {
  const jars = new Map<string, Map<string, string>>();
  const visit = async (url: string) => {
    const target = new URL(url);
    const jar = jars.get(target.host) ?? new Map<string, string>();
    jars.set(target.host, jar);
    const response = await fetch(target, { redirect: "manual", headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (/max-age=0/iu.test(line) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  return {
    jars,
    /** Follows redirects until a response is not one, or one leads to `stopAt`. */
    async follow(url: string, stopAt?: (location: URL) => boolean) {
      let response = await visit(url);
      let current = new URL(url);
      for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
        const location = new URL(response.headers.get("location")!, current);
        if (stopAt?.(location)) return { response, location };
        current = location;
        response = await visit(location.href);
      }
      return { response, location: current };
    },
    cookieFor: (host: string) => [...(jars.get(host) ?? [])].map(([name, value]) => `${name}=${value}`).join("; "),
  };
}

const vanbanHost = () => new URL(vanbanUrl).host;

describe("signing in through an OpenID Connect provider", () => {
  it("runs the code flow with PKCE, makes the account with the provider's groups and role, and opens a session", async () => {
    nextSubject = "alice-sub";
    const browser = createBrowser();
    const start = await browser.follow(`${vanbanUrl}/api/auth/oidc/login?next=/tasks`, (location) => location.href.startsWith(`${vanbanUrl}/api/auth/oidc/callback`));
    // The provider sends the browser back with a code and the state Vanban made; PKCE was required of the client.
    expect(start.location.searchParams.get("code")).toBeTruthy();
    expect(start.location.searchParams.get("state")).toBeTruthy();
    const back = await browser.follow(start.location.href, (location) => location.host === vanbanHost() && !location.pathname.startsWith("/api/"));
    expect(back.location.pathname).toBe("/tasks");
    const me = await fetch(`${vanbanUrl}/api/auth/me`, { headers: { cookie: browser.cookieFor(vanbanHost()) } });
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.user).toEqual({ name: "alice", displayName: "Alice Nguyễn", role: "editor", groups: ["mat", "vanban-editors"] });
    expect(body.csrfToken).toBeTruthy();
    // Alice reads the `mat` plan, not the `to-chuc` notice.
    const plan = await fetch(`${vanbanUrl}/api/documents/mat-ke-hoach-hac-trang`, { headers: { cookie: browser.cookieFor(vanbanHost()) } });
    expect(plan.status).toBe(200);
    const notice = await fetch(`${vanbanUrl}/api/documents/zz-nhan-su-quy-hoach`, { headers: { cookie: browser.cookieFor(vanbanHost()) } });
    expect(notice.status).toBe(404);
    const signIns = auth.store.audit.list({ action: "sign_in" }).entries.filter((entry) => entry.outcome === "ok" && entry.details === "oidc");
    expect(signIns.map((entry) => entry.actor)).toContain("alice");
  }, 60_000);

  it("takes the provider's groups again at the next sign-in", async () => {
    people["alice-sub"]!.groups = ["to-chuc"];
    const browser = createBrowser();
    const start = await browser.follow(`${vanbanUrl}/api/auth/oidc/login`, (location) => location.href.startsWith(`${vanbanUrl}/api/auth/oidc/callback`));
    await browser.follow(start.location.href, (location) => location.host === vanbanHost() && !location.pathname.startsWith("/api/"));
    const me = await (await fetch(`${vanbanUrl}/api/auth/me`, { headers: { cookie: browser.cookieFor(vanbanHost()) } })).json();
    expect(me.user).toMatchObject({ name: "alice", groups: ["to-chuc"], role: "reader" });
    expect(auth.store.accounts.listUsers().filter((user) => user.name.startsWith("alice"))).toHaveLength(1);
  }, 60_000);

  it("refuses a callback whose state was changed, and one with no sign-in begun in this browser", async () => {
    const browser = createBrowser();
    const start = await browser.follow(`${vanbanUrl}/api/auth/oidc/login`, (location) => location.href.startsWith(`${vanbanUrl}/api/auth/oidc/callback`));
    const forged = new URL(start.location.href);
    forged.searchParams.set("state", "forged-state");
    const refused = await browser.follow(forged.href, (location) => location.host === vanbanHost() && !location.pathname.startsWith("/api/"));
    expect(refused.location.pathname).toBe("/login");
    expect(refused.location.searchParams.get("error")).toBe("oidc");
    expect((await fetch(`${vanbanUrl}/api/auth/me`, { headers: { cookie: browser.cookieFor(vanbanHost()) } })).status).toBe(401);
    // Someone else's callback URL (their code) in a browser that began nothing.
    const other = createBrowser();
    const stolen = await other.follow(start.location.href, (location) => location.host === vanbanHost() && !location.pathname.startsWith("/api/"));
    expect(stolen.location.pathname).toBe("/login");
    expect(auth.store.audit.list({ action: "sign_in" }).entries.some((entry) => entry.outcome === "failed" && entry.target === "oidc")).toBe(true);
  }, 60_000);

  it("never gives a provider account a local account's rights by its name", async () => {
    nextSubject = "mallory-sub";
    const browser = createBrowser();
    const start = await browser.follow(`${vanbanUrl}/api/auth/oidc/login`, (location) => location.href.startsWith(`${vanbanUrl}/api/auth/oidc/callback`));
    await browser.follow(start.location.href, (location) => location.host === vanbanHost() && !location.pathname.startsWith("/api/"));
    const me = await (await fetch(`${vanbanUrl}/api/auth/me`, { headers: { cookie: browser.cookieFor(vanbanHost()) } })).json();
    expect(me.user).toMatchObject({ name: "docs-admin@sso", role: "reader" });
    const users = await fetch(`${vanbanUrl}/api/admin/users`, { headers: { cookie: browser.cookieFor(vanbanHost()) } });
    expect(users.status).toBe(403);
  }, 60_000);

  it("keeps local accounts working beside the provider (AUTH=oidc)", async () => {
    const response = await fetch(`${vanbanUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "docs-reader", password: "reader password 1" }) });
    expect(response.status).toBe(200);
    const config = await (await fetch(`${vanbanUrl}/api/auth/config`)).json();
    expect(config).toEqual({ mode: "oidc", methods: ["password", "oidc"] });
  });
});
