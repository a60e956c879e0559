import * as client from "openid-client";
import { describeError, VanbanError } from "../../core/errors.js";

/**
 * Signing in through an OpenID Connect provider (Keycloak, a provincial SSO
 * …): the authorization code flow with PKCE, state and nonce, by openid-client
 * (panva, the certified relying-party library). A port with one adapter, so
 * the routes do not depend on the library and tests can use a real provider.
 */
export type OidcTransaction = { state: string; nonce: string; codeVerifier: string };
export type OidcIdentity = { subject: string; name: string; displayName: string; groups?: string[] };

export type OidcSignIn = {
  /** Where to send the browser, and what the callback must match. */
  start(): Promise<{ url: string; transaction: OidcTransaction }>;
  /** Checks the provider's answer (code, state, nonce, ID token) and returns who signed in. */
  finish(callbackUrl: URL, transaction: OidcTransaction): Promise<OidcIdentity>;
};

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUrl: string;
  /** The claim holding the person's groups ("groups"). */
  groupsClaim: string;
  /** Plain-http issuers (a provider on the same machine, tests). */
  allowHttp?: boolean;
};

export function createOidcSignIn(settings: OidcSettings): OidcSignIn {
  // Discovery happens on first use (never at start-up), and again after a failure.
  let configuration: Promise<client.Configuration> | undefined;
  const configure = () => {
    configuration ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
        settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
        settings.allowHttp || new URL(settings.issuer).protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw new VanbanError("unauthorized", `The identity provider ${settings.issuer} cannot be reached: ${describeError(error)}`, { cause: error });
      });
    return configuration;
  };
  return {
    async start() {
      const config = await configure();
      const transaction: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: "openid profile email",
        code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: "S256",
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url: url.href, transaction };
    },
    async finish(callbackUrl, transaction) {
      const config = await configure();
      let claims: client.IDToken | undefined;
      let accessToken: string;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
        accessToken = tokens.access_token;
      } catch (error) {
        throw new VanbanError("unauthorized", `The identity provider's answer was refused: ${describeError(error)}`, { cause: error });
      }
      if (!claims?.sub) throw new VanbanError("unauthorized", "The identity provider gave no subject.");
      let values: Record<string, unknown> = claims;
      if (!(settings.groupsClaim in values) || !values.preferred_username) {
        // Many providers put profile and group claims in userinfo only.
        try {
          values = { ...(await client.fetchUserInfo(config, accessToken, claims.sub)), ...claims };
        } catch {
          // The ID token alone then.
        }
      }
      const name = String(values.preferred_username ?? values.email ?? claims.sub);
      return { subject: `${claims.iss}|${claims.sub}`, name, displayName: String(values.name ?? name), groups: readGroups(values[settings.groupsClaim]) };
    },
  };
}

/** A groups claim as a list of names: an array, or one comma-separated string; Keycloak's "/parent/child" paths keep their last part. */
export function readGroups(claim: unknown): string[] | undefined {
  if (claim === undefined || claim === null) return undefined;
  const list = Array.isArray(claim) ? claim : typeof claim === "string" ? claim.split(",") : [];
  return list.filter((item): item is string => typeof item === "string").map((item) => item.trim().replace(/^.*\//u, "")).filter(Boolean);
}
