import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneGenerations, readCurrentGeneration } from "../../../ingest/index/index-store.js";
import { ownerTag } from "../../../ingest/index/ingest-lock.js";

let indexDir: string;

beforeEach(async () => {
  indexDir = await mkdtemp(path.join(os.tmpdir(), "vanban-prune-"));
});

afterEach(async () => {
  await rm(indexDir, { recursive: true, force: true });
});

/** A generation folder with a manifest (what readCurrentGeneration requires). */
async function generation(name: string): Promise<void> {
  await mkdir(path.join(indexDir, name));
  await writeFile(path.join(indexDir, name, "manifest.json"), "{}");
}

async function setCurrent(name: string): Promise<void> {
  await writeFile(path.join(indexDir, "CURRENT"), name);
}

const names = async () => (await readdir(indexDir)).filter((name) => name !== "CURRENT").sort();

describe("pruneGenerations", () => {
  it("keeps the generation CURRENT names even when the caller asks to keep another (a swap by another ingest)", async () => {
    for (const name of ["gen-a0000001-00000001", "gen-a0000002-00000002", "gen-a0000003-00000003", "gen-a0000004-00000004"]) await generation(name);
    // The caller committed gen-…3 and believes it current, but another ingest has since made gen-…2 current.
    await setCurrent("gen-a0000002-00000002");
    await pruneGenerations({ indexDir, keep: ["gen-a0000003-00000003"], keepPrevious: 0 });
    expect(await names()).toEqual(["gen-a0000002-00000002", "gen-a0000003-00000003", "gen-a0000004-00000004"]);
    expect(path.basename((await readCurrentGeneration(indexDir))!)).toBe("gen-a0000002-00000002");
  });

  it("never removes a generation committed after the current one (it may be about to become current)", async () => {
    for (const name of ["gen-a0000001-00000001", "gen-a0000002-00000002", "gen-a0000003-00000003"]) await generation(name);
    await setCurrent("gen-a0000001-00000001");
    await pruneGenerations({ indexDir, keep: [], keepPrevious: 0 });
    expect(await names()).toEqual(["gen-a0000001-00000001", "gen-a0000002-00000002", "gen-a0000003-00000003"]);
  });

  it("keeps the newest `keepPrevious` generations older than the current one and removes the rest", async () => {
    for (const name of ["gen-a0000001-00000001", "gen-a0000002-00000002", "gen-a0000003-00000003", "gen-a0000004-00000004"]) await generation(name);
    await setCurrent("gen-a0000004-00000004");
    await pruneGenerations({ indexDir, keep: [], keepPrevious: 1 });
    expect(await names()).toEqual(["gen-a0000003-00000003", "gen-a0000004-00000004"]);
  });

  it("removes nothing but leftovers when there is no current generation", async () => {
    await generation("gen-a0000001-00000001");
    await pruneGenerations({ indexDir, keep: [], keepPrevious: 0 });
    expect(await names()).toEqual(["gen-a0000001-00000001"]);
  });

  it("keeps the staging folder of a live writer, removes a dead writer's, and an unowned one only when an hour old", async () => {
    await generation("gen-a0000001-00000001");
    await setCurrent("gen-a0000001-00000001");
    const live = `.staging-${ownerTag()}-0000000a`;
    const dead = ".staging-999999999-0-abcdef01-0000000b";
    const unownedYoung = ".staging-gen-a0000009-0000000c";
    const unownedOld = ".staging-gen-a0000008-0000000d";
    for (const name of [live, dead, unownedYoung, unownedOld]) await mkdir(path.join(indexDir, name));
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(path.join(indexDir, unownedOld), old, old);
    await pruneGenerations({ indexDir, keep: [], keepPrevious: 1 });
    expect(await names()).toEqual([live, unownedYoung, "gen-a0000001-00000001"].sort());
  });

  it("leaves a pointer file being written alone, and removes one a minute old", async () => {
    await generation("gen-a0000001-00000001");
    await setCurrent("gen-a0000001-00000001");
    await writeFile(path.join(indexDir, "CURRENT.gen-a0000002-00000002.tmp"), "gen-a0000002-00000002");
    await writeFile(path.join(indexDir, "CURRENT.gen-a0000003-00000003.tmp"), "gen-a0000003-00000003");
    const old = new Date(Date.now() - 120_000);
    await utimes(path.join(indexDir, "CURRENT.gen-a0000003-00000003.tmp"), old, old);
    await pruneGenerations({ indexDir, keep: [], keepPrevious: 1 });
    expect(await names()).toEqual(["CURRENT.gen-a0000002-00000002.tmp", "gen-a0000001-00000001"]);
  });
});
