import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VanbanError } from "../../../core/errors.js";
import { decodeText } from "../../../ingest/load/decode-text.js";
import { htmlToText } from "../../../ingest/load/html-to-text.js";
import { loadDocx } from "../../../ingest/load/load-docx.js";
import { loadPdf } from "../../../ingest/load/load-pdf.js";

const samples = new URL("../../fixtures/samples/", import.meta.url);

/** Either a result or a VanbanError: damaged input must never surface a raw library error. */
async function settlesAsVanban(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(VanbanError);
    expect((error as VanbanError).code).toMatch(/^file_/);
  }
}

function corrupt(bytes: Buffer, flips: ReadonlyArray<{ at: number; value: number }>): Buffer {
  const copy = Buffer.from(bytes);
  for (const flip of flips) copy[Math.floor(flip.at * copy.length)] = flip.value;
  return copy;
}

const flipsArbitrary = fc.array(
  fc.record({ at: fc.double({ min: 0, max: 0.999, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }),
  { minLength: 1, maxLength: 8 },
);

describe("loader robustness", () => {
  it("htmlToText never throws and never leaves runs of blank lines or edge white space", () => {
    const tag = fc.constantFrom("<p>", "</p>", "<div>", "</div>", "<br>", "<li>", "<ol>", "</ol>", "<table><tr><td>", "</td><td>", "</table>", "<script>", "</script>", "<h1>", "</h1>", "&nbsp;", "&amp;", " ", "\n");
    const word = fc.constantFrom("Sở", "Nội vụ", "30/6/2024", "Điều 1.", "");
    fc.assert(
      fc.property(fc.array(fc.oneof(tag, word), { maxLength: 40 }), (pieces) => {
        const text = htmlToText(pieces.join(""));
        expect(text).not.toMatch(/\n{3,}/);
        expect(text).toBe(text.trim());
      }),
      { numRuns: 300 },
    );
  });

  it("decodeText either decodes or reports file_binary / file_not_language", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          expect(typeof decodeText(bytes).text).toBe("string");
        } catch (error) {
          expect(["file_binary", "file_not_language"]).toContain((error as VanbanError).code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a damaged DOCX gives a result or a file_* error", async () => {
    const docx = readFileSync(new URL("001_02132e011992bfae.docx", samples));
    await fc.assert(
      fc.asyncProperty(flipsArbitrary, async (flips) => settlesAsVanban(() => loadDocx(corrupt(docx, flips)))),
      { numRuns: 25 },
    );
  });

  it("a damaged PDF gives a result or a file_* error", async () => {
    const pdf = readFileSync(new URL("000_492514bbfbcde4f8.pdf", samples));
    await fc.assert(
      fc.asyncProperty(flipsArbitrary, async (flips) => settlesAsVanban(() => loadPdf(corrupt(pdf, flips)))),
      { numRuns: 10 },
    );
  });
});
