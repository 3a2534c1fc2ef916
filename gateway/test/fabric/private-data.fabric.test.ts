/**
 * Personal identifiers on the real network: a black-list entry for a natural person, written by an Anhui department
 * through the adapter with the clear ID number as transient data. The clear ID goes only to Anhui's private data
 * collection (personal-anhui); the shared ledger holds its salted SM3 digest; other provinces cannot read it.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { bytesToHex, signRecord, sm2GenerateKeyPair, utf8Encode } from '@dtl/chaincode/crypto';
import { personDigest } from '@dtl/chaincode';
import { LedgerError } from '../../src/ledger/errors';
import { createFabricLedger, type FabricLedger } from '../../src/ledger/fabric';

const ROOT = resolve(__dirname, '../../..');
const NETWORK = join(ROOT, 'network-config/scripts/network.sh');

describe('private data collections on Fabric (credit entry for a person)', () => {
  let ledger: FabricLedger;
  const run = Date.now().toString(36);
  const department = `ah-pdc-${run}`;
  const key = sm2GenerateKeyPair();
  const keyId = `${department}#1`;
  // A syntactically valid resident ID (GB 11643 check digit) that belongs to nobody real: 1985-06-12, Anhui.
  const idNumber = '341182198506120313';
  const salt = `salt-${run}`;
  const idDigest = personDigest(idNumber, salt);
  const entryId = `credit-pdc-${run}`;

  beforeAll(async () => {
    ledger = await createFabricLedger();
    const registration = signRecord(
      {
        type: 'department.register',
        id: `reg-${department}`,
        department,
        nameZh: '安徽省信用办（私有数据测试）',
        nameEn: 'Anhui credit office (private data test)',
        province: 'anhui',
        city: '合肥市',
        tier: 'province',
        roles: ['credit-issuer'],
        key: { keyId, publicKey: bytesToHex(key.publicKey), validFrom: '2020-01-01T00:00:00Z' },
      },
      { privateKey: key.privateKey, keyId },
    );
    await ledger.submit({ identity: { province: 'anhui', role: 'admin' }, contract: 'department', transaction: 'register', args: [JSON.stringify(registration)] });
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('writes the entry with the clear ID as transient data; the shared ledger never sees it', async () => {
    const entry = signRecord(
      {
        type: 'credit.entry',
        id: entryId,
        department,
        list: 'black',
        subject: { kind: 'person', idDigest, maskedName: '李*华' },
        category: 'food-drug-safety',
        legalBasis: '《中华人民共和国食品安全法》第一百三十五条',
        decisionNumber: `皖测〔2026〕${run}号`,
        measures: ['enhanced-supervision'],
        validFrom: '2026-01-01T00:00:00Z',
        validTo: '2029-01-01T00:00:00Z',
      },
      { privateKey: key.privateKey, keyId },
    );
    const committed = await ledger.submit({
      identity: { province: 'anhui', role: 'client' },
      contract: 'credit',
      transaction: 'addEntry',
      args: [JSON.stringify(entry)],
      transient: { personal: utf8Encode(JSON.stringify({ idNumber, salt })) },
    });
    expect(committed.validationCode).toBe('VALID');
    const block = await ledger.block(committed.blockNumber);
    expect(JSON.stringify(block)).not.toContain(idNumber);
    expect(JSON.stringify(block)).toContain(idDigest);
  });

  it("Anhui reads the clear ID from its own collection; Jiangsu's client gets NOT_FOUND from its own", async () => {
    const anhui = await ledger.evaluate({ identity: { province: 'anhui', role: 'client' }, contract: 'credit', transaction: 'getPersonal', args: [idDigest] });
    expect(JSON.parse(Buffer.from(anhui).toString('utf8'))).toMatchObject({ idNumber, entryId });
    await expect(
      ledger.evaluate({ identity: { province: 'jiangsu', role: 'client' }, contract: 'credit', transaction: 'getPersonal', args: [idDigest] }),
    ).rejects.toMatchObject({ kind: 'evaluate', code: 'NOT_FOUND' } satisfies Partial<LedgerError>);
  });

  it("Jiangsu's peer does not hold the private data (peer CLI), only Anhui's does", () => {
    const query = (province: string): string =>
      execFileSync(
        'bash',
        [NETWORK, 'peer', province, 'client', '--', 'chaincode', 'query', '-C', 'delta', '-n', 'dtl', '-c', JSON.stringify({ Args: ['credit:getPersonal', idDigest] })],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    expect(query('anhui')).toContain(idNumber);
    expect(() => query('jiangsu')).toThrow(/NOT_FOUND/);
  });
});
