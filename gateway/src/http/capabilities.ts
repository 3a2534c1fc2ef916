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
  // Credit lifecycle (issue 14): objection, its review, correction / withdrawal.
  'credit.objection': { contract: 'credit', transaction: 'fileObjection' },
  'credit.objection.review': { contract: 'credit', transaction: 'reviewObjection' },
  'credit.correction': { contract: 'credit', transaction: 'correctEntry' },
  'licence.issue': { contract: 'licence', transaction: 'issue' },
  'licence.suspend': { contract: 'licence', transaction: 'suspend' },
  'licence.reinstate': { contract: 'licence', transaction: 'reinstate' },
  'licence.revoke': { contract: 'licence', transaction: 'revoke' },
  'licence.renew': { contract: 'licence', transaction: 'renew' },
  'trace.batch.register': { contract: 'trace', transaction: 'registerBatch' },
  'trace.event': { contract: 'trace', transaction: 'recordEvent' },
  'trace.derivation': { contract: 'trace', transaction: 'derive' },
  'trace.recall': { contract: 'trace', transaction: 'recall' },
  'tender.publish': { contract: 'tender', transaction: 'publish' },
  'tender.expert.profile': { contract: 'tender', transaction: 'declareExpertProfile' },
  'tender.bid.commit': { contract: 'tender', transaction: 'commitBid' },
  'tender.bid.reveal': { contract: 'tender', transaction: 'revealBid' },
  'tender.draw': { contract: 'tender', transaction: 'drawExperts' },
  'tender.score': { contract: 'tender', transaction: 'submitScore' },
  'tender.evaluate': { contract: 'tender', transaction: 'evaluate' },
  'tender.award': { contract: 'tender', transaction: 'award' },
  'sharing.catalogue': { contract: 'sharing', transaction: 'publish' },
  'sharing.request': { contract: 'sharing', transaction: 'request' },
  'sharing.grant': { contract: 'sharing', transaction: 'decide' },
  'sharing.grant.revoke': { contract: 'sharing', transaction: 'revokeGrant' },
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
  { path: '/credit/objections', types: ['credit.objection', 'credit.objection.review'], summary: 'Record an objection (异议) to an entry / review it (issuing department)', tag: 'credit' },
  { path: '/credit/corrections', types: ['credit.correction'], summary: 'Correct or withdraw a wrong entry (issuing department; a new record pointing back)', tag: 'credit' },
  { path: '/licences', types: ['licence.issue', 'licence.suspend', 'licence.reinstate', 'licence.revoke', 'licence.renew'], summary: 'Issue, suspend, reinstate, revoke or renew an e-licence', tag: 'licences' },
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
  { path: '/sharing/grants', types: ['sharing.grant', 'sharing.grant.revoke'], summary: 'Decide a request (approve with scope and expiry, or reject); revoke a grant', tag: 'sharing' },
];

export type ArgSource = { readonly param: string } | { readonly query: string; readonly optional?: boolean };

export type ResourceFamily = 'credit' | 'licence' | 'trace' | 'tender' | 'department';

export interface ReadRoute {
  readonly path: string;
  readonly contract: string;
  readonly transaction: string;
  readonly args: readonly ArgSource[];
  readonly summary: string;
  readonly tag: string;
  /** Set: reads of another province's records in the answer go through the sharing contract's access record. */
  readonly family?: ResourceFamily;
  /** Only departments holding one of these roles (from the ledger registry) may call it. */
  readonly roles?: readonly string[];
  /** The path parameter that names the data subject (credit code …) for the access record. */
  readonly subjectParam?: string;
  /** No login, rate-limited: public information (registered public keys), so anyone can re-check a signature. */
  readonly public?: boolean;
  /** The answer is a list of access records: each is shown only to those the visibility policy allows (issue 12). */
  readonly accessLog?: boolean;
}

const AUDIT = ['auditor', 'data-sharing-officer'] as const;

export const READ_ROUTES: readonly ReadRoute[] = [
  { path: '/departments', contract: 'department', transaction: 'list', args: [{ query: 'province', optional: true }], summary: 'List departments (optionally of one province)', tag: 'departments' },
  { path: '/departments/:departmentId', contract: 'department', transaction: 'get', args: [{ param: 'departmentId' }], summary: 'A department with roles and key history', tag: 'departments' },
  { path: '/keys/:keyId', contract: 'department', transaction: 'getKey', args: [{ param: 'keyId' }], summary: 'A registered public key and its status now (public: anyone can re-check a signature)', tag: 'public', public: true },
  { path: '/credit/subjects/:subject', contract: 'credit', transaction: 'view', args: [{ param: 'subject' }], summary: "A subject's credit across all provinces (cross-region parts are access-recorded)", tag: 'credit', family: 'credit', subjectParam: 'subject' },
  { path: '/credit/subjects/:subject/check', contract: 'credit', transaction: 'check', args: [{ param: 'subject' }, { query: 'action' }], summary: 'Joint punishment check: may the subject do this action?', tag: 'credit' },
  { path: '/credit/entries/:entryId', contract: 'credit', transaction: 'getEntry', args: [{ param: 'entryId' }], summary: 'A credit entry', tag: 'credit', family: 'credit' },
  { path: '/credit/feedback/issuer/:department', contract: 'credit', transaction: 'feedbackOfIssuer', args: [{ param: 'department' }], summary: 'Joint-punishment feedback: where the entries of an issuing department refused a subject', tag: 'credit', roles: ['credit-issuer', 'auditor'] },
  { path: '/credit/feedback/subject/:subject', contract: 'credit', transaction: 'feedbackOfSubject', args: [{ param: 'subject' }], summary: 'Joint-punishment feedback: the refusals of one subject', tag: 'credit', roles: ['credit-issuer', 'auditor'] },
  { path: '/credit/entries/:entryId/objections', contract: 'credit', transaction: 'objections', args: [{ param: 'entryId' }], summary: "An entry's objections and their reviews", tag: 'credit', family: 'credit' },
  { path: '/licences/:number', contract: 'licence', transaction: 'get', args: [{ param: 'number' }], summary: 'An e-licence with its history', tag: 'licences', family: 'licence' },
  { path: '/licences', contract: 'licence', transaction: 'byHolder', args: [{ query: 'holder' }], summary: 'Licences of a holder (credit code)', tag: 'licences', family: 'licence' },
  { path: '/batches/:batchId', contract: 'trace', transaction: 'getBatch', args: [{ param: 'batchId' }], summary: 'A batch with its events', tag: 'trace', family: 'trace' },
  { path: '/tenders/:tenderId', contract: 'tender', transaction: 'get', args: [{ param: 'tenderId' }], summary: 'A tender with bids, draw and scores', tag: 'tenders' },
  { path: '/tenders/:tenderId/records', contract: 'tender', transaction: 'records', args: [{ param: 'tenderId' }], summary: 'Every record of a tender', tag: 'tenders' },
  { path: '/tenders/:tenderId/result', contract: 'tender', transaction: 'replay', args: [{ param: 'tenderId' }], summary: 'The evaluation result, replayed from the ledger (数字见证)', tag: 'tenders' },
  { path: '/experts', contract: 'tender', transaction: 'expertPool', args: [], summary: 'The shared YRD expert pool', tag: 'tenders' },
  { path: '/sharing/catalogue', contract: 'sharing', transaction: 'catalogue', args: [{ query: 'owner', optional: true }], summary: 'The sharing catalogue (all, or of one owner)', tag: 'sharing' },
  { path: '/sharing/requests', contract: 'sharing', transaction: 'requestsFor', args: [{ query: 'owner' }], summary: 'Requests addressed to an owner department', tag: 'sharing' },
  { path: '/sharing/requests/:requestId', contract: 'sharing', transaction: 'getRequest', args: [{ param: 'requestId' }], summary: 'A sharing request', tag: 'sharing' },
  { path: '/sharing/grants', contract: 'sharing', transaction: 'grants', args: [{ query: 'owner' }, { query: 'requester', optional: true }], summary: 'Grants an owner gave', tag: 'sharing' },
  { path: '/sharing/grants/:grantId', contract: 'sharing', transaction: 'getGrant', args: [{ param: 'grantId' }], summary: 'A grant', tag: 'sharing' },
  { path: '/audit/reads/by-province-pair', contract: 'sharing', transaction: 'readsByProvincePair', args: [], summary: 'Cross-region reads per reader → owner province (auditor)', tag: 'audit', roles: AUDIT },
  { path: '/audit/reads/refused', contract: 'sharing', transaction: 'refusedReads', args: [], summary: 'Every refused read (auditor)', tag: 'audit', roles: AUDIT, accessLog: true },
  { path: '/audit/reads/of/:owner', contract: 'sharing', transaction: 'readsOf', args: [{ param: 'owner' }], summary: "Every read of a department's data (auditor)", tag: 'audit', roles: AUDIT, accessLog: true },
  { path: '/audit/reads/by/:reader', contract: 'sharing', transaction: 'readsBy', args: [{ param: 'reader' }], summary: 'Every read made on behalf of a department (auditor)', tag: 'audit', roles: AUDIT, accessLog: true },
];

/** Public, rate-limited, no login. */
export const PUBLIC_TRACE = { contract: 'trace', transaction: 'trace' } as const;
export const PUBLIC_LICENCE_VERIFY = { contract: 'licence', transaction: 'verify' } as const;
export const QR_PAYLOAD = { contract: 'trace', transaction: 'qr' } as const;
