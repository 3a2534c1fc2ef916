import { anchoredTraceVerdict } from './trace-verification';

const REG = { type: 'trace.batch.register' };
const EVENT = { type: 'trace.event' };
const RECALL = { type: 'trace.recall' };

describe('the trace page shows the server verdict only when every record verified against the pinned bundle', () => {
  it('all valid: the server verdict', () => {
    expect(anchoredTraceVerdict('genuine', ['valid', 'valid'], [REG, EVENT])).toMatchObject({ verdict: 'genuine', verified: true });
    expect(anchoredTraceVerdict('recalled', ['valid', 'valid'], [REG, RECALL])).toMatchObject({ verdict: 'recalled', verified: true });
  });
  it('one record failing is red, whatever the server says', () => {
    expect(anchoredTraceVerdict('genuine', ['valid', 'invalid'], [REG, EVENT])).toEqual({ verdict: 'invalid', verified: false, reasons: { invalid: 1, unverifiable: 0, recallContradicted: false } });
    expect(anchoredTraceVerdict('genuine', ['unknown-key'], [REG]).verdict).toBe('invalid');
  });
  it('no pin, or a record that could not be checked here, is grey', () => {
    expect(anchoredTraceVerdict('genuine', ['unanchored', 'unanchored'], [REG, EVENT]).verdict).toBe('unanchored');
    expect(anchoredTraceVerdict('genuine', ['valid', 'unverifiable'], [REG, EVENT])).toMatchObject({ verdict: 'unanchored', reasons: { unverifiable: 1 } });
  });
  it('"genuine" over a chain holding a recall is red; no records is unknown', () => {
    expect(anchoredTraceVerdict('genuine', ['valid', 'valid'], [REG, RECALL])).toMatchObject({ verdict: 'invalid', reasons: { recallContradicted: true } });
    expect(anchoredTraceVerdict('genuine', [], [])).toMatchObject({ verdict: 'unknown', verified: false });
  });
});
