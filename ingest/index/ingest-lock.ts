import { randomBytes } from "node:crypto";
import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { VanbanError } from "../../core/errors.js";

/**
 * One ingest at a time per index folder, across processes and within one.
 *
 * `INDEX_DIR/ingest.lock` names its holder: process id, the process's start
 * time (Linux: from /proc, so a recycled pid is not taken for the holder),
 * host name and a token unique to the holding process. The file is created
 * whole with `link()` (no moment where it exists but is empty) and refreshed
 * every HEARTBEAT_MS while held. The holder is gone, and its lock taken over,
 * when its process no longer exists on this host, or when the lock is from
 * another host and has not been refreshed for STALE_FOREIGN_MS.
 *
 * A second ingest in the same process is refused like one in another process
 * (earlier versions let a process take its own lock again, so two reindex
 * requests ran side by side and pruned each other's generations).
 *
 * While it holds the lock an ingest writes its progress to
 * `INDEX_DIR/ingest.progress.json`, so a refused caller can say how far the
 * running ingest is.
 */
export const LOCK_FILE = "ingest.lock";
export const PROGRESS_FILE = "ingest.progress.json";
const HEARTBEAT_MS = 30_000;
const STALE_FOREIGN_MS = 10 * 60_000;
/** Temporary files of an interrupted acquisition older than this are removed. */
const LEFTOVER_MS = 60_000;

export type LockOwner = {
  pid: number;
  host: string;
  /** Unique to one process (and one lock): tells a recycled pid from the holder. */
  token: string;
  /** The process's start time in clock ticks since boot (Linux), when known. */
  processStart?: number;
  startedAt: string;
};

/** How far an ingest is; written by the holder, read by whoever is refused. */
export type IngestProgress = {
  phase: "listing" | "processing" | "writing" | "done";
  /** Files in the corpus. */
  total: number;
  /** Files settled so far (processed, reused or failed). */
  processed: number;
  /** The file being processed last, relative to the corpus. */
  current?: string;
  failed: number;
  startedAt: string;
  updatedAt: string;
};

/** Thrown when another ingest holds the index; carries who and how far. */
export class IngestBusyError extends VanbanError {
  constructor(
    readonly holder: LockOwner,
    readonly progress: IngestProgress | undefined,
  ) {
    super(
      "ingest_busy",
      `Another ingest (pid ${holder.pid}${holder.host === os.hostname() ? "" : ` on ${holder.host}`}) is writing this index` +
        (progress ? `: ${describeProgress(progress)}` : "") +
        ". Wait for it to finish.",
    );
    this.name = "IngestBusyError";
  }
}

export function describeProgress(progress: IngestProgress): string {
  if (progress.phase === "listing") return "listing the corpus";
  if (progress.phase === "writing") return `writing the index (${progress.processed} of ${progress.total} files done)`;
  return `${progress.processed} of ${progress.total} files`;
}

export type IngestLock = {
  owner: LockOwner;
  /** Records progress for others to read (throttled; the last state is always written on release). */
  report(progress: IngestProgress): void;
  release(): Promise<void>;
};

let processToken: string | undefined;

/** This process's identity; the token is made on first use (never at import). */
export function currentOwner(): LockOwner {
  processToken ??= randomBytes(8).toString("hex");
  return { pid: process.pid, host: os.hostname(), token: processToken, processStart: readProcessStart(process.pid), startedAt: new Date().toISOString() };
}

/**
 * A short tag naming this process in file names ("<pid>-<start>-<token>"), so
 * that a folder a process is writing (a staging generation) is never taken
 * for an abandoned one while that process lives.
 */
export function ownerTag(): string {
  const owner = currentOwner();
  return `${owner.pid}-${owner.processStart ?? 0}-${owner.token.slice(0, 8)}`;
}

/** Whether the process named by an ownerTag() lives (a recycled pid is told apart where the system allows); undefined for a name that is no tag. */
export function isOwnerTagAlive(tag: string): boolean | undefined {
  const match = /^(\d+)-(\d+)-([0-9a-f]{8})$/u.exec(tag);
  if (!match) return undefined;
  const pid = Number(match[1]);
  const start = Number(match[2]);
  if (pid === process.pid) return match[3] === currentOwner().token.slice(0, 8);
  if (!isProcessAlive(pid)) return false;
  const now = readProcessStart(pid);
  return start === 0 || now === undefined || now === start;
}

/** Takes the lock of `indexDir` or throws IngestBusyError (code ingest_busy). */
export async function acquireIngestLock(indexDir: string): Promise<IngestLock> {
  const lockPath = path.join(indexDir, LOCK_FILE);
  await removeLeftovers(indexDir);
  const owner = { ...currentOwner(), token: `${currentOwner().token}-${randomBytes(4).toString("hex")}` };
  const content = JSON.stringify(owner);
  for (let attempt = 0; attempt < 5; attempt++) {
    const temporary = path.join(indexDir, `${LOCK_FILE}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await fs.writeFile(temporary, content);
      try {
        // link() fails with EEXIST when the lock exists: the file appears whole or not at all.
        await fs.link(temporary, lockPath);
        return holdLock({ indexDir, lockPath, owner });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    } catch (error) {
      throw new VanbanError("index_write_failed", `Cannot create the ingest lock ${lockPath}: ${(error as Error).message}`, { cause: error });
    } finally {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
    const holder = await readLockOwner(indexDir);
    if (holder === undefined) continue; // released meanwhile, or unreadable and old: try again
    if (isHolderAlive(holder, await lockAge(lockPath))) throw new IngestBusyError(holder, await readIngestProgress(indexDir, holder));
    await takeOverStaleLock(lockPath, holder);
  }
  throw new VanbanError("index_write_failed", `Cannot take the ingest lock ${lockPath}; another process keeps changing it.`);
}

/** The lock's holder, if a lock is there and readable. A lock being written is read as held by an unknown live process. */
export async function readLockOwner(indexDir: string): Promise<LockOwner | undefined> {
  const lockPath = path.join(indexDir, LOCK_FILE);
  let text: string;
  try {
    text = await fs.readFile(lockPath, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.token === "string") {
      return { pid: parsed.pid, host: parsed.host ?? os.hostname(), token: parsed.token, processStart: parsed.processStart, startedAt: parsed.startedAt ?? "" };
    }
  } catch {
    // Older versions wrote the bare pid.
  }
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return { pid, host: os.hostname(), token: `pid-${pid}`, startedAt: "" };
  // Unreadable: a stale lock once it is old enough, else someone else's.
  return { pid: 0, host: os.hostname(), token: `unreadable-${text.length}`, startedAt: "" };
}

/** The running ingest's progress, if the progress file belongs to `holder`. */
export async function readIngestProgress(indexDir: string, holder: LockOwner): Promise<IngestProgress | undefined> {
  try {
    const stored = JSON.parse(await fs.readFile(path.join(indexDir, PROGRESS_FILE), "utf8")) as { token?: string; progress?: IngestProgress };
    return stored.token === holder.token ? stored.progress : undefined;
  } catch {
    return undefined;
  }
}

/** Who holds the lock of `indexDir` now (a live holder only), and how far it is. */
export async function inspectIngestLock(indexDir: string): Promise<{ holder: LockOwner; progress?: IngestProgress } | undefined> {
  const holder = await readLockOwner(indexDir);
  if (!holder || !isHolderAlive(holder, await lockAge(path.join(indexDir, LOCK_FILE)))) return undefined;
  return { holder, progress: await readIngestProgress(indexDir, holder) };
}

function holdLock(options: { indexDir: string; lockPath: string; owner: LockOwner }): IngestLock {
  const { indexDir, lockPath, owner } = options;
  const progressPath = path.join(indexDir, PROGRESS_FILE);
  let latest: IngestProgress | undefined;
  let written = 0;
  let writing: Promise<void> = Promise.resolve();
  let released = false;
  const write = () => {
    const snapshot = latest;
    if (!snapshot) return;
    written = Date.now();
    writing = writing.then(async () => {
      const temporary = `${progressPath}.${owner.token}.tmp`;
      try {
        await fs.writeFile(temporary, JSON.stringify({ token: owner.token, pid: owner.pid, progress: snapshot }));
        await fs.rename(temporary, progressPath);
      } catch {
        // Progress is a courtesy to other processes; failing to write it changes nothing else.
        await fs.rm(temporary, { force: true }).catch(() => undefined);
      }
    });
  };
  const heartbeat = setInterval(() => {
    const now = new Date();
    void fs.utimes(lockPath, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    owner,
    report(progress) {
      latest = progress;
      if (Date.now() - written >= 500 || progress.phase !== "processing") write();
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      await writing;
      await fs.rm(progressPath, { force: true }).catch(() => undefined);
      // Only our own lock: a lock taken over meanwhile (we were taken for dead) is someone else's now.
      const holder = await readLockOwner(indexDir);
      if (holder?.token === owner.token) await fs.rm(lockPath, { force: true });
    },
  };
}

/**
 * Moves a stale lock aside and deletes it, unless what was moved is not the
 * lock judged stale (another process took it over in between): that one is
 * put back.
 */
async function takeOverStaleLock(lockPath: string, stale: LockOwner): Promise<void> {
  const aside = `${lockPath}.${randomBytes(6).toString("hex")}.stale.tmp`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // gone already: the next attempt will see
  }
  let movedToken: string | undefined;
  try {
    const text = await fs.readFile(aside, "utf8");
    movedToken = (JSON.parse(text) as { token?: string }).token;
  } catch {
    movedToken = undefined;
  }
  if (movedToken !== undefined && movedToken !== stale.token) {
    // A live lock was moved by mistake: put it back unless a new one is there already.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.rm(aside, { force: true }).catch(() => undefined);
}

function isHolderAlive(holder: LockOwner, ageMs: number | undefined): boolean {
  if (holder.pid === 0) return ageMs !== undefined && ageMs < LEFTOVER_MS;
  if (holder.host !== os.hostname()) return ageMs !== undefined && ageMs < STALE_FOREIGN_MS;
  if (holder.pid === process.pid) {
    // This very process holds it (a second ingest here), or a dead process had our pid before us.
    return holder.token.startsWith(currentOwner().token);
  }
  if (!isProcessAlive(holder.pid)) return false;
  // A live process with that pid may be a newer one: compare start times where the system tells them.
  const start = readProcessStart(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

async function lockAge(lockPath: string): Promise<number | undefined> {
  try {
    return Date.now() - (await fs.stat(lockPath)).mtimeMs;
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks after boot (Linux only). */
function readProcessStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Temporary files left by an acquisition or a progress write that was killed. */
async function removeLeftovers(indexDir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(indexDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${LOCK_FILE}.`) && !name.startsWith(`${PROGRESS_FILE}.`)) continue;
    if (!name.endsWith(".tmp")) continue;
    const file = path.join(indexDir, name);
    const age = await lockAge(file);
    if (age !== undefined && age > LEFTOVER_MS) await fs.rm(file, { force: true }).catch(() => undefined);
  }
}
