import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The shared development corpus (`../shared/corpus-dev/laocai` beside the
 * project, or beside its worktree folder), or undefined where it is not laid.
 * Tests over it skip elsewhere; what CI must check runs on tests/fixtures.
 */
export function findDevelopmentCorpus(): string | undefined {
  for (const shared of ["../shared", "../../shared"]) {
    const folder = path.resolve(projectRoot, shared, "corpus-dev", "laocai");
    if (existsSync(folder)) return folder;
  }
  return undefined;
}
