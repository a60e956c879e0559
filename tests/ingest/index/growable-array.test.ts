import { describe, expect, it } from "vitest";
import { BlockArray, GrowableInt32Array } from "../../../ingest/index/growable-array.js";

describe("GrowableInt32Array", () => {
  it("keeps every value across doublings", () => {
    const array = new GrowableInt32Array(16);
    for (let i = 0; i < 1000; i++) array.push(i * 3 - 7);
    const values = array.toArray();
    expect(values.length).toBe(1000);
    expect(values[999]).toBe(999 * 3 - 7);
  });
});

describe("BlockArray", () => {
  it("keeps every value across block boundaries", () => {
    const array = new BlockArray((size) => new Int32Array(size));
    const count = (1 << 20) * 2 + 12345;
    for (let i = 0; i < count; i++) array.push(i ^ 0x5a5a);
    expect(array.length).toBe(count);
    for (const i of [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, count - 1]) expect(array.get(i)).toBe(i ^ 0x5a5a);
  });

  it("stores 16-bit values in 16-bit blocks", () => {
    const array = new BlockArray((size) => new Uint16Array(size));
    array.push(65535);
    array.push(65536);
    expect([array.get(0), array.get(1)]).toEqual([65535, 0]);
  });
});

describe("BlockArray.releaseBefore", () => {
  it("frees whole blocks before the index and keeps the rest readable", () => {
    const array = new BlockArray((size) => new Int32Array(size));
    const count = (1 << 20) * 2 + 5;
    for (let i = 0; i < count; i++) array.push(i);
    array.releaseBefore((1 << 20) + 3);
    expect(array.get(1 << 20)).toBe(1 << 20);
    expect(array.get(count - 1)).toBe(count - 1);
    expect(array.get(0)).toBeUndefined();
  });
});
