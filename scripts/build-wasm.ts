import { readFile, writeFile } from "node:fs/promises";
import wabtInit from "wabt";

/**
 * `npm run build:wasm`: assembles ingest/index/wasm/*.wat into the .wasm files
 * committed beside them (the binary is committed so `npm install && npm start`
 * needs no build step; tests check it matches its source).
 */
export const WASM_SOURCES = ["ingest/index/wasm/sparse-scan.wat"];

export async function assembleWat(source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  // Threads: the memory is shared between the worker threads that search one index.
  const features = { simd: true, threads: true };
  const module = wabt.parseWat(source, await readFile(source, "utf8"), features);
  try {
    // wabt's typings leave out validate's features argument; without it shared memories are refused.
    (module as unknown as { validate(options: typeof features): void }).validate(features);
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

async function main(): Promise<void> {
  for (const source of WASM_SOURCES) {
    const binary = await assembleWat(source);
    const target = source.replace(/\.wat$/u, ".wasm");
    await writeFile(target, binary);
    process.stdout.write(`${target}: ${binary.length} bytes\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`build-wasm: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
