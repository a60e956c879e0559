import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  acquireIngestLock,
  currentOwner,
  IngestBusyError,
  inspectIngestLock,
  isOwnerTagAlive,
  LOCK_FILE,
  ownerTag,
  PROGRESS_FILE,
} from "../../../ingest/index/ingest-lock.js";

let indexDir: string;

beforeEach(async () => {
  indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-lock-"));
});

afterEach(async () => {
  await rm(indexDir, { recursive: true, force: true });
});

const progress = { phase: "processing" as const, total: 9, processed: 3, failed: 0, startedAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:01.000Z" };

/** A lock file as another process would have written it. */
async function writeLock(owner: Record<string, unknown>): Promise<void> {
  await writeFile(path.join(indexDir, LOCK_FILE), JSON.stringify({ host: os.hostname(), startedAt: "", ...owner }));
}

describe("acquireIngestLock", () => {
  it("refuses a second ingest in the same process, with the running one's progress, and frees the index on release", async () => {
    const lock = await acquireIngestLock(indexDir);
    lock.report(progress);
    const refused = await acquireIngestLock(indexDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IngestBusyError);
    expect((refused as IngestBusyError).code).toBe("ingest_busy");
    expect((refused as IngestBusyError).holder.pid).toBe(process.pid);
    expect((refused as IngestBusyError).progress).toMatchObject({ processed: 3, total: 9 });
    expect((refused as Error).message).toMatch(/3 of 9 files/u);
    await lock.release();
    expect(await readdir(indexDir)).toEqual([]);
    const again = await acquireIngestLock(indexDir);
    await again.release();
  });

  it("writes the lock whole (JSON naming pid, host and token) and leaves no temporary file", async () => {
    const lock = await acquireIngestLock(indexDir);
    const stored = JSON.parse(await readFile(path.join(indexDir, LOCK_FILE), "utf8")) as { pid: number; host: string; token: string };
    expect(stored).toMatchObject({ pid: process.pid, host: os.hostname(), token: lock.owner.token });
    expect((await readdir(indexDir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    await lock.release();
  });

  it("takes over the lock of a process that is gone", async () => {
    const child = spawn(process.execPath, ["-e", "0"]);
    const pid = child.pid!;
    await new Promise((resolve) => child.once("exit", resolve));
    await writeLock({ pid, token: "dead-process" });
    const lock = await acquireIngestLock(indexDir);
    expect(lock.owner.pid).toBe(process.pid);
    await lock.release();
  });

  it("takes over a lock left by an earlier process that had this process's pid (a recycled pid)", async () => {
    await writeLock({ pid: process.pid, token: "an-earlier-process" });
    const lock = await acquireIngestLock(indexDir);
    await lock.release();
  });

  it("takes over a lock in the old format (a bare pid) of a dead process", async () => {
    await writeFile(path.join(indexDir, LOCK_FILE), "999999999");
    const lock = await acquireIngestLock(indexDir);
    await lock.release();
  });

  it("respects a live process's lock, reports its progress, and takes it once that process is gone", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const owner = { pid: child.pid!, token: "live-child", processStart: readStart(child.pid!) };
      await writeLock(owner);
      await writeFile(path.join(indexDir, PROGRESS_FILE), JSON.stringify({ token: "live-child", progress }));
      const refused = await acquireIngestLock(indexDir).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(IngestBusyError);
      expect((refused as IngestBusyError).progress?.processed).toBe(3);
      expect(await inspectIngestLock(indexDir)).toMatchObject({ holder: { pid: child.pid }, progress: { total: 9 } });
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(await inspectIngestLock(indexDir)).toBeUndefined();
    const lock = await acquireIngestLock(indexDir);
    await lock.release();
  });

  it("does not take a live pid's lock for its own when that pid now belongs to another process (Linux start times)", async () => {
    if (readStart(process.pid) === undefined) return; // no /proc: pid reuse cannot be told apart here
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      // The same pid, a different start time: the lock's writer is gone, this is a newer process.
      await writeLock({ pid: child.pid!, token: "recycled", processStart: (readStart(child.pid!) ?? 0) - 1000 });
      const lock = await acquireIngestLock(indexDir);
      await lock.release();
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });

  it("reads an unreadable lock as being written (busy) while it is young, and as abandoned once old", async () => {
    await writeFile(path.join(indexDir, LOCK_FILE), "");
    await expect(acquireIngestLock(indexDir)).rejects.toBeInstanceOf(IngestBusyError);
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(path.join(indexDir, LOCK_FILE), old, old);
    const lock = await acquireIngestLock(indexDir);
    await lock.release();
  });

  it("treats a lock from another host as live until it has not been refreshed for ten minutes", async () => {
    await writeLock({ pid: 1, host: "another-host", token: "remote" });
    await expect(acquireIngestLock(indexDir)).rejects.toBeInstanceOf(IngestBusyError);
    const old = new Date(Date.now() - 11 * 60_000);
    await utimes(path.join(indexDir, LOCK_FILE), old, old);
    const lock = await acquireIngestLock(indexDir);
    await lock.release();
  });

  it("on release removes only its own lock (one taken over meanwhile stays)", async () => {
    const lock = await acquireIngestLock(indexDir);
    await writeLock({ pid: 1, host: "another-host", token: "took-over" });
    await lock.release();
    expect(JSON.parse(await readFile(path.join(indexDir, LOCK_FILE), "utf8")).token).toBe("took-over");
  });
});

describe("owner tags", () => {
  it("names this process as alive, and a dead pid or another token of this pid as gone", () => {
    expect(isOwnerTagAlive(ownerTag())).toBe(true);
    expect(isOwnerTagAlive(`${process.pid}-0-00000000`)).toBe(currentOwner().token.startsWith("00000000"));
    expect(isOwnerTagAlive("999999999-0-abcdef01")).toBe(false);
    expect(isOwnerTagAlive("gen-abc")).toBeUndefined();
  });
});

function readStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  } catch {
    return undefined;
  }
}
