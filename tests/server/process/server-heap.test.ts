import { describe, expect, it } from "vitest";
import { heapLimitOf, heapToRestartWith, planServerLaunch, serverHeapMegabytes, splitNodeOptions, withoutHeapLimit } from "../../../server/process/server-heap.js";

describe("serverHeapMegabytes: 128 MB up to 100k chunks, then 64 MB more per 100k", () => {
  it.each([
    [0, 128],
    [3_552, 128],
    [99_594, 128],
    [100_000, 128],
    [100_001, 129],
    [150_000, 160],
    [200_000, 192],
    [1_000_000, 704],
    [10_000_000, 6_464],
  ])("%i chunks → %i MB", (chunks, megabytes) => {
    expect(serverHeapMegabytes(chunks)).toBe(megabytes);
  });
});

describe("heapLimitOf reads the limit node would take from its arguments", () => {
  it.each<[string[], number | undefined]>([
    [[], undefined],
    [["--import", "tsx"], undefined],
    [["--max-old-space-size=128"], 128],
    [["--max_old_space_size=96"], 96],
    [["--max-old-space-size", "200"], 200],
    [["--max-old-space-size=128", "--inspect", "--max-old-space-size=256"], 256],
    [["--max-semi-space-size=16"], undefined],
    [["--max-old-space-size=abc"], undefined],
  ])("%j → %s", (argumentsList, limit) => {
    expect(heapLimitOf(argumentsList)).toBe(limit);
  });
});

describe("withoutHeapLimit keeps every other argument", () => {
  it.each<[string[], string[]]>([
    [["--import", "tsx", "--max-old-space-size=128", "main.ts"], ["--import", "tsx", "main.ts"]],
    [["--max-old-space-size", "128", "--enable-source-maps"], ["--enable-source-maps"]],
    [splitNodeOptions("  --max_old_space_size=64   --trace-warnings "), ["--trace-warnings"]],
    [splitNodeOptions(undefined), []],
  ])("%j → %j", (argumentsList, kept) => {
    expect(withoutHeapLimit(argumentsList)).toEqual(kept);
  });
});

describe("planServerLaunch", () => {
  it.each([
    [{ backend: undefined }, undefined, false],
    [{ backend: "local", liveChunks: 99_594 }, undefined, false],
    [{ backend: "opensearch" }, 128, true],
    [{ backend: "opensearch", liveChunks: 99_594 }, 128, true],
    [{ backend: "opensearch", liveChunks: 250_000 }, 224, true],
    [{ backend: "opensearch", configuredHeapMegabytes: "192", liveChunks: 250_000 }, 192, false],
    [{ backend: "opensearch", configuredHeapMegabytes: "0" }, undefined, false],
    // The server reports the bad value; the launcher adds no limit it cannot read.
    [{ backend: "opensearch", configuredHeapMegabytes: "lots" }, undefined, false],
    // A limit typed by hand reaches the server through NODE_OPTIONS; none is added.
    [{ backend: "opensearch", nodeOptions: "--max-old-space-size=300", liveChunks: 99_594 }, undefined, false],
  ])("%j → limit %s (automatic: %s)", (options, heapMegabytes, automatic) => {
    const plan = planServerLaunch(options);
    expect(plan.heapMegabytes).toBe(heapMegabytes);
    expect(Boolean(plan.automatic)).toBe(automatic);
    expect(plan.reason.length).toBeGreaterThan(0);
  });
});

describe("heapToRestartWith: only an automatic limit that the new generation outgrows", () => {
  it.each([
    [{ chunks: 99_594, heapMegabytes: 128, automatic: true }, undefined],
    [{ chunks: 150_000, heapMegabytes: 128, automatic: true }, 160],
    [{ chunks: 150_000, heapMegabytes: 160, automatic: true }, undefined],
    [{ chunks: 150_000, heapMegabytes: 128, automatic: false }, undefined],
    [{ chunks: 150_000, heapMegabytes: undefined, automatic: true }, undefined],
  ])("%j → %s", (options, megabytes) => {
    expect(heapToRestartWith(options)).toBe(megabytes);
  });
});
