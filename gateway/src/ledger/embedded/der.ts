/**
 * The certificate-specific DER constructions the embedded ledger needs to issue its organisations' X.509
 * certificates (SET, strings, times, explicit tags …), on the crypto module's TLV / SEQUENCE / OID writer.
 */
import { derOid, derSequence, derTlv, derUnsignedInteger, pemEncode } from '@dtl/chaincode/crypto';

export { derOid, derSequence, derTlv, derUnsignedInteger };

export function derSet(...children: Uint8Array[]): Uint8Array {
  return derTlv(0x31, Buffer.concat(children));
}

export function derSmallInteger(value: number): Uint8Array {
  return derUnsignedInteger(BigInt(value));
}

export function derUtf8String(text: string): Uint8Array {
  return derTlv(0x0c, Buffer.from(text, 'utf8'));
}

export function derPrintableString(text: string): Uint8Array {
  return derTlv(0x13, Buffer.from(text, 'ascii'));
}

export function derBoolean(value: boolean): Uint8Array {
  return derTlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

export function derOctetString(content: Uint8Array): Uint8Array {
  return derTlv(0x04, content);
}

export function derBitString(content: Uint8Array): Uint8Array {
  return derTlv(0x03, Buffer.concat([Buffer.from([0]), content]));
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
export function derTime(date: Date): Uint8Array {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  if (date.getUTCFullYear() < 2050) return derTlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  return derTlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

/** A context-specific, constructed, explicitly tagged value: [n] EXPLICIT. */
export function derExplicit(tagNumber: number, content: Uint8Array): Uint8Array {
  return derTlv(0xa0 | tagNumber, content);
}

/** A DER-encoded document as PEM text with the given label. */
export function toPem(label: string, der: Uint8Array): string {
  return pemEncode(der, label);
}
