import { execFile } from "node:child_process";

/**
 * `pdftotext -layout FILE -` (Debian poppler-utils). For tests and scripts
 * only: the product never depends on poppler.
 */
export function readPopplerText(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });
}

/** Whether `pdftotext` can be run here. */
export function hasPdftotext(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("pdftotext", ["-v"], (error) => resolve(!error || (error as NodeJS.ErrnoException).code !== "ENOENT"));
  });
}
