/**
 * A tender's announcement: the notice; candidate publicity (中标候选人公示) once evaluated; the result (中标结果公告)
 * with the expert committee once awarded; the evidence package to download, and the recompute: the whole tender
 * replayed in this browser with the chaincode's own pure replayTender, every record's proof checked against the
 * pinned trust bundle.
 */
import { add, clear, h } from '../../dom';
import type { Proof } from '../../../../gateway/src/proof/types';
import type { TenderLedgerRecords, TenderReplay } from '../../../../chaincode/src/domain/tender/replay';
import { chinaTime } from '../../views/verdict-level';
import { p, pk } from '../i18n-public';
import { facts, getPublic, notice, PublicFetchError, ready } from '../shell';
import { downloadJson, signatureBadge } from '../badges';
import { urls } from '../urls';
import { textOf } from '../text';

interface Ranked {
  rank: number;
  bidId: string;
  bidderName: string;
  bidderCreditCode: string;
  price: number;
  totalScore: number;
}
interface Announcement {
  tender: Record<string, unknown>;
  phase: 'notice' | 'candidates' | 'result';
  result: { ranking: Ranked[]; recommended: string[] } | null;
  draw: { drawn: string[] } | null;
  award: Record<string, unknown> | null;
}
interface Evidence {
  tenderId: string;
  records: TenderLedgerRecords;
  proofs: Record<string, Proof>;
}

const score = (centi: number): string => (centi / 100).toFixed(2);

function ranking(rows: readonly Ranked[], winner: string | undefined): HTMLElement {
  return h(
    'table',
    { class: 'ranking', id: 'tender-ranking' },
    h('thead', {}, h('tr', {}, [p('rank'), p('bidder'), p('price'), p('score')].map((title) => h('th', {}, title)))),
    h('tbody', {}, rows.map((r) => h('tr', { 'data-bid': r.bidId, class: r.bidId === winner ? 'winner' : '' }, h('td', {}, String(r.rank)), h('td', {}, r.bidderName, r.bidId === winner ? h('strong', {}, ` · ${p('winner')}`) : null), h('td', {}, r.price.toLocaleString()), h('td', {}, score(r.totalScore))))),
  );
}

/** Recomputes the tender here from its evidence package, with the chaincode's own replay (loaded on demand). */
export async function recompute(evidence: Evidence): Promise<{ replay: TenderReplay; same: boolean }> {
  const { replayTender } = await import('../../../../chaincode/src/domain/tender/replay');
  const replay = replayTender(evidence.records);
  return { replay, same: replay.ok && (replay.result?.matches ?? false) && (replay.award?.valid ?? true) };
}

export async function tenderPage(main: HTMLElement, tenderId: string): Promise<void> {
  let a: Announcement;
  try {
    a = await getPublic<Announcement>(urls.tender(tenderId));
  } catch (error) {
    main.append(notice(error instanceof PublicFetchError && error.status < 500 ? 'empty' : 'error', p('nothing')));
    ready(main);
    return;
  }
  const t = a.tender;
  const winner = a.award === null ? undefined : textOf(a.award.bidId ?? (a.award.record as Record<string, unknown> | undefined)?.bidId);
  const heading = a.phase === 'result' ? p('tenderResult') : a.phase === 'candidates' ? p('tenderCandidates') : p('tenderNotice');
  const out = h('div', { id: 'recompute-result', 'aria-live': 'polite' });
  const trustSlot = h('div', { id: 'trust-slot' });
  add(main, 
    h('h1', { id: 'tender-title' }, textOf(t.title)),
    h('p', { class: `phase phase-${a.phase}`, id: 'tender-phase', 'data-phase': a.phase }, heading),
    facts([
      [p('purchaser'), textOf(t.purchaser)],
      [p('category'), pk('tenderCategory', textOf(t.category))],
      [p('publishedAt'), chinaTime(textOf(t.publishedAt))],
      [p('stage'), pk('stage', textOf(t.status ?? t.stage))],
      [p('bidDeadline'), chinaTime(textOf(t.bidDeadline))],
      [p('revealDeadline'), chinaTime(textOf(t.revealDeadline))],
    ]),
    a.result === null ? null : [h('h2', {}, p('tenderCandidates')), ranking(a.result.ranking, winner)],
    a.draw === null ? null : [h('h2', {}, p('committee')), h('ul', { class: 'committee', id: 'tender-committee' }, a.draw.drawn.map((id) => h('li', {}, id)))],
    h('h2', {}, p('evidence')),
    a.phase !== 'result'
      ? h('p', { class: 'meta' }, p('evidenceAfterAward'))
      : [
          h('p', { class: 'note' }, p('recomputeNote')),
          h(
            'p',
            { class: 'actions' },
            h('button', { type: 'button', id: 'recompute', onclick: () => void run() }, p('recompute')),
            ' ',
            h('button', { type: 'button', id: 'download-evidence', onclick: () => void getPublic<Evidence>(`/api/v1/public/tenders/${encodeURIComponent(tenderId)}/evidence`).then((e) => downloadJson(`tender-evidence-${tenderId}.json`, e)) }, p('downloadEvidence')),
          ),
          out,
        ],
    trustSlot,
  );
  ready(main);
  void import('../verification').then((v) => trustSlot.replaceChildren(v.trustPanel(() => location.reload())));

  async function run(): Promise<void> {
    out.replaceChildren(notice('info', p('loading')));
    try {
      const evidence = await getPublic<Evidence>(`/api/v1/public/tenders/${encodeURIComponent(tenderId)}/evidence`);
      const { replay, same } = await recompute(evidence);
      const proofs = Object.values(evidence.proofs);
      const statuses = await (await import('../verification')).verifyProofs(proofs);
      const valid = statuses.filter((s) => s === 'valid').length;
      add(
        clear(out),
        h('div', { class: `verdict-box ${same ? 'r-valid' : 'r-revoked'}`, id: 'recompute-verdict', 'data-verdict': same ? 'same' : 'different' }, same ? `✔ ${p('recomputeSame')}` : `✖ ${p('recomputeDiffers')}`),
        replay.problems.length > 0 ? h('ul', {}, replay.problems.map((x) => h('li', {}, x))) : null,
        replay.result ? ranking(replay.result.recomputed.ranking, winner) : null,
        h('p', { class: 'meta', id: 'evidence-signatures' }, `${valid} / ${statuses.length} `, signatureBadge(valid === statuses.length ? 'valid' : statuses.find((s) => s !== 'valid') ?? 'unverifiable')),
      );
    } catch (error) {
      out.replaceChildren(notice('error', `${p('error')}: ${(error as Error).message}`));
    }
  }
}
