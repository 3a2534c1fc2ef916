import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { CryptoError, hexToBytes, type JsonValue, type SignedRecord } from '../../crypto';
import { storedSignatureValid } from '../records/hash-only';
import { keyStatusAt } from '../domain/department/rules';
import { changeLicence, issueLicence, licenceResult, licenceSummary } from '../domain/licence/rules';
import type { LicenceChangeRecord, LicenceVerification } from '../domain/licence/types';
import { LICENCE_NUMBER_PATTERN, validateLicenceIssue, validateLicenceReinstate, validateLicenceRenew, validateLicenceRevoke, validateLicenceSuspend } from '../domain/licence/validate';
import { fail } from '../errors';
import type { RecordBase } from '../records/common';
import type { Validation } from '../records/fields';
import { submitRecord, type TxContext } from '../records/pipeline';
import { loadDepartment } from '../store/departments';
import { licencesOfHolder, loadLicence, mustLoadLicence, saveLicence } from '../store/licences';
import { Store } from '../store/store';
import { isCreditCode } from '../domain/credit/codes';
import { jointPunishmentRefusal } from './joint-punishment';
import { resultJson } from './json';

async function change<T extends LicenceChangeRecord>(ctx: TxContext, recordJson: string, type: T['type'], validate: (value: JsonValue) => Validation<SignedRecord<T>>): Promise<string> {
  const receipt = await submitRecord(ctx, recordJson, { type, validate, roles: ['licence-issuer', 'regulator'] }, async ({ record, department, store, at }) => {
    const before = await mustLoadLicence(store, record.number);
    if (record.type === 'licence.renew') {
      const refusal = await jointPunishmentRefusal(store, record, before.holderKey, { kind: 'licence', licenceType: before.licenceType }, at);
      if (refusal !== undefined) return refusal;
    }
    const after = changeLicence(before, record, department, at);
    await saveLicence(store, after, false);
    return { number: after.number, status: after.status, validTo: after.validTo };
  });
  return resultJson(receipt);
}

/** Re-verifies the SM2 signature of the stored record that vouches for the licence's current file. */
async function signatureStatus(store: Store, recordId: string): Promise<LicenceVerification['signature']> {
  const stored = await store.getRecord<RecordBase>(recordId);
  if (stored === undefined) return undefined;
  const signer = await loadDepartment(store, stored.record.department);
  const key = signer?.keys.find((k) => k.keyId === stored.record.signature.keyId);
  let verified = false;
  if (key !== undefined) {
    try {
      verified = storedSignatureValid(stored.record, hexToBytes(key.publicKey));
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
    }
  }
  return {
    recordId,
    keyId: stored.record.signature.keyId,
    verified,
    keyStatus: key === undefined ? 'unknown' : keyStatusAt(key, store.now),
    txId: stored.txId,
    committedAt: stored.committedAt,
  };
}

/** Electronic licences: issue, suspend, reinstate, revoke, renew, and online verification by number + file digest. */
@Info({ title: 'licence', description: 'E-licences (电子证照): issue, suspend, reinstate, revoke, renew, verify' })
export class LicenceContract extends Contract {
  constructor() {
    super('licence');
  }

  /** Issues a licence (role licence-issuer); SUBJECT_BLACKLISTED when a black-list measure bars this licence type. */
  @Transaction()
  @Param('recordJson', 'string', 'signed licence.issue record')
  @Returns('string')
  async issue(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'licence.issue', validate: validateLicenceIssue, roles: ['licence-issuer'] }, async ({ record, department, store, at }) => {
      const licence = issueLicence(await loadLicence(store, record.number), record, department, at);
      // Joint punishment: a refusal commits a feedback record and returns a refusal outcome (no licence is stored).
      const refusal = await jointPunishmentRefusal(store, record, licence.holderKey, { kind: 'licence', licenceType: licence.licenceType }, at);
      if (refusal !== undefined) return refusal;
      await saveLicence(store, licence, true);
      return { number: licence.number, licenceType: licence.licenceType, holder: licence.holder.creditCode };
    });
    return resultJson(receipt);
  }

  /** Suspends an active licence (the issuer, or a regulator of the same province). */
  @Transaction()
  @Param('recordJson', 'string', 'signed licence.suspend record')
  @Returns('string')
  async suspend(ctx: Context, recordJson: string): Promise<string> {
    return change(ctx, recordJson, 'licence.suspend', validateLicenceSuspend);
  }

  /** Reinstates a suspended licence (the issuer). */
  @Transaction()
  @Param('recordJson', 'string', 'signed licence.reinstate record')
  @Returns('string')
  async reinstate(ctx: Context, recordJson: string): Promise<string> {
    return change(ctx, recordJson, 'licence.reinstate', validateLicenceReinstate);
  }

  /** Revokes a licence for good (the issuer, or a regulator of the same province). */
  @Transaction()
  @Param('recordJson', 'string', 'signed licence.revoke record')
  @Returns('string')
  async revoke(ctx: Context, recordJson: string): Promise<string> {
    return change(ctx, recordJson, 'licence.revoke', validateLicenceRevoke);
  }

  /** Renews an active licence: later validTo and the new file's digest (the issuer; joint punishment applies). */
  @Transaction()
  @Param('recordJson', 'string', 'signed licence.renew record')
  @Returns('string')
  async renew(ctx: Context, recordJson: string): Promise<string> {
    return change(ctx, recordJson, 'licence.renew', validateLicenceRenew);
  }

  /** The licence state with its event history. */
  @Transaction(false)
  @Param('number', 'string', 'licence number')
  @Returns('string')
  async get(ctx: Context, number: string): Promise<string> {
    return resultJson(await mustLoadLicence(new Store(ctx.stub), number));
  }

  /** Licences held by an organisation (credit code). */
  @Transaction(false)
  @Param('creditCode', 'string', 'holder credit code')
  @Returns('string')
  async byHolder(ctx: Context, creditCode: string): Promise<string> {
    if (!isCreditCode(creditCode)) fail('INVALID_ARGUMENT', 'creditCode: not a valid unified social credit code');
    return resultJson(await licencesOfHolder(new Store(ctx.stub), `org:${creditCode}`));
  }

  /**
   * Online verification (在线查验): valid / revoked / suspended / expired / not-yet-valid / unknown / digest-mismatch,
   * with the issuer and the re-verified signature of the record that vouches for the current file.
   */
  @Transaction(false)
  @Param('number', 'string', 'licence number')
  @Param('fileDigest', 'string', 'SM3 hex digest of the licence file')
  @Returns('string')
  async verify(ctx: Context, number: string, fileDigest: string): Promise<string> {
    if (!LICENCE_NUMBER_PATTERN.test(number)) fail('INVALID_ARGUMENT', 'number: must be 4-64 characters of [A-Za-z0-9-]');
    if (!/^[0-9a-fA-F]{64}$/.test(fileDigest)) fail('INVALID_ARGUMENT', 'fileDigest: must be 32 bytes of hex (SM3)');
    const store = new Store(ctx.stub);
    const at = store.now;
    const licence = await loadLicence(store, number);
    const { result, supersededDigest } = licenceResult(licence, fileDigest, at);
    let answer: LicenceVerification = { number, fileDigest: fileDigest.toLowerCase(), result, checkedAt: at };
    if (licence !== undefined) {
      const issuer = await loadDepartment(store, licence.issuer);
      const signature = await signatureStatus(store, licence.currentRecordId);
      answer = {
        ...answer,
        ...(supersededDigest ? { supersededDigest } : {}),
        licence: licenceSummary(licence),
        ...(issuer === undefined ? {} : { issuer: { id: issuer.id, nameZh: issuer.nameZh, nameEn: issuer.nameEn, province: issuer.province } }),
        ...(signature === undefined ? {} : { signature }),
      };
    }
    return resultJson(answer);
  }
}
