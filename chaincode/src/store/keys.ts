/**
 * The key scheme. Every state key is a Fabric composite key (objectType + attributes, created by the stub), so
 * queries are prefix scans with getStateByPartialCompositeKey — no CouchDB rich queries. Index entries hold a
 * single 0x00 byte (Fabric treats an empty value as a delete); the data lives under the primary key.
 *
 * | object type            | attributes                                  | value                                |
 * |------------------------|---------------------------------------------|--------------------------------------|
 * | dtl.record             | recordId                                    | StoredRecord (every accepted record) |
 * | dtl.record.by-type     | type, committedAt, recordId                 | index                                |
 * | dtl.department         | departmentId                                | Department                           |
 * | dtl.department.by-province | province, departmentId                  | index                                |
 * | dtl.key                | keyId                                       | { department }                       |
 * | credit.entry           | entryId                                     | CreditEntryState                     |
 * | credit.by-subject      | subjectKey, entryId                         | index                                |
 * | credit.repair          | repairId                                    | CreditRepairState                    |
 * | credit.repair.by-entry | entryId, repairId                           | index                                |
 * | licence                | licenceNumber                               | LicenceState                         |
 * | licence.by-holder      | subjectKey, licenceNumber                   | index                                |
 * | sharing.catalogue      | ownerDepartment, resourceId                 | CatalogueEntry                       |
 * | sharing.request        | requestId                                   | SharingRequestState                  |
 * | sharing.grant          | grantId                                     | GrantState                           |
 * | sharing.grant.by-pair  | ownerDepartment, requesterDepartment, grantId | index                              |
 * | sharing.access         | accessId                                    | AccessState                          |
 * | sharing.access.by-pair | readerProvince, ownerProvince, accessId     | index                                |
 * | sharing.access.refused | accessId                                    | index                                |
 * | sharing.access.by-owner | ownerDepartment, accessId                  | index                                |
 * | sharing.access.by-reader | readerDepartment, accessId                | index                                |
 *
 * Families add their own object types (`trace.*`, `tender.*`) in their own modules, prefixed with the family name.
 */
export const KEYS = {
  record: 'dtl.record',
  recordByType: 'dtl.record.by-type',
  department: 'dtl.department',
  departmentByProvince: 'dtl.department.by-province',
  key: 'dtl.key',
} as const;

/** Value written for index entries. */
export const INDEX_VALUE = new Uint8Array([0]);
