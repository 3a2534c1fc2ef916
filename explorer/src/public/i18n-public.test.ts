import { DICTIONARIES } from './i18n-public';

describe('public page strings', () => {
  it('exist in zh-CN and English, every one', () => {
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual(Object.keys(DICTIONARIES.zh).sort());
    for (const [key, value] of Object.entries(DICTIONARIES.en)) expect([key, value.trim().length > 0]).toEqual([key, true]);
  });

  it('hold no English words in zh-CN (names of standards and formats aside)', () => {
    const allowed = new Set(['SM2', 'SM3', 'PDF', 'JSON', 'Atom', 'dtl', 'verify', 'trust', 'English', 'A', 'LA', 'GP', 'JZ', 'T01', 'replayTender']);
    for (const [key, value] of Object.entries(DICTIONARIES.zh)) {
      const words = (value.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => !allowed.has(w));
      expect([key, words]).toEqual([key, []]);
    }
  });
});
