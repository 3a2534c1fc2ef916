/** Registers departments in a ContractHarness for contract tests (through department:register, as the province admin). */
import type { Province } from '../domain/region';
import type { Role, Tier } from '../domain/department/types';
import type { ContractHarness } from './harness';
import { signedJson, testKey, type TestKey } from './signers';

export interface TestDepartment {
  readonly id: string;
  readonly province: Province;
  readonly key: TestKey;
  /** The province organisation's client identity, through which the department submits. */
  readonly caller: { readonly province: Province; readonly role: 'client' };
  /** Signs a record as this department (fills in `department`) and returns its JSON text. */
  sign(record: Record<string, unknown>): string;
}

export async function registerTestDepartment(
  ledger: ContractHarness,
  spec: { id: string; province: Province; roles: readonly Role[]; tier?: Tier; city?: string; county?: string; creditCode?: string; divisionCode?: string },
): Promise<TestDepartment> {
  const key = testKey(`${spec.id}#1`);
  const tier = spec.tier ?? 'province';
  const record = {
    type: 'department.register',
    id: `reg-${spec.id}`,
    department: spec.id,
    nameZh: `测试部门 ${spec.id}`,
    nameEn: `Test department ${spec.id}`,
    province: spec.province,
    city: spec.city ?? 'test-city',
    ...(tier === 'county' ? { county: spec.county ?? 'test-county' } : {}),
    tier,
    roles: spec.roles,
    ...(spec.creditCode === undefined ? {} : { creditCode: spec.creditCode }),
    ...(spec.divisionCode === undefined ? {} : { divisionCode: spec.divisionCode }),
    key: { keyId: key.keyId, publicKey: key.publicKeyHex, validFrom: '2020-01-01T00:00:00Z' },
  };
  await ledger.submit({ province: spec.province, role: 'admin' }, 'department:register', [signedJson(record, key)]);
  return {
    id: spec.id,
    province: spec.province,
    key,
    caller: { province: spec.province, role: 'client' },
    sign: (r) => signedJson({ ...r, department: spec.id }, key),
  };
}
