import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { keyStatusAt, registerDepartment, revokeKey, rotateKey, signingKeyAt, updateDepartment } from '../domain/department/rules';
import { ROLES } from '../domain/department/types';
import { normalisePublicKey, validateDepartmentRegister, validateDepartmentUpdate, validateKeyRevoke, validateKeyRotate } from '../domain/department/validate';
import { PROVINCE_MSP, isProvince, provinceOfMsp } from '../domain/region';
import { fail } from '../errors';
import { isOrgAdmin } from '../identity/client';
import { admit, commitRecord, readRecord, refuseReplay, requireProvinceOrg, resolveSigner, verifySignature, type TxContext } from '../records/pipeline';
import { listDepartments, loadDepartment, mustLoadDepartment, registryIsEmpty, saveDepartment, departmentOfKey } from '../store/departments';
import { Store } from '../store/store';
import { resultJson } from './json';

function requireAdminOf(ctx: TxContext, province: keyof typeof PROVINCE_MSP, action: string): void {
  if (!isOrgAdmin(ctx.clientIdentity)) fail('NOT_AUTHORISED', `${action} needs an organisation admin identity (NodeOU admin)`);
  const msp = ctx.clientIdentity.getMSPID();
  if (msp !== PROVINCE_MSP[province]) fail('NOT_AUTHORISED', `${action} for ${province} needs an admin of ${PROVINCE_MSP[province]}, not ${msp}`);
}

/**
 * The department registry: who may sign what, with which SM2 keys, valid when. Registration and role changes are
 * submitted by the province organisation's admin (its registrar); keys rotate and revoke by signed records.
 */
@Info({ title: 'department', description: 'Department registry: departments, roles and SM2 keys with rotation and revocation history' })
export class DepartmentContract extends Contract {
  constructor() {
    super('department');
  }

  /**
   * Registers a department. The record is signed by the key it introduces (proof of possession) and submitted by
   * an admin of the department's province organisation; while the registry is empty (bootstrap) an admin of any of
   * the four organisations may register.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed department.register record')
  @Returns('string')
  async register(ctx: Context, recordJson: string): Promise<string> {
    const record = readRecord(recordJson, validateDepartmentRegister);
    if (record.signature.keyId !== record.key.keyId) {
      fail('INVALID_ARGUMENT', 'signature.keyId: a department.register record is signed by the key it registers');
    }
    const store = new Store(ctx.stub);
    const at = store.now;
    await verifySignature(record, normalisePublicKey(record.key.publicKey).publicKey);
    await refuseReplay(store, record.id);
    if (await registryIsEmpty(store)) {
      if (!isOrgAdmin(ctx.clientIdentity)) fail('NOT_AUTHORISED', 'bootstrap registration needs an organisation admin identity (NodeOU admin)');
      if (provinceOfMsp(ctx.clientIdentity.getMSPID()) === undefined) fail('NOT_AUTHORISED', `MSP ${ctx.clientIdentity.getMSPID()} is not a province organisation`);
    } else {
      requireAdminOf(ctx, record.province, 'department.register');
    }
    const department = registerDepartment(await loadDepartment(store, record.department), record, at);
    signingKeyAt(department, record.key.keyId, at);
    if (await departmentOfKey(store, record.key.keyId)) fail('CONFLICT', `key id ${record.key.keyId} is already registered`);
    await saveDepartment(store, department);
    return resultJson(await commitRecord(store, record, { departmentId: department.id, keyId: record.key.keyId }));
  }

  /** Changes names, tier and roles. Signed by a current key of the department and submitted by its province's admin. */
  @Transaction()
  @Param('recordJson', 'string', 'signed department.update record')
  @Returns('string')
  async update(ctx: Context, recordJson: string): Promise<string> {
    const admitted = await admit(ctx, recordJson, { type: 'department.update', validate: validateDepartmentUpdate, roles: ROLES });
    requireAdminOf(ctx, admitted.department.province, 'department.update');
    const updated = updateDepartment(admitted.department, admitted.record, admitted.at);
    await saveDepartment(admitted.store, updated);
    return resultJson(await commitRecord(admitted.store, admitted.record, { departmentId: updated.id, roles: updated.roles.join(',') }));
  }

  /**
   * Adds a key, optionally superseding an old one. Signed by a current key of the department; or, to recover a
   * department that lost every key, signed by the new key itself and submitted by its province's admin.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed department.key.rotate record')
  @Returns('string')
  async rotateKey(ctx: Context, recordJson: string): Promise<string> {
    const record = readRecord(recordJson, validateKeyRotate);
    const store = new Store(ctx.stub);
    const at = store.now;
    const department = await mustLoadDepartment(store, record.department);
    if (record.signature.keyId === record.key.keyId) {
      requireAdminOf(ctx, department.province, 'department.key.rotate signed by the new key');
      await verifySignature(record, normalisePublicKey(record.key.publicKey).publicKey);
    } else {
      const signer = await resolveSigner(store, record, at);
      await verifySignature(record, signer.key.publicKey);
      requireProvinceOrg(ctx, department);
    }
    await refuseReplay(store, record.id);
    const rotated = rotateKey(department, record, at);
    if (await departmentOfKey(store, record.key.keyId)) fail('CONFLICT', `key id ${record.key.keyId} is already registered`);
    await saveDepartment(store, rotated);
    const refs: Record<string, string> = { departmentId: department.id, keyId: record.key.keyId };
    if (record.supersedes !== undefined) refs.supersedes = record.supersedes;
    return resultJson(await commitRecord(store, record, refs));
  }

  /** Revokes a key from the transaction time on. Signed by a current key of the department (possibly the one revoked). */
  @Transaction()
  @Param('recordJson', 'string', 'signed department.key.revoke record')
  @Returns('string')
  async revokeKey(ctx: Context, recordJson: string): Promise<string> {
    const admitted = await admit(ctx, recordJson, { type: 'department.key.revoke', validate: validateKeyRevoke, roles: ROLES });
    const revoked = revokeKey(admitted.department, admitted.record, admitted.at);
    await saveDepartment(admitted.store, revoked);
    return resultJson(await commitRecord(admitted.store, admitted.record, { departmentId: revoked.id, keyId: admitted.record.keyId, reason: admitted.record.reason }));
  }

  /** The department with its roles and full key history. */
  @Transaction(false)
  @Param('departmentId', 'string', 'department id')
  @Returns('string')
  async get(ctx: Context, departmentId: string): Promise<string> {
    return resultJson(await mustLoadDepartment(new Store(ctx.stub), departmentId));
  }

  /** All departments, or those of one province (`shanghai`, `jiangsu`, `zhejiang`, `anhui`; empty string for all). */
  @Transaction(false)
  @Param('province', 'string', 'province or empty')
  @Returns('string')
  async list(ctx: Context, province: string): Promise<string> {
    if (province !== '' && !isProvince(province)) fail('INVALID_ARGUMENT', `province: must be one of ${Object.keys(PROVINCE_MSP).join(', ')} or empty`);
    return resultJson(await listDepartments(new Store(ctx.stub), province === '' ? undefined : province));
  }

  /** A key by id: its department, the key with history, and its status at the transaction time. */
  @Transaction(false)
  @Param('keyId', 'string', 'key id')
  @Returns('string')
  async getKey(ctx: Context, keyId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const department = (await departmentOfKey(store, keyId)) ?? fail('NOT_FOUND', `key ${keyId}`);
    const key = department.keys.find((k) => k.keyId === keyId) ?? fail('NOT_FOUND', `key ${keyId}`);
    return resultJson({ department: department.id, province: department.province, key, status: keyStatusAt(key, store.now) });
  }

  /** Any accepted record by id, exactly as signed, with txId and committedAt (for proofs and verifiers). */
  @Transaction(false)
  @Param('recordId', 'string', 'record id')
  @Returns('string')
  async getRecord(ctx: Context, recordId: string): Promise<string> {
    return resultJson((await new Store(ctx.stub).getRecord(recordId)) ?? fail('NOT_FOUND', `record ${recordId}`));
  }
}
