import type { Response } from "express";

/**
 * Writing a large body a piece at a time with the socket's back-pressure: a
 * piece is produced only when the previous ones have been taken, so an export
 * of 95,088 tasks holds one batch, not the file. A client that goes away ends
 * the writing (the remaining pieces are never produced).
 */

/** The response stopped taking pieces: the client closed the connection. */
class ClientGone extends Error {}

/**
 * Writes one piece; resolves when the socket can take more, and never before
 * the event loop has had a turn: building an export's batches is synchronous
 * work, and searches arriving meanwhile are served between two batches.
 */
export function writePiece(response: Response, piece: string | Uint8Array): Promise<void> {
  if (response.destroyed || response.writableEnded) return Promise.reject(new ClientGone("the client closed the connection"));
  if (response.write(piece)) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      response.off("close", onClose);
      resolve();
    };
    const onClose = () => {
      response.off("drain", onDrain);
      reject(new ClientGone("the client closed the connection"));
    };
    response.once("drain", onDrain);
    response.once("close", onClose);
  });
}

/** Writes every piece, then ends the response; a client that went away is not an error. */
export async function writeStreamed(response: Response, pieces: Iterable<string | Uint8Array>): Promise<void> {
  try {
    for (const piece of pieces) if (piece.length) await writePiece(response, piece);
    response.end();
  } catch (error) {
    if (!(error instanceof ClientGone)) throw error;
  }
}

export function isClientGone(error: unknown): boolean {
  return error instanceof ClientGone;
}

export function* inBatches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

export function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

export function* concatenate<T>(...parts: Array<Iterable<T>>): Generator<T> {
  for (const part of parts) yield* part;
}
