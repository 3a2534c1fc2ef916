import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { CryptoError, parseJsonStrict, utf8Decode } from '../../crypto';
import { isCreditCode } from '../domain/credit/codes';
import { applyRepair, checkPersonalData, createEntry, decideRepair, effectiveStatus, jointPunishment } from '../domain/credit/rules';
import { LICENCE_TYPES, type CreditAction, type LicenceType } from '../domain/credit/types';
import { validateCorrection, validateCreditEntry, validateObjection, validateObjectionReview, validateRepairApply, validateRepairDecide, type PersonalData } from '../domain/credit/validate';
import { correctEntry, fileObjection, reviewObjection } from '../domain/credit/lifecycle';
import { assertSubjectInJurisdiction } from '../domain/jurisdiction';
import { loadObjection, objectionsOfEntry, saveObjection } from '../store/credit-lifecycle';
import { feedbackOfIssuer, feedbackOfSubject } from '../store/credit-feedback';
import { personalCollection, provinceOfMsp } from '../domain/region';
import { fail } from '../errors';
import { Fields } from '../records/fields';
import { submitRecord } from '../records/pipeline';
import { CREDIT_KEYS, loadCreditView, loadRepair, mustLoadEntry, repairsOfEntry, saveEntry, saveRepair } from '../store/credit';
import { Store } from '../store/store';
import { resultJson } from './json';

/** `org:<code>`, `person:<digest>`, or a bare credit code → subject key. */
export function parseSubjectKey(text: string): string {
  if (isCreditCode(text)) return `org:${text}`;
  if (text.startsWith('org:') && isCreditCode(text.slice(4))) return text;
  if (/^person:[0-9a-f]{64}$/.test(text)) return text;
  fail('INVALID_ARGUMENT', 'subject: must be a credit code, org:<credit code> or person:<SM3 hex digest>');
}

/** `bid`, `government-procurement`, `subsidy`, `honours`, `licence:<type>` → action. */
export function parseCreditAction(text: string): CreditAction {
  if (text === 'bid' || text === 'government-procurement' || text === 'subsidy' || text === 'honours') return { kind: text };
  if (text.startsWith('licence:') && (LICENCE_TYPES as readonly string[]).includes(text.slice(8))) return { kind: 'licence', licenceType: text.slice(8) as LicenceType };
  fail('INVALID_ARGUMENT', `action: must be bid, government-procurement, subsidy, honours or licence:<${LICENCE_TYPES.join('|')}>`);
}

function readPersonal(bytes: Uint8Array | undefined): PersonalData | undefined {
  if (bytes === undefined) return undefined;
  try {
    const fields = new Fields(parseJsonStrict(utf8Decode(bytes), { maxBytes: 1024, maxDepth: 2 }), 'personal');
    const personal = { idNumber: fields.string('idNumber', { max: 18 }), salt: fields.string('salt', { max: 256 }) };
    const result = fields.result(personal);
    if (!result.ok) fail('INVALID_ARGUMENT', result.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    return result.value;
  } catch (error) {
    if (error instanceof CryptoError) fail('INVALID_ARGUMENT', `personal: ${error.message}`);
    throw error;
  }
}

/** Black and red lists, credit repair, the cross-province credit view and joint punishment. */
@Info({ title: 'credit', description: 'Black/red list entries, credit repair, cross-province credit view, joint punishment' })
export class CreditContract extends Contract {
  constructor() {
    super('credit');
  }

  /**
   * Adds a black- or red-list entry (role credit-issuer). A person subject carries only the salted digest; the clear
   * ID and salt come as transient `personal` = {"idNumber","salt"} and go to the issuer's `personal-<province>` collection.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed credit.entry record')
  @Returns('string')
  async addEntry(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'credit.entry', validate: validateCreditEntry, roles: ['credit-issuer'] }, async ({ record, department, store, at }) => {
      if (await store.exists(CREDIT_KEYS.entry, [record.id])) fail('CONFLICT', `credit entry ${record.id} exists`);
      if (record.subject.kind === 'organisation') assertSubjectInJurisdiction(department, 'credit-entry', record.subject.creditCode);
      const entry = createEntry(record, department, at);
      if (record.subject.kind === 'person') {
        const personal = checkPersonalData(record.subject.idDigest, readPersonal(store.transient('personal')));
        await store.putPrivate(personalCollection(department.province), CREDIT_KEYS.person, [record.subject.idDigest], { idDigest: record.subject.idDigest, idNumber: personal.idNumber, salt: personal.salt, entryId: record.id });
      }
      await saveEntry(store, entry, true);
      return { entryId: entry.entryId, subjectKey: entry.subjectKey, list: entry.list };
    });
    return resultJson(receipt);
  }

  /** Records a repair application received for the subject (role credit-issuer or regulator, any province). */
  @Transaction()
  @Param('recordJson', 'string', 'signed credit.repair.apply record')
  @Returns('string')
  async applyRepair(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'credit.repair.apply', validate: validateRepairApply, roles: ['credit-issuer', 'regulator'] }, async ({ record, store, at }) => {
      const entry = await mustLoadEntry(store, record.entryId);
      const repair = applyRepair(entry, await repairsOfEntry(store, entry.entryId), record, at);
      await saveRepair(store, repair, true);
      return { repairId: repair.repairId, entryId: entry.entryId };
    });
    return resultJson(receipt);
  }

  /** The issuing department approves (entry lifted from now on) or rejects a repair application. */
  @Transaction()
  @Param('recordJson', 'string', 'signed credit.repair.decide record')
  @Returns('string')
  async decideRepair(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'credit.repair.decide', validate: validateRepairDecide, roles: ['credit-issuer'] }, async ({ record, store, at }) => {
      const repair = (await loadRepair(store, record.repairId)) ?? fail('NOT_FOUND', `repair ${record.repairId}`);
      const before = await mustLoadEntry(store, repair.entryId);
      const decided = decideRepair(before, repair, record, at);
      await saveRepair(store, decided.repair, false);
      if (decided.entry !== before) await saveEntry(store, decided.entry, false);
      return { repairId: repair.repairId, entryId: repair.entryId, decision: record.decision };
    });
    return resultJson(receipt);
  }

  /** An entry with its status at the transaction time and its repair applications. */
  @Transaction(false)
  @Param('entryId', 'string', 'credit entry id (the credit.entry record id)')
  @Returns('string')
  async getEntry(ctx: Context, entryId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const entry = await mustLoadEntry(store, entryId);
    return resultJson({ entry: { ...entry, effectiveStatus: effectiveStatus(entry, store.now) }, repairs: await repairsOfEntry(store, entryId) });
  }

  /** A subject's credit across all provinces (`org:<code>`, a bare credit code, or `person:<digest>`). */
  @Transaction(false)
  @Param('subject', 'string', 'subject key or credit code')
  @Returns('string')
  async view(ctx: Context, subject: string): Promise<string> {
    const store = new Store(ctx.stub);
    return resultJson(await loadCreditView(store, parseSubjectKey(subject), store.now));
  }

  /** Joint punishment check: may `subject` be allowed `action` (bid, government-procurement, subsidy, honours, licence:<type>) now? */
  @Transaction(false)
  @Param('subject', 'string', 'subject key or credit code')
  @Param('action', 'string', 'action')
  @Returns('string')
  async check(ctx: Context, subject: string, action: string): Promise<string> {
    const store = new Store(ctx.stub);
    const subjectKey = parseSubjectKey(subject);
    const decision = jointPunishment(await loadCreditView(store, subjectKey, store.now), parseCreditAction(action), store.now);
    return resultJson({ subjectKey, action, ...decision });
  }

  /** The clear ID of a person digest, from the caller's own province collection only (NOT_FOUND elsewhere). */
  @Transaction(false)
  @Param('idDigest', 'string', 'SM3 hex digest')
  @Returns('string')
  async getPersonal(ctx: Context, idDigest: string): Promise<string> {
    const province = provinceOfMsp(ctx.clientIdentity.getMSPID()) ?? fail('NOT_AUTHORISED', `MSP ${ctx.clientIdentity.getMSPID()} has no personal data collection`);
    const store = new Store(ctx.stub);
    const personal = await store.getPrivate<object>(personalCollection(province), CREDIT_KEYS.person, [idDigest]);
    return resultJson(personal ?? fail('NOT_FOUND', `personal data for ${idDigest} in ${personalCollection(province)}`));
  }
  // ---- Credit lifecycle (issue 14): objection, its review, correction and withdrawal — each a new record.

  /** Records an objection (异议) received for the entry's subject (role credit-issuer or regulator, any province). */
  @Transaction()
  @Param('recordJson', 'string', 'signed credit.objection record')
  @Returns('string')
  async fileObjection(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'credit.objection', validate: validateObjection, roles: ['credit-issuer', 'regulator'] }, async ({ record, store, at }) => {
      const entry = await mustLoadEntry(store, record.entryId);
      const objection = fileObjection(entry, await objectionsOfEntry(store, entry.entryId), record, at);
      await saveObjection(store, objection, true);
      return { objectionId: objection.objectionId, entryId: entry.entryId };
    });
    return resultJson(receipt);
  }

  /** The issuing department's review of an objection (upheld / dismissed, with reasons). */
  @Transaction()
  @Param('recordJson', 'string', 'signed credit.objection.review record')
  @Returns('string')
  async reviewObjection(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'credit.objection.review', validate: validateObjectionReview, roles: ['credit-issuer'] }, async ({ record, store, at }) => {
      const objection = (await loadObjection(store, record.objectionId)) ?? fail('NOT_FOUND', `objection ${record.objectionId}`);
      const reviewed = reviewObjection(await mustLoadEntry(store, objection.entryId), objection, record, at);
      await saveObjection(store, reviewed, false);
      return { objectionId: reviewed.objectionId, entryId: reviewed.entryId, outcome: reviewed.status };
    });
    return resultJson(receipt);
  }

  /** The issuing department corrects or withdraws a wrong entry (a new record pointing back; nothing is deleted). */
  @Transaction()
  @Param('recordJson', 'string', 'signed credit.correction record')
  @Returns('string')
  async correctEntry(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'credit.correction', validate: validateCorrection, roles: ['credit-issuer'] }, async ({ record, store, at }) => {
      const entry = await mustLoadEntry(store, record.entryId);
      const objection = record.objectionId === undefined ? undefined : await loadObjection(store, record.objectionId);
      const corrected = correctEntry(entry, objection, record, at);
      await saveEntry(store, corrected, false);
      return { entryId: entry.entryId, action: record.action, status: corrected.status };
    });
    return resultJson(receipt);
  }

  /** An entry's objections with their reviews. */
  @Transaction(false)
  @Param('entryId', 'string', 'credit entry id')
  @Returns('string')
  async objections(ctx: Context, entryId: string): Promise<string> {
    const store = new Store(ctx.stub);
    await mustLoadEntry(store, entryId);
    return resultJson(await objectionsOfEntry(store, entryId));
  }
  // ---- Joint-punishment feedback (issue 14): where each entry bit, for its issuing department and the auditor.

  /** Feedback records of refusals caused by entries of `department` (the issuing department). */
  @Transaction(false)
  @Param('department', 'string', 'issuing department id')
  @Returns('string')
  async feedbackOfIssuer(ctx: Context, department: string): Promise<string> {
    return resultJson(await feedbackOfIssuer(new Store(ctx.stub), department));
  }

  /** Feedback records of refusals of one subject (`org:<code>`, a bare credit code, or `person:<digest>`). */
  @Transaction(false)
  @Param('subject', 'string', 'subject key or credit code')
  @Returns('string')
  async feedbackOfSubject(ctx: Context, subject: string): Promise<string> {
    return resultJson(await feedbackOfSubject(new Store(ctx.stub), parseSubjectKey(subject)));
  }
}
