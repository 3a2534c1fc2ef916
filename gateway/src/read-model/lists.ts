/**
 * The list families the API answers from the read model, as data: table, the filters each accepts (with allowed
 * values where they are closed sets), the columns answered, and how rows are scoped (visibility.ts). The router
 * and the OpenAPI document are both built from this table.
 */
import { BLACK_MEASURES, CREDIT_CATEGORIES, CREDIT_LISTS, LICENCE_TYPES, PROVINCES, ROLES, SHARING_MODES, TIERS, tender } from '@dtl/chaincode';
import type { ListFamily } from './visibility';
import type { TableName } from './schema';

export interface FilterSpec {
  readonly column: string;
  readonly values?: readonly string[];
  /** `eq` (default), `gte`/`lte` (time ranges), `contains` (comma-joined set columns such as roles, measures). */
  readonly op?: 'eq' | 'gte' | 'lte' | 'contains';
  readonly description: string;
}

export interface ListSpec {
  readonly path: string;
  readonly summary: string;
  readonly table: TableName;
  readonly family: ListFamily;
  /** Column holding the owner province (protected families) or owner department (access records). */
  readonly provinceColumn?: string;
  readonly ownerColumn?: string;
  /** Department that owns each row (for access records on cross-region pages). */
  readonly departmentColumn?: string;
  /** Tie-breaker after (block_number, tx_index): the primary key column. */
  readonly key: string;
  /** Ordered by `number` alone (blocks). */
  readonly byNumber?: boolean;
  readonly filters: Readonly<Record<string, FilterSpec>>;
}

const province = (column: string, what = 'owner province'): FilterSpec => ({ column, values: PROVINCES, description: what });
const at = (column: string): Record<string, FilterSpec> => ({ from: { column, op: 'gte', description: `${column} at or after (ISO-8601)` }, to: { column, op: 'lte', description: `${column} at or before (ISO-8601)` } });

const BATCH_STAGES = ['registered', 'planted', 'harvested', 'processed', 'shipped', 'sold'] as const;
const TENDER_STAGES = ['published', 'bidding', 'revealing', 'experts-drawn', 'evaluated', 'awarded'] as const;
const VALIDATION_CODES = ['VALID', 'MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE', 'DUPLICATE_TXID', 'INVALID_OTHER_REASON'] as const;

export const LISTS: readonly ListSpec[] = [
  {
    path: 'credit-entries',
    summary: 'Credit entries (black and red lists) with their subject, issuer and place',
    table: 'rm_credit_entries',
    family: 'credit',
    provinceColumn: 'province',
    departmentColumn: 'department',
    key: 'entry_id',
    filters: {
      list: { column: 'list', values: CREDIT_LISTS, description: 'black or red list' },
      category: { column: 'category', values: CREDIT_CATEGORIES, description: 'list category' },
      status: { column: 'status', values: ['active', 'repaired'], description: 'stored status' },
      province: province('province', 'issuing province'),
      city: { column: 'city', description: 'issuing city' },
      county: { column: 'county', description: 'issuing county' },
      department: { column: 'department', description: 'issuing department id' },
      subject: { column: 'subject_key', description: 'subject key (credit code, or salted digest for persons)' },
      measure: { column: 'measures', op: 'contains', values: BLACK_MEASURES, description: 'joint-punishment measure the entry carries' },
      validOn: { column: 'valid_from', op: 'lte', description: 'in force on (valid_from ≤ this instant)' },
      ...at('recorded_at'),
    },
  },
  {
    path: 'licences',
    summary: 'E-licences with holder, type, issuer and status',
    table: 'rm_licences',
    family: 'licence',
    provinceColumn: 'province',
    departmentColumn: 'issuer',
    key: 'number',
    filters: {
      licenceType: { column: 'licence_type', values: LICENCE_TYPES, description: 'licence type' },
      status: { column: 'status', values: ['active', 'suspended', 'revoked'], description: 'status' },
      province: province('province', 'issuing province'),
      city: { column: 'city', description: 'issuing city' },
      issuer: { column: 'issuer', description: 'issuing department id' },
      holder: { column: 'holder_code', description: 'holder credit code' },
      ...at('issued_at'),
    },
  },
  {
    path: 'batches',
    summary: 'Product batches with origin, producer, provenance, stage and recall state',
    table: 'rm_batches',
    family: 'trace',
    provinceColumn: 'province',
    departmentColumn: 'department',
    key: 'batch_id',
    filters: {
      product: { column: 'product', description: 'product name, e.g. 六安瓜片' },
      producer: { column: 'producer_code', description: 'producer credit code' },
      originProvince: { column: 'origin_province', description: 'origin province as written on the batch' },
      originCity: { column: 'origin_city', description: 'origin city' },
      province: province('province', 'province of the registering department'),
      stage: { column: 'stage', values: BATCH_STAGES, description: 'latest stage' },
      recalled: { column: 'recalled', values: ['0', '1'], description: '1: recalled' },
      department: { column: 'department', description: 'registering department id' },
      ...at('registered_at'),
    },
  },
  {
    path: 'tenders',
    summary: 'Tenders and their stage',
    table: 'rm_tenders',
    family: 'tender',
    key: 'tender_id',
    filters: {
      category: { column: 'category', values: tender.TENDER_CATEGORIES, description: 'category' },
      stage: { column: 'stage', values: TENDER_STAGES, description: 'latest stage' },
      province: province('province', 'publishing province'),
      department: { column: 'department', description: 'publishing department id' },
      ...at('published_at'),
    },
  },
  {
    path: 'sharing',
    summary: 'Sharing catalogue entries, requests, grants and revocations',
    table: 'rm_sharing',
    family: 'sharing',
    key: 'record_id',
    filters: {
      kind: { column: 'kind', values: ['catalogue', 'request', 'grant', 'revoke'], description: 'record kind' },
      status: { column: 'status', values: ['pending', 'approved', 'rejected', 'revoked', ...SHARING_MODES], description: 'request status, grant decision or catalogue mode' },
      department: { column: 'department', description: 'writing department id' },
      owner: { column: 'owner', description: 'resource owner (requests)' },
      family: { column: 'family', values: ['credit', 'licence', 'trace', 'tender', 'department'], description: 'resource family (catalogue)' },
      province: province('province', 'writing department province'),
      ...at('at'),
    },
  },
  {
    path: 'access',
    summary: 'Access records: every cross-region read, by whom, for what, under which grant (auditors; owners see reads of their data)',
    table: 'rm_access',
    family: 'access',
    ownerColumn: 'owner',
    key: 'record_id',
    filters: {
      reader: { column: 'reader', description: 'reading department id' },
      owner: { column: 'owner', description: 'owning department id' },
      readerProvince: province('reader_province', 'reader province'),
      ownerProvince: province('owner_province', 'owner province'),
      allowed: { column: 'allowed', values: ['0', '1'], description: '0: refused, 1: allowed' },
      grant: { column: 'grant_id', description: 'grant id' },
      ...at('at'),
    },
  },
  {
    path: 'departments',
    summary: 'Registered departments',
    table: 'rm_departments',
    family: 'department',
    key: 'department_id',
    filters: {
      province: province('province', 'province'),
      city: { column: 'city', description: 'city' },
      tier: { column: 'tier', values: TIERS, description: 'tier' },
      role: { column: 'roles', op: 'contains', values: ROLES, description: 'role held' },
    },
  },
  {
    path: 'keys',
    summary: 'Department keys and their status',
    table: 'rm_keys',
    family: 'department',
    key: 'key_id',
    filters: { department: { column: 'department_id', description: 'department id' }, status: { column: 'status', values: ['active', 'superseded', 'revoked'], description: 'status' } },
  },
  {
    path: 'records',
    summary: 'Records of every type, by type, family, department or the entity they are about (timeline)',
    table: 'rm_records',
    family: 'chain',
    provinceColumn: 'province',
    departmentColumn: 'department',
    key: 'record_id',
    filters: {
      type: { column: 'type', description: 'record type, e.g. trace.event' },
      family: { column: 'family', values: ['department', 'credit', 'licence', 'trace', 'tender', 'sharing'], description: 'record family' },
      department: { column: 'department', description: 'writing department id' },
      id: { column: 'record_id', description: 'record id' },
      subject: { column: 'subject', description: 'the organisation (credit code) or person (salted digest) the record is about' },
      ref: { column: 'ref_id', description: 'entity the record is about: batch id, tender id, licence number, credit entry id (its timeline)' },
      province: province('province', 'writing department province'),
      ...at('committed_at'),
    },
  },
  {
    path: 'transactions',
    summary: 'Transactions with their validation code and the record they carried',
    table: 'rm_transactions',
    family: 'chain',
    key: 'tx_id',
    filters: {
      contract: { column: 'contract', description: 'contract name' },
      fn: { column: 'fn', description: 'transaction function' },
      validationCode: { column: 'validation_code', values: VALIDATION_CODES, description: 'validation code' },
      recordType: { column: 'record_type', description: 'record type' },
      creatorMsp: { column: 'creator_msp', description: 'submitting organisation MSP id' },
      block: { column: 'block_number', description: 'block number' },
    },
  },
  {
    path: 'blocks',
    summary: 'Blocks with hashes and transaction counts',
    table: 'rm_blocks',
    family: 'chain',
    key: 'number',
    byNumber: true,
    filters: { ...at('timestamp') },
  },
];

/** Kinds of names search looks at, and the family whose visibility each follows. */
export const NAME_KINDS: Readonly<Record<string, ListFamily>> = { subject: 'credit', 'licence-holder': 'licence', batch: 'trace', tender: 'tender', department: 'department', catalogue: 'sharing' };
