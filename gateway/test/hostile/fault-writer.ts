/**
 * Child process of the fault tests: opens the embedded ledger in <dataDir>, registers a key, then commits signed
 * attestations one after another until one fails (or <max> are done), and reports on stdout, one line each:
 *   ack <txId>        the ledger acknowledged this submission (committed, VALID)
 *   fail <message>    a submission failed (the first failure; a few more are tried and reported the same way)
 *   open-failed <message>
 *   done <acks>
 * Run under `ulimit -f` (RLIMIT_FSIZE) it simulates a full disk: the kernel answers EFBIG (SIGXFSZ is caught).
 *
 *   node fault-writer.js <dataDir> <max>
 */
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { AttestationContract } from '../conformance/attestation-contract';

process.on('SIGXFSZ', () => undefined);

const say = (line: string): void => {
  process.stdout.write(`${line.replace(/\n/g, ' ')}\n`);
};

async function main(): Promise<void> {
  const [dataDir, maxText] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: fault-writer <dataDir> [max]');
  const max = Number(maxText ?? 5000);
  let ledger: EmbeddedLedger;
  try {
    ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] });
  } catch (error) {
    say(`open-failed ${(error as Error).message}`);
    return;
  }
  const identity = { province: 'anhui', role: 'client' } as const;
  const signer = sm2GenerateKeyPair();
  const keyId = `ah-fault#${process.pid}-${Date.now()}`;
  let acks = 0;
  let failures = 0;
  const statement = '食品经营许可证核验 '.repeat(40);
  try {
    const registered = await ledger.submit({ identity, contract: 'attestation', transaction: 'registerKey', args: [keyId, bytesToHex(signer.publicKey)] });
    say(`ack ${registered.txId}`);
    acks++;
  } catch (error) {
    say(`fail ${(error as Error).message}`);
    failures++;
  }
  for (let i = 0; i < max && failures < 3 && failures + acks > 0; i++) {
    const record = signRecord(
      { id: `${keyId}-${i}`, subject: '91340100MA2W1X3K8U', statement, issuedAt: new Date().toISOString() },
      { privateKey: signer.privateKey, keyId },
    );
    try {
      // Several in flight so that blocks carry more than one transaction.
      const batch = await Promise.allSettled(
        [0, 1, 2, 3].map((k) =>
          ledger.submit({
            identity,
            contract: 'attestation',
            transaction: 'attest',
            args: [JSON.stringify(k === 0 ? record : signRecord({ ...record, id: `${record.id}.${k}` }, { privateKey: signer.privateKey, keyId }))],
          }),
        ),
      );
      for (const result of batch) {
        if (result.status === 'fulfilled') {
          say(`ack ${result.value.txId}`);
          acks++;
        } else {
          say(`fail ${(result.reason as Error).message}`);
          failures++;
        }
      }
    } catch (error) {
      say(`fail ${(error as Error).message}`);
      failures++;
    }
  }
  try {
    await ledger.close();
  } catch (error) {
    say(`close-failed ${(error as Error).message}`);
  }
  say(`done ${acks}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`crash ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
