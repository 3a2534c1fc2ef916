/** The announcements of credit listings and removals as an Atom 1.0 feed (RFC 4287), for feed readers. Pure. */
import type { Announcement } from './credit-disclosure';

const LIST_NAMES: Readonly<Record<string, string>> = { black: '失信主体名单', red: '守信激励名单' };

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** The feed; `base` is the public base URL (entries link to the subject pages under it). */
export function announcementsFeed(items: readonly Announcement[], base: string, updated: string): string {
  const entries = items.map((item) => {
    const list = LIST_NAMES[item.list] ?? item.list;
    const title = item.kind === 'listed' ? `列入${list}：${item.subjectName}` : `移出${list}：${item.subjectName}`;
    const link = `${base}/credit/${encodeURIComponent(item.subject)}`;
    const summary = `${item.issuer.nameZh}（${item.entryId}）${item.kind === 'listed' ? '' : item.detail === 'repair-approved' ? '：信用修复已批准' : '：已撤销'}`;
    return [
      '  <entry>',
      `    <id>urn:dtl:${escapeXml(item.kind)}:${escapeXml(item.recordId)}</id>`,
      `    <title>${escapeXml(title)}</title>`,
      `    <updated>${escapeXml(item.at)}</updated>`,
      `    <link href="${escapeXml(link)}"/>`,
      `    <author><name>${escapeXml(item.issuer.nameZh)}</name></author>`,
      `    <summary>${escapeXml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <id>urn:dtl:credit-announcements</id>',
    '  <title>长三角信用红黑榜公告</title>',
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" href="${escapeXml(`${base}/api/v1/public/credit/announcements.atom`)}"/>`,
    `  <link href="${escapeXml(`${base}/credit`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
