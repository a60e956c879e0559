/**
 * Builds small PDFs whose pages carry text at given positions and annotations
 * that draw text: a signature widget stamping the number or the day (as
 * Vietnamese signing software does), a text field with or without an
 * appearance. Vietnamese letters are written with the standard Helvetica
 * font through an /Encoding /Differences table of "uniXXXX" glyph names,
 * which pdf.js and poppler map back to Unicode.
 */
export type PdfText = { x: number; y: number; text: string; size?: number };
export type PdfAnnotation =
  /** A signature widget whose appearance draws `text` at the rectangle's lower left. */
  | { kind: "signature"; rect: [number, number, number, number]; text: string; size?: number }
  /** A text field with value `value`; drawn in an appearance unless `appearance` is false. */
  | { kind: "text-field"; rect: [number, number, number, number]; value: string; appearance?: boolean };
export type PdfPage = { texts: PdfText[]; annotations?: PdfAnnotation[] };

/** The glyph name of a character as the Adobe Glyph List convention writes any BMP code point: "uni1ED1" for "ố". */
function glyphName(character: string): string {
  return `uni${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A PDF text string in UTF-16BE with its byte-order mark, as field values are written. */
function textString(text: string): string {
  return `<FEFF${Buffer.from(text, "utf16le").swap16().toString("hex").toUpperCase()}>`;
}

export function buildAnnotatedPdf(pages: readonly PdfPage[]): Buffer {
  const codes = new Map<string, number>();
  const encode = (text: string): string => {
    let bytes = "";
    for (const character of text) {
      if (/^[\x20-\x7e]$/u.test(character)) {
        bytes += /[()\\]/u.test(character) ? `\\${character}` : character;
        continue;
      }
      if (!codes.has(character)) codes.set(character, 128 + codes.size);
      if (codes.size > 128) throw new Error("more than 128 distinct non-ASCII characters");
      bytes += `\\${codes.get(character)!.toString(8)}`;
    }
    return `(${bytes})`;
  };

  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const stream = (dictionary: string, content: string) => `<< ${dictionary} /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
  const catalog = add("");
  const pagesObject = add("");
  const font = add("");
  const pageIds: number[] = [];
  const fields: number[] = [];
  for (const page of pages) {
    const content = page.texts.map((text) => `BT /F1 ${text.size ?? 12} Tf ${text.x} ${text.y} Td ${encode(text.text)} Tj ET`).join("\n");
    const contents = add(stream("", content));
    const annotationIds: number[] = [];
    const pageId = objects.length + 1 + (page.annotations?.length ?? 0) * 2;
    for (const [index, annotation] of (page.annotations ?? []).entries()) {
      const [x0, y0, x1, y1] = annotation.rect;
      const drawn = annotation.kind === "signature" ? annotation.text : annotation.appearance === false ? undefined : annotation.value;
      const size = annotation.kind === "signature" ? (annotation.size ?? 13) : 11;
      const appearance = add(stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${x1 - x0} ${y1 - y0}] /Resources << /Font << /F1 ${font} 0 R >> >>`, drawn === undefined ? "" : `BT /F1 ${size} Tf 1 3 Td ${encode(drawn)} Tj ET`));
      const common = `/Type /Annot /Subtype /Widget /Rect [${x0} ${y0} ${x1} ${y1}] /F 4 /P ${pageId} 0 R`;
      const dictionary =
        annotation.kind === "signature"
          ? `<< ${common} /FT /Sig /T (Signature${index + 1}) /AP << /N ${appearance} 0 R >> >>`
          : `<< ${common} /FT /Tx /T (Field${index + 1}) /V ${textString(annotation.value)} /DA (/F1 11 Tf 0 g)${annotation.appearance === false ? "" : ` /AP << /N ${appearance} 0 R >>`} >>`;
      const id = add(dictionary);
      annotationIds.push(id);
      fields.push(id);
    }
    const id = add(
      `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] /Contents ${contents} 0 R /Resources << /Font << /F1 ${font} 0 R >> >>${annotationIds.length ? ` /Annots [${annotationIds.map((annotation) => `${annotation} 0 R`).join(" ")}]` : ""} >>`,
    );
    if (id !== pageId) throw new Error("page object numbering");
    pageIds.push(id);
  }
  const differences = [...codes.entries()].map(([character, code]) => `${code} /${glyphName(character)}`).join(" ");
  objects[font - 1] = `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [${differences}] >> >>`;
  objects[pagesObject - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`;
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObject} 0 R${fields.length ? ` /AcroForm << /Fields [${fields.map((id) => `${id} 0 R`).join(" ")}] /SigFlags 3 /DA (/F1 11 Tf 0 g) /DR << /Font << /F1 ${font} 0 R >> >> >>` : ""} >>`;

  let pdf = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}
