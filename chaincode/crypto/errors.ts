/** Typed errors of the crypto and canonical-encoding layer. The code is stable; the message may change. */
export type CryptoErrorCode =
  | 'INVALID_HEX'
  | 'INVALID_KEY'
  | 'INVALID_SIGNATURE'
  | 'INVALID_DER'
  | 'INVALID_PEM'
  | 'INVALID_JSON'
  | 'NOT_CANONICAL';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}
