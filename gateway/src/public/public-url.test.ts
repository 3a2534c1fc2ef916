import { parsePublicBaseUrl, publicBaseFor, traceAddress } from './public-url';

describe('the public base URL and the address a QR code holds', () => {
  it('normalises DTL_PUBLIC_URL and refuses what is not a base', () => {
    expect(parsePublicBaseUrl('https://trace.example.gov.cn/')).toBe('https://trace.example.gov.cn');
    expect(parsePublicBaseUrl('https://gov.cn/dtl/')).toBe('https://gov.cn/dtl');
    expect(() => parsePublicBaseUrl('trace.example.gov.cn')).toThrow(/absolute URL/);
    expect(() => parsePublicBaseUrl('ftp://x.cn')).toThrow(/https/);
    expect(() => parsePublicBaseUrl('https://x.cn/?a=1')).toThrow(/query/);
  });

  it('derives the base from the request when unset, never from a malformed Host', () => {
    expect(publicBaseFor(undefined, { protocol: 'http', host: '127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
    expect(publicBaseFor(undefined, { protocol: 'https', host: 'evil.cn/"><script>' })).toBe('https://127.0.0.1');
    expect(publicBaseFor('https://trace.example.gov.cn', { protocol: 'http', host: 'other' })).toBe('https://trace.example.gov.cn');
  });

  it('puts the batch id and its check code in the trace page address', () => {
    expect(traceAddress('https://t.cn', 'dtl-trace:1:LA-GP-2025-JZ-T01-A:0a1b2c3d')).toBe('https://t.cn/trace/LA-GP-2025-JZ-T01-A?c=0a1b2c3d');
    expect(() => traceAddress('https://t.cn', 'LA-GP-2025')).toThrow();
  });
});
