import { subjectAttributes } from './client';

describe('client identity subject', () => {
  it('parses the subject DN of a fabric-shim id, unescaping slashes', () => {
    const id = 'x509::/C=CN/O=anhui.dtl.example/OU=admin/CN=Admin@anhui\\/x::/C=CN/O=anhui.dtl.example/CN=ca';
    expect(subjectAttributes(id)).toEqual([
      { name: 'C', value: 'CN' },
      { name: 'O', value: 'anhui.dtl.example' },
      { name: 'OU', value: 'admin' },
      { name: 'CN', value: 'Admin@anhui/x' },
    ]);
  });

  it('does not take the issuer OU for the subject and copes with odd ids', () => {
    expect(subjectAttributes('x509::/CN=user::/OU=admin/CN=ca').some((a) => a.name === 'OU')).toBe(false);
    expect(subjectAttributes('not an x509 id')).toEqual([]);
  });
});
