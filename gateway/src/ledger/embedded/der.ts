/**
 * A minimal DER writer, enough to issue the X.509 certificates of the embedded ledger's organisations.
 * Only the constructions a certificate needs: TLV, SEQUENCE, SET, INTEGER, OID, strings, times, BIT STRING.
 */

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let rest = length;
  while (rest > 0) {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function derTlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function derSequence(...children: Uint8Array[]): Buffer {
  return derTlv(0x30, Buffer.concat(children));
}

export function derSet(...children: Uint8Array[]): Buffer {
  return derTlv(0x31, Buffer.concat(children));
}

/** A non-negative INTEGER from big-endian magnitude bytes. */
export function derUnsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = Buffer.from(magnitude.subarray(start));
  const first = trimmed[0] ?? 0;
  return derTlv(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function derSmallInteger(value: number): Buffer {
  return derUnsignedInteger(Buffer.from([value]));
}

export function derOid(dotted: string): Buffer {
  const parts = dotted.split('.').map((part) => Number(part));
  const [first, second, ...rest] = parts;
  if (first === undefined || second === undefined) throw new Error(`DER_OID: invalid object identifier ${dotted}`);
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const group: number[] = [arc & 0x7f];
    let value = Math.floor(arc / 128);
    while (value > 0) {
      group.unshift((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    bytes.push(...group);
  }
  return derTlv(0x06, Buffer.from(bytes));
}

export function derUtf8String(text: string): Buffer {
  return derTlv(0x0c, Buffer.from(text, 'utf8'));
}

export function derPrintableString(text: string): Buffer {
  return derTlv(0x13, Buffer.from(text, 'ascii'));
}

export function derBoolean(value: boolean): Buffer {
  return derTlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

export function derOctetString(content: Uint8Array): Buffer {
  return derTlv(0x04, content);
}

export function derBitString(content: Uint8Array): Buffer {
  return derTlv(0x03, Buffer.concat([Buffer.from([0]), content]));
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  if (date.getUTCFullYear() < 2050) return derTlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  return derTlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

/** A context-specific, constructed, explicitly tagged value: [n] EXPLICIT. */
export function derExplicit(tagNumber: number, content: Uint8Array): Buffer {
  return derTlv(0xa0 | tagNumber, content);
}

/** A DER-encoded document as PEM text with the given label. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
