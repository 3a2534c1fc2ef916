import { sm3Hex } from '../../../crypto';
import { batchCheckCode, formatQrPayload, parseQrPayload, verifyCheckCode } from './qr';
import { initialBatchState } from './rules';
import { traceVerdict } from './verdict';

const TX = '3f2a9c0e5b7d4a1e8c6f0b2d4e6a8c0e1f3b5d7a9c1e3f5b7d9a1c3e5f7b9d1a';

describe('QR payload', () => {
  it('uses the first 8 hex characters of SM3(batchId | registering tx id)', () => {
    expect(batchCheckCode('LA-GP-2024-001', TX)).toBe(sm3Hex(`LA-GP-2024-001|${TX}`).slice(0, 8));
    expect(formatQrPayload('LA-GP-2024-001', TX)).toBe(`dtl-trace:1:LA-GP-2024-001:${batchCheckCode('LA-GP-2024-001', TX)}`);
  });

  it('round-trips, and verifies offline against the registering transaction only', () => {
    const payload = parseQrPayload(formatQrPayload('HS-SH-2024:007', TX));
    expect(payload.batchId).toBe('HS-SH-2024:007');
    expect(verifyCheckCode(payload, TX)).toBe(true);
    expect(verifyCheckCode(payload, TX.replace('3f', '4f'))).toBe(false);
    expect(verifyCheckCode({ ...payload, checkCode: '00000000' }, TX)).toBe(false);
  });

  it('refuses malformed payloads', () => {
    expect(() => parseQrPayload('https://example.com/LA-GP-2024-001')).toThrow(/^INVALID_ARGUMENT: QR payload must start/);
    expect(() => parseQrPayload('dtl-trace:1:LA-GP-2024-001:XYZ')).toThrow(/8-hex-digit check code/);
    expect(() => parseQrPayload('dtl-trace:1:bad id!:0123abcd')).toThrow(/valid batch id/);
  });
});

describe('trace verdict', () => {
  const state = { ...initialBatchState('LA-GP-2024-001', 500), inspection: 'passed' as const };

  it('is genuine for a found batch with a matching code and valid signatures', () => {
    expect(traceVerdict({ state, checkCodeMatches: true, signatures: ['valid', 'valid'], ancestors: [] })).toEqual({ verdict: 'genuine', reasons: [] });
  });

  it('is unknown when the batch is missing, the code does not match, or a signature fails', () => {
    expect(traceVerdict({ state: undefined, checkCodeMatches: undefined, signatures: [], ancestors: [] }).verdict).toBe('unknown');
    expect(traceVerdict({ state, checkCodeMatches: false, signatures: ['valid'], ancestors: [] }).verdict).toBe('unknown');
    expect(traceVerdict({ state: { ...state, recallId: 'rc-1' }, checkCodeMatches: true, signatures: ['valid', 'invalid'], ancestors: [] })).toEqual({
      verdict: 'unknown',
      reasons: ['1 record(s) in the chain without a valid signature'],
    });
    expect(traceVerdict({ state, checkCodeMatches: undefined, signatures: ['unknown-key'], ancestors: [] }).verdict).toBe('unknown');
  });

  it('is recalled when the batch or an ancestor is recalled, before a failed inspection', () => {
    const ancestor = { ...initialBatchState('LA-XY-2024-001', 500), recallId: 'rc-9' };
    expect(traceVerdict({ state: { ...state, inspection: 'failed' }, checkCodeMatches: true, signatures: ['valid'], ancestors: [ancestor] })).toEqual({
      verdict: 'recalled',
      reasons: ['batch LA-XY-2024-001 recalled by rc-9'],
    });
  });

  it('is failed-inspection when the latest inspection failed', () => {
    expect(traceVerdict({ state: { ...state, inspection: 'failed' }, checkCodeMatches: undefined, signatures: ['valid'], ancestors: [] }).verdict).toBe('failed-inspection');
  });
});
