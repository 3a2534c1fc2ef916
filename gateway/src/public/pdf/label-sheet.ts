/**
 * A printable label sheet (A4, 2 × 4 labels) for a batch: product, quantity, date, producer and contact, the QR code
 * holding the public trace page's address (DTL_PUBLIC_URL/trace/<batch>?c=<check code>) and the human-readable trace
 * code, so a label works with a phone camera and, typed in by hand, without one.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { CjkWriter } from './cjk-text';

export interface LabelFacts {
  readonly batchId: string;
  readonly checkCode: string;
  readonly address: string;
  readonly product: string;
  readonly quantity: string;
  /** Registration (or derivation) date, China Standard Time. */
  readonly date: string;
  readonly origin: string;
  readonly producer: string;
  /** Who answers for the batch: the registering department, with its place. */
  readonly contact: string;
}

const A4: [number, number] = [595.28, 841.89];
const COLUMNS = 2;
const ROWS = 4;
const GREY = rgb(0.35, 0.38, 0.45);

export async function labelSheetPdf(facts: LabelFacts, count = COLUMNS * ROWS): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`追溯标签 ${facts.batchId}`);
  doc.setCreator('Delta Trust Ledger');
  const text = new CjkWriter(doc);
  const qr = await doc.embedPng(await QRCode.toBuffer(facts.address, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 }));
  const margin = 24;
  const cellW = (A4[0] - 2 * margin) / COLUMNS;
  const cellH = (A4[1] - 2 * margin) / ROWS;
  let page = doc.addPage(A4);
  for (let i = 0; i < count; i++) {
    const slot = i % (COLUMNS * ROWS);
    if (slot === 0 && i > 0) page = doc.addPage(A4);
    const x = margin + (slot % COLUMNS) * cellW;
    const top = A4[1] - margin - Math.floor(slot / COLUMNS) * cellH;
    page.drawRectangle({ x: x + 4, y: top - cellH + 4, width: cellW - 8, height: cellH - 8, borderColor: GREY, borderWidth: 0.5, borderDashArray: [3, 3] });
    const qrSize = 104;
    page.drawImage(qr, { x: x + cellW - qrSize - 12, y: top - qrSize - 14, width: qrSize, height: qrSize });
    const textWidth = cellW - qrSize - 34;
    let y = top - 28;
    y = await text.paragraph(page, facts.product, x + 14, y, 14, textWidth);
    for (const [label, value] of [['数量', facts.quantity], ['日期', facts.date], ['产地', facts.origin], ['生产者', facts.producer], ['联系', facts.contact]] as const) {
      y = await text.paragraph(page, `${label}：${value}`, x + 14, y - 2, 8.5, textWidth);
    }
    await text.draw(page, '扫码或输入追溯码查验', x + cellW - qrSize - 12, top - qrSize - 26, 7.5, GREY);
    await text.draw(page, `追溯码 ${facts.batchId}`, x + 14, top - cellH + 30, 10);
    await text.draw(page, `校验码 ${facts.checkCode}`, x + 14, top - cellH + 16, 9, GREY);
  }
  return doc.save();
}
