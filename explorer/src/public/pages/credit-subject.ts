/**
 * A subject's credit page: each disclosed entry with its legal basis, decision number, measures, validity, issuing
 * department and repair history, each record's signature verified here against the pinned trust bundle, the proofs
 * to download (for `dtl verify --trust`) and the credit report as PDF.
 */
import { add, h } from '../../dom';
import type { Proof } from '../../../../gateway/src/proof/types';
import { chinaTime } from '../../views/verdict-level';
import { issuerName, listName, measuresText, statusBadge, subjectLabel, validity } from '../credit-widgets';
import { p, pk } from '../i18n-public';
import { chinaDate, facts, getPublic, notice, PublicFetchError, ready } from '../shell';
import { downloadJson, signatureBadge } from '../badges';
import { urls } from '../urls';

interface HistoryItem {
  type: string;
  recordId: string;
  committedAt: string;
  proof: Proof;
}
interface Entry {
  entryId: string;
  list: string;
  category: string;
  legalBasis: string;
  decisionNumber: string | null;
  measures: string[];
  validFrom: string;
  validTo: string | null;
  status: string;
  recordedAt: string;
  repairedAt: string | null;
  issuer: { id: string; nameZh: string; nameEn: string; province?: string };
  proof: Proof;
  history: HistoryItem[];
}
interface Subject {
  subject: string;
  subjectKind: string;
  name: string;
  blacklisted: boolean;
  redlisted: boolean;
  entries: Entry[];
}

function historyLine(item: HistoryItem): HTMLElement {
  const record = item.proof.record as Record<string, unknown>;
  const what = item.type === 'credit.repair.decide' ? `${p('repairDecision')}${p('colon')}${record.decision === 'approved' ? p('decisionApproved') : p('decisionRejected')}` : `${p('correction')}${p('colon')}${String(record.action ?? '')}`;
  return h('li', { 'data-record': item.recordId }, h('span', { class: 'when' }, chinaTime(item.committedAt)), ' ', what, record.reason ? h('div', { class: 'meta' }, String(record.reason)) : null);
}

export async function creditSubjectPage(main: HTMLElement, subject: string): Promise<void> {
  let page: Subject;
  try {
    page = await getPublic<Subject>(urls.creditSubject(subject));
  } catch (error) {
    main.append(notice(error instanceof PublicFetchError && (error.status === 404 || error.status === 400) ? 'empty' : 'error', error instanceof PublicFetchError && error.status >= 500 ? p('error') : p('nothing')));
    ready(main);
    return;
  }
  const proofs = page.entries.flatMap((e) => [e.proof, ...e.history.map((x) => x.proof)]);
  const standing = page.blacklisted ? p('currentlyBlack') : page.redlisted ? p('currentlyRed') : p('notCurrentlyListed');
  add(main, 
    h('h1', { id: 'subject-name' }, subjectLabel(page.subjectKind, page.name)),
    page.subjectKind === 'organisation' ? facts([[p('creditCode'), h('code', {}, page.subject)]]) : null,
    h('p', { class: `standing ${page.blacklisted ? 'black' : page.redlisted ? 'red' : 'none'}`, id: 'subject-standing' }, standing),
    h(
      'p',
      { class: 'actions' },
      h('a', { href: `/api/v1/public/credit/subjects/${encodeURIComponent(page.subject)}/report.pdf`, id: 'download-report', class: 'button', download: `credit-report-${page.subject.replace(/[^A-Za-z0-9]/g, '')}.pdf` }, p('downloadReport')),
      ' ',
      h('button', { type: 'button', id: 'download-proofs', onclick: () => downloadJson(`credit-proofs-${page.subject.replace(/[^A-Za-z0-9]/g, '')}.json`, proofs) }, p('downloadProofs')),
    ),
    h('p', { class: 'note' }, p('reportNote')),
  );
  const cards = page.entries.map((entry) => {
    const sig = h('div', { class: 'sig-slot' });
    const card = h(
      'article',
      { class: `entry-card l-${entry.list}`, 'data-entry': entry.entryId },
      h('h2', {}, listName(entry.list), ' ', statusBadge(entry.status, entry.list)),
      facts([
        [p('category'), pk('category', entry.category)],
        [p('legalBasis'), entry.legalBasis],
        [p('decisionNumber'), entry.decisionNumber ?? ''],
        [p('measures'), measuresText(entry.measures)],
        [p('validity'), validity(entry.validFrom, entry.validTo)],
        [p('issuer'), issuerName(entry.issuer)],
        [p('recordedAt'), chinaDate(entry.recordedAt)],
        [p('repairedAt'), entry.repairedAt === null ? '' : chinaDate(entry.repairedAt)],
      ]),
      h('h3', {}, p('repairHistory')),
      entry.history.length === 0 ? h('p', { class: 'meta' }, p('noHistory')) : h('ul', { class: 'history' }, entry.history.map(historyLine)),
      h(
        'details',
        { class: 'material' },
        h('summary', {}, p('signatureMaterial')),
        facts([
          [p('recordId'), h('code', {}, entry.entryId)],
          [p('txId'), h('code', {}, entry.proof.txId)],
          [p('blockNumber'), String(entry.proof.blockNumber)],
          [p('signerKey'), h('code', {}, entry.proof.signerKeyId)],
        ]),
      ),
      sig,
    );
    return { card, sig, entry };
  });
  const trustSlot = h('div', { id: 'trust-slot' });
  add(main, ...cards.map((c) => c.card), trustSlot);
  ready(main);
  const verification = await import('../verification');
  const statuses = await verification.verifyProofs(cards.map((c) => c.entry.proof));
  trustSlot.replaceChildren(verification.trustPanel(() => location.reload()));
  cards.forEach((c, i) => c.sig.append(signatureBadge(statuses[i] ?? 'unverifiable')));
  main.setAttribute('data-verified', '1');
}
