/**
 * The credit report (信用报告) as PDF: the subject's disclosed entries with legal basis, decision number, measures,
 * validity, issuing department, status and repair history; a QR code to its online check (the public subject page);
 * and, to check it offline, every record's id, transaction, block and block hash printed, with the proofs attached
 * as `proofs.json` (each one passes `dtl verify <proof> --trust trust.json`).
 */
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { PublicSubject } from '../credit-disclosure';
import { CjkWriter } from './cjk-text';
import { CATEGORY_ZH, LIST_ZH, STATUS_ZH, cst, measureZh } from './names-zh';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const GREY = rgb(0.35, 0.38, 0.45);
const RED = rgb(0.7, 0.15, 0.12);

export const REPORT_ATTACHMENT = 'proofs.json';

export async function creditReportPdf(subject: PublicSubject, onlineCheck: string, generatedAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`信用报告 ${subject.name}`);
  doc.setSubject(subject.subject);
  doc.setCreator('Delta Trust Ledger');
  doc.setCreationDate(generatedAt);
  const text = new CjkWriter(doc);
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;
  const need = (height: number): void => {
    if (y - height < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const line = async (label: string, value: string, size = 10): Promise<void> => {
    need(size * 1.6);
    await text.draw(page, label, MARGIN, y, size, GREY);
    y = await text.paragraph(page, value, MARGIN + 96, y, size, width - 96);
  };

  await text.draw(page, '公共信用信息报告', MARGIN, y, 20);
  const qr = await doc.embedPng(await QRCode.toBuffer(onlineCheck, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 }));
  page.drawImage(qr, { x: A4[0] - MARGIN - 96, y: y - 80, width: 96, height: 96 });
  y -= 30;
  await line('主体名称', subject.subjectKind === 'person' ? `${subject.name}（自然人，已脱敏）` : subject.name);
  if (subject.subjectKind === 'organisation') await line('统一社会信用代码', subject.subject);
  await line('当前状态', subject.blacklisted ? '在失信主体名单中' : subject.redlisted ? '在守信激励名单中' : '不在有效名单中');
  await line('报告生成时间', cst(generatedAt.toISOString(), true));
  await line('在线核验', onlineCheck, 8);
  y -= 8;

  for (const [i, entry] of subject.entries.entries()) {
    need(120);
    page.drawLine({ start: { x: MARGIN, y: y + 4 }, end: { x: A4[0] - MARGIN, y: y + 4 }, thickness: 0.5, color: GREY });
    y -= 14;
    await text.draw(page, `${i + 1}. ${LIST_ZH[entry.list] ?? entry.list} · ${STATUS_ZH[entry.status] ?? entry.status}`, MARGIN, y, 13, entry.list === 'black' && entry.status === 'in-force' ? RED : undefined);
    y -= 20;
    await line('类别', CATEGORY_ZH[entry.category] ?? entry.category);
    await line('认定依据', entry.legalBasis);
    if (entry.decisionNumber !== null) await line('决定文书号', entry.decisionNumber);
    await line('措施', entry.measures.map(measureZh).join('、'));
    await line('有效期', `${cst(entry.validFrom)} 至 ${entry.validTo === null ? '信用修复' : cst(entry.validTo)}`);
    await line('认定部门', `${entry.issuer.nameZh}（${entry.issuer.id}）`);
    await line('列入时间', cst(entry.recordedAt, true));
    if (entry.repairedAt !== null) await line('修复/撤销时间', cst(entry.repairedAt, true));
    for (const item of entry.history) {
      const record = item.proof.record as Readonly<Record<string, unknown>>;
      const what = item.type === 'credit.repair.decide' ? `信用修复决定：${record.decision === 'approved' ? '准予修复' : '不予修复'}` : `更正/撤销：${String(record.action ?? '')}`;
      await line('修复与更正', `${cst(item.committedAt, true)} ${what}（记录 ${item.recordId}）`);
    }
    await line('记录编号', entry.entryId, 8);
    await line('交易编号', entry.proof.txId, 8);
    await line('区块', `${entry.proof.blockNumber} · ${entry.proof.blockHash}`, 8);
    await line('签名密钥', entry.proof.signerKeyId, 8);
    y -= 6;
  }
  need(60);
  y = await text.paragraph(page, `离线核验：本报告附件 ${REPORT_ATTACHMENT} 含上述每条记录的证明（记录、SM2签名、交易、区块头及区块签名），可用 dtl verify <证明> --trust <信任包> 在不信任本服务器的情况下核验；信任包须与省级发布的指纹一致。`, MARGIN, y - 8, 9, width, GREY);

  const proofs = subject.entries.flatMap((entry) => [entry.proof, ...entry.history.map((h) => h.proof)]);
  await doc.attach(new TextEncoder().encode(JSON.stringify(proofs, null, 2)), REPORT_ATTACHMENT, { mimeType: 'application/json', description: 'Proofs of every record in this report (dtl verify --trust)', creationDate: generatedAt, modificationDate: generatedAt });
  return doc.save();
}
