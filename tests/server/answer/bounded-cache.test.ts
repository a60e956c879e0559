import { describe, expect, it } from "vitest";
import { BoundedCache, estimateStringCollectionBytes } from "../../../server/answer/bounded-cache.js";

describe("BoundedCache", () => {
  const sized = (maxBytes: number) => new BoundedCache<string, string>({ maxBytes, sizeOf: (value) => value.length });

  it("keeps values while they fit and makes each once", () => {
    const cache = sized(10);
    let made = 0;
    const make = (value: string) => () => (made++, value);
    expect(cache.get("a", make("aaaa"))).toBe("aaaa");
    expect(cache.get("a", make("other"))).toBe("aaaa");
    expect(made).toBe(1);
    expect(cache.heldBytes).toBe(4);
  });

  it("drops the least recently used values first to stay within its bytes", () => {
    const cache = sized(10);
    cache.get("a", () => "aaaa");
    cache.get("b", () => "bbbb");
    cache.get("a", () => "unused"); // a is now the most recent
    cache.get("c", () => "cccc"); // 12 bytes: b goes
    expect(cache.size).toBe(2);
    expect(cache.heldBytes).toBe(8);
    expect(cache.get("b", () => "new b")).toBe("new b");
    expect(cache.get("c", () => "unused")).toBe("cccc");
  });

  it("returns a value larger than the whole budget without keeping it or dropping the others", () => {
    const cache = sized(10);
    cache.get("a", () => "aaaa");
    expect(cache.get("big", () => "x".repeat(11))).toHaveLength(11);
    expect(cache.size).toBe(1);
    expect(cache.get("a", () => "unused")).toBe("aaaa");
  });
});

describe("estimateStringCollectionBytes", () => {
  it.each([
    [[], 64],
    [["a"], 64 + 58],
    [["nội", "vụ"], 64 + 62 + 60],
  ])("%j is about %i bytes", (keys, bytes) => expect(estimateStringCollectionBytes(keys)).toBe(bytes));

  it("grows with the number and the length of the strings", () => {
    const small = estimateStringCollectionBytes(new Set(["sở", "nội", "vụ"]));
    expect(estimateStringCollectionBytes(new Set(["sở", "nội", "vụ", "tài chính"]))).toBeGreaterThan(small);
  });
});
