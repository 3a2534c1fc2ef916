/** Small pieces the credit pages share: list and status names, an entry row, an announcement list. */
import { h } from '../dom';
import { lang, tr } from '../i18n';
import { chinaDate } from './shell';
import { measureText, p, pk } from './i18n-public';

export interface IssuerName {
  id: string;
  nameZh: string;
  nameEn: string;
  province?: string;
  city?: string;
}

export interface AnnouncementItem {
  kind: 'listed' | 'removed';
  at: string;
  entryId: string;
  list: string;
  subject: string;
  subjectName: string;
  issuer: IssuerName;
  detail: string;
}

export interface ListItem {
  entryId: string;
  list: string;
  category: string;
  subjectKind: string;
  subject: string;
  subjectName: string;
  issuer: IssuerName;
  validFrom: string;
  validTo: string | null;
  measures: string[];
  recordedAt: string;
  status: 'in-force' | 'repaired' | 'expired';
}

export function issuerName(issuer: IssuerName): string {
  return lang() === 'zh-CN' ? issuer.nameZh : issuer.nameEn;
}

export function listName(list: string): string {
  return list === 'black' ? p('listBlack') : list === 'red' ? p('listRed') : list;
}

export function statusName(status: string): string {
  return status === 'in-force' ? p('statusInForce') : status === 'repaired' ? p('statusRepaired') : status === 'expired' ? p('statusExpired') : status;
}

export function statusBadge(status: string, list: string): HTMLElement {
  return h('span', { class: `badge s-${status} l-${list}`, 'data-status': status }, statusName(status));
}

export function subjectLabel(kind: string, name: string): string {
  return kind === 'person' ? `${name}（${p('personMasked')}）` : name;
}

export function validity(from: string, to: string | null): string {
  return `${chinaDate(from)} — ${to === null ? p('validUntilRepair') : chinaDate(to)}`;
}

export function measuresText(measures: readonly string[]): string {
  return measures.map(measureText).join(lang() === 'zh-CN' ? '、' : ', ');
}

export function entryCard(item: ListItem): HTMLElement {
  return h(
    'li',
    { class: `entry l-${item.list}`, 'data-entry': item.entryId },
    h('a', { href: `/credit/${encodeURIComponent(item.subject)}`, class: 'subject-link' }, subjectLabel(item.subjectKind, item.subjectName)),
    ' ',
    statusBadge(item.status, item.list),
    h('div', { class: 'meta' }, `${listName(item.list)} · ${pk('category', item.category)}`),
    h('div', { class: 'meta' }, `${issuerName(item.issuer)}${item.issuer.province ? ` · ${tr(item.issuer.province)}` : ''} · ${validity(item.validFrom, item.validTo)}`),
  );
}

export function announcementList(items: readonly AnnouncementItem[]): HTMLElement {
  return h(
    'ul',
    { class: 'announcements' },
    items.map((item) =>
      h(
        'li',
        { 'data-kind': item.kind },
        h('span', { class: 'when' }, chinaDate(item.at)),
        ' ',
        h('strong', {}, item.kind === 'listed' ? p('announceListed') : p('announceRemoved')),
        ' ',
        listName(item.list),
        p('colon'),
        h('a', { href: `/credit/${encodeURIComponent(item.subject)}` }, item.subjectName),
        item.kind === 'removed' ? ` (${item.detail === 'repair-approved' ? p('removedRepair') : p('removedWithdrawn')})` : '',
        h('div', { class: 'meta' }, issuerName(item.issuer)),
      ),
    ),
  );
}
