import { announcementsFeed, escapeXml } from './atom';
import { publicStatusOf } from './credit-disclosure';

describe('announcements feed and public status', () => {
  it('escapes XML and links each entry to its subject page', () => {
    expect(escapeXml(`<a & "b">'`)).toBe('&lt;a &amp; &quot;b&quot;&gt;&apos;');
    const feed = announcementsFeed([{ kind: 'removed', at: '2025-06-01T00:00:00Z', entryId: 'e-1', list: 'black', subject: '91330110MA27H8Q404', subjectName: 'A<B>公司', issuer: { id: 'zj', nameZh: '杭州市市场监督管理局', nameEn: 'Hangzhou AMR', province: 'zhejiang', city: '杭州市' }, detail: 'repair-approved', recordId: 'r-1' }], 'https://t.cn', '2025-06-01T00:00:00Z');
    expect(feed).toContain('<title>移出失信主体名单：A&lt;B&gt;公司</title>');
    expect(feed).toContain('<link href="https://t.cn/credit/91330110MA27H8Q404"/>');
    expect(feed).toContain('信用修复已批准');
  });

  it('says in force, repaired or expired', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(publicStatusOf('active', '2028-01-01T00:00:00Z', now)).toBe('in-force');
    expect(publicStatusOf('active', null, now)).toBe('in-force');
    expect(publicStatusOf('active', '2025-12-31T00:00:00Z', now)).toBe('expired');
    expect(publicStatusOf('repaired', '2028-01-01T00:00:00Z', now)).toBe('repaired');
    expect(publicStatusOf('withdrawn', '2028-01-01T00:00:00Z', now)).toBe('repaired');
  });
});
