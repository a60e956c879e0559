import { createInflate, createInflateRaw, inflateRawSync, inflateSync } from "node:zlib";

/**
 * How many bytes deflated data inflates to, without keeping them: the output
 * is counted chunk by chunk and inflation stops as soon as it passes `limit`,
 * so a stream that would inflate to gigabytes costs at most `limit` bytes of
 * work and one chunk of memory. Data that is damaged counts what inflated
 * before the damage (which is what a reader would get out of it too).
 */
export async function measureInflatedSize(data: Uint8Array, options: { format: "zlib" | "raw"; limit: number }): Promise<{ bytes: number; over: boolean }> {
  const inflater = options.format === "zlib" ? createInflate({ chunkSize: CHUNK_BYTES }) : createInflateRaw({ chunkSize: CHUNK_BYTES });
  let bytes = 0;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (over: boolean) => {
      if (settled) return;
      settled = true;
      inflater.removeAllListeners("data");
      inflater.destroy();
      resolve({ bytes, over });
    };
    inflater.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.limit) settle(true);
    });
    inflater.on("end", () => settle(false));
    inflater.on("error", () => settle(false));
    inflater.end(data);
  });
}

/**
 * Inflates deflated data into memory, at most `limit` bytes of it: undefined
 * when it inflates to more. Damaged data gives what inflated before the damage.
 */
export function inflateWithin(data: Uint8Array, options: { format: "zlib" | "raw"; limit: number }): Uint8Array | undefined {
  const inflate = options.format === "zlib" ? inflateSync : inflateRawSync;
  try {
    return inflate(data, { maxOutputLength: Math.max(1, options.limit), finishFlush: ZLIB_SYNC_FLUSH });
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    return new Uint8Array(0);
  }
}

const CHUNK_BYTES = 256 * 1024;
/** zlib.constants.Z_SYNC_FLUSH: a stream cut short yields what it holds instead of failing. */
const ZLIB_SYNC_FLUSH = 2;
