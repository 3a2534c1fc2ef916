/**
 * A verifier's own copy of the embedded chain (a data directory copied from any node, or a backup): reads blocks
 * straight from its LevelDB, independently of any gateway, and checks a proof's block against it.
 */
import { join } from 'node:path';
import { bytesToHex, hexToBytes, sm2PublicKeyFromPem, verifyRecordSignature, type SignedRecord } from '@dtl/chaincode/crypto';
import { computeHeaderHash, decodeBlock, verifyBlockSignature, type StoredBlock } from '../ledger/embedded/block';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { LedgerStore } from '../ledger/embedded/store';
import type { TrustBundle } from '../trust/bundle';
import { keyIdBelongsTo } from './anchored';
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
      const record = JSON.parse(tx.args[0] ?? '{}') as { department?: string; key?: { keyId?: string; publicKey?: string } };
      // A key id is bound to the department that registered it: `<department>#…`.
      if (record.key?.keyId === keyId && typeof record.key.publicKey === 'string' && keyIdBelongsTo(keyId, record.department ?? '')) return publicKeyHex(record.key.publicKey);
    } catch {
      // not a record argument
    }
  }
  return undefined;
}

/**
 * Checks the proof's block against a copy of the chain. With a trust bundle the copy is anchored: block 0 must be the
 * pinned genesis and every block must be signed by a pinned block signer (the copy's own key file is never used).
 * Without one the copy's key file is read, and the caller must report the answer as unanchored.
 */
export async function checkAgainstChainCopy(proof: Proof, dataDir: string, bundle?: TrustBundle): Promise<Check[]> {
  const checks: Check[] = [];
  const store = await LedgerStore.open(join(dataDir, LEDGER_DB_DIR));
  try {
    const height = await store.height();
    let ledgerKeys: Uint8Array[] = [];
    if (bundle) {
      ledgerKeys = bundle.network === 'embedded' ? bundle.blockSigners.map((s) => hexToBytes(s.publicKey)) : [];
    } else {
      try {
        ledgerKeys = [readLedgerPublicKey(dataDir)];
      } catch {
        checks.push({ name: 'chain-ledger-key', ok: false, detail: `the copy has no ledger key file and no trust bundle pins one: block signatures cannot be checked` });
      }
    }
    if (proof.blockNumber >= height) {
      checks.push({ name: 'chain-block', ok: false, detail: `the copy has ${height} blocks; block ${proof.blockNumber} is not in it` });
      return checks;
    }
    let previous: StoredBlock | undefined;
    let keyFound: string | undefined;
    let linksOk = true;
    let signaturesOk = ledgerKeys.length > 0;
    let genesisOk = true;
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
      if (ledgerKeys.length > 0 && !ledgerKeys.some((key) => verifyBlockSignature(block, key))) signaturesOk = false;
      if (n === 0 && bundle) genesisOk = block.hash === bundle.genesisHash;
      keyFound = registeredKey(block, proof.signerKeyId) ?? keyFound;
      if (n === proof.blockNumber) target = block;
      previous = block;
    }
    checks.push({ name: 'chain-links', ok: linksOk, detail: linksOk ? `all ${height} block headers hash and link` : 'the copy is not a consistent chain' });
    if (bundle) checks.push({ name: 'chain-genesis', ok: genesisOk, detail: genesisOk ? 'block 0 of the copy is the pinned genesis block' : 'block 0 of the copy is NOT the pinned genesis block' });
    checks.push({
      name: 'chain-block-signatures',
      ok: signaturesOk,
      detail: signaturesOk ? `every block is signed by ${bundle ? 'a pinned block signer' : "the copy's own ledger key (not an anchor)"}` : ledgerKeys.length === 0 ? 'no ledger key to check the block signatures with' : 'a block signature does not verify',
    });
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
    let keyOk = false;
    if (keyFound !== undefined) {
      try {
        keyOk = verifyRecordSignature(proof.record as unknown as SignedRecord<object>, hexToBytes(keyFound));
      } catch {
        keyOk = false;
      }
    }
    checks.push({
      name: 'chain-signer-key',
      ok: keyOk,
      detail: keyFound ? `the record's signature ${keyOk ? 'verifies' : 'does NOT verify'} under ${proof.signerKeyId} as registered on the chain` : `${proof.signerKeyId} is not registered (by its own department) in the copy`,
    });
    return checks;
  } finally {
    await store.close();
  }
}
