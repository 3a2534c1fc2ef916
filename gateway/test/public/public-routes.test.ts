/**
 * The public read endpoints (issue 17) on the embedded ledger with the demo fixtures and the read model, no login:
 * only entries the issuer's catalogue shares unconditionally are disclosed (杭州 余杭 catering), others are not even
 * acknowledged; bad input is a 400 naming the field and the allowed values; QR codes hold the public page's address.
 */
import request from 'supertest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { COMPANIES, TENDER_ID, TRACE_BATCHES } from '@dtl/fixtures';
import { createServer } from '../../src/server';
import { startTestGateway, TEST_SECRET, type TestGateway } from '../../src/http/test-support';
import { pdfAttachments, pdfQrCodes } from './pdf-parts';

let gw: TestGateway;

async function indexed(): Promise<void> {
  const height = await gw.ledger.height();
  for (let i = 0; i < 200 && (gw.readModel?.indexer.height ?? 0) < height; i++) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  gw = await startTestGateway({ fixtures: true, readModel: true, tenderWindowMs: 1500 });
  await gw.tender?.();
  await indexed();
}, 180_000);

afterAll(async () => {
  await gw?.close();
});

describe('public credit disclosure', () => {
  it('finds a black-listed company by part of its Chinese name, without a token', async () => {
    const res = await request(gw.server.app).get(`/api/v1/public/credit/search?q=${encodeURIComponent('余杭')}`);
    expect(res.status).toBe(200);
    const items = (res.body as { items: Array<{ subject: string; name: string; lists: string[] }> }).items;
    expect(items).toEqual([expect.objectContaining({ subject: COMPANIES.yuhangCatering.creditCode, name: COMPANIES.yuhangCatering.name, lists: ['black'] })]);
  });

  it('does not disclose entries whose issuer does not share them unconditionally', async () => {
    for (const q of ['滁州示范建筑', COMPANIES.chuzhouBuild.creditCode]) {
      const res = await request(gw.server.app).get(`/api/v1/public/credit/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect((res.body as { items: unknown[] }).items).toEqual([]);
    }
    expect((await request(gw.server.app).get(`/api/v1/public/credit/subjects/${COMPANIES.chuzhouBuild.creditCode}`)).status).toBe(404);
    const lists = await request(gw.server.app).get('/api/v1/public/credit/lists');
    const entryIds = (lists.body as { items: Array<{ entryId: string }> }).items.map((i) => i.entryId);
    expect(entryIds).toEqual(['credit-zj-hz-2025-0031']);
  });

  it("serves a subject page with legal basis, decision number, measures, validity, issuer and the entry's proof", async () => {
    const res = await request(gw.server.app).get(`/api/v1/public/credit/subjects/${COMPANIES.yuhangCatering.creditCode}`);
    expect(res.status).toBe(200);
    const body = res.body as { blacklisted: boolean; name: string; entries: Array<Record<string, unknown> & { issuer: { nameZh: string }; proof: { form: string; record: { id: string } } }> };
    expect(body.blacklisted).toBe(true);
    expect(body.name).toBe(COMPANIES.yuhangCatering.name);
    const entry = body.entries[0];
    expect(entry).toMatchObject({ entryId: 'credit-zj-hz-2025-0031', list: 'black', decisionNumber: '杭市监信〔2025〕31号', status: 'in-force', validFrom: '2025-03-10T00:00:00Z' });
    expect(String(entry?.legalBasis)).toContain('食品安全法');
    expect(entry?.issuer.nameZh).toMatch(/杭州/);
    expect(entry?.proof.form).toBe('content');
    expect(entry?.proof.record.id).toBe('credit-zj-hz-2025-0031');
  });

  it('filters lists by list type, province and status, and names bad values with the allowed ones', async () => {
    const black = await request(gw.server.app).get('/api/v1/public/credit/lists?list=black&province=zhejiang&status=in-force');
    expect((black.body as { items: unknown[] }).items).toHaveLength(1);
    expect((await request(gw.server.app).get('/api/v1/public/credit/lists?list=red')).body).toMatchObject({ items: [] });
    const bad = await request(gw.server.app).get('/api/v1/public/credit/lists?status=gone&province=mars');
    expect(bad.status).toBe(400);
    const fields = (bad.body as { error: { details: Array<{ field: string; message: string }> } }).error.details;
    expect(fields).toEqual(expect.arrayContaining([
      { field: 'query.status', message: 'must be one of in-force, repaired, expired' },
      expect.objectContaining({ field: 'query.province', message: expect.stringContaining('zhejiang') as string }),
    ]));
    expect((await request(gw.server.app).get('/api/v1/public/credit/search?q=a')).status).toBe(400);
    expect((await request(gw.server.app).get('/api/v1/public/credit/subjects/..%2F..%2Fetc')).status).toBe(400);
  });

  it('announces listings as JSON and as an Atom feed', async () => {
    const json = await request(gw.server.app).get('/api/v1/public/credit/announcements');
    expect((json.body as { items: Array<{ kind: string; entryId: string }> }).items).toEqual([expect.objectContaining({ kind: 'listed', entryId: 'credit-zj-hz-2025-0031' })]);
    const atom = await request(gw.server.app).get('/api/v1/public/credit/announcements.atom');
    expect(atom.status).toBe(200);
    expect(atom.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(atom.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(atom.text).toContain(`列入失信主体名单：${COMPANIES.yuhangCatering.name}`);
  });
});

describe('public tenders', () => {
  it('lists the notice and publishes the result with the committee and the evidence package once awarded', async () => {
    const list = await request(gw.server.app).get('/api/v1/public/tenders');
    expect((list.body as { items: Array<{ tenderId: string }> }).items.map((i) => i.tenderId)).toContain(TENDER_ID);
    const one = await request(gw.server.app).get(`/api/v1/public/tenders/${TENDER_ID}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ phase: 'result', tender: { tenderId: TENDER_ID, status: 'awarded' } });
    expect(String((one.body as { tender: { title: string } }).tender.title)).toMatch(/[\u4e00-\u9fff]/);
    expect((one.body as { draw: unknown }).draw).not.toBeNull();
    const evidence = await request(gw.server.app).get(`/api/v1/public/tenders/${TENDER_ID}/evidence`);
    expect(evidence.status).toBe(200);
    expect(evidence.body).toMatchObject({ kind: 'dtl-tender-evidence', tenderId: TENDER_ID });
    expect((await request(gw.server.app).get('/api/v1/public/tenders/NO-SUCH')).status).toBe(404);
    expect((await request(gw.server.app).get('/api/v1/public/tenders?stage=done')).status).toBe(400);
  });
});

describe('QR codes hold the public trace address', () => {
  function decode(png: Buffer): string | undefined {
    const image = PNG.sync.read(png);
    return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
  }

  it('derives the base from the request without DTL_PUBLIC_URL', async () => {
    const res = await request(gw.server.app).get(`/api/v1/batches/${TRACE_BATCHES.lvdouRecalled}/qr.png`).set('host', 'trace.local:8080');
    expect(res.status).toBe(200);
    expect(decode(res.body as Buffer)).toMatch(new RegExp(`^http://trace\\.local:8080/trace/${TRACE_BATCHES.lvdouRecalled}\\?c=[0-9a-f]{8}$`));
  });

  it('uses DTL_PUBLIC_URL when configured, and the check code in it is the ledger one', async () => {
    const app = createServer({ ledger: gw.ledger, keystore: gw.keystore, jwtSecret: TEST_SECRET, publicUrl: 'https://trace.example.gov.cn' }).app;
    const res = await request(app).get(`/api/v1/batches/${TRACE_BATCHES.lvdouRecalled}/qr.png`);
    const address = decode(res.body as Buffer) ?? '';
    const match = /^https:\/\/trace\.example\.gov\.cn\/trace\/([^?]+)\?c=([0-9a-f]{8})$/.exec(address);
    expect(match).not.toBeNull();
    const trace = await request(app).get(`/api/v1/trace/${encodeURIComponent(`dtl-trace:1:${match?.[1] ?? ''}:${match?.[2] ?? ''}`)}`);
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({ verdict: 'recalled' });
  });
});

describe('PDFs', () => {
  it('a credit report in Chinese with a QR to its online check and the proofs attached', async () => {
    const res = await request(gw.server.app).get(`/api/v1/public/credit/subjects/${COMPANIES.yuhangCatering.creditCode}/report.pdf`).set('host', 'credit.local').buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = new Uint8Array(res.body as Buffer);
    expect(pdf.length).toBeLessThan(300_000);
    expect(await pdfQrCodes(pdf)).toEqual([`http://credit.local/credit/${COMPANIES.yuhangCatering.creditCode}`]);
    const proofs = JSON.parse(new TextDecoder().decode((await pdfAttachments(pdf)).get('proofs.json'))) as Array<{ record: { id: string }; form: string }>;
    expect(proofs.map((p) => p.record.id)).toEqual(['credit-zj-hz-2025-0031']);
    expect(proofs[0]?.form).toBe('content');
    expect((await request(gw.server.app).get(`/api/v1/public/credit/subjects/${COMPANIES.chuzhouBuild.creditCode}/report.pdf`)).status).toBe(404);
  });

  it('a label sheet whose QR codes hold the trace address with the check code', async () => {
    const res = await request(gw.server.app).get(`/api/v1/public/batches/${TRACE_BATCHES.guapianShanghai}/labels.pdf`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const codes = await pdfQrCodes(new Uint8Array(res.body as Buffer));
    expect(codes).toHaveLength(1); // one image, drawn on every label
    expect(codes[0]).toMatch(new RegExp(`/trace/${TRACE_BATCHES.guapianShanghai}\\?c=[0-9a-f]{8}$`));
    expect((await request(gw.server.app).get(`/api/v1/public/batches/${TRACE_BATCHES.guapianShanghai}/labels.pdf?count=2`)).status).toBe(400);
    expect((await request(gw.server.app).get('/api/v1/public/batches/NO-SUCH/labels.pdf')).status).toBe(404);
  });
});
