/** Test helpers: department key pairs and signed records. */
import { bytesToHex, sm2GenerateKeyPair, signRecord, type SignedRecord } from '../../crypto';

export interface TestKey {
  readonly keyId: string;
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly publicKeyHex: string;
}

export function testKey(keyId: string): TestKey {
  const pair = sm2GenerateKeyPair();
  return { keyId, privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyHex: bytesToHex(pair.publicKey) };
}

/** Signs a record with a test key and returns its JSON text (the argument a write transaction takes). */
export function signedJson<T extends object>(record: T, key: TestKey): string {
  return JSON.stringify(signed(record, key));
}

export function signed<T extends object>(record: T, key: TestKey): SignedRecord<T> {
  return signRecord(record, { privateKey: key.privateKey, keyId: key.keyId });
}
