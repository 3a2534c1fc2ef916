/**
 * The QR payload printed on a batch's package: `dtl-trace:1:<batchId>:<checkCode>`. The check code is the
 * first 8 hex characters of SM3(batchId ‖ "|" ‖ registering transaction id), so anyone holding the ledger
 * data (the batch and the id of the transaction that registered it) can verify a code offline; a copied
 * batch id with a made-up code is told apart from a genuine label.
 */
import { sm3Hex } from '../../../crypto';
import { fail } from '../../errors';
import { ID_PATTERN } from '../../records/fields';

export const QR_PREFIX = 'dtl-trace:1:';
const CHECK_CODE = /^[0-9a-f]{8}$/;

export interface QrPayload {
  readonly batchId: string;
  readonly checkCode: string;
}

export function batchCheckCode(batchId: string, registeringTxId: string): string {
  if (!ID_PATTERN.test(batchId)) fail('INVALID_ARGUMENT', `batchId ${JSON.stringify(batchId)} is not a valid id`);
  if (registeringTxId.length === 0) fail('INVALID_ARGUMENT', 'registering transaction id is empty');
  return sm3Hex(`${batchId}|${registeringTxId}`).slice(0, 8);
}

export function formatQrPayload(batchId: string, registeringTxId: string): string {
  return `${QR_PREFIX}${batchId}:${batchCheckCode(batchId, registeringTxId)}`;
}

export function parseQrPayload(payload: string): QrPayload {
  if (!payload.startsWith(QR_PREFIX)) fail('INVALID_ARGUMENT', `QR payload must start with ${QR_PREFIX}`);
  const rest = payload.slice(QR_PREFIX.length);
  const cut = rest.lastIndexOf(':');
  const batchId = rest.slice(0, cut);
  const checkCode = rest.slice(cut + 1);
  if (cut < 0 || !CHECK_CODE.test(checkCode)) fail('INVALID_ARGUMENT', 'QR payload must end with an 8-hex-digit check code');
  if (!ID_PATTERN.test(batchId)) fail('INVALID_ARGUMENT', 'QR payload does not name a valid batch id');
  return { batchId, checkCode };
}

/** True when the payload's check code is the one the ledger data gives for its batch (the code is public: no constant-time compare needed). */
export function verifyCheckCode(payload: QrPayload, registeringTxId: string): boolean {
  return batchCheckCode(payload.batchId, registeringTxId) === payload.checkCode;
}
