/**
 * Chinese text in PDFs (pdf-lib): Noto Sans SC from @fontsource/noto-sans-sc (SIL Open Font License 1.1, which
 * allows embedding), shipped as unicode-range slices; each run of text is drawn with the slice that holds its glyphs
 * and pdf-lib embeds only the glyphs used (subset), so a one-page report stays small (tens of KB).
 * The slices are read and parsed once, on the first PDF.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';

interface Slice {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly covers: (codePoint: number) => boolean;
}

let slices: Slice[] | undefined;

function loadSlices(): Slice[] {
  if (slices !== undefined) return slices;
  const dir = join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  const loaded: Slice[] = [];
  for (const name of readdirSync(dir).filter((file) => /-400-normal\.woff$/.test(file)).sort()) {
    const bytes = readFileSync(join(dir, name));
    try {
      const font = fontkit.create(bytes);
      font.hasGlyphForCodePoint(0x41); // a slice without a usable cmap throws here and is skipped
      loaded.push({ name, bytes, covers: (cp) => font.hasGlyphForCodePoint(cp) });
    } catch {
      // skip
    }
  }
  if (loaded.length === 0) throw new Error('no Noto Sans SC font slices found in @fontsource/noto-sans-sc');
  slices = loaded;
  return loaded;
}

/** Draws text in one document with the font slices it needs (embedded once per document, subset). */
export class CjkWriter {
  private readonly embedded = new Map<string, Promise<PDFFont>>();

  constructor(private readonly doc: PDFDocument) {
    doc.registerFontkit(fontkit);
  }

  private fontFor(slice: Slice): Promise<PDFFont> {
    let font = this.embedded.get(slice.name);
    if (font === undefined) {
      font = this.doc.embedFont(slice.bytes, { subset: true });
      this.embedded.set(slice.name, font);
    }
    return font;
  }

  /** Runs of consecutive characters that one slice covers. */
  private runs(text: string): Array<{ slice: Slice; text: string }> {
    const all = loadSlices();
    const out: Array<{ slice: Slice; text: string }> = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0x3f;
      const last = out[out.length - 1];
      if (last !== undefined && last.slice.covers(cp)) {
        last.text += ch;
        continue;
      }
      const slice = all.find((s) => s.covers(cp));
      if (slice === undefined) continue; // no glyph anywhere: left out rather than drawn as tofu
      out.push({ slice, text: ch });
    }
    return out;
  }

  async width(text: string, size: number): Promise<number> {
    let width = 0;
    for (const run of this.runs(text)) width += (await this.fontFor(run.slice)).widthOfTextAtSize(run.text, size);
    return width;
  }

  /** Draws one line at (x, y); returns the x after it. */
  async draw(page: PDFPage, text: string, x: number, y: number, size: number, color?: RGB): Promise<number> {
    let at = x;
    for (const run of this.runs(text)) {
      const font = await this.fontFor(run.slice);
      page.drawText(run.text, { x: at, y, size, font, ...(color ? { color } : {}) });
      at += font.widthOfTextAtSize(run.text, size);
    }
    return at;
  }

  /** Draws text wrapped to `maxWidth` (by character: Chinese has no spaces); returns the y below the last line. */
  async paragraph(page: PDFPage, text: string, x: number, y: number, size: number, maxWidth: number, color?: RGB): Promise<number> {
    const lines: string[] = [];
    let line = '';
    for (const ch of text) {
      if (line !== '' && (await this.width(line + ch, size)) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
    if (line !== '') lines.push(line);
    let at = y;
    for (const l of lines) {
      await this.draw(page, l, x, at, size, color);
      at -= size * 1.45;
    }
    return at;
  }
}
