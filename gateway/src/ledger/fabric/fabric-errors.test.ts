import { status } from '@grpc/grpc-js';
import { EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { LedgerError } from '../errors';
import { chaincodeMessageOf, toLedgerError } from './fabric-errors';

const cause = Object.assign(new Error('grpc'), { code: status.ABORTED, details: '', metadata: undefined as never });

describe('fabric-gateway errors to LedgerError', () => {
  it('finds the chaincode message in the peers\' details', () => {
    expect(chaincodeMessageOf(['chaincode response 500, SIGNATURE_INVALID: bad'])).toBe('SIGNATURE_INVALID: bad');
    expect(chaincodeMessageOf(['no chaincode here'])).toBeUndefined();
  });

  it('an endorsement refused by the chaincode carries the chaincode code, the message and the tx id', () => {
    const error = new EndorseError({
      code: status.ABORTED,
      cause,
      transactionId: 'tx-9',
      message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
      details: [{ address: '127.0.0.1:7051', mspId: 'ShanghaiMSP', message: 'chaincode response 500, REPLAYED: record reg-1 was seen before' }],
    });
    const mapped = toLedgerError('endorse', error, 'tx-9');
    expect(mapped).toBeInstanceOf(LedgerError);
    expect(mapped).toMatchObject({ kind: 'endorse', code: 'REPLAYED', txId: 'tx-9', message: 'REPLAYED: record reg-1 was seen before' });
    expect(mapped.details[0]).toContain('ShanghaiMSP@127.0.0.1:7051');
  });

  it('an evaluate error without a code becomes CHAINCODE_ERROR, an unreachable peer UNAVAILABLE', () => {
    const evaluate = new GatewayError({ code: status.UNKNOWN, cause, details: [], message: '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, boom' });
    expect(toLedgerError('evaluate', evaluate)).toMatchObject({ kind: 'evaluate', code: 'CHAINCODE_ERROR', message: 'boom' });
    const down = new GatewayError({ code: status.UNAVAILABLE, cause, details: [], message: '14 UNAVAILABLE: No connection established' });
    expect(toLedgerError('submit', down)).toMatchObject({ kind: 'unavailable', code: 'UNAVAILABLE' });
    const slow = new GatewayError({ code: status.DEADLINE_EXCEEDED, cause, details: [], message: '4 DEADLINE_EXCEEDED' });
    expect(toLedgerError('commit', slow)).toMatchObject({ kind: 'unavailable', code: 'TIMEOUT' });
  });

  it('other failures keep their step and get a step-level code', () => {
    const error = new GatewayError({ code: status.FAILED_PRECONDITION, cause, details: [], message: '9 FAILED_PRECONDITION: no combination of peers' });
    expect(toLedgerError('endorse', error)).toMatchObject({ kind: 'endorse', code: 'ENDORSEMENT_FAILED' });
    expect(toLedgerError('submit', new Error('plain'))).toMatchObject({ kind: 'submit', code: 'SUBMIT_FAILED', message: 'plain' });
  });
});
