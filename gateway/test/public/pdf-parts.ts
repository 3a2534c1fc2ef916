/**
 * Test helpers that read PDFs the way a recipient would (pdf-lib's low-level objects): the files attached to a PDF
 * (a credit report's proofs.json) and the raster images it carries (a label's QR code, decoded with jsQR).
 */
import jsQR from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib';

/** Attached files by name. */
export async function pdfAttachments(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const doc = await PDFDocument.load(bytes);
  const out = new Map<string, Uint8Array>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = embedded?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (list === undefined) return out;
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const name = list.lookup(i);
    const spec = list.lookup(i + 1, PDFDict);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) continue;
    const key = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : String(name);
    out.set(key, decodePDFRawStream(stream).decode());
  }
  return out;
}

/** Every QR code found in the PDF's images (decoded with jsQR). */
export async function pdfQrCodes(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const found: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    if (object.dict.has(PDFName.of('SMask')) === false && object.dict.get(PDFName.of('ColorSpace')) === undefined) continue;
    const width = (object.dict.lookup(PDFName.of('Width'), PDFNumber)).asNumber();
    const height = (object.dict.lookup(PDFName.of('Height'), PDFNumber)).asNumber();
    const pixels = decodePDFRawStream(object).decode();
    const components = Math.round(pixels.length / (width * height));
    if (components !== 1 && components !== 3) continue;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * components + (components === 3 ? c : 0)] ?? 0;
      rgba[i * 4 + 3] = 255;
    }
    const code = jsQR(rgba, width, height);
    if (code !== null) found.push(code.data);
  }
  return found;
}
