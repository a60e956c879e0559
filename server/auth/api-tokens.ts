import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API tokens for scripts, the OpenAI-compatible API and MCP clients:
 * `vb1.<token id>.<signature>`, the signature an HMAC-SHA256 of `vb1.<id>`
 * under the server's signing key (kept in the database, made on first use).
 * A token whose signature does not verify is refused before any look-up; one
 * that verifies must still have a row that is neither revoked nor expired and
 * a user who is not disabled.
 */
const PREFIX = "vb1";

export function signToken(key: string, tokenId: string): string {
  return `${PREFIX}.${tokenId}.${signatureOf(key, tokenId)}`;
}

/** The token's id when its signature verifies, else undefined. */
export function verifyToken(key: string, token: string): string | undefined {
  const parts = token.trim().split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return undefined;
  const [, tokenId, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{10,64}$/u.test(tokenId)) return undefined;
  const expected = Buffer.from(signatureOf(key, tokenId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? tokenId : undefined;
}

export function createSigningKey(): string {
  return randomBytes(32).toString("base64url");
}

function signatureOf(key: string, tokenId: string): string {
  return createHmac("sha256", key).update(`${PREFIX}.${tokenId}`).digest("base64url");
}
