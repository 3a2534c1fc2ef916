/**
 * A verifier's own copy of the embedded chain (a data directory copied from any node, or a backup): reads blocks
 * straight from its LevelDB, independently of any gateway, and checks a proof's block against it.
 */
import { join } from 'node:path';
import { bytesToHex, sm2PublicKeyFromPem } from '@dtl/chaincode/crypto';
import { computeHeaderHash, decodeBlock, verifyBlockSignature, type StoredBlock } from '../ledger/embedded/block';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { LedgerStore } from '../ledger/embedded/store';
import type { Check } from './verify';
import type { Proof } from './types';

function publicKeyHex(text: string): string {
  return text.startsWith('-----BEGIN') ? bytesToHex(sm2PublicKeyFromPem(text)) : text.toLowerCase();
}

/** The public key a key id was registered with (department.register / department.key.rotate), from the blocks. */
function registeredKey(block: StoredBlock, keyId: string): string | undefined {
  for (const [index, tx] of block.transactions.entries()) {
    if (tx.contract !== 'department' || (tx.transaction !== 'register' && tx.transaction !== 'rotateKey')) continue;
    if (block.validationCodes[index] !== 'VALID') continue;
    try {
      const record = JSON.parse(tx.args[0] ?? '{}') as { key?: { keyId?: string; publicKey?: string } };
      if (record.key?.keyId === keyId && typeof record.key.publicKey === 'string') return publicKeyHex(record.key.publicKey);
    } catch {
      // not a record argument
    }
  }
  return undefined;
}

export async function checkAgainstChainCopy(proof: Proof, dataDir: string): Promise<Check[]> {
  const checks: Check[] = [];
  const store = await LedgerStore.open(join(dataDir, LEDGER_DB_DIR));
  try {
    const height = await store.height();
    let ledgerKey: Uint8Array | undefined;
    try {
      ledgerKey = readLedgerPublicKey(dataDir);
    } catch {
      ledgerKey = undefined;
    }
    if (proof.blockNumber >= height) {
      checks.push({ name: 'chain-block', ok: false, detail: `the copy has ${height} blocks; block ${proof.blockNumber} is not in it` });
      return checks;
    }
    let previous: StoredBlock | undefined;
    let keyFound: string | undefined;
    let linksOk = true;
    let signaturesOk = true;
    let target: StoredBlock | undefined;
    for (let n = 0; n < height; n++) {
      const raw = await store.getBlockBytes(n);
      if (!raw) {
        linksOk = false;
        break;
      }
      const block = decodeBlock(raw);
      if (computeHeaderHash(block.header) !== block.hash) linksOk = false;
      if (n > 0 && block.header.previousHash !== previous?.hash) linksOk = false;
      if (ledgerKey && !verifyBlockSignature(block, ledgerKey)) signaturesOk = false;
      keyFound = registeredKey(block, proof.signerKeyId) ?? keyFound;
      if (n === proof.blockNumber) target = block;
      previous = block;
    }
    checks.push({ name: 'chain-links', ok: linksOk, detail: linksOk ? `all ${height} block headers hash and link` : 'the copy is not a consistent chain' });
    if (ledgerKey) checks.push({ name: 'chain-block-signatures', ok: signaturesOk, detail: signaturesOk ? 'every block is signed by the ledger key' : 'a block signature does not verify' });
    checks.push({
      name: 'chain-block',
      ok: target !== undefined && target.hash === proof.blockHash,
      detail: target ? `block ${proof.blockNumber} in the copy has hash ${target.hash}` : 'block missing',
    });
    checks.push({
      name: 'chain-tx',
      ok: target !== undefined && target.transactions.some((tx) => tx.txId === proof.txId),
      detail: `transaction ${proof.txId} ${target?.transactions.some((tx) => tx.txId === proof.txId) ? 'is' : 'is NOT'} in block ${proof.blockNumber} of the copy`,
    });
    const keyOk = keyFound !== undefined && proof.signerPublicKey !== undefined && keyFound === proof.signerPublicKey.toLowerCase();
    checks.push({ name: 'chain-signer-key', ok: keyOk, detail: keyFound ? `${proof.signerKeyId} registered on the chain with ${keyOk ? 'the proof\'s' : 'ANOTHER'} public key` : `${proof.signerKeyId} is not registered in the copy` });
    return checks;
  } finally {
    await store.close();
  }
}
