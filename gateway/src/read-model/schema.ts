/**
 * The read model's tables: one per question family, each row carrying the block and transaction position of the
 * record that created it (the keyset order). Every column is TEXT or INTEGER so a row compares equal on SQLite and
 * PostgreSQL (verify diffs rows as text). DDL through Kysely's schema builder; search indexes per dialect.
 */
import { sql, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface CheckpointTable { id: number; height: number; block_hash: string }
export interface BlockTable { number: number; hash: string; previous_hash: string; data_hash: string; timestamp: string; tx_count: number; valid_count: number }
export interface TransactionTable { tx_id: string; block_number: number; tx_index: number; validation_code: string; creator_msp: string; timestamp: string; contract: string; fn: string; record_id: string | null; record_type: string | null }
export interface RecordTable { record_id: string; type: string; family: string; department: string; province: string | null; ref_id: string | null; subject: string | null; tx_id: string; block_number: number; tx_index: number; committed_at: string }
export interface DepartmentTable { department_id: string; name_zh: string; name_en: string; province: string; city: string; county: string | null; tier: string; roles: string; registered_at: string; block_number: number; tx_index: number }
export interface KeyTable { key_id: string; department_id: string; status: string; valid_from: string | null; block_number: number; tx_index: number }
export interface CreditEntryTable { entry_id: string; list: string; category: string; subject_kind: string; subject_key: string; subject_name: string | null; department: string; province: string | null; city: string | null; county: string | null; valid_from: string; valid_to: string | null; status: string; measures: string; recorded_at: string; block_number: number; tx_index: number }
export interface LicenceTable { number: string; licence_type: string; holder_code: string; holder_name: string; title: string; issuer: string; province: string | null; city: string | null; county: string | null; valid_from: string; valid_to: string; status: string; issued_at: string; block_number: number; tx_index: number }
export interface BatchTable { batch_id: string; product: string; producer_name: string; producer_code: string; origin_province: string; origin_city: string; origin_county: string; department: string; province: string | null; provenance: string; stage: string; recalled: number; registered_at: string; block_number: number; tx_index: number }
export interface BatchLinkTable { parent: string; child: string; derivation_id: string }
export interface TenderTable { tender_id: string; title: string; category: string; purchaser: string; department: string; province: string | null; stage: string; bid_deadline: string; reveal_deadline: string; published_at: string; block_number: number; tx_index: number }
export interface SharingTable { record_id: string; kind: string; department: string; province: string | null; owner: string | null; resource_id: string | null; family: string | null; mode: string | null; title: string | null; decision: string | null; status: string; at: string; block_number: number; tx_index: number }
export interface AccessTable { record_id: string; reader: string; reader_province: string; owner: string; owner_province: string; resource_id: string; purpose: string; allowed: number; basis: string; reason: string | null; grant_id: string | null; subject: string | null; at: string; tx_id: string; block_number: number; tx_index: number }
/** Running counts kept by the projection (per table, per record family and province, invalid transactions): the overview reads these instead of counting a million rows. */
export interface StatTable { key: string; n: number }
export interface NameTable { kind: string; ref_id: string; name: string; province: string | null; owner: string; block_number: number; tx_index: number }

export interface ReadModelDb {
  rm_checkpoint: CheckpointTable;
  rm_blocks: BlockTable;
  rm_transactions: TransactionTable;
  rm_records: RecordTable;
  rm_departments: DepartmentTable;
  rm_keys: KeyTable;
  rm_credit_entries: CreditEntryTable;
  rm_licences: LicenceTable;
  rm_batches: BatchTable;
  rm_batch_links: BatchLinkTable;
  rm_tenders: TenderTable;
  rm_sharing: SharingTable;
  rm_access: AccessTable;
  rm_names: NameTable;
  rm_stats: StatTable;
}

export type TableName = keyof ReadModelDb;

/** Primary key of each table, in the order verify sorts and names rows by. */
export const PRIMARY_KEYS: Readonly<Record<Exclude<TableName, 'rm_checkpoint'>, readonly string[]>> = {
  rm_blocks: ['number'],
  rm_transactions: ['tx_id'],
  rm_records: ['record_id'],
  rm_departments: ['department_id'],
  rm_keys: ['key_id'],
  rm_credit_entries: ['entry_id'],
  rm_licences: ['number'],
  rm_batches: ['batch_id'],
  rm_batch_links: ['parent', 'child'],
  rm_tenders: ['tender_id'],
  rm_sharing: ['record_id'],
  rm_access: ['record_id'],
  rm_names: ['kind', 'ref_id'],
  rm_stats: ['key'],
};

export const PROJECTED_TABLES = Object.keys(PRIMARY_KEYS) as Array<keyof typeof PRIMARY_KEYS>;

type Col = 'text' | 'int' | 'text?';
const COLUMNS: Readonly<Record<TableName, Readonly<Record<string, Col>>>> = {
  rm_checkpoint: { id: 'int', height: 'int', block_hash: 'text' },
  rm_blocks: { number: 'int', hash: 'text', previous_hash: 'text', data_hash: 'text', timestamp: 'text', tx_count: 'int', valid_count: 'int' },
  rm_transactions: { tx_id: 'text', block_number: 'int', tx_index: 'int', validation_code: 'text', creator_msp: 'text', timestamp: 'text', contract: 'text', fn: 'text', record_id: 'text?', record_type: 'text?' },
  rm_records: { record_id: 'text', type: 'text', family: 'text', department: 'text', province: 'text?', ref_id: 'text?', subject: 'text?', tx_id: 'text', block_number: 'int', tx_index: 'int', committed_at: 'text' },
  rm_departments: { department_id: 'text', name_zh: 'text', name_en: 'text', province: 'text', city: 'text', county: 'text?', tier: 'text', roles: 'text', registered_at: 'text', block_number: 'int', tx_index: 'int' },
  rm_keys: { key_id: 'text', department_id: 'text', status: 'text', valid_from: 'text?', block_number: 'int', tx_index: 'int' },
  rm_credit_entries: { entry_id: 'text', list: 'text', category: 'text', subject_kind: 'text', subject_key: 'text', subject_name: 'text?', department: 'text', province: 'text?', city: 'text?', county: 'text?', valid_from: 'text', valid_to: 'text?', status: 'text', measures: 'text', recorded_at: 'text', block_number: 'int', tx_index: 'int' },
  rm_licences: { number: 'text', licence_type: 'text', holder_code: 'text', holder_name: 'text', title: 'text', issuer: 'text', province: 'text?', city: 'text?', county: 'text?', valid_from: 'text', valid_to: 'text', status: 'text', issued_at: 'text', block_number: 'int', tx_index: 'int' },
  rm_batches: { batch_id: 'text', product: 'text', producer_name: 'text', producer_code: 'text', origin_province: 'text', origin_city: 'text', origin_county: 'text', department: 'text', province: 'text?', provenance: 'text', stage: 'text', recalled: 'int', registered_at: 'text', block_number: 'int', tx_index: 'int' },
  rm_batch_links: { parent: 'text', child: 'text', derivation_id: 'text' },
  rm_tenders: { tender_id: 'text', title: 'text', category: 'text', purchaser: 'text', department: 'text', province: 'text?', stage: 'text', bid_deadline: 'text', reveal_deadline: 'text', published_at: 'text', block_number: 'int', tx_index: 'int' },
  rm_sharing: { record_id: 'text', kind: 'text', department: 'text', province: 'text?', owner: 'text?', resource_id: 'text?', family: 'text?', mode: 'text?', title: 'text?', decision: 'text?', status: 'text', at: 'text', block_number: 'int', tx_index: 'int' },
  rm_access: { record_id: 'text', reader: 'text', reader_province: 'text', owner: 'text', owner_province: 'text', resource_id: 'text', purpose: 'text', allowed: 'int', basis: 'text', reason: 'text?', grant_id: 'text?', subject: 'text?', at: 'text', tx_id: 'text', block_number: 'int', tx_index: 'int' },
  rm_names: { kind: 'text', ref_id: 'text', name: 'text', province: 'text?', owner: 'text', block_number: 'int', tx_index: 'int' },
  rm_stats: { key: 'text', n: 'int' },
};

export function columnsOf(table: TableName): string[] {
  return Object.keys(COLUMNS[table]);
}

/** Secondary indexes: the filters and keyset orders the list endpoints use. */
const INDEXES: ReadonlyArray<[TableName, string, readonly string[]]> = [
  // Keyset order (block, transaction, key) alone and after the filters lists use most, so a page is an index range.
  ['rm_transactions', 'rm_tx_validation', ['validation_code']],
  ['rm_transactions', 'rm_tx_pos', ['block_number', 'tx_index', 'tx_id']],
  ['rm_records', 'rm_records_pos', ['block_number', 'tx_index', 'record_id']],
  ['rm_records', 'rm_records_ref', ['ref_id', 'block_number', 'tx_index', 'record_id']],
  ['rm_records', 'rm_records_subject', ['subject', 'block_number', 'tx_index', 'record_id']],
  ['rm_records', 'rm_records_family', ['family', 'block_number', 'tx_index', 'record_id']],
  ['rm_credit_entries', 'rm_credit_pos', ['block_number', 'tx_index', 'entry_id']],
  ['rm_credit_entries', 'rm_credit_province', ['province', 'block_number', 'tx_index', 'entry_id']],
  ['rm_credit_entries', 'rm_credit_province_list', ['province', 'list', 'category', 'block_number', 'tx_index', 'entry_id']],
  ['rm_credit_entries', 'rm_credit_subject', ['subject_key']],
  ['rm_licences', 'rm_licences_pos', ['block_number', 'tx_index', 'number']],
  ['rm_licences', 'rm_licences_province', ['province', 'block_number', 'tx_index', 'number']],
  ['rm_licences', 'rm_licences_status', ['province', 'status', 'block_number', 'tx_index', 'number']],
  ['rm_licences', 'rm_licences_holder', ['holder_code']],
  ['rm_batches', 'rm_batches_pos', ['block_number', 'tx_index', 'batch_id']],
  ['rm_batches', 'rm_batches_province', ['province', 'block_number', 'tx_index', 'batch_id']],
  ['rm_batch_links', 'rm_batch_links_child', ['child']],
  ['rm_tenders', 'rm_tenders_pos', ['block_number', 'tx_index', 'tender_id']],
  ['rm_sharing', 'rm_sharing_pos', ['block_number', 'tx_index', 'record_id']],
  ['rm_access', 'rm_access_pos', ['block_number', 'tx_index', 'record_id']],
  ['rm_access', 'rm_access_owner', ['owner', 'block_number', 'tx_index', 'record_id']],
  ['rm_access', 'rm_access_provinces', ['reader_province', 'owner_province', 'allowed', 'grant_id']],
  ['rm_keys', 'rm_keys_department', ['department_id']],
  ['rm_names', 'rm_names_pos', ['block_number', 'tx_index', 'kind', 'ref_id']],
];

export async function createSchema(db: Kysely<ReadModelDb>, dialect: Dialect): Promise<void> {
  for (const [table, columns] of Object.entries(COLUMNS) as Array<[TableName, Record<string, Col>]>) {
    let builder = db.schema.createTable(table).ifNotExists();
    for (const [name, type] of Object.entries(columns)) {
      const sqlType = type === 'int' ? 'bigint' : 'text';
      builder = builder.addColumn(name, sqlType, (c) => (type === 'text?' ? c : c.notNull()));
    }
    const key = table === 'rm_checkpoint' ? ['id'] : PRIMARY_KEYS[table];
    builder = builder.addPrimaryKeyConstraint(`${table}_pk`, key as never);
    await builder.execute();
  }
  for (const [table, name, columns] of INDEXES) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns([...columns]).execute();
  }
  if (dialect === 'sqlite') {
    // Chinese substring search: FTS5 with the trigram tokenizer, kept in step with rm_names by triggers.
    await sql`CREATE VIRTUAL TABLE IF NOT EXISTS rm_names_fts USING fts5(name, content='rm_names', tokenize='trigram')`.execute(db);
    await sql`CREATE TRIGGER IF NOT EXISTS rm_names_ai AFTER INSERT ON rm_names BEGIN INSERT INTO rm_names_fts(rowid, name) VALUES (new.rowid, new.name); END`.execute(db);
    await sql`CREATE TRIGGER IF NOT EXISTS rm_names_ad AFTER DELETE ON rm_names BEGIN INSERT INTO rm_names_fts(rm_names_fts, rowid, name) VALUES ('delete', old.rowid, old.name); END`.execute(db);
    await sql`CREATE TRIGGER IF NOT EXISTS rm_names_au AFTER UPDATE ON rm_names BEGIN INSERT INTO rm_names_fts(rm_names_fts, rowid, name) VALUES ('delete', old.rowid, old.name); INSERT INTO rm_names_fts(rowid, name) VALUES (new.rowid, new.name); END`.execute(db);
  } else {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX IF NOT EXISTS rm_names_trgm ON rm_names USING gin (name gin_trgm_ops)`.execute(db);
  }
}

/** Drops every read-model table (a rebuild starts from nothing). */
export async function dropSchema(db: Kysely<ReadModelDb>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`DROP TABLE IF EXISTS rm_names_fts`.execute(db);
  for (const table of Object.keys(COLUMNS)) await db.schema.dropTable(table).ifExists().execute();
}
