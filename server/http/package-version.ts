import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageJsonPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../package.json");

/** Vanban's version from package.json (read when asked, not at import). */
export function readPackageVersion(): string {
  try {
    const parsed = JSON.parse(readFileSync(packageJsonPath, "utf8")) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
