/**
 * Bootstrapping a gateway's own principals and the demo departments: generate (or reuse) their SM2 keys in the
 * keystore and register them on the ledger with a department.register record signed by the new key, submitted as
 * the province organisation's admin. Idempotent: a department already registered is left alone.
 */
import { bytesToHex, signRecord } from '@dtl/chaincode/crypto';
import type { DepartmentProfile, Province } from '@dtl/chaincode';
import type { Ledger } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import { gatewayPrincipalId } from '../http/access';
import type { Keystore } from './keystore';

export const PROVINCE_NAMES: Readonly<Record<Province, { zh: string; en: string; city: string }>> = {
  shanghai: { zh: '上海市', en: 'Shanghai', city: '上海市' },
  jiangsu: { zh: '江苏省', en: 'Jiangsu', city: '南京市' },
  zhejiang: { zh: '浙江省', en: 'Zhejiang', city: '杭州市' },
  anhui: { zh: '安徽省', en: 'Anhui', city: '合肥市' },
};

/** A department to bootstrap: its id and the chaincode's own profile fields. */
export interface DepartmentSeed extends DepartmentProfile {
  readonly id: string;
}

export const KEY_VALID_FROM = '2025-01-01T00:00:00Z';

export function gatewaySeed(province: Province): DepartmentSeed {
  const names = PROVINCE_NAMES[province];
  return { id: gatewayPrincipalId(province), nameZh: `${names.zh}数据共享网关`, nameEn: `${names.en} data-sharing gateway`, province, city: names.city, tier: 'province', roles: ['gateway'] };
}

/** Demo departments registered when no fixtures are available (DEV ONLY keys, generated into the keystore). */
export const DEMO_DEPARTMENTS: readonly DepartmentSeed[] = [
  { id: 'sh-samr', nameZh: '上海市市场监督管理局', nameEn: 'Shanghai Administration for Market Regulation', province: 'shanghai', city: '上海市', tier: 'province', roles: ['credit-issuer', 'licence-issuer', 'regulator', 'data-sharing-officer'] },
  { id: 'js-nj-ggzy', nameZh: '南京市公共资源交易中心', nameEn: 'Nanjing Public Resources Trading Centre', province: 'jiangsu', city: '南京市', tier: 'city', roles: ['trading-centre'] },
  { id: 'zj-hz-sjj', nameZh: '杭州市数据资源管理局', nameEn: 'Hangzhou Data Resources Bureau', province: 'zhejiang', city: '杭州市', tier: 'city', roles: ['licence-issuer', 'data-sharing-officer', 'auditor'] },
  { id: 'ah-la-hs-nyj', nameZh: '霍山县农业农村局', nameEn: 'Huoshan County Agriculture Bureau', province: 'anhui', city: '六安市', county: '霍山县', tier: 'county', roles: ['trace-actor', 'regulator'] },
];

/** The demo API key of a department (documented in gateway/README.md; DEV ONLY). */
export function demoApiKey(department: string): string {
  return `dtl-demo-${department}`;
}

export async function isRegistered(ledger: Ledger, department: string): Promise<boolean> {
  try {
    await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'get', args: [department] });
    return true;
  } catch (error) {
    if (error instanceof LedgerError && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** Registers a department with a key held in the keystore (generated when absent). Returns true when it registered. */
export async function registerWithKeystore(ledger: Ledger, keystore: Keystore, seed: DepartmentSeed): Promise<boolean> {
  if (await isRegistered(ledger, seed.id)) return false;
  const held = keystore.keyFor(seed.id) ?? keystore.generate(seed.id, `${seed.id}#1`);
  const record = signRecord(
    {
      type: 'department.register',
      id: `reg-${seed.id}`,
      department: seed.id,
      nameZh: seed.nameZh,
      nameEn: seed.nameEn,
      province: seed.province,
      city: seed.city,
      ...(seed.county === undefined ? {} : { county: seed.county }),
      tier: seed.tier,
      roles: [...seed.roles],
      ...(seed.creditCode === undefined ? {} : { creditCode: seed.creditCode }),
      ...(seed.divisionCode === undefined ? {} : { divisionCode: seed.divisionCode }),
      key: { keyId: held.keyId, publicKey: bytesToHex(held.publicKey), validFrom: KEY_VALID_FROM },
    },
    { privateKey: held.privateKey, keyId: held.keyId },
  );
  await ledger.submit({ identity: { province: seed.province, role: 'admin' }, contract: 'department', transaction: 'register', args: [JSON.stringify(record)] });
  return true;
}

/** Registers the four province gateway principals (they sign cross-region access records). */
export async function ensureGatewayPrincipals(ledger: Ledger, keystore: Keystore): Promise<void> {
  for (const province of Object.keys(PROVINCE_NAMES) as Province[]) await registerWithKeystore(ledger, keystore, gatewaySeed(province));
}
