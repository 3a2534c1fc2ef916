'use strict';
/**
 * Caliper workload for the dtl chaincode: each worker registers its own credit-issuing department in each province
 * (through that province's admin), then submits black-list entries signed with the department's SM2 key, rotating
 * over the four provinces' client identities (each through its own province's peer). mode "query" evaluates
 * credit:getEntry for entries this worker wrote.
 */
const path = require('node:path');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');

const REPO = path.resolve(__dirname, '../../..');
const fixtures = require(path.join(REPO, 'fixtures/dist'));
const chaincode = require(path.join(REPO, 'chaincode/dist/src'));
const cpu = require(path.join(REPO, 'network-config/scripts/cpu-breakdown'));

const PROVINCES = ['shanghai', 'jiangsu', 'zhejiang', 'anhui'];
const MSP = { shanghai: 'ShanghaiMSP', jiangsu: 'JiangsuMSP', zhejiang: 'ZhejiangMSP', anhui: 'AnhuiMSP' };
const DIVISION = { shanghai: '310000', jiangsu: '320100', zhejiang: '330100', anhui: '340100' };
const written = [];

class CreditEntryWorkload extends WorkloadModuleBase {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    this.mode = roundArguments.mode;
    this.sequence = 0;
    this.run = `${Date.now().toString(36)}-w${workerIndex}-r${roundIndex}`;
    if (this.mode !== 'submit') return;
    this.departments = [];
    for (const province of PROVINCES) {
      const department = fixtures.newDepartment(`${province.slice(0, 2)}-caliper-${this.run}`, {
        nameZh: 'Caliper 基准测试信用办', nameEn: 'Caliper benchmark credit office', province, city: province, tier: 'province', roles: ['credit-issuer'],
      });
      const result = await this.sutAdapter.sendRequests({
        contractId: 'dtl',
        contractFunction: 'department:register',
        contractArguments: [department.registration],
        invokerMspId: MSP[province],
        invokerIdentity: `${province}-admin`,
        readOnly: false,
      });
      if (!result.IsCommitted()) throw new Error(`department registration for ${province} failed`);
      this.departments.push(department);
    }
    // CPU breakdown of the submit round (printed by cleanupWorkloadModule): the network's processes, this worker
    // (signing, the gateway client) and the Caliper manager that forked it.
    this.committed = 0;
    this.cpuBefore = cpu.snapshot({ clients: { 'caliper worker': process.pid, 'caliper manager': process.ppid } });
  }

  async cleanupWorkloadModule() {
    if (!this.cpuBefore) return;
    const after = cpu.snapshot({ clients: { 'caliper worker': process.pid, 'caliper manager': process.ppid } });
    console.log(`credit:addEntry round, worker ${this.workerIndex}:\n${cpu.format(cpu.breakdown(this.cpuBefore, after, this.committed))}`);
    this.cpuBefore = undefined;
  }

  async submitTransaction() {
    if (this.mode === 'query') {
      const entryId = written.length > 0 ? written[this.sequence++ % written.length] : 'none';
      const province = PROVINCES[this.sequence % 4];
      return this.sutAdapter.sendRequests({
        contractId: 'dtl',
        contractFunction: 'credit:getEntry',
        contractArguments: [entryId],
        invokerMspId: MSP[province],
        invokerIdentity: `${province}-client`,
        readOnly: true,
      });
    }
    const n = this.sequence++;
    const department = this.departments[n % this.departments.length];
    const first17 = `91${DIVISION[department.province]}${String(n).padStart(9, '0')}`;
    const id = `credit-caliper-${this.run}-${n}`;
    const record = {
      type: 'credit.entry',
      id,
      department: department.id,
      list: 'black',
      subject: { kind: 'organisation', creditCode: first17 + chaincode.creditCodeCheckCharacter(first17), name: `Caliper 测试企业${n}` },
      category: 'food-drug-safety',
      legalBasis: '《中华人民共和国食品安全法》第一百三十五条',
      decisionNumber: `Caliper〔2026〕${n}号`,
      measures: ['enhanced-supervision'],
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2029-01-01T00:00:00Z',
    };
    const result = await this.sutAdapter.sendRequests({
      contractId: 'dtl',
      contractFunction: 'credit:addEntry',
      contractArguments: [department.sign(record)],
      invokerMspId: MSP[department.province],
      invokerIdentity: `${department.province}-client`,
      readOnly: false,
    });
    if (result.IsCommitted()) {
      written.push(id);
      this.committed++;
    }
    return result;
  }
}

function createWorkloadModule() {
  return new CreditEntryWorkload();
}

module.exports.createWorkloadModule = createWorkloadModule;
