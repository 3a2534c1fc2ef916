/**
 * The crash test's writer process: commits signed attestations with many submissions in flight and appends the tx
 * id of every acknowledged submission to a file, synchronously, the moment the ledger acknowledges it. The test
 * kills this process with SIGKILL at random moments.
 *
 *   node crash-writer.js <dataDir> <ackFile> <inFlight>
 */
import { appendFileSync } from 'node:fs';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { AttestationContract } from './attestation-contract';

async function main(): Promise<void> {
  const [dataDir, ackFile, inFlightText] = process.argv.slice(2);
  if (!dataDir || !ackFile) throw new Error('usage: crash-writer <dataDir> <ackFile> [inFlight]');
  const inFlight = Number(inFlightText ?? 16);
  const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] });
  const identity = { province: 'zhejiang', role: 'client' } as const;
  const signer = sm2GenerateKeyPair();
  const keyId = `zj-crash#${process.pid}-${Date.now()}`;
  const registered = await ledger.submit({ identity, contract: 'attestation', transaction: 'registerKey', args: [keyId, bytesToHex(signer.publicKey)] });
  appendFileSync(ackFile, `${registered.txId}\n`);
  process.stdout.write('ready\n');
  let sequence = 0;
  const worker = async (): Promise<void> => {
    while (true) {
      const id = `${keyId}-${sequence++}`;
      const record = signRecord(
        { id, subject: '91330000MA27U00000', statement: '电子证照核验', issuedAt: new Date().toISOString() },
        { privateKey: signer.privateKey, keyId },
      );
      const committed = await ledger.submit({ identity, contract: 'attestation', transaction: 'attest', args: [JSON.stringify(record)] });
      appendFileSync(ackFile, `${committed.txId}\n`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-writer: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
