/**
 * A minimal signed-record contract, used where the product's own contracts are not needed: the crash test, the
 * tampering test and `npm run bench:ledger`. It does what every real family does before writing: look up the
 * signer's registered SM2 key, verify the record's SM2-SM3 signature, refuse replays, write under a composite key.
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { parseJsonStrict, verifyRecordSignatureAsync, type SignedRecord } from '@dtl/chaincode/crypto';

export interface Attestation {
  readonly id: string;
  readonly subject: string;
  readonly statement: string;
  readonly issuedAt: string;
}

@Info({ title: 'Attestations', description: 'Signed records verified against registered SM2 keys' })
export class AttestationContract extends Contract {
  constructor() {
    super('attestation');
  }

  @Transaction()
  @Returns('string')
  async registerKey(ctx: Context, keyId: string, publicKeyHex: string): Promise<string> {
    const key = ctx.stub.createCompositeKey('signerKey', [keyId]);
    if ((await ctx.stub.getState(key)).length > 0) throw new Error(`KEY_EXISTS: ${keyId} is already registered`);
    await ctx.stub.putState(key, Buffer.from(JSON.stringify({ keyId, publicKey: publicKeyHex, registeredBy: ctx.clientIdentity.getMSPID() })));
    return JSON.stringify({ keyId });
  }

  @Transaction()
  @Returns('string')
  async attest(ctx: Context, recordJson: string): Promise<string> {
    const record = parseJsonStrict(recordJson) as unknown as SignedRecord<Attestation>;
    if (typeof record.id !== 'string' || typeof record.subject !== 'string' || !record.signature) {
      throw new Error('INVALID_RECORD: id, subject and signature are required');
    }
    const keyEntry = await ctx.stub.getState(ctx.stub.createCompositeKey('signerKey', [record.signature.keyId]));
    if (keyEntry.length === 0) throw new Error(`UNKNOWN_KEY: ${record.signature.keyId} is not registered`);
    const { publicKey } = JSON.parse(Buffer.from(keyEntry).toString('utf8')) as { publicKey: string };
    if (!(await verifyRecordSignatureAsync(record, Buffer.from(publicKey, 'hex')))) {
      throw new Error('SIGNATURE_INVALID: record signature does not verify');
    }
    const key = ctx.stub.createCompositeKey('attestation', [record.subject, record.id]);
    if ((await ctx.stub.getState(key)).length > 0) throw new Error(`DUPLICATE_RECORD: ${record.id} is already on the ledger`);
    await ctx.stub.putState(key, Buffer.from(recordJson, 'utf8'));
    ctx.stub.setEvent('Attested', Buffer.from(JSON.stringify({ id: record.id, subject: record.subject })));
    return JSON.stringify({ id: record.id });
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: Context, subject: string, id: string): Promise<string> {
    const value = await ctx.stub.getState(ctx.stub.createCompositeKey('attestation', [subject, id]));
    if (value.length === 0) throw new Error(`NOT_FOUND: attestation ${id}`);
    return Buffer.from(value).toString('utf8');
  }
}
