/**
 * Forgeries of a real proof, as an attacker (or a lying gateway) would make them: each with the check an anchored
 * verifier must name when it refuses it. Used by the forgery tests of `dtl verify`, of the Python verifier and of
 * the browser, so that all three refuse the same set.
 */
import { bytesToHex, hexToBytes, sm2GenerateKeyPair, sm2Sign, signRecord } from '@dtl/chaincode/crypto';
import { computeHeaderHash } from '../ledger/embedded/block';
import type { Proof } from './types';

export interface Forgery {
  readonly name: string;
  readonly what: string;
  readonly proof: Proof;
  /** A check every anchored verifier must fail (by name). */
  readonly reason: string;
}

function unsigned(record: Proof['record']): Record<string, unknown> {
  const { signature: _signature, ...rest } = record;
  void _signature;
  return rest;
}

function resignedBlock(proof: Proof, header: Proof['header'], privateKey: Uint8Array): Proof {
  const hash = computeHeaderHash({ number: header.number, previousHash: header.previousHash, dataHash: header.dataHash, metadataHash: header.metadataHash ?? '', timestamp: header.timestamp ?? '' });
  return { ...proof, blockNumber: header.number, header, blockHash: hash, blockSignature: { algorithm: 'SM2-SM3', signer: 'attacker', value: bytesToHex(sm2Sign(hexToBytes(hash), privateKey)) } };
}

/**
 * Forgeries of `real`, an embedded-ledger proof with key provenance. `foreign` is a proof from a chain built from
 * scratch (another ledger key, the same department and key ids registered with other keys).
 */
export function forgeriesOf(real: Proof, foreign?: Proof): Forgery[] {
  const attacker = sm2GenerateKeyPair();
  const keyId = real.signerKeyId;
  const out: Forgery[] = [];
  // 1. a self-made signer key: the record re-signed under the same key id, the key and its "registration" made up
  const selfSigned = signRecord(unsigned(real.record), { privateKey: attacker.privateKey, keyId });
  const registration = real.keyProvenance;
  const fakeRegistration = registration
    ? { ...registration, record: signRecord({ ...unsigned(registration.record), key: { ...(registration.record.key as object), publicKey: bytesToHex(attacker.publicKey) } }, { privateKey: attacker.privateKey, keyId }) }
    : undefined;
  out.push({
    name: 'self-made-signer-key',
    what: 'the record re-signed with a freshly made key under the same key id, the key and its registration rebuilt around it',
    proof: { ...real, record: selfSigned, signature: selfSigned.signature, signerPublicKey: bytesToHex(attacker.publicKey), ...(fakeRegistration ? { keyProvenance: fakeRegistration as Proof } : {}) },
    reason: 'record-signature',
  });
  // 2. an edited record
  const edited = { ...real.record, id: `${String(real.record.id)}-edited` };
  out.push({ name: 'edited-record', what: 'one field of the record changed, signature kept', proof: { ...real, record: edited }, reason: 'record-signature' });
  // 3. an edited header: the timestamp moved, the block hash recomputed to match, the block signature kept
  const header = { ...real.header, timestamp: '2020-01-01T00:00:00.000Z' };
  const rehashed = resignedBlock(real, header, attacker.privateKey);
  out.push({ name: 'edited-header', what: 'the block header edited and its hash recomputed (the original block signature kept)', proof: { ...rehashed, blockSignature: real.blockSignature ?? { algorithm: 'SM2-SM3', signer: '', value: '' } }, reason: 'block-signature' });
  // 4. garbage in the block signature
  out.push({ name: 'garbage-block-signature', what: 'the block signature replaced with garbage', proof: { ...real, blockSignature: { algorithm: 'SM2-SM3', signer: real.blockSignature?.signer ?? '', value: '3006020101020101' } }, reason: 'block-signature' });
  // 5. an invented block: a block number that does not exist, header and signature made by the attacker
  out.push({ name: 'invented-block', what: 'the transaction placed in block 99999, which does not exist, hashed and signed by the attacker', proof: resignedBlock(real, { ...real.header, number: 99999 }, attacker.privateKey), reason: 'block-signature' });
  // 6. a chain copy built from scratch (its own ledger key, the same key ids registered with other keys)
  if (foreign) out.push({ name: 'chain-from-scratch', what: 'a proof from a chain built from scratch that registers the same key id with another key', proof: foreign, reason: 'block-signature' });
  // 7. a key id of another department: the registration says another department registered the signer's key id
  if (registration) {
    const otherDepartment = String(registration.record.department) === 'sh-coop' ? 'sh-samr' : 'sh-coop';
    out.push({
      name: 'other-department-key-id',
      what: `the signer key's registration claims it was registered by ${otherDepartment}`,
      proof: { ...real, keyProvenance: { ...registration, record: { ...registration.record, department: otherDepartment } } },
      reason: 'key-provenance.department-binding',
    });
  }
  // 8. no provenance at all (the key would have to be taken from the proof)
  const { keyProvenance: _dropped, ...bare } = real;
  void _dropped;
  out.push({ name: 'missing-key-provenance', what: "the signer key's registration left out; only signerPublicKey given", proof: bare as Proof, reason: 'key-provenance.registration' });
  return out;
}
