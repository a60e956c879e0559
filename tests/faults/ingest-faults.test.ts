import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "../../bench/generate-corpus.js";
import {
  chooseKillDelays,
  prepareFaultFixture,
  runGraphWriteErrorTrial,
  runKillTrial,
  runSwapWriteErrorTrial,
  runUlimitWriteErrorTrial,
  type FaultFixture,
} from "../../scripts/fault-trials.js";

/**
 * Crash safety of the ingest, quick mode (`npm run bench` runs 20 kill
 * trials through scripts/fault-trials.ts): kill -9 at three random points of a
 * real `ingest/cli.ts` run, and write errors while the new generation is
 * written. Afterwards the index must load as exactly the previous complete
 * generation or exactly the new one, be served, and the next ingest must
 * finish the change.
 */
let fixture: FaultFixture;

beforeAll(async () => {
  fixture = await prepareFaultFixture({ documents: 8, seed: 4321 });
}, 180_000);

afterAll(async () => {
  await fixture?.cleanup();
});

describe("kill -9 during an ingest", () => {
  it("leaves the previous or the new complete generation at every kill point, and the next run completes", async () => {
    const delays = chooseKillDelays({ trials: 3, baselineMs: fixture.baselineMs, workMs: fixture.workMs, random: createRandom(Date.now() >>> 0) });
    const results = [];
    for (const [i, { delayMs, from }] of delays.entries()) {
      results.push(await runKillTrial({ fixture, delayMs, from, name: `quick-kill-${i}`, recover: i === delays.length - 1 }));
    }
    for (const result of results) {
      expect(result.outcome, `${result.delayMs} ms after ${result.from} (${result.stage}): ${result.detail}`).not.toBe("broken");
      expect(result.ok, `${result.delayMs} ms after ${result.from} (${result.stage}): ${result.detail}`).toBe(true);
    }
    expect(results[results.length - 1]!.recovered).toBe(true);
  }, 180_000);
});

describe("a write error while the new generation is written", () => {
  it("(file size limit on the first file, EFBIG) keeps the previous generation live and cleans up", async () => {
    const result = await runUlimitWriteErrorTrial({ fixture, name: "quick-ulimit", target: "first-file" });
    expect(result.outcome, result.detail).toBe("previous");
    expect(result.ok, result.detail).toBe(true);
  }, 120_000);

  it("(ENOSPC at the CURRENT pointer swap) keeps the previous generation live", async () => {
    const result = await runSwapWriteErrorTrial({ fixture, name: "quick-swap" });
    expect(result.outcome, result.detail).toBe("previous");
    expect(result.ok, result.detail).toBe(true);
  }, 120_000);

  // hnswlib never reports a failed write of its C++ stream; HnswVectorIndex.save checks the file.
  it("(the native graph write fails) keeps the previous generation live", async () => {
    const result = await runGraphWriteErrorTrial({ fixture, name: "quick-graph" });
    expect(result.outcome, result.detail).toBe("previous");
    expect(result.ok, result.detail).toBe(true);
  }, 120_000);
});
