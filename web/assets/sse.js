/**
 * A small parser for server-sent events read through fetch(): EventSource
 * cannot POST a JSON body, so the chat reads the /api/ask stream itself.
 * Follows the event-stream format: "field: value" lines, events end at a
 * blank line, several data lines join with "\n", lines starting with ":"
 * are comments, CRLF / CR / LF all end a line.
 */

/**
 * @typedef {{ event: string; data: string; id?: string }} ServerSentEvent
 */

/**
 * Creates an incremental parser. Feed it decoded text in arbitrary pieces
 * (a chunk may end mid-line or mid-event); it calls `onEvent` once per
 * complete event.
 * @param {(event: ServerSentEvent) => void} onEvent
 * @returns {{ push(text: string): void; finish(): void }}
 */
export function createEventStreamParser(onEvent) {
  let buffer = "";
  let eventName = "";
  /** @type {string[]} */
  let dataLines = [];
  /** @type {string | undefined} */
  let lastId;
  let sawField = false;

  function dispatch() {
    if (sawField && dataLines.length > 0) {
      /** @type {ServerSentEvent} */
      const event = { event: eventName || "message", data: dataLines.join("\n") };
      if (lastId !== undefined) event.id = lastId;
      onEvent(event);
    }
    eventName = "";
    dataLines = [];
    sawField = false;
  }

  /** @param {string} line */
  function processLine(line) {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    sawField = true;
    if (field === "event") eventName = value;
    else if (field === "data") dataLines.push(value);
    else if (field === "id") lastId = value;
    return undefined;
  }

  return {
    push(text) {
      buffer += text;
      // A trailing "\r" may be the first half of "\r\n": keep it until more text arrives.
      const pattern = /\r\n|\r(?!$)|\n/gu;
      let cursor = 0;
      for (const match of buffer.matchAll(pattern)) {
        processLine(buffer.slice(cursor, match.index));
        cursor = match.index + match[0].length;
      }
      buffer = buffer.slice(cursor);
    },
    finish() {
      if (buffer.endsWith("\r")) buffer = buffer.slice(0, -1);
      if (buffer) processLine(buffer);
      buffer = "";
      // A stream that ends without the final blank line still delivers its last event.
      dispatch();
    },
  };
}

/**
 * Reads a fetch() response body as an event stream until it ends.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(event: ServerSentEvent) => void} onEvent
 * @returns {Promise<void>}
 */
export async function readEventStream(body, onEvent) {
  const parser = createEventStreamParser(onEvent);
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.finish();
  } finally {
    reader.releaseLock();
  }
}
