/**
 * What the API exposes, as data: which transaction each record type is submitted to, which HTTP path accepts it,
 * and which evaluate transaction each read calls. Contract and transaction names follow chaincode/README.md;
 * a contract that is not deployed yet answers 501 NOT_IMPLEMENTED through the error mapping.
 */
export interface WriteTarget {
  readonly contract: string;
  readonly transaction: string;
  /** Department registry writes are submitted by the province organisation's admin identity. */
  readonly identity?: 'admin';
}

export const WRITE_TARGETS: Readonly<Record<string, WriteTarget>> = {
  'department.register': { contract: 'department', transaction: 'register', identity: 'admin' },
  'department.update': { contract: 'department', transaction: 'update', identity: 'admin' },
  'department.key.rotate': { contract: 'department', transaction: 'rotateKey' },
  'department.key.revoke': { contract: 'department', transaction: 'revokeKey' },
  'credit.entry': { contract: 'credit', transaction: 'addEntry' },
  'credit.repair.apply': { contract: 'credit', transaction: 'applyRepair' },
  'credit.repair.decide': { contract: 'credit', transaction: 'decideRepair' },
  'licence.issue': { contract: 'licence', transaction: 'issue' },
  'licence.revoke': { contract: 'licence', transaction: 'revoke' },
  'licence.suspend': { contract: 'licence', transaction: 'suspend' },
  'licence.renew': { contract: 'licence', transaction: 'renew' },
  'trace.batch.register': { contract: 'trace', transaction: 'registerBatch' },
  'trace.event': { contract: 'trace', transaction: 'appendEvent' },
  'trace.derivation': { contract: 'trace', transaction: 'derive' },
  'trace.recall': { contract: 'trace', transaction: 'recall' },
  'tender.publish': { contract: 'tender', transaction: 'publish' },
  'tender.expert.profile': { contract: 'tender', transaction: 'registerExpert' },
  'tender.bid.commit': { contract: 'tender', transaction: 'commitBid' },
  'tender.bid.reveal': { contract: 'tender', transaction: 'revealBid' },
  'tender.draw': { contract: 'tender', transaction: 'drawExperts' },
  'tender.score': { contract: 'tender', transaction: 'submitScore' },
  'tender.evaluate': { contract: 'tender', transaction: 'evaluate' },
  'tender.award': { contract: 'tender', transaction: 'award' },
  'sharing.catalogue': { contract: 'sharing', transaction: 'publishCatalogue' },
  'sharing.request': { contract: 'sharing', transaction: 'request' },
  'sharing.grant': { contract: 'sharing', transaction: 'grant' },
  'sharing.access': { contract: 'sharing', transaction: 'recordAccess' },
};

export interface WriteRoute {
  readonly path: string;
  readonly types: readonly string[];
  readonly summary: string;
  readonly tag: string;
  /** Route parameter that must equal the named record field, e.g. `:tenderId` ↔ record.tenderId. */
  readonly param?: { readonly name: string; readonly field: string };
}

export const WRITE_ROUTES: readonly WriteRoute[] = [
  { path: '/records', types: Object.keys(WRITE_TARGETS).filter((t) => t !== 'sharing.access'), summary: 'Submit any signed record (SDK / dtl submit / dtl import)', tag: 'records' },
  { path: '/departments', types: ['department.register', 'department.update'], summary: 'Register a department or update its profile (province gateway principal only)', tag: 'departments' },
  { path: '/departments/:departmentId/keys', types: ['department.key.rotate', 'department.key.revoke'], summary: 'Rotate or revoke a department key', tag: 'departments', param: { name: 'departmentId', field: 'department' } },
  { path: '/credit/entries', types: ['credit.entry'], summary: 'Put a subject on the black or red list', tag: 'credit' },
  { path: '/credit/repairs', types: ['credit.repair.apply', 'credit.repair.decide'], summary: 'Apply for / decide a credit repair', tag: 'credit' },
  { path: '/licences', types: ['licence.issue', 'licence.revoke', 'licence.suspend', 'licence.renew'], summary: 'Issue, revoke, suspend or renew an e-licence', tag: 'licences' },
  { path: '/batches', types: ['trace.batch.register', 'trace.derivation'], summary: 'Register a product batch or derive batches (split, merge, process)', tag: 'trace' },
  { path: '/batches/:batchId/events', types: ['trace.event'], summary: 'Append a signed trace event to a batch', tag: 'trace', param: { name: 'batchId', field: 'batchId' } },
  { path: '/recalls', types: ['trace.recall'], summary: 'Recall a batch and everything derived from it', tag: 'trace' },
  { path: '/tenders', types: ['tender.publish'], summary: 'Publish a tender', tag: 'tenders' },
  { path: '/experts', types: ['tender.expert.profile'], summary: 'Register an expert in the shared pool', tag: 'tenders' },
  { path: '/tenders/:tenderId/bids', types: ['tender.bid.commit'], summary: 'Commit a sealed bid', tag: 'tenders', param: { name: 'tenderId', field: 'tenderId' } },
  { path: '/tenders/:tenderId/reveals', types: ['tender.bid.reveal'], summary: 'Reveal a bid', tag: 'tenders', param: { name: 'tenderId', field: 'tenderId' } },
  { path: '/tenders/:tenderId/draw', types: ['tender.draw'], summary: 'Draw the experts (verifiable)', tag: 'tenders', param: { name: 'tenderId', field: 'tenderId' } },
  { path: '/tenders/:tenderId/scores', types: ['tender.score'], summary: 'Submit an expert score', tag: 'tenders', param: { name: 'tenderId', field: 'tenderId' } },
  { path: '/tenders/:tenderId/evaluation', types: ['tender.evaluate'], summary: 'Compute the evaluation result', tag: 'tenders', param: { name: 'tenderId', field: 'tenderId' } },
  { path: '/tenders/:tenderId/award', types: ['tender.award'], summary: 'Award the tender (separate role)', tag: 'tenders', param: { name: 'tenderId', field: 'tenderId' } },
  { path: '/sharing/catalogue', types: ['sharing.catalogue'], summary: 'Publish a sharing catalogue entry', tag: 'sharing' },
  { path: '/sharing/requests', types: ['sharing.request'], summary: 'Request access to another department\'s resource', tag: 'sharing' },
  { path: '/sharing/grants', types: ['sharing.grant'], summary: 'Approve a request with scope and expiry', tag: 'sharing' },
];

export type ArgSource = { readonly param: string } | { readonly query: string; readonly optional?: boolean };

export interface ReadRoute {
  readonly path: string;
  readonly contract: string;
  readonly transaction: string;
  readonly args: readonly ArgSource[];
  readonly summary: string;
  readonly tag: string;
  /** Cross-region reads of the answer are recorded through the sharing contract (false for registry/public data). */
  readonly crossRegion: boolean;
}

export const READ_ROUTES: readonly ReadRoute[] = [
  { path: '/departments', contract: 'department', transaction: 'list', args: [{ query: 'province', optional: true }], summary: 'List departments (optionally of one province)', tag: 'departments', crossRegion: false },
  { path: '/departments/:departmentId', contract: 'department', transaction: 'get', args: [{ param: 'departmentId' }], summary: 'A department with roles and key history', tag: 'departments', crossRegion: false },
  { path: '/keys/:keyId', contract: 'department', transaction: 'getKey', args: [{ param: 'keyId' }], summary: 'A key and its status now', tag: 'departments', crossRegion: false },
  { path: '/credit/subjects/:subject', contract: 'credit', transaction: 'getSubjectView', args: [{ param: 'subject' }], summary: 'A subject\'s credit across all provinces', tag: 'credit', crossRegion: true },
  { path: '/credit/entries/:entryId', contract: 'credit', transaction: 'getEntry', args: [{ param: 'entryId' }], summary: 'A credit entry', tag: 'credit', crossRegion: true },
  { path: '/licences/:number', contract: 'licence', transaction: 'get', args: [{ param: 'number' }], summary: 'An e-licence with its history', tag: 'licences', crossRegion: true },
  { path: '/batches/:batchId', contract: 'trace', transaction: 'getBatch', args: [{ param: 'batchId' }], summary: 'A batch with its events', tag: 'trace', crossRegion: true },
  { path: '/tenders/:tenderId', contract: 'tender', transaction: 'getTender', args: [{ param: 'tenderId' }], summary: 'A tender with bids, draw and scores', tag: 'tenders', crossRegion: false },
  { path: '/tenders/:tenderId/result', contract: 'tender', transaction: 'getResult', args: [{ param: 'tenderId' }], summary: 'The evaluation result and award', tag: 'tenders', crossRegion: false },
  { path: '/sharing/catalogue', contract: 'sharing', transaction: 'listCatalogue', args: [{ query: 'department', optional: true }], summary: 'The sharing catalogue', tag: 'sharing', crossRegion: false },
  { path: '/sharing/requests', contract: 'sharing', transaction: 'listRequests', args: [{ query: 'department', optional: true }], summary: 'Sharing requests', tag: 'sharing', crossRegion: false },
  { path: '/sharing/grants', contract: 'sharing', transaction: 'listGrants', args: [{ query: 'department', optional: true }], summary: 'Sharing grants', tag: 'sharing', crossRegion: false },
  { path: '/audit/access', contract: 'sharing', transaction: 'accessByProvincePair', args: [{ query: 'from', optional: true }, { query: 'to', optional: true }], summary: 'Cross-region reads by province pair (auditor)', tag: 'audit', crossRegion: false },
  { path: '/audit/unauthorised', contract: 'sharing', transaction: 'accessWithoutGrant', args: [], summary: 'Reads refused or made without a valid grant (auditor)', tag: 'audit', crossRegion: false },
];

/** Public, rate-limited, no login. */
export const PUBLIC_TRACE = { contract: 'trace', transaction: 'traceView' } as const;
export const PUBLIC_LICENCE_VERIFY = { contract: 'licence', transaction: 'verify' } as const;
export const QR_PAYLOAD = { contract: 'trace', transaction: 'qrPayload' } as const;
