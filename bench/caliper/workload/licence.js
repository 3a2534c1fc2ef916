'use strict';
/**
 * Caliper workload: e-licences on the dtl chaincode. `issue` submits licence.issue records signed with SM2 by a
 * registered licence-issuing department (the DEV key of the Pudong market regulator fixture); `verify` evaluates
 * licence:verify for licences this worker issued. The department is registered once (idempotently) at start.
 */
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const fixtures = require('../../../fixtures/dist');

const ISSUER = 'sh-pd-scjgj';
const PROVINCE_MSP = 'ShanghaiMSP';

class LicenceWorkload extends WorkloadModuleBase {
  constructor() {
    super();
    this.sequence = 0;
    this.issued = [];
  }

  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    this.mode = roundArguments.mode;
    this.run = `${Date.now().toString(36)}-w${workerIndex}-r${roundIndex}`;
    await this.ensureIssuerRegistered();
    if (this.mode === 'verify') {
      for (let i = 0; i < (roundArguments.prepare || 20); i++) await this.issueOne();
    }
  }

  async ensureIssuerRegistered() {
    const existing = await this.sutAdapter.sendRequests({
      contract: 'dtl', contractId: 'dtl', contractFunction: 'department:get', contractArguments: [ISSUER],
      invokerIdentity: 'client', invokerMspId: PROVINCE_MSP, readOnly: true,
    });
    if (existing.GetStatus() === 'success') return;
    const registration = fixtures.departmentTransactions().find((t) => t.recordId === `reg-${ISSUER}`);
    await this.sutAdapter.sendRequests({
      contractId: 'dtl', contractFunction: 'department:register', contractArguments: [...registration.args],
      invokerIdentity: 'admin', invokerMspId: PROVINCE_MSP, readOnly: false,
    });
  }

  nextRecord() {
    const n = this.sequence++;
    const number = `CAL${this.run}-${n}`.replace(/[^A-Za-z0-9-]/g, '').slice(0, 60);
    return fixtures.signFixtureRecord({
      type: 'licence.issue',
      id: `caliper-${this.run}-${n}`,
      department: ISSUER,
      number,
      licenceType: 'business-licence',
      holder: { kind: 'organisation', creditCode: fixtures.COMPANIES.pudongTrading.creditCode, name: fixtures.COMPANIES.pudongTrading.name },
      title: '营业执照',
      scope: '货物进出口（Caliper 基准测试）',
      validFrom: '2024-03-01T00:00:00Z',
      validTo: '2044-02-29T00:00:00Z',
      fileDigest: fixtures.licenceFileDigest(number),
    });
  }

  async issueOne() {
    const record = this.nextRecord();
    const result = await this.sutAdapter.sendRequests({
      contractId: 'dtl', contractFunction: 'licence:issue', contractArguments: [JSON.stringify(record)],
      invokerIdentity: 'client', invokerMspId: PROVINCE_MSP, readOnly: false,
    });
    if (result.GetStatus() === 'success') this.issued.push(record);
    return result;
  }

  async submitTransaction() {
    if (this.mode !== 'verify') return this.issueOne();
    const record = this.issued[this.sequence++ % this.issued.length];
    return this.sutAdapter.sendRequests({
      contractId: 'dtl', contractFunction: 'licence:verify', contractArguments: [record.number, record.fileDigest],
      invokerIdentity: 'client', invokerMspId: PROVINCE_MSP, readOnly: true,
    });
  }
}

module.exports.createWorkloadModule = () => new LicenceWorkload();
