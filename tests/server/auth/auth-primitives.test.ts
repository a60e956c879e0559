import request from "supertest";
import express from "express";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSigningKey, signToken, verifyToken } from "../../../server/auth/api-tokens.js";
import { parseCookies, serializeCookie } from "../../../server/auth/cookies.js";
import { safeNext } from "../../../server/auth/auth-routes.js";
import { readGroups } from "../../../server/auth/oidc-sign-in.js";
import { createPasswordHasher, DEFAULT_PASSWORD_COST } from "../../../server/auth/password-hash.js";
import { normalizeGroupName, parseGroupList, roleAtLeast } from "../../../server/auth/principal.js";
import { findRoutePolicy } from "../../../server/auth/route-policy.js";
import { createSignInLimiter } from "../../../server/auth/sign-in-limiter.js";
import type { SignInFailures } from "../../../server/store/sign-in-failures.js";

describe("password hashes (scrypt)", () => {
  const hasher = createPasswordHasher({ cost: { logN: 10, r: 8, p: 1 } });

  it("verify the right password only, with a fresh salt each time", async () => {
    const first = await hasher.hash("correct horse battery");
    const second = await hasher.hash("correct horse battery");
    expect(first).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/u);
    expect(first).not.toBe(second);
    expect(await hasher.verify("correct horse battery", first)).toBe(true);
    expect(await hasher.verify("correct horse batterY", first)).toBe(false);
    expect(await hasher.verify("", first)).toBe(false);
  });

  it("refuse short passwords and malformed stored hashes", async () => {
    await expect(hasher.hash("short")).rejects.toMatchObject({ code: "bad_request" });
    for (const stored of ["", "scrypt$10$8$1$salt", "bcrypt$x$y$z$a$b", "scrypt$40$8$1$AAAA$AAAA", "scrypt$x$8$1$AAAA$AAAA"]) expect(await hasher.verify("whatever password", stored)).toBe(false);
  });

  it("keep their cost, so a hash made at one cost still verifies after the default changes", async () => {
    const stronger = createPasswordHasher({ cost: { logN: 11, r: 8, p: 1 } });
    expect(await stronger.verify("correct horse battery", await hasher.hash("correct horse battery"))).toBe(true);
  });

  it("default to OWASP's scrypt minimum: N = 2^17, r = 8, p = 1 (128 MiB)", async () => {
    expect(DEFAULT_PASSWORD_COST).toEqual({ logN: 17, r: 8, p: 1 });
    const hash = await createPasswordHasher().hash("a real password here");
    expect(hash.startsWith("scrypt$17$8$1$")).toBe(true);
  }, 30_000);
});

describe("API tokens", () => {
  const key = createSigningKey();
  it("verify only with the key they were signed with and unchanged", () => {
    const token = signToken(key, "abcdefghijklmnop");
    expect(verifyToken(key, token)).toBe("abcdefghijklmnop");
    expect(verifyToken(createSigningKey(), token)).toBeUndefined();
    expect(verifyToken(key, token.replace("abcdefghijklmnop", "abcdefghijklmnoq"))).toBeUndefined();
    expect(verifyToken(key, `${token}A`)).toBeUndefined();
    expect(verifyToken(key, token.replace(/^vb1/u, "vb2"))).toBeUndefined();
  });

  it("never verify a changed character anywhere (property)", () => {
    const token = signToken(key, "tokenid-0123456789");
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."ABCabc0189-_."), (at, replacement) => {
        fc.pre(token[at] !== replacement);
        const tampered = token.slice(0, at) + replacement + token.slice(at + 1);
        expect(verifyToken(key, tampered)).toBeUndefined();
      }),
    );
  });
});

describe("cookies", () => {
  it.each([
    ["vanban_session=abc", { vanban_session: "abc" }],
    ["a=1; vanban_session=x%2By; b=2", { a: "1", vanban_session: "x+y", b: "2" }],
    ['q="quoted"', { q: "quoted" }],
    ["broken; =nokey; x=1; x=2", { x: "1" }],
    ["bad=%E0%A4%A", { bad: "%E0%A4%A" }],
    ["", {}],
  ])("parse %j", (header, expected) => {
    expect(Object.fromEntries(parseCookies(header))).toEqual(expected);
  });

  it("serialize with HttpOnly, SameSite and Secure when asked; an expiring one clears", () => {
    expect(serializeCookie("s", "v/1", { secure: true, sameSite: "Strict", maxAgeSeconds: 60 })).toBe("s=v%2F1; Path=/; SameSite=Strict; HttpOnly; Secure; Max-Age=60");
    expect(serializeCookie("s", "", { secure: false, sameSite: "Lax", maxAgeSeconds: 0 })).toBe("s=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  });
});

describe("groups and roles", () => {
  it.each([
    ["mat", "mat"],
    ["Ban-To-Chuc", "ban-to-chuc"],
    ["phòng_tổ.chức", "phòng_tổ.chức"],
    ["  Mật  ", "mật"],
    ["-leading", undefined],
    ["with space", undefined],
    ["a/b", undefined],
    ["", undefined],
    ["x".repeat(65), undefined],
  ])("group name %j -> %j", (name, expected) => {
    expect(normalizeGroupName(name)).toBe(expected);
  });

  it("parse group lists, refusing an invalid name", () => {
    expect(parseGroupList("b, a,A ,")).toEqual(["a", "b"]);
    expect(() => parseGroupList("ok, not ok")).toThrow(/not a valid group/u);
  });

  it("order roles: admin includes editor includes reader", () => {
    expect(roleAtLeast("admin", "editor")).toBe(true);
    expect(roleAtLeast("editor", "reader")).toBe(true);
    expect(roleAtLeast("reader", "editor")).toBe(false);
    expect(roleAtLeast("editor", "admin")).toBe(false);
  });

  it.each([
    [["mat", "to-chuc"], ["mat", "to-chuc"]],
    ["a, b", ["a", "b"]],
    [["/cong-ty/mat", "/to-chuc"], ["mat", "to-chuc"]],
    [undefined, undefined],
    [42, []],
  ])("read an identity provider's groups claim %j", (claim, expected) => {
    expect(readGroups(claim)).toEqual(expected);
  });
});

describe("the route policy", () => {
  it.each([
    ["GET", "/", "public"],
    ["GET", "/assets/app.css", "public"],
    ["HEAD", "/api/search", "reader"],
    ["GET", "/api/search/", "reader"],
    ["GET", "/api/documents/000_x", "reader"],
    ["DELETE", "/api/documents/000_x", "editor"],
    ["POST", "/api/documents", "editor"],
    ["PATCH", "/api/tasks/a:b", "editor"],
    ["POST", "/api/admin/reindex", "admin"],
    ["GET", "/api/admin/reindex/status", "editor"],
    ["GET", "/metrics", "admin"],
    ["POST", "/mcp", "reader"],
    ["DELETE", "/mcp", "reader"],
    ["PUT", "/api/admin/documents/x/access", "admin"],
  ])("%s %s needs %s", (method, path, access) => {
    expect(findRoutePolicy(method, path)?.access).toBe(access);
  });

  it.each([
    ["GET", "/api/documents/a/b"],
    ["POST", "/api/search"],
    ["GET", "/api/secret-new-route"],
    ["GET", "/assets"],
  ])("has no entry for %s %s (refused)", (method, path) => {
    expect(findRoutePolicy(method, path)).toBeUndefined();
  });
});

describe("after signing in", () => {
  it.each([
    ["/tasks?x=1", "/tasks?x=1"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    [undefined, "/"],
  ])("goes back to %j as %j", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe("the sign-in limiter", () => {
  const memory = (): SignInFailures => {
    const rows = new Map<string, { failures: number; windowStart: string; lockedUntil?: string }>();
    return { get: (key) => rows.get(key), put: (key, value) => void rows.set(key, value), clear: (key) => void rows.delete(key) };
  };
  const limits = { perAccount: 3, perAddress: 5, windowMs: 60_000, lockMs: 120_000 };

  it("locks an account after its limit within the window, for the lock period", () => {
    const limiter = createSignInLimiter({ failures: memory(), limits });
    const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, seconds));
    for (let i = 0; i < 2; i++) limiter.recordFailure({ account: "Ann", address: "a", now: at(i) });
    expect(limiter.lockedUntil({ account: "ann", address: "b", now: at(3) })).toBeUndefined();
    limiter.recordFailure({ account: "ann", address: "c", now: at(4) });
    expect(limiter.lockedUntil({ account: "ANN", address: "d", now: at(5) })?.toISOString()).toBe(new Date(at(4).getTime() + 120_000).toISOString());
    expect(limiter.lockedUntil({ account: "ann", address: "d", now: new Date(at(4).getTime() + 120_001) })).toBeUndefined();
  });

  it("forgets failures older than the window, and a success clears the account", () => {
    const limiter = createSignInLimiter({ failures: memory(), limits });
    limiter.recordFailure({ account: "bob", address: "a", now: new Date(0) });
    limiter.recordFailure({ account: "bob", address: "a", now: new Date(1000) });
    limiter.recordFailure({ account: "bob", address: "a", now: new Date(70_000) });
    expect(limiter.lockedUntil({ account: "bob", address: "z", now: new Date(70_001) })).toBeUndefined();
    limiter.recordFailure({ account: "bob", address: "a", now: new Date(70_002) });
    limiter.recordSuccess({ account: "bob" });
    limiter.recordFailure({ account: "bob", address: "a", now: new Date(70_003) });
    expect(limiter.lockedUntil({ account: "bob", address: "z", now: new Date(70_004) })).toBeUndefined();
  });

  it("locks an address trying many accounts", () => {
    const limiter = createSignInLimiter({ failures: memory(), limits });
    for (let i = 0; i < 5; i++) limiter.recordFailure({ account: `user${i}`, address: "10.0.0.9", now: new Date(i) });
    expect(limiter.lockedUntil({ account: "someone-else", address: "10.0.0.9", now: new Date(10) })).toBeDefined();
    expect(limiter.lockedUntil({ account: "someone-else", address: "10.0.0.10", now: new Date(10) })).toBeUndefined();
  });
});

describe("Express path matching assumptions of the policy", () => {
  it("routes a trailing slash and HEAD as the policy reads them", async () => {
    const app = express();
    app.get("/api/search", (_request, response) => response.send("ok"));
    await request(app).get("/api/search/").expect(200);
    await request(app).head("/api/search").expect(200);
  });
});
