/** Types for sse.js (plain ES module served to the browser as is). */
export type ServerSentEvent = { event: string; data: string; id?: string };
export function createEventStreamParser(onEvent: (event: ServerSentEvent) => void): { push(text: string): void; finish(): void };
export function readEventStream(body: ReadableStream<Uint8Array>, onEvent: (event: ServerSentEvent) => void): Promise<void>;
