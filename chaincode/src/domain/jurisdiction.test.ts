import { ChaincodeError } from '../errors';
import { assertOriginInJurisdiction, assertSubjectInJurisdiction, divisionOfCreditCode, originOutOfReach, subjectOutOfReach } from './jurisdiction';
import type { Department } from './department/types';

type Authority = Pick<Department, 'id' | 'province' | 'city' | 'county' | 'tier' | 'divisionCode'>;

const AH_PROVINCE: Authority = { id: 'ah-samr', province: 'anhui', city: '合肥市', tier: 'province' };
const CHUZHOU: Authority = { id: 'ah-cz-scjgj', province: 'anhui', city: '滁州市', tier: 'city', divisionCode: '341100' };
const MINGGUANG: Authority = { id: 'ah-cz-mg-scjgj', province: 'anhui', city: '滁州市', county: '明光市', tier: 'county', divisionCode: '341182' };
const PUDONG: Authority = { id: 'sh-pd-scjgj', province: 'shanghai', city: '上海市', county: '浦东新区', tier: 'county', divisionCode: '310115' };
const NO_CODE: Authority = { id: 'county-no-code', province: 'anhui', city: '滁州市', county: '明光市', tier: 'county' };

const MINGGUANG_COMPANY = '91341182MA2NX7UG0P';
const TIANCHANG_COMPANY = '91341181MA2PQ05F0L';
const HEFEI_COMPANY = '91340104MA2T8R1E0G';
const PUDONG_COMPANY = '91310115MA1FL6X20M';

const MINGGUANG_ORIGIN = { province: '安徽省', city: '滁州市', county: '明光市' };
const TIANCHANG_ORIGIN = { province: '安徽省', city: '滁州市', county: '天长市' };
const JINZHAI_ORIGIN = { province: '安徽省', city: '六安市', county: '金寨县' };

describe('jurisdiction tiers', () => {
  it('locates a subject by the division code inside its unified social credit code', () => {
    expect(divisionOfCreditCode(MINGGUANG_COMPANY)).toBe('341182');
    expect(divisionOfCreditCode(PUDONG_COMPANY)).toBe('310115');
  });

  it('subjects: a province acts in the province, a city in its city, a county in its county', () => {
    const table: Array<[Authority, string, boolean]> = [
      [AH_PROVINCE, MINGGUANG_COMPANY, true],
      [AH_PROVINCE, HEFEI_COMPANY, true],
      [AH_PROVINCE, PUDONG_COMPANY, false],
      [CHUZHOU, MINGGUANG_COMPANY, true],
      [CHUZHOU, TIANCHANG_COMPANY, true],
      [CHUZHOU, HEFEI_COMPANY, false],
      [MINGGUANG, MINGGUANG_COMPANY, true],
      [MINGGUANG, TIANCHANG_COMPANY, false],
      [PUDONG, PUDONG_COMPANY, true],
      [PUDONG, MINGGUANG_COMPANY, false],
      [NO_CODE, MINGGUANG_COMPANY, false],
    ];
    for (const [authority, code, allowed] of table) expect([authority.id, code, subjectOutOfReach(authority, code) === undefined]).toEqual([authority.id, code, allowed]);
  });

  it('batches: located by origin names, same tiers', () => {
    expect(originOutOfReach(AH_PROVINCE, JINZHAI_ORIGIN)).toBeUndefined();
    expect(originOutOfReach(CHUZHOU, MINGGUANG_ORIGIN)).toBeUndefined();
    expect(originOutOfReach(CHUZHOU, JINZHAI_ORIGIN)).toMatch(/outside 滁州市/);
    expect(originOutOfReach(MINGGUANG, MINGGUANG_ORIGIN)).toBeUndefined();
    expect(originOutOfReach(MINGGUANG, TIANCHANG_ORIGIN)).toMatch(/outside 明光市/);
    expect(originOutOfReach(PUDONG, MINGGUANG_ORIGIN)).toMatch(/outside 上海市/);
    expect(originOutOfReach(NO_CODE, MINGGUANG_ORIGIN)).toBeUndefined();
  });

  it('refuses with OUT_OF_JURISDICTION, naming the measure and the department', () => {
    const refusal = (run: () => void): ChaincodeError => {
      try {
        run();
      } catch (error) {
        if (error instanceof ChaincodeError) return error;
      }
      throw new Error('expected a ChaincodeError');
    };
    const listed = refusal(() => assertSubjectInJurisdiction(PUDONG, 'credit-entry', MINGGUANG_COMPANY));
    expect(listed.code).toBe('OUT_OF_JURISDICTION');
    expect(listed.detail).toMatch(/^credit-entry by sh-pd-scjgj: subject 91341182MA2NX7UG0P is registered in division 341182, outside shanghai/);
    expect(refusal(() => assertOriginInJurisdiction(PUDONG, 'recall', MINGGUANG_ORIGIN)).code).toBe('OUT_OF_JURISDICTION');
    expect(() => assertOriginInJurisdiction(MINGGUANG, 'recall', MINGGUANG_ORIGIN)).not.toThrow();
  });
});
