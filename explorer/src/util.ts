import { neutraliseFormula } from './csv-cell';
import { t } from './i18n';
import { PROVINCES, PROVINCE_MSP, type Province } from '../../chaincode/src/domain/region';

export { PROVINCES, type Province };

export function provinceOfMsp(mspId: string): Province | undefined {
  return PROVINCES.find((p) => PROVINCE_MSP[p] === mspId);
}

/** Province of a department id: by registry lookups where known, else by the conventional prefix (sh-, js-, zj-, ah-). */
export function provinceOfDepartment(id: string | undefined, known?: ReadonlyMap<string, Province>): Province | undefined {
  if (!id) return undefined;
  const fromRegistry = known?.get(id);
  if (fromRegistry) return fromRegistry;
  const prefix = id.split(/[-._]/)[0]?.toLowerCase();
  const byPrefix: Record<string, Province> = { sh: 'shanghai', js: 'jiangsu', zj: 'zhejiang', ah: 'anhui' };
  if (prefix === undefined) return undefined;
  if (byPrefix[prefix]) return byPrefix[prefix];
  return (PROVINCES as readonly string[]).includes(prefix) ? (prefix as Province) : undefined;
}

/** An instant in China Standard Time (UTC+8), the time every department and citizen reads: 2025-04-20 18:00:00 北京时间 / CST. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const cst = new Date(ms + 8 * 3_600_000).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 19)} ${t('levelCst')}`;
}

export function csvEscape(value: unknown): string {
  const text = neutraliseFormula(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [headers, ...rows].map((row) => row.map(csvEscape).join(',')).join('\r\n') + '\r\n';
}

export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob(['\ufeff', text], { type });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Record family of a record type or contract name: "credit.entry" → "credit". */
export function familyOf(typeOrContract: string): string {
  return typeOrContract.split('.')[0] ?? typeOrContract;
}
