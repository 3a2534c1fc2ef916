/**
 * Property-based hostile input for the record validators of every family (fast-check).
 *
 * For every record type, with valid samples as seeds:
 *  - random JSON and random mutations of a valid record (field deleted, replaced by any JSON value, string edited,
 *    number nudged, unknown field added, prototype-shaped keys) → the validator either accepts or throws
 *    `INVALID_ARGUMENT: <field>: …` naming a field; never another error, never a non-ChaincodeError;
 *  - what a validator accepts has exactly one canonical form, equal to the input's, and re-validates unchanged;
 *  - any mutation that changes the signed part of a valid signed record makes its SM2 signature fail.
 * The crypto layer's own hostile-input properties (DER, PEM, hex, canonical JSON) live in chaincode/crypto.
 */
import fc from 'fast-check';
import {
  CryptoError,
  bytesToHex,
  canonicalJson,
  parseJsonStrict,
  signRecord,
  sm2GenerateKeyPair,
  verifyRecordSignature,
  type JsonValue,
  type SignedRecord,
} from '../../crypto';
import { ChaincodeError } from '../errors';
import { mustBeValid } from '../records/common';
import type { Validation } from '../records/fields';
import { parseRecordJson, RECORD_LIMITS } from '../records/pipeline';
import { creditCodeProblem } from './credit/codes';
import { validateCreditEntry, validateRepairApply, validateRepairDecide } from './credit/validate';
import { validateDepartmentRegister, validateDepartmentUpdate, validateKeyRevoke, validateKeyRotate } from './department/validate';
import { validateLicenceIssue, validateLicenceReinstate, validateLicenceRenew, validateLicenceRevoke, validateLicenceSuspend } from './licence/validate';
import { validateAccess, validateCatalogue, validateGrantRevoke, validateSharingGrant, validateSharingRequest } from './sharing/validate';
import {
  validateAward,
  validateBidCommit,
  validateBidReveal,
  validateEvaluate,
  validateExpertDraw,
  validateExpertProfile,
  validateExpertScore,
  validateTenderPublish,
} from './tender/validate';
import { TENDER } from './tender/test-data';
import { validateBatchRecord, validateDerivationRecord, validateEventRecord, validateRecallRecord } from './trace/validate';
import { derivation, event, guapianSpec } from './trace/test-data';

type Validator = (value: JsonValue) => Validation<unknown>;
type Obj = { [key: string]: JsonValue };

const RUNS = Number(process.env.DTL_PROPERTY_RUNS ?? 150);
const ORG = '91340100MA2W1X3K8U';
const ORG2 = '91320100MA1W5C7P79';
const DIGEST = 'ab'.repeat(32);
const KEY = sm2GenerateKeyPair();
const OTHER_KEY = sm2GenerateKeyPair();
const PUBLIC_KEY_HEX = bytesToHex(OTHER_KEY.publicKey);

const head = (type: string, id: string, department = 'sh-samr'): Obj => ({ type, id, department });

/** One valid unsigned sample per record type (several for types with variants). */
const SAMPLES: ReadonlyArray<{ readonly name: string; readonly validate: Validator; readonly record: Obj }> = [
  {
    name: 'credit.entry (organisation, black)',
    validate: validateCreditEntry,
    record: {
      ...head('credit.entry', 'ce-2024-0001'),
      list: 'black',
      subject: { kind: 'organisation', creditCode: ORG, name: '某建设工程有限公司' },
      category: 'serious-illegal-dishonesty',
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第十条',
      decisionNumber: '沪市监信〔2024〕12号',
      measures: ['no-bidding', 'no-licence:food-business'],
      validFrom: '2024-03-01T00:00:00Z',
      validTo: '2027-03-01T00:00:00.000Z',
    },
  },
  {
    name: 'credit.entry (person, red)',
    validate: validateCreditEntry,
    record: {
      ...head('credit.entry', 'ce-2024-0002'),
      list: 'red',
      subject: { kind: 'person', idDigest: DIGEST, maskedName: '张*' },
      category: 'credit-model',
      legalBasis: '诚信典型评选办法',
      measures: ['green-channel'],
      validFrom: '2024-03-01T00:00:00Z',
    },
  },
  {
    name: 'credit.repair.apply',
    validate: validateRepairApply,
    record: { ...head('credit.repair.apply', 'rp-1'), entryId: 'ce-2024-0001', grounds: '已履行行政处罚决定', evidenceDigest: DIGEST },
  },
  {
    name: 'credit.repair.decide',
    validate: validateRepairDecide,
    record: { ...head('credit.repair.decide', 'rd-1'), repairId: 'rp-1', decision: 'approved', reason: '符合信用修复条件' },
  },
  {
    name: 'department.register',
    validate: validateDepartmentRegister,
    record: {
      ...head('department.register', 'reg-sh-samr'),
      nameZh: '上海市市场监督管理局',
      nameEn: 'Shanghai Administration for Market Regulation',
      province: 'shanghai',
      city: 'shanghai',
      tier: 'province',
      roles: ['credit-issuer', 'licence-issuer'],
      key: { keyId: 'sh-samr#1', publicKey: PUBLIC_KEY_HEX, validFrom: '2024-01-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' },
    },
  },
  {
    name: 'department.update (county)',
    validate: validateDepartmentUpdate,
    record: {
      ...head('department.update', 'upd-1'),
      nameZh: '金寨县农业农村局',
      nameEn: 'Jinzhai County Agriculture Bureau',
      province: 'anhui',
      city: 'luan',
      county: 'jinzhai',
      tier: 'county',
      roles: ['trace-actor'],
    },
  },
  {
    name: 'department.key.rotate',
    validate: validateKeyRotate,
    record: { ...head('department.key.rotate', 'rot-1'), key: { keyId: 'sh-samr#2', publicKey: PUBLIC_KEY_HEX, validFrom: '2025-01-01T00:00:00Z' }, supersedes: 'sh-samr#1' },
  },
  {
    name: 'department.key.revoke',
    validate: validateKeyRevoke,
    record: { ...head('department.key.revoke', 'rev-1'), keyId: 'sh-samr#1', reason: 'key-compromise' },
  },
  {
    name: 'licence.issue',
    validate: validateLicenceIssue,
    record: {
      ...head('licence.issue', 'li-1'),
      number: 'JY13101150012345',
      licenceType: 'food-business',
      holder: { kind: 'organisation', creditCode: ORG, name: '上海某餐饮管理有限公司' },
      title: '食品经营许可证',
      scope: '热食类食品制售',
      validFrom: '2024-01-01T00:00:00Z',
      validTo: '2029-01-01T00:00:00Z',
      fileDigest: DIGEST,
    },
  },
  { name: 'licence.suspend', validate: validateLicenceSuspend, record: { ...head('licence.suspend', 'ls-1'), number: 'JY13101150012345', reason: '整改期间暂停' } },
  { name: 'licence.reinstate', validate: validateLicenceReinstate, record: { ...head('licence.reinstate', 'lr-1'), number: 'JY13101150012345', reason: '整改完成' } },
  {
    name: 'licence.revoke',
    validate: validateLicenceRevoke,
    record: { ...head('licence.revoke', 'lv-1'), number: 'JY13101150012345', reason: '吊销', legalBasis: '《食品安全法》第一百三十五条' },
  },
  {
    name: 'licence.renew',
    validate: validateLicenceRenew,
    record: { ...head('licence.renew', 'ln-1'), number: 'JY13101150012345', validTo: '2034-01-01T00:00:00Z', fileDigest: DIGEST },
  },
  {
    name: 'sharing.catalogue',
    validate: validateCatalogue,
    record: {
      ...head('sharing.catalogue', 'cat-1'),
      resourceId: 'credit.person-entries',
      family: 'credit',
      title: '自然人失信信息',
      description: '自然人失信名单条目（脱敏）',
      mode: 'conditional',
      conditions: '仅限行政审批核查使用',
    },
  },
  {
    name: 'sharing.request',
    validate: validateSharingRequest,
    record: {
      ...head('sharing.request', 'req-1', 'js-fgw'),
      owner: 'sh-samr',
      resourceId: 'credit.person-entries',
      purpose: '行政许可审查',
      subjects: [`org:${ORG}`],
      until: '2025-12-31T00:00:00Z',
    },
  },
  {
    name: 'sharing.grant',
    validate: validateSharingGrant,
    record: {
      ...head('sharing.grant', 'gr-1'),
      requestId: 'req-1',
      decision: 'approved',
      subjects: [`org:${ORG}`],
      validFrom: '2025-01-01T00:00:00Z',
      validTo: '2025-12-31T00:00:00Z',
      reason: '符合共享条件',
    },
  },
  { name: 'sharing.grant.revoke', validate: validateGrantRevoke, record: { ...head('sharing.grant.revoke', 'grv-1'), grantId: 'gr-1', reason: '用途结束' } },
  {
    name: 'sharing.access',
    validate: validateAccess,
    record: {
      ...head('sharing.access', 'acc-1', 'js-fgw'),
      reader: 'js-fgw',
      owner: 'sh-samr',
      resourceId: 'credit.person-entries',
      purpose: '行政许可审查',
      subject: `org:${ORG}`,
      grantId: 'gr-1',
    },
  },
  { name: 'tender.publish', validate: validateTenderPublish, record: TENDER as unknown as Obj },
  {
    name: 'tender.expert.profile',
    validate: validateExpertProfile,
    record: { ...head('tender.expert.profile', 'ep-1', 'exp-ah-wu'), specialities: ['municipal-roads'], affiliations: ['hf-bh-jsj'] },
  },
  {
    name: 'tender.bid.commit',
    validate: validateBidCommit,
    record: { ...head('tender.bid.commit', 'bc-1', 'hf-ggzy'), tenderId: 'HFGGZY-2025-SZ-001', bidderCreditCode: ORG, bidderName: '安徽某建工集团', commitment: DIGEST },
  },
  {
    name: 'tender.bid.reveal',
    validate: validateBidReveal,
    record: {
      ...head('tender.bid.reveal', 'br-1', 'hf-ggzy'),
      tenderId: 'HFGGZY-2025-SZ-001',
      bidId: 'bc-1',
      bid: { tenderId: 'HFGGZY-2025-SZ-001', bidderCreditCode: ORG, price: 4_500_000_000, proposalDigest: DIGEST, durationDays: 365 },
      salt: 'cd'.repeat(16),
    },
  },
  { name: 'tender.draw', validate: validateExpertDraw, record: { ...head('tender.draw', 'dr-1', 'hf-ggzy'), tenderId: 'HFGGZY-2025-SZ-001' } },
  {
    name: 'tender.score',
    validate: validateExpertScore,
    record: { ...head('tender.score', 'sc-1', 'exp-ah-wu'), tenderId: 'HFGGZY-2025-SZ-001', bidId: 'bc-1', score: 8_750, sheetDigest: DIGEST },
  },
  { name: 'tender.evaluate', validate: validateEvaluate, record: { ...head('tender.evaluate', 'ev-1', 'hf-ggzy'), tenderId: 'HFGGZY-2025-SZ-001' } },
  {
    name: 'tender.award',
    validate: validateAward,
    record: { ...head('tender.award', 'aw-1', 'hf-zjj'), tenderId: 'HFGGZY-2025-SZ-001', bidId: 'bc-1', reason: '综合得分最高' },
  },
  {
    name: 'trace.batch.register',
    validate: validateBatchRecord,
    record: { ...head('trace.batch.register', 'tb-1', 'ja-jinzhai-coop'), ...(guapianSpec() as unknown as Obj) },
  },
  ...(['planting', 'harvest', 'inspection', 'processing', 'shipment', 'sale'] as const).map((kind) => ({
    name: `trace.event (${kind})`,
    validate: validateEventRecord as Validator,
    record: event(`te-${kind}`, kind) as unknown as Obj,
  })),
  {
    name: 'trace.derivation',
    validate: validateDerivationRecord,
    record: derivation('split', [{ batchId: 'LA-GP-2024-001', quantity: 500 }], [guapianSpec('LA-GP-2024-001-a', 200), guapianSpec('LA-GP-2024-001-b', 300)]) as unknown as Obj,
  },
  {
    name: 'trace.recall',
    validate: validateRecallRecord,
    record: { ...head('trace.recall', 'rc-1', 'ah-samr'), batchId: 'LA-GP-2024-001', reason: '农残超标', legalBasis: '《食品安全法》第六十三条' },
  },
];

/** Optional members some samples leave out (a missing conditional field is named by these). */
const OPTIONAL_MEMBERS = ['county', 'process', 'decisionNumber', 'validTo', 'validFrom', 'conditions', 'subjects', 'scope', 'legalBasis', 'note', 'supersedes', 'reason', 'subject', 'grantId', 'sheetDigest'];

/** The member names each validator defines: every top-level key of its samples, the signature, and OPTIONAL_MEMBERS. */
function knownMembers(validate: Validator): ReadonlySet<string> {
  const names = new Set<string>(['signature', ...OPTIONAL_MEMBERS]);
  for (const sample of SAMPLES) if (sample.validate === validate) for (const key of Object.keys(sample.record)) names.add(key);
  return names;
}

const SIGNED = SAMPLES.map((sample) => ({
  ...sample,
  known: knownMembers(sample.validate),
  signed: signRecord(sample.record, { privateKey: KEY.privateKey, keyId: 'sh-samr#1' }) as unknown as Obj,
}));

/** The top-level member names a field path starts with (`subject.creditCode` → `subject`, `inputs[0].x` → `inputs`). */
function rootOf(field: string): string {
  const match = /^([^.[]*)/.exec(field);
  return match?.[1] ?? field;
}

/** Runs a validator through mustBeValid; returns the accepted value, or undefined after checking the error. */
function check(validate: Validator, input: JsonValue, known: ReadonlySet<string>): unknown {
  let validation: Validation<unknown>;
  try {
    validation = validate(input);
  } catch (error) {
    throw new Error(`validator threw instead of returning field errors: ${(error as Error)?.name}: ${(error as Error)?.message}`);
  }
  if (!validation.ok) {
    expect(validation.errors.length).toBeGreaterThan(0);
    const inputKeys = pathsOf(input).map((path) => path[path.length - 1]).filter((key): key is string => typeof key === 'string');
    for (const { field, message } of validation.errors) {
      // The field is the whole record, a member the record type defines, or the unknown member the input carried.
      const root = rootOf(field);
      // (An unknown member is named verbatim, so its name may itself contain `.` or `[`.)
      const named = root === 'record' || known.has(root) || inputKeys.some((key) => field === key || field.endsWith(`.${key}`));
      expect(named ? 'named' : `unnamed field ${JSON.stringify(field)}`).toBe('named');
      expect(message.length).toBeGreaterThan(0);
    }
    let thrown: unknown;
    try {
      mustBeValid(validation);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ChaincodeError);
    expect((thrown as ChaincodeError).code).toBe('INVALID_ARGUMENT');
    expect((thrown as ChaincodeError).message.startsWith(`INVALID_ARGUMENT: ${validation.errors[0]?.field ?? ''}: `)).toBe(true);
    return undefined;
  }
  const accepted = mustBeValid(validation);
  // Accepted: one canonical form, the input's, stable under a strict re-parse and a second validation.
  const text = canonicalJson(accepted as JsonValue);
  expect(text).toBe(canonicalJson(input));
  const again = mustBeValid(validate(parseJsonStrict(text, RECORD_LIMITS)));
  expect(canonicalJson(again as JsonValue)).toBe(text);
  return accepted;
}

// ---- arbitraries -------------------------------------------------------------------------------------------------

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u200b',
  '\ufeff',
  'é',
  'e\u0301',
  '𠜎',
  '👩‍👩‍👧',
  'a'.repeat(129),
  '中'.repeat(3000),
  '../../etc/passwd',
  '..%2f..%2f',
  "' OR '1'='1",
  '"; DROP TABLE records; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '2024-02-30T00:00:00Z',
  '2024-01-01T00:00:00+08:00',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  'AB'.repeat(32),
  '91340100MA2W1X3K8V',
  '-0',
  '1e309',
];
const HOSTILE_NUMBERS = [0, -0, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER + 2, 1e308, Number.MIN_VALUE, 100_000_000_000_001];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'signature', '', ' id', 'ID', 'type\u0000'];

/**
 * JSON values with the edge cases weighted in. No lone surrogates: validators only ever see what parseJsonStrict
 * returned, and it refuses them (the parser property below feeds them as text).
 */
const hostileJson: fc.Arbitrary<JsonValue> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue> },
  { weight: 2, arbitrary: fc.constantFrom<JsonValue>(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom<JsonValue>(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom<JsonValue>(null, true, false, [], {}, [null], { kind: 'organisation' }) },
);

type Path = Array<string | number>;

function pathsOf(value: JsonValue, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([...prefix, i]), pathsOf(item, [...prefix, i], out)));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(item, [...prefix, key], out);
    }
  }
  return out;
}

const clone = (value: JsonValue): JsonValue => JSON.parse(JSON.stringify(value)) as JsonValue;

type Mutation =
  | { kind: 'delete' }
  | { kind: 'replace'; value: JsonValue }
  | { kind: 'append'; text: string }
  | { kind: 'truncate' }
  | { kind: 'nudge'; by: number }
  | { kind: 'addField'; key: string; value: JsonValue };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  hostileJson.map<Mutation>((value) => ({ kind: 'replace', value })),
  fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '\u0000', 'x', '0', '-', '#', '/')).map<Mutation>((text) => ({ kind: 'append', text })),
  fc.constant<Mutation>({ kind: 'truncate' }),
  fc.constantFrom(-1, 1, 0.5, 1e6).map<Mutation>((by) => ({ kind: 'nudge', by })),
  fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), hostileJson).map<Mutation>(([key, value]) => ({ kind: 'addField', key, value })),
);

/** Applies a mutation at a path of a copy of `record` (JSON.parse semantics: `__proto__` becomes an own key). */
function mutate(record: Obj, path: Path, m: Mutation): JsonValue {
  const root = clone(record) as Obj;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  let parent: JsonValue = root;
  for (const step of parentPath) parent = (parent as Record<string | number, JsonValue>)[step as never] as JsonValue;
  const container = parent as Record<string | number, JsonValue>;
  if (last === undefined) return root;
  const current = container[last as never] as JsonValue;
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(container)) container.splice(last as number, 1);
      else delete container[last as never];
      break;
    case 'replace':
      container[last as never] = m.value as never;
      break;
    case 'append':
      container[last as never] = (typeof current === 'string' ? current + m.text : m.text) as never;
      break;
    case 'truncate':
      container[last as never] = (typeof current === 'string' ? current.slice(0, Math.floor(current.length / 2)) : null) as never;
      break;
    case 'nudge':
      container[last as never] = (typeof current === 'number' ? current + m.by : m.by) as never;
      break;
    case 'addField': {
      // Only objects get members (a JSON array has no named members: JSON.parse never makes one).
      const target = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Obj) : Array.isArray(container) ? root : (container as Obj);
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      break;
    }
  }
  return root;
}

const sampleIndex = fc.nat({ max: SIGNED.length - 1 });

// ---- properties --------------------------------------------------------------------------------------------------

describe('record validators of every family under hostile input (fast-check)', () => {
  it('the fixtures are valid: every sample is accepted, signed and canonical', () => {
    expect(creditCodeProblem(ORG)).toBeUndefined();
    expect(creditCodeProblem(ORG2)).toBeUndefined();
    for (const sample of SIGNED) {
      const accepted = check(sample.validate, sample.signed, sample.known);
      expect({ name: sample.name, accepted: accepted !== undefined }).toEqual({ name: sample.name, accepted: true });
      expect(verifyRecordSignature(sample.signed as unknown as SignedRecord<object>, KEY.publicKey)).toBe(true);
    }
  });

  it('deleting or nulling any member of any sample (exhaustive): refused naming a field, or accepted exactly as given', () => {
    // Regression: a missing optional array used to come back as [] (credit.entry measures on the red list,
    // tender.expert.profile affiliations), so the validated record differed from the signed one.
    let cases = 0;
    for (const sample of SIGNED) {
      for (const path of pathsOf(sample.signed)) {
        for (const m of [{ kind: 'delete' }, { kind: 'replace', value: null }] as const) {
          check(sample.validate, mutate(sample.signed, path, m), sample.known);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(500);
  });

  it('random JSON values: accept or INVALID_ARGUMENT naming a field, nothing else', () => {
    fc.assert(
      fc.property(sampleIndex, hostileJson, (i, value) => {
        check((SIGNED[i] as (typeof SIGNED)[number]).validate, value, (SIGNED[i] as (typeof SIGNED)[number]).known);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('random objects with the right type: accept or INVALID_ARGUMENT naming a field', () => {
    fc.assert(
      fc.property(sampleIndex, fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })), hostileJson, { maxKeys: 8 }), (i, extra) => {
        const sample = SIGNED[i] as (typeof SIGNED)[number];
        const value = JSON.parse(JSON.stringify({ ...extra, type: sample.record.type })) as JsonValue;
        check(sample.validate, value, sample.known);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('mutations of a valid signed record: accept or INVALID_ARGUMENT naming a field; a changed signed part never verifies', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(sampleIndex, fc.nat(), mutation, (i, pick, m) => {
        const sample = SIGNED[i] as (typeof SIGNED)[number];
        const paths = pathsOf(sample.signed).filter((p) => p[0] !== 'signature');
        const path = paths[pick % paths.length] as Path;
        const mutated = mutate(sample.signed, path, m);
        const result = check(sample.validate, mutated, sample.known);
        if (result === undefined) refused++;
        else accepted++;
        let signedPartChanged: boolean;
        try {
          const { signature: _a, ...before } = sample.signed;
          const { signature: _b, ...after } = mutated as Obj;
          signedPartChanged = canonicalJson(before) !== canonicalJson(after);
        } catch (error) {
          expect(error).toBeInstanceOf(CryptoError);
          return; // not canonicalisable (lone surrogate): cannot be signed, cannot verify
        }
        if (!signedPartChanged) return;
        let verifies = false;
        try {
          verifies = verifyRecordSignature(mutated as unknown as SignedRecord<object>, KEY.publicKey);
        } catch (error) {
          expect(error).toBeInstanceOf(CryptoError);
        }
        expect(verifies).toBe(false);
      }),
      { numRuns: RUNS * 6 },
    );
    // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('mutations of the signature block: refused by the validator or the signature check', () => {
    fc.assert(
      fc.property(sampleIndex, fc.nat(), mutation, (i, pick, m) => {
        const sample = SIGNED[i] as (typeof SIGNED)[number];
        const paths = pathsOf(sample.signed).filter((p) => p[0] === 'signature' && p.length > 1);
        const mutated = mutate(sample.signed, paths[pick % paths.length] as Path, m) as Obj;
        const result = check(sample.validate, mutated, sample.known);
        if (result === undefined) return;
        const block = mutated.signature as Obj;
        const same = canonicalJson(block) === canonicalJson(sample.signed.signature as JsonValue);
        let verifies = false;
        try {
          verifies = verifyRecordSignature(mutated as unknown as SignedRecord<object>, KEY.publicKey);
        } catch (error) {
          expect(error).toBeInstanceOf(CryptoError);
        }
        // keyId is not signed (it only selects the key), so a keyId-only change still verifies under the same key;
        // the pipeline then looks up the key by the new id and refuses it there (KEY_UNKNOWN / NOT_AUTHORISED).
        const onlyKeyIdChanged = canonicalJson({ ...block, keyId: '' }) === canonicalJson({ ...(sample.signed.signature as Obj), keyId: '' });
        if (!same && !onlyKeyIdChanged) expect(verifies).toBe(false);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a valid record signed by another key never verifies under the registered key', () => {
    fc.assert(
      fc.property(sampleIndex, (i) => {
        const sample = SIGNED[i] as (typeof SIGNED)[number];
        const forged = signRecord(sample.record, { privateKey: OTHER_KEY.privateKey, keyId: 'sh-samr#1' });
        check(sample.validate, forged as unknown as JsonValue, sample.known);
        expect(verifyRecordSignature(forged, KEY.publicKey)).toBe(false);
      }),
      { numRuns: Math.min(RUNS, 60) },
    );
  });

  it('the record parser: any text → a JSON value or INVALID_ARGUMENT, never another error', () => {
    const textArb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.constantFrom(
        '',
        '{',
        '{"a":1,"a":2}',
        '{"__proto__":{"polluted":1}}',
        '"\\ud800"',
        '{"id":"\\udfff"}',
        '[' .repeat(5000),
        `${'['.repeat(17)}${']'.repeat(17)}`,
        '1e99999',
        '-',
        '\ufeff{}',
        '{"a":"\u0000"}',
        `"${'x'.repeat(RECORD_LIMITS.maxBytes)}"`,
      ),
      fc.tuple(sampleIndex, fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })).map(([i, at, insert]) => {
        const text = JSON.stringify((SIGNED[i] as (typeof SIGNED)[number]).signed);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + insert + text.slice(cut + insert.length);
      }),
    );
    fc.assert(
      fc.property(sampleIndex, textArb, (i, text) => {
        let value: JsonValue;
        try {
          value = parseRecordJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ChaincodeError);
          expect((error as ChaincodeError).code).toBe('INVALID_ARGUMENT');
          return;
        }
        check((SIGNED[i] as (typeof SIGNED)[number]).validate, value, (SIGNED[i] as (typeof SIGNED)[number]).known);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
