import { describe, expect, it } from "vitest";
import { createEventStreamParser, readEventStream } from "../../web/assets/sse.js";
import type { ServerSentEvent } from "../../web/assets/sse.js";

function parseAll(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createEventStreamParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.finish();
  return events;
}

const STREAM = [
  'event: citations\ndata: {"citations":[{"n":1}]}\n\n',
  'event: delta\ndata: {"text":"Trước ngày "}\n\n',
  'event: delta\ndata: {"text":"30/6/2024 [1]."}\n\n',
  'event: done\ndata: {"found":true,"answer":"Trước ngày 30/6/2024 [1]."}\n\n',
].join("");

describe("createEventStreamParser", () => {
  it.each([
    { name: "whole stream at once", chunks: [STREAM] },
    { name: "one character at a time", chunks: [...STREAM] },
    { name: "split inside a multi-byte word", chunks: [STREAM.slice(0, 77), STREAM.slice(77)] },
    { name: "CRLF line endings", chunks: [STREAM.replace(/\n/gu, "\r\n")] },
    { name: "CRLF split between \\r and \\n", chunks: STREAM.replace(/\n/gu, "\r\n").split(/(?<=\r)/u) },
  ])("reads the /api/ask events from $name", ({ chunks }) => {
    const events = parseAll(chunks);
    expect(events.map((event) => event.event)).toEqual(["citations", "delta", "delta", "done"]);
    const text = events.filter((event) => event.event === "delta").map((event) => JSON.parse(event.data).text).join("");
    expect(text).toBe("Trước ngày 30/6/2024 [1].");
  });

  it("joins several data lines, skips comments and defaults the event name", () => {
    expect(parseAll([": keep-alive\n\ndata: a\ndata: b\nid: 7\n\n"])).toEqual([{ event: "message", data: "a\nb", id: "7" }]);
  });

  it("delivers a final event that lacks the closing blank line", () => {
    expect(parseAll(['event: done\ndata: {"found":false}'])).toEqual([{ event: "done", data: '{"found":false}' }]);
  });

  it("ignores an event with no data", () => {
    expect(parseAll(["event: delta\n\n"])).toEqual([]);
  });
});

describe("readEventStream", () => {
  it("decodes UTF-8 split across network chunks", async () => {
    const encoder = new TextEncoder();
    const bytes = encoder.encode('event: delta\ndata: {"text":"Sở Nội vụ"}\n\n');
    const cut = encoder.encode('event: delta\ndata: {"text":"S').length + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Cut inside the three-byte "ở" so the decoder must carry the first byte over.
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    await readEventStream(body, (event) => events.push(event));
    expect(JSON.parse(events[0]?.data ?? "{}").text).toBe("Sở Nội vụ");
  });
});
