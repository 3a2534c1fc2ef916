/** Chain overview, blocks, a block's transactions, a transaction and its record — each verified here. */
import { getBlock, getTransaction, health, type TxView } from '../api';
import { indexList, indexOverview, type BlockSummary } from '../read-model';
import { barChart, lineChart, pieChart } from '../charts';
import { add, badge, facts, h, link, pretty, short, table, type Child } from '../dom';
import { t, tr } from '../i18n';
import { tt } from '../i18n-trust';
import { trustPanel } from '../trust-anchor';
import { blockSignatureStatus } from '../verify-anchored';
import { checkBlockLink, checkRecordSignature, recordOfTransaction, type SignatureStatus } from '../verify';
import { formatTime, provinceOfMsp } from '../util';
import { departmentLabel, departments } from '../directory';

/** The overview: one read-model request for the counts and charts, one for the recent blocks; nothing is folded here. */
export async function overviewView(root: HTMLElement): Promise<void> {
  const [healthResult, overview, recent] = await Promise.all([health(), indexOverview(), indexList<BlockSummary>('blocks', { limit: 100 })]);
  const height = overview?.chainHeight ?? 0;
  const last = overview?.latestBlocks[0];
  const counts = overview?.counts ?? {};
  const oldest = recent.items[recent.items.length - 1];
  const span = last && oldest ? (Date.parse(last.timestamp) - Date.parse(oldest.timestamp)) / 1000 : 0;
  const tps = span > 0 ? recent.items.reduce((n, b) => n + b.txCount, 0) / span : 0;
  add(root,
    h('h1', {}, t('overview')),
    h(
      'div',
      { class: 'cards' },
      card(t('height'), String(height), 'stat-height'),
      card(t('transactions'), String(counts.transactions ?? 0), 'stat-transactions'),
      card(t('txPerSecond'), tps.toFixed(2), 'stat-tps'),
      card(t('invalidTx'), String(counts.invalidTransactions ?? 0), 'stat-invalid'),
      card(t('lastBlock'), last ? formatTime(last.timestamp) : '—', 'stat-last'),
      card(t('ledgerHealth'), healthResult.ok ? t('healthy') : t('unhealthy'), 'stat-health', healthResult.ok ? 'ok' : 'bad'),
      card(t('indexHeight'), overview ? `${overview.indexHeight}${overview.chainHeight > overview.indexHeight ? ` (−${overview.chainHeight - overview.indexHeight})` : ''}` : '—', 'stat-index'),
    ),
  );
  const charts = h('div', { class: 'charts' });
  const timeline = h('div', { class: 'chart', id: 'chart-blocks' });
  const families = h('div', { class: 'chart', id: 'chart-families' });
  const provinces = h('div', { class: 'chart', id: 'chart-provinces' });
  charts.append(timeline, families, provinces);
  add(root, charts);
  if (overview) {
    let cumulative = 0;
    const points = [...recent.items].reverse().map((b): [string, number] => [b.timestamp, (cumulative += b.txCount)]);
    lineChart(timeline, t('blocksOverTime'), points, t('transactions'));
    pieChart(families, t('recordsByFamily'), Object.entries(overview.byFamily).map(([name, value]) => ({ name: tr(name), value })));
    const provinceEntries = Object.entries(overview.byProvince);
    barChart(provinces, t('recordsByProvince'), provinceEntries.map(([p]) => tr(p)), provinceEntries.map(([, v]) => v));
    add(root,
      h('div', { class: 'hidden-data', id: 'overview-data', 'data-families': JSON.stringify(overview.byFamily), 'data-provinces': JSON.stringify(overview.byProvince), 'data-index-height': String(overview.indexHeight) }),
    );
  }
  add(root, h('h2', {}, t('blocks')), blocksTable(overview?.latestBlocks ?? []));
}

function card(label: string, value: string, id: string, kind?: 'ok' | 'bad'): HTMLElement {
  return h('div', { class: `card ${kind ?? ''}`, id }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value));
}

function blocksTable(blocks: readonly BlockSummary[]): HTMLElement {
  return table(
    [t('number'), t('time'), t('txCount'), t('hash')],
    blocks.map((b) => [link(`#/blocks/${b.number}`, String(b.number)), formatTime(b.timestamp), String(b.txCount), h('code', {}, short(b.hash, 16))]),
    { class: 'blocks-table' },
  );
}

/** Blocks, newest first, a page at a time from the read model (keyset cursor). */
export async function blocksView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const page = await indexList<BlockSummary>('blocks', { limit: 25, cursor: params.get('cursor') ?? undefined });
  add(root, h('h1', {}, t('blocks'), ' ', h('small', {}, `${t('indexHeight')} ${page.indexHeight}`)), blocksTable(page.items));
  if (page.nextCursor) add(root, h('p', {}, link(`#/blocks?cursor=${encodeURIComponent(page.nextCursor)}`, `← ${t('older')}`)));
}

function validationBadge(code: string): HTMLElement {
  return badge(code, code === 'VALID' ? 'ok' : 'bad');
}

export async function blockView(root: HTMLElement, number: number): Promise<void> {
  const block = await getBlock(number);
  if (!block) {
    add(root, h('h1', {}, `${t('block')} ${number}`), h('p', { class: 'notfound' }, t('notFound')));
    return;
  }
  const previous = number > 0 ? await getBlock(number - 1) : undefined;
  const check = checkBlockLink(block, previous);
  const signed = blockSignatureStatus(block);
  const ok = check.headerOk && check.linkOk && signed === 'valid';
  add(root, 
    h('h1', {}, `${t('block')} ${block.number}`),
    trustPanel(() => location.reload()),
    verdictBox(ok, [
      [check.headerOk ? t('linkValid') : t('linkInvalid'), check.headerOk, `SM3(header) = ${short(check.recomputedHash, 20)}`],
      [`previousHash → ${t('block')} ${number - 1}`, check.linkOk, short(block.previousHash, 20)],
      [signed === 'valid' ? tt('blockSignedPinned') : signed === 'unanchored' ? tt('sigUnanchored') : signed === 'unverifiable' ? tt('sigUnverifiable') : tt('blockNotSignedPinned'), signed === 'valid', block.signature ? short(block.signature.value, 20) : '—'],
    ], check.reason),
    facts([
      [t('hash'), h('code', {}, block.hash)],
      [t('previousHash'), number > 0 ? link(`#/blocks/${number - 1}`, h('code', {}, block.previousHash)) : '—'],
      [t('dataHash'), h('code', {}, block.dataHash)],
      [t('time'), formatTime(block.timestamp)],
      [t('signature'), block.signature ? `${block.signature.algorithm} · ${short(block.signature.signer, 16)}` : undefined],
    ]),
    h('h2', {}, t('transactions')),
    table(
      ['#', t('txId'), t('validation'), t('creator'), t('contract'), t('function')],
      block.transactions.map((tx) => [String(tx.index), link(`#/tx/${tx.txId}`, h('code', {}, short(tx.txId, 16))), validationBadge(tx.validationCode), tx.creatorMspId, tx.contract, tx.transaction]),
      { class: 'tx-table' },
    ),
  );
}

function verdictBox(ok: boolean, lines: readonly (readonly [string, boolean, string])[], note?: string): HTMLElement {
  return h(
    'div',
    { class: `verdict ${ok ? 'ok' : 'bad'}`, id: 'verdict', 'data-verdict': ok ? 'valid' : 'invalid' },
    h('div', { class: 'verdict-title' }, ok ? `✔ ${t('verdictOk')}` : `✖ ${t('verdictBad')}`, ' — ', t('verifyInBrowser')),
    h('ul', {}, lines.map(([label, good, detail]) => h('li', { class: good ? 'ok' : 'bad' }, good ? '✔ ' : '✖ ', label, detail ? h('small', {}, ` ${detail}`) : null))),
    h('p', { class: 'note' }, note ?? t('verifyNote')),
  );
}

export function signatureLabel(status: SignatureStatus): string {
  if (status === 'valid') return t('sigValid');
  if (status === 'unknown-key') return t('sigUnknownKey');
  if (status === 'unsigned') return '—';
  if (status === 'unanchored') return tt('sigUnanchored');
  if (status === 'unverifiable') return tt('sigUnverifiable');
  if (status === 'hash-only') return t('sigHashOnly');
  return tt('sigForged');
}

export async function txView(root: HTMLElement, txId: string): Promise<void> {
  const found = await getTransaction(txId);
  if (!found) {
    add(root, h('h1', {}, t('transaction')), h('p', { class: 'notfound' }, `${t('notFound')}: ${txId}`));
    return;
  }
  const { tx } = found;
  const stored = found.record as { record?: unknown } | undefined;
  const record = (stored && typeof stored === 'object' && 'record' in stored ? stored.record : stored) ?? recordOfTransaction(tx.args);
  const [block, previous] = await Promise.all([getBlock(tx.blockNumber), tx.blockNumber > 0 ? getBlock(tx.blockNumber - 1) : Promise.resolve(undefined)]);
  const [signature, directory] = await Promise.all([record ? checkRecordSignature(record, tx.txId) : Promise.resolve<SignatureStatus>('unsigned'), departments()]);
  const inBlock = block?.transactions.find((candidate) => candidate.txId === tx.txId);
  const sameAsBlock = inBlock !== undefined && JSON.stringify(inBlock.args) === JSON.stringify(tx.args);
  const link_ = block ? checkBlockLink(block, previous) : undefined;
  const lines: [string, boolean, string][] = [];
  // A hash-only record (content not shared with this caller) is not a failed check: the chain still links and holds it.
  if (record) lines.push([signatureLabel(signature), signature === 'valid' || signature === 'hash-only', (record as { signature?: { keyId?: string } }).signature?.keyId ?? '']);
  lines.push([`${t('block')} ${tx.blockNumber}: ${link_?.headerOk && link_.linkOk ? t('linkValid') : t('linkInvalid')}`, Boolean(link_?.headerOk && link_.linkOk), '']);
  lines.push([`tx ∈ ${t('block')} ${tx.blockNumber}`, sameAsBlock, '']);
  const ok = lines.every(([, good]) => good);
  add(root, 
    h('h1', {}, t('transaction'), ' ', h('code', { class: 'txid' }, tx.txId)),
    trustPanel(() => location.reload()),
    verdictBox(ok, lines),
    facts([
      [t('block'), link(`#/blocks/${tx.blockNumber}`, String(tx.blockNumber))],
      [t('validation'), validationBadge(tx.validationCode)],
      [t('creator'), `${tx.creatorMspId}${provinceOfMsp(tx.creatorMspId) ? ` (${tr(provinceOfMsp(tx.creatorMspId) as string)})` : ''}`],
      [t('time'), formatTime(tx.timestamp)],
      [t('contract'), `${tx.contract} · ${tx.transaction}`],
      [t('signer'), record ? departmentLabel(directory, String((record as { department?: string }).department ?? '—')) : undefined],
    ]),
    record ? [h('h2', {}, t('record'), ' ', h('span', { id: 'signature-status', 'data-status': signature }, badge(signatureLabel(signature), signature === 'valid' ? 'ok' : signature === 'unanchored' || signature === 'unverifiable' || signature === 'hash-only' ? 'info' : 'bad'))), pretty(record)] : null,
    tx.events.length > 0 ? [h('h2', {}, 'Events'), ...tx.events.map((event): Child => [h('h3', {}, event.name), pretty(safeJson(event.payload))])] : null,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export type { TxView };
