import { initialBatchState } from './rules';
import { verdictLevel, type LevelChainRecord } from './verdict-level';

const inspection = (recordId: string, batchId: string, result: 'pass' | 'fail', occurredAt: string): LevelChainRecord => ({
  recordId,
  department: 'lab',
  record: { type: 'trace.event', batchId, kind: 'inspection', occurredAt, details: { laboratory: '检测站', reportNumber: `R-${recordId}`, reportDigest: '00', result } },
});
const names = new Map([['lab', { nameZh: '检测站', nameEn: 'Lab' }]]);

describe('verdictLevel', () => {
  const base = initialBatchState('B-1', 100, 'registered', 'none', ['coop']);

  it('unconfirmed: not found, wrong check code, a bad signature', () => {
    expect(verdictLevel({ verdict: 'unknown', batchId: 'X', state: undefined, ancestors: [], checkCodeMatches: undefined, chain: [] })).toEqual({ level: 'unconfirmed', cause: 'not-found' });
    expect(verdictLevel({ verdict: 'unknown', batchId: 'B-1', state: base, ancestors: [], checkCodeMatches: false, chain: [] }).cause).toBe('check-code');
    expect(verdictLevel({ verdict: 'unknown', batchId: 'B-1', state: base, ancestors: [], checkCodeMatches: true, chain: [] }).cause).toBe('signature');
  });

  it('not-inspected is not a pass: a signed, unrecalled batch with no inspection says so', () => {
    expect(verdictLevel({ verdict: 'genuine', batchId: 'B-1', state: base, ancestors: [], checkCodeMatches: true, chain: [] })).toEqual({ level: 'not-inspected' });
  });

  it('inspected-passed names the latest passing inspection and who signed it', () => {
    const chain = [inspection('i-1', 'B-1', 'fail', '2025-01-01T00:00:00Z'), inspection('i-2', 'B-1', 'pass', '2025-01-05T00:00:00Z')];
    const level = verdictLevel({ verdict: 'genuine', batchId: 'B-1', state: { ...base, inspection: 'passed' }, ancestors: [], checkCodeMatches: true, chain, names });
    expect(level).toMatchObject({ level: 'inspected-passed', inspection: { recordId: 'i-2', inherited: false, departmentName: { nameEn: 'Lab' }, reportNumber: 'R-i-2' } });
  });

  it('a split inherits the pass of its source (named as inherited); a processed batch inherits nothing', () => {
    const parent = { ...initialBatchState('P-1', 100), inspection: 'passed' as const };
    const split = initialBatchState('B-1', 50, 'split', 'passed', ['coop']);
    const level = verdictLevel({ verdict: 'genuine', batchId: 'B-1', state: split, ancestors: [parent], checkCodeMatches: true, chain: [inspection('i-p', 'P-1', 'pass', '2025-01-01T00:00:00Z')] });
    expect(level.inspection).toMatchObject({ batchId: 'P-1', inherited: true });
    const processed = initialBatchState('B-2', 50, 'process', 'none', ['coop']);
    expect(verdictLevel({ verdict: 'genuine', batchId: 'B-2', state: processed, ancestors: [parent], checkCodeMatches: true, chain: [inspection('i-p', 'P-1', 'pass', '2025-01-01T00:00:00Z')] }).level).toBe('not-inspected');
  });

  it('recalled carries the reason, the legal basis and the advice; failed names the failing inspection', () => {
    const parent = { ...initialBatchState('P-1', 100), recallId: 'rc-1' };
    const chain: LevelChainRecord[] = [{ recordId: 'rc-1', department: 'amr', record: { type: 'trace.recall', batchId: 'P-1', reason: '黄曲霉毒素超标', legalBasis: '《食品安全法》第六十三条' } }];
    expect(verdictLevel({ verdict: 'recalled', batchId: 'B-1', state: base, ancestors: [parent], checkCodeMatches: true, chain }).recall).toEqual({ recordId: 'rc-1', batchId: 'P-1', department: 'amr', reason: '黄曲霉毒素超标', legalBasis: '《食品安全法》第六十三条', advice: 'stop-use-and-return' });
    const failed = verdictLevel({ verdict: 'failed-inspection', batchId: 'B-1', state: { ...base, inspection: 'failed' }, ancestors: [], checkCodeMatches: true, chain: [inspection('i-1', 'B-1', 'fail', '2025-01-01T00:00:00Z')] });
    expect(failed).toMatchObject({ level: 'failed-inspection', inspection: { recordId: 'i-1', result: 'fail' } });
  });
});
