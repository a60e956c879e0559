import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../core/config.js";
import { authSettingsFromConfig, openModeWarning } from "../../../server/auth/auth-settings-from-config.js";

describe("AUTH configuration", () => {
  it("defaults to off: the open mode of a single-user machine", () => {
    const config = loadConfig({});
    expect(config.AUTH).toBe("off");
    expect(authSettingsFromConfig(config)).toBeUndefined();
  });

  it.each([
    [{ HOST: "127.0.0.1" }, false],
    [{ HOST: "localhost" }, false],
    [{ HOST: "::1" }, false],
    [{ HOST: "0.0.0.0" }, true],
    [{ HOST: "10.1.2.3" }, true],
    [{ HOST: "0.0.0.0", AUTH: "local" }, false],
  ])("warns at start-up in open mode beyond loopback: %j -> %s", (env, warns) => {
    const warning = openModeWarning(loadConfig(env));
    expect(Boolean(warning)).toBe(warns);
    if (warning) expect(warning).toContain("AUTH=local or AUTH=oidc");
  });

  it("says how to fix an incomplete OIDC setting", () => {
    expect(() => loadConfig({ AUTH: "oidc" })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URL/u);
    expect(() => loadConfig({ AUTH: "ldap" })).toThrow(/AUTH/u);
  });

  it("builds local and OIDC settings with roles from provider groups", () => {
    expect(authSettingsFromConfig(loadConfig({ AUTH: "local", SESSION_HOURS: "8", COOKIE_SECURE: "true" }))).toMatchObject({ mode: "local", sessionMs: 8 * 3_600_000, cookieSecure: "true" });
    const oidc = authSettingsFromConfig(
      loadConfig({ AUTH: "oidc", OIDC_ISSUER: "https://sso.example/realms/vanban", OIDC_CLIENT_ID: "vanban", OIDC_REDIRECT_URL: "https://vanban.example/api/auth/oidc/callback", OIDC_ADMIN_GROUPS: "IT-Admins" }),
    );
    expect(oidc?.mode).toBe("oidc");
    expect(oidc?.oidc).toBeDefined();
    expect(oidc?.oidcRoles).toEqual({ editorGroups: [], adminGroups: ["it-admins"] });
  });
});
