/**
 * Chain verification from the stored data alone (`dtl chain verify`). Recomputes, for every block: its encoding,
 * number, link to the previous block, data hash, metadata hash, header hash and SM2 signature; then replays the
 * valid transactions' write sets to rebuild the state, private hashes, history and tx index they imply and compares
 * them byte for byte with what LevelDB holds. Signed records found in transaction arguments are re-verified against
 * the department keys the chain's own state registered (objects carrying `keyId` and `publicKey`).
 */
import { createHash } from 'node:crypto';
import { hexToBytes, sm2PublicKeyFingerprint, sm2PublicKeyFromPem, verifyRecordSignature, type SignedRecord } from '@dtl/chaincode/crypto';
import { isHashOnlyForm } from '@dtl/chaincode';
import type { ValidationCode } from '../ledger';
import {
  computeDataHash,
  computeHeaderHash,
  computeMetadataHash,
  decodeBlock,
  verifyBlockSignature,
  type StoredBlock,
  type StoredTransaction,
} from './block';
import { transactionStateOperations } from './committer';
import { PREFIX, decodeVersioned, encodeTxLocation, encodeVersioned, readU64, txIndexKey, type Version } from './layout';
import { LedgerStore } from './store';

export interface ChainProblem {
  /** The block the problem is attributed to (the block, or the block whose writes the bad entry should hold). */
  readonly block: number;
  readonly code: string;
  readonly detail: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly height: number;
  readonly transactions: number;
  readonly firstBadBlock: number | undefined;
  readonly problems: readonly ChainProblem[];
  /** hashOnly: protected records whose transaction carries only the hash-only form (issue 12): the content is in the
   *  owner's protected collection, so the signature cannot be re-checked from the chain (the chaincode checked it). */
  readonly records: { readonly verified: number; readonly unknownKey: number; readonly invalid: number; readonly hashOnly: number };
}

const MAX_REPORTED = 50;

function hexKey(raw: Buffer): string {
  return raw.toString('hex');
}

/** Registers department keys from a written value: any object with a string keyId and an SM2 publicKey. */
function collectKeys(value: unknown, keys: Map<string, Uint8Array>, depth = 0): void {
  if (depth > 6 || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, keys, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.keyId === 'string' && typeof record.publicKey === 'string') {
    try {
      const text = record.publicKey.trim();
      keys.set(record.keyId, text.startsWith('-----BEGIN') ? sm2PublicKeyFromPem(text) : hexToBytes(text));
    } catch {
      // Not an SM2 key: ignore.
    }
  }
  for (const child of Object.values(record)) collectKeys(child, keys, depth + 1);
}

function parseJsonObject(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function signedRecordsIn(value: unknown): Array<SignedRecord<object>> {
  const out: Array<SignedRecord<object>> = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const signature = (node as { signature?: { algorithm?: unknown } }).signature;
    if (typeof signature === 'object' && signature !== null && signature.algorithm === 'SM2-SM3') {
      out.push(node as SignedRecord<object>);
    }
  };
  visit(value);
  return out;
}

export async function verifyChain(location: string, ledgerPublicKey: Uint8Array): Promise<ChainVerification> {
  const store = await LedgerStore.open(location);
  const problems: ChainProblem[] = [];
  const report = (block: number, code: string, detail: string): void => {
    problems.push({ block, code, detail });
  };
  const expected = new Map<string, { bytes: Buffer; block: number }>();
  const departmentKeys = new Map<string, Uint8Array>();
  const records = { verified: 0, unknownKey: 0, invalid: 0, hashOnly: 0 };
  const signerFingerprint = sm2PublicKeyFingerprint(ledgerPublicKey);
  let transactions = 0;
  let height = 0;
  try {
    height = await store.height();
    let previousHash = '';
    for (let number = 0; number < height; number++) {
      const raw = await store.getBlockBytes(number);
      if (!raw) {
        report(number, 'BLOCK_MISSING', `block ${number} is missing`);
        break;
      }
      let block: StoredBlock;
      try {
        block = decodeBlock(raw);
      } catch (error) {
        report(number, 'BLOCK_UNREADABLE', `block ${number} is not valid JSON: ${(error as Error).message}`);
        break;
      }
      if (JSON.stringify(block) !== raw.toString('utf8')) report(number, 'BLOCK_ENCODING', `block ${number} is not in its canonical encoding`);
      const { header } = block;
      if (header?.number !== number) report(number, 'BLOCK_NUMBER', `block stored at ${number} says it is ${String(header?.number)}`);
      if (header?.previousHash !== previousHash) report(number, 'BLOCK_LINK', `block ${number} does not link to the hash of block ${number - 1}`);
      const txs: readonly StoredTransaction[] = Array.isArray(block.transactions) ? block.transactions : [];
      const codes: readonly ValidationCode[] = Array.isArray(block.validationCodes) ? block.validationCodes : [];
      try {
        if (computeDataHash(txs) !== header.dataHash) report(number, 'DATA_HASH', `block ${number}: transactions do not match the data hash`);
        if (computeMetadataHash(codes) !== header.metadataHash) report(number, 'METADATA_HASH', `block ${number}: validation codes do not match the metadata hash`);
        const hash = computeHeaderHash(header);
        if (hash !== block.hash) report(number, 'BLOCK_HASH', `block ${number}: header hash mismatch`);
        if (!verifyBlockSignature({ ...block, hash }, ledgerPublicKey)) report(number, 'BLOCK_SIGNATURE', `block ${number}: SM2 signature does not verify with the ledger key`);
        // The parts of the signature block that the signature does not cover must be exactly as the ledger wrote them.
        const sig = block.signature;
        if (sig?.algorithm !== 'SM2-SM3' || sig.signer !== signerFingerprint || !/^[0-9a-f]+$/.test(sig.value)) report(number, 'BLOCK_SIGNATURE', `block ${number}: signature block is not as the ledger writes it (algorithm, signer ${signerFingerprint}, lower-case hex)`);
      } catch (error) {
        report(number, 'BLOCK_MALFORMED', `block ${number}: ${(error as Error).message}`);
      }
      if (codes.length !== txs.length) report(number, 'BLOCK_MALFORMED', `block ${number}: ${txs.length} transactions but ${codes.length} validation codes`);
      previousHash = block.hash;

      txs.forEach((tx, index) => {
        transactions++;
        const version: Version = { block: number, tx: index };
        const code = codes[index];
        if (code !== 'DUPLICATE_TXID') {
          const indexKey = hexKey(txIndexKey(tx.txId));
          if (!expected.has(indexKey)) expected.set(indexKey, { bytes: encodeTxLocation(version), block: number });
        }
        if (code !== 'VALID') return;
        try {
          for (const op of transactionStateOperations(tx, version)) {
            if (op.type === 'put') expected.set(hexKey(op.key), { bytes: op.value, block: number });
            else expected.delete(hexKey(op.key));
          }
          for (const write of tx.rwset.hashedWrites) {
            const key = hexKey(Buffer.concat([Buffer.from([PREFIX.privateHash]), Buffer.from(write.collection), Buffer.from([0]), Buffer.from(write.keyHash, 'hex')]));
            if (write.isDelete) expected.delete(key);
            else expected.set(key, { bytes: encodeVersioned(version, Buffer.from(write.valueHash, 'hex')), block: number });
          }
          for (const write of tx.rwset.writes) {
            if (!write.isDelete && write.value) collectKeys(parseJsonObject(Buffer.from(write.value, 'base64').toString('utf8')), departmentKeys);
          }
        } catch (error) {
          report(number, 'TX_MALFORMED', `block ${number} tx ${index}: ${(error as Error).message}`);
          return;
        }
        for (const arg of tx.args) {
          for (const record of signedRecordsIn(parseJsonObject(arg))) {
            if (isHashOnlyForm(record)) {
              records.hashOnly++;
              continue;
            }
            const publicKey = departmentKeys.get(record.signature.keyId);
            if (!publicKey) {
              records.unknownKey++;
              continue;
            }
            let valid = false;
            try {
              valid = verifyRecordSignature(record, publicKey);
            } catch {
              valid = false;
            }
            if (valid) records.verified++;
            else {
              records.invalid++;
              report(number, 'RECORD_SIGNATURE', `block ${number} tx ${tx.txId}: record signed by ${record.signature.keyId} does not verify`);
            }
          }
        }
      });
    }

    // Compare what LevelDB holds with what the chain implies.
    const privateEntries: Array<{ hashKey: Buffer; value: Buffer }> = [];
    for await (const [key, value] of store.db.iterator()) {
      const prefix = key[0];
      if (prefix === PREFIX.block) {
        const number = Number(key.readBigUInt64BE(1));
        if (number >= height) report(number, 'BLOCK_BEYOND_HEIGHT', `block ${number} is stored beyond the height ${height}`);
        continue;
      }
      if (prefix === PREFIX.meta) continue;
      if (prefix === PREFIX.privateState) {
        // Private values are not in the chain; their hashes are: check the value against the hash entry.
        const separator = key.indexOf(0, 1);
        const collection = key.toString('utf8', 1, separator);
        const stateKey = key.subarray(separator + 1);
        const keyHash = createHash('sha256').update(stateKey).digest();
        const hashKey = Buffer.concat([Buffer.from([PREFIX.privateHash]), Buffer.from(collection), Buffer.from([0]), keyHash]);
        privateEntries.push({ hashKey, value });
        continue;
      }
      const id = hexKey(key);
      const want = expected.get(id);
      const kind = prefix === PREFIX.state ? 'STATE' : prefix === PREFIX.history ? 'HISTORY' : prefix === PREFIX.txIndex ? 'TX_INDEX' : prefix === PREFIX.privateHash ? 'PRIVATE_HASH' : 'UNKNOWN';
      if (!want) {
        let block = height;
        try {
          block = decodeVersioned(value).version.block;
        } catch {
          // fall back to the height
        }
        report(Math.min(block, Math.max(0, height - 1)), `${kind}_UNEXPECTED`, `${kind.toLowerCase()} entry ${id.slice(0, 80)} is not produced by any block`);
        continue;
      }
      expected.delete(id);
      if (!want.bytes.equals(value)) report(want.block, `${kind}_MISMATCH`, `${kind.toLowerCase()} entry ${id.slice(0, 80)} differs from what block ${want.block} wrote`);
    }
    for (const [id, want] of expected) report(want.block, 'ENTRY_MISSING', `entry ${id.slice(0, 80)} written by block ${want.block} is missing`);
    // Remaining private values: every one must match its (already verified) hash entry.
    for (const { hashKey, value } of privateEntries) {
      const hashRaw = await store.db.get(hashKey);
      let block = Math.max(0, height - 1);
      let matches = false;
      try {
        const decoded = decodeVersioned(value);
        block = decoded.version.block;
        const onChain = hashRaw ? decodeVersioned(hashRaw) : undefined;
        const digest = createHash('sha256').update(decoded.value).digest();
        matches = onChain !== undefined && onChain.value.equals(digest) && onChain.version.block === block && onChain.version.tx === decoded.version.tx;
      } catch {
        matches = false;
      }
      if (!matches) report(block, 'PRIVATE_MISMATCH', `private value for ${hexKey(hashKey).slice(0, 80)} does not match its hash on the chain`);
    }
    const storedHeight = await store.db.get(Buffer.from('Mheight', 'latin1'));
    if (storedHeight && readU64(storedHeight) !== height) report(height, 'HEIGHT', 'height changed during verification');
  } finally {
    await store.close();
  }
  const firstBadBlock = problems.length === 0 ? undefined : Math.min(...problems.map((problem) => problem.block));
  return {
    ok: problems.length === 0,
    height,
    transactions,
    firstBadBlock,
    problems: problems.slice(0, MAX_REPORTED),
    records,
  };
}
