/**
 * Jurisdiction tiers (属地管理): who may take a measure against a subject or a batch, by province, city and county.
 * Pure; the table in chaincode/README.md ("Jurisdiction") is the same rule in words.
 *
 * - a subject (an organisation, by its unified social credit code) is located by the registration authority's
 *   division code, characters 3-8 of the code (GB 32100-2015): `913401…` is registered in 合肥市 (3401), Anhui (34);
 * - a batch is located by its origin (province, city and county names);
 * - a province-tier department acts within its province; a city-tier one within its city (the division code's first
 *   four digits, or the city name); a county-tier one within its county (all six digits, or the county name);
 * - anything else is OUT_OF_JURISDICTION: a measure across a province line goes through the subject's own province.
 *
 * A city- or county-tier department needs its `divisionCode` to act on subjects; without it only batches (located
 * by name) are within its reach.
 */
import { fail } from '../errors';
import type { Department } from './department/types';
import type { Province } from './region';

/** GB/T 2260 two-digit codes of the four provinces. */
export const PROVINCE_DIVISION: Readonly<Record<Province, string>> = { shanghai: '31', jiangsu: '32', zhejiang: '33', anhui: '34' };
/** The provinces' names as batch origins carry them. */
export const PROVINCE_NAME_ZH: Readonly<Record<Province, string>> = { shanghai: '上海市', jiangsu: '江苏省', zhejiang: '浙江省', anhui: '安徽省' };

export type JurisdictionMeasure = 'credit-entry' | 'recall' | 'licence-suspension' | 'licence-revocation';

type Authority = Pick<Department, 'id' | 'province' | 'city' | 'county' | 'tier' | 'divisionCode'>;

/** The registration division (6 digits) in a unified social credit code. */
export function divisionOfCreditCode(creditCode: string): string {
  return creditCode.slice(2, 8);
}

/** Undefined when `department` may take `measure` against an organisation with `creditCode`, else why not. */
export function subjectOutOfReach(department: Authority, creditCode: string): string | undefined {
  const division = divisionOfCreditCode(creditCode);
  const province = PROVINCE_DIVISION[department.province];
  if (!division.startsWith(province)) return `subject ${creditCode} is registered in division ${division}, outside ${department.province} (${province})`;
  if (department.tier === 'province') return undefined;
  if (department.divisionCode === undefined) return `${department.tier}-tier department ${department.id} has no divisionCode, so no subject is within its area`;
  const width = department.tier === 'city' ? 4 : 6;
  const own = department.divisionCode.slice(0, width);
  return division.slice(0, width) === own ? undefined : `subject ${creditCode} is registered in division ${division}, outside ${department.tier} ${own}`;
}

/** Undefined when `department` may act on a batch grown at `origin`, else why not. */
export function originOutOfReach(department: Authority, origin: { readonly province: string; readonly city: string; readonly county: string }): string | undefined {
  const where = `${origin.province}${origin.city}${origin.county}`;
  if (origin.province !== PROVINCE_NAME_ZH[department.province]) return `the batch comes from ${where}, outside ${PROVINCE_NAME_ZH[department.province]}`;
  if (department.tier === 'province') return undefined;
  if (origin.city !== department.city) return `the batch comes from ${where}, outside ${department.city}`;
  if (department.tier === 'city') return undefined;
  return origin.county === department.county ? undefined : `the batch comes from ${where}, outside ${department.county ?? '(no county)'}`;
}

/** OUT_OF_JURISDICTION unless the organisation is within the department's area. */
export function assertSubjectInJurisdiction(department: Authority, measure: JurisdictionMeasure, creditCode: string): void {
  const why = subjectOutOfReach(department, creditCode);
  if (why !== undefined) fail('OUT_OF_JURISDICTION', `${measure} by ${department.id}: ${why}; ask the subject's own ${department.tier === 'province' ? 'province' : 'area'}`);
}

/** OUT_OF_JURISDICTION unless the batch's origin is within the department's area. */
export function assertOriginInJurisdiction(department: Authority, measure: JurisdictionMeasure, origin: { readonly province: string; readonly city: string; readonly county: string }): void {
  const why = originOutOfReach(department, origin);
  if (why !== undefined) fail('OUT_OF_JURISDICTION', `${measure} by ${department.id}: ${why}`);
}
