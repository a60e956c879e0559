import { describe, expect, it } from "vitest";
import { IngestBusyError, type IngestProgress } from "../../ingest/index/ingest-lock.js";
import { createIngestQueue } from "../../ingest/ingest-queue.js";
import type { IngestSummary } from "../../ingest/progress.js";

const summary = (run: number): IngestSummary => ({
  files: 1,
  indexed: 1,
  reused: 0,
  failed: [],
  removed: 0,
  documents: run,
  chunks: run,
  seconds: 0,
  megabytes: 0,
  changed: true,
  generation: `gen-${run}`,
});

/** An ingest whose runs the test finishes by hand, recording when each started. */
function controlledIngest() {
  const runs: Array<{ finish: () => void; fail: (error: unknown) => void; report: (progress: IngestProgress) => void }> = [];
  const events: string[] = [];
  const ingest = (onProgress: (progress: IngestProgress) => void) =>
    new Promise<IngestSummary>((resolve, reject) => {
      const run = runs.length + 1;
      events.push(`start ${run}`);
      runs.push({ finish: () => resolve(summary(run)), fail: reject, report: onProgress });
    });
  return { runs, events, ingest };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createIngestQueue", () => {
  it("runs one ingest at a time: requests made during a run share the next run, which starts after it and after its publish", async () => {
    const { runs, events, ingest } = controlledIngest();
    const queue = createIngestQueue({
      ingest,
      publish: async (result) => {
        events.push(`publish ${result.documents}`);
      },
    });
    const first = queue.request();
    await tick();
    const waiting = [queue.request(), queue.request(), queue.request()];
    await tick();
    expect(events).toEqual(["start 1"]);
    expect(queue.status()).toMatchObject({ state: "running", queued: true });
    runs[0]!.finish();
    expect((await first).documents).toBe(1);
    await tick();
    expect(events).toEqual(["start 1", "publish 1", "start 2"]);
    runs[1]!.finish();
    const results = await Promise.all(waiting);
    // All three waited for a run that started after they asked: the second.
    expect(results.map((result) => result.documents)).toEqual([2, 2, 2]);
    expect(events).toEqual(["start 1", "publish 1", "start 2", "publish 2"]);
    expect(queue.status()).toMatchObject({ state: "idle", queued: false, last: { ok: true, summary: { documents: 2 } } });
  });

  it("reports the running ingest's progress, and forgets it when the run ends", async () => {
    const { runs, ingest } = controlledIngest();
    const queue = createIngestQueue({ ingest });
    const done = queue.request();
    await tick();
    runs[0]!.report({ phase: "processing", total: 9, processed: 4, failed: 1, startedAt: "", updatedAt: "" });
    expect(queue.status().progress).toMatchObject({ processed: 4, total: 9 });
    runs[0]!.finish();
    await done;
    expect(queue.status().progress).toBeUndefined();
  });

  it("passes a failure to every caller of that run, records it, and runs the next request normally", async () => {
    const { runs, ingest } = controlledIngest();
    const queue = createIngestQueue({ ingest });
    const failing = queue.request();
    await tick();
    runs[0]!.fail(new Error("disk full"));
    await expect(failing).rejects.toThrow("disk full");
    expect(queue.status()).toMatchObject({ state: "idle", last: { ok: false, error: { message: "disk full" } } });
    const next = queue.request();
    await tick();
    runs[1]!.finish();
    expect((await next).documents).toBe(2);
  });

  it("fails with ingest_busy while another process holds the index; requestWhenFree waits (state 'waiting') and tries again", async () => {
    let attempts = 0;
    const holder = { pid: 4242, host: "here", token: "other", startedAt: "" };
    const queue = createIngestQueue({
      ingest: async () => {
        attempts++;
        if (attempts <= 2) throw new IngestBusyError(holder, { phase: "processing", total: 10, processed: attempts, failed: 0, startedAt: "", updatedAt: "" });
        return summary(attempts);
      },
    });
    await expect(queue.request()).rejects.toMatchObject({ code: "ingest_busy" });
    const waited = queue.requestWhenFree({ retryMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queue.status()).toMatchObject({ state: "waiting", holder: { pid: 4242 }, progress: { processed: 2 } });
    expect((await waited).documents).toBe(3);
    expect(queue.status().state).toBe("idle");
  });
});
