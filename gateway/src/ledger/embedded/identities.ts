/**
 * The X.509 identities of the four province organisations on the embedded ledger, shaped as cryptogen issues
 * them with NodeOUs enabled: a self-signed ECDSA P-256 CA per organisation, an admin certificate (OU=admin)
 * and a client certificate (OU=client). fabric-shim's ClientIdentity parses these exactly as it parses a peer's
 * creator, so `ctx.clientIdentity` behaves as on Fabric. DEV identities: generated on first start into the
 * data directory, never used outside the embedded ledger.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSecretFile, writeSecretFile } from '../../secrets/sealed';
import { PROVINCES, PROVINCE_MSP, type LedgerIdentity, type Province } from '../ledger';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derOctetString,
  derOid,
  derPrintableString,
  derSequence,
  derSet,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
  derUtf8String,
  toPem,
} from './der';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  country: '2.5.4.6',
  state: '2.5.4.8',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

const LOCALITY: Readonly<Record<Province, { state: string; locality: string }>> = {
  shanghai: { state: 'Shanghai', locality: 'Shanghai' },
  jiangsu: { state: 'Jiangsu', locality: 'Nanjing' },
  zhejiang: { state: 'Zhejiang', locality: 'Hangzhou' },
  anhui: { state: 'Anhui', locality: 'Hefei' },
};

/** One member of an organisation: its certificate (PEM) and private key (PKCS#8 PEM). */
export interface MemberIdentity {
  readonly mspId: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface OrganisationIdentities {
  readonly province: Province;
  readonly mspId: string;
  readonly domain: string;
  readonly caCertificatePem: string;
  readonly admin: MemberIdentity;
  readonly client: MemberIdentity;
}

export type IdentityDirectory = Readonly<Record<Province, OrganisationIdentities>>;

type NameAttribute = readonly [oid: string, value: string];

function encodeName(attributes: readonly NameAttribute[]): Uint8Array {
  return derSequence(
    ...attributes.map(([oid, value]) =>
      derSet(derSequence(derOid(oid), oid === OID.country ? derPrintableString(value) : derUtf8String(value))),
    ),
  );
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 5280 method 1 uses SHA-1 of the key bits; cryptogen uses SHA-256 of the raw point. Either is an identifier.
  return createHash('sha256').update(spki.subarray(spki.length - 65)).digest();
}

interface IssueRequest {
  readonly subject: readonly NameAttribute[];
  readonly issuer: readonly NameAttribute[];
  readonly subjectKey: KeyObject;
  readonly issuerKey: KeyObject;
  readonly issuerPublicKey: KeyObject;
  readonly isCa: boolean;
}

function issueCertificate(request: IssueRequest): string {
  const notBefore = new Date(Date.UTC(2024, 0, 1));
  const notAfter = new Date(Date.UTC(2049, 11, 31));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const algorithm = derSequence(derOid(OID.ecdsaWithSha256));
  const keyUsageBits = request.isCa
    ? Buffer.from([0x03, 0x02, 0x01, 0x86]) // digitalSignature, keyCertSign, cRLSign
    : Buffer.from([0x03, 0x02, 0x07, 0x80]); // digitalSignature
  const extensions = [
    extension(OID.keyUsage, true, keyUsageBits),
    extension(OID.basicConstraints, true, request.isCa ? derSequence(derBoolean(true)) : derSequence()),
    extension(OID.subjectKeyIdentifier, false, derOctetString(keyIdentifier(request.subjectKey))),
  ];
  if (!request.isCa) {
    extensions.push(
      extension(
        OID.authorityKeyIdentifier,
        false,
        derSequence(Buffer.concat([Buffer.from([0x80, 32]), keyIdentifier(request.issuerPublicKey)])),
      ),
    );
  }
  const tbs = derSequence(
    derExplicit(0, derSmallInteger(2)),
    derUnsignedInteger(BigInt(`0x${serial.toString('hex')}`)),
    algorithm,
    encodeName(request.issuer),
    derSequence(derTime(notBefore), derTime(notAfter)),
    encodeName(request.subject),
    request.subjectKey.export({ type: 'spki', format: 'der' }),
    derExplicit(3, derSequence(...extensions)),
  );
  const signature = sign('sha256', tbs, request.issuerKey);
  return toPem('CERTIFICATE', derSequence(tbs, algorithm, derBitString(signature)));
}

function generateOrganisation(province: Province): OrganisationIdentities {
  const mspId = PROVINCE_MSP[province];
  const domain = `${province}.delta.gov.cn`;
  const { state, locality } = LOCALITY[province];
  const base: NameAttribute[] = [
    [OID.country, 'CN'],
    [OID.state, state],
    [OID.locality, locality],
  ];
  const caName: NameAttribute[] = [...base, [OID.organization, domain], [OID.commonName, `ca.${domain}`]];
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caCertificatePem = issueCertificate({
    subject: caName,
    issuer: caName,
    subjectKey: ca.publicKey,
    issuerKey: ca.privateKey,
    issuerPublicKey: ca.publicKey,
    isCa: true,
  });
  const member = (ou: 'admin' | 'client', commonName: string): MemberIdentity => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const certificatePem = issueCertificate({
      subject: [...base, [OID.organizationalUnit, ou], [OID.commonName, commonName]],
      issuer: caName,
      subjectKey: keys.publicKey,
      issuerKey: ca.privateKey,
      issuerPublicKey: ca.publicKey,
      isCa: false,
    });
    return { mspId, certificatePem, privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  };
  return {
    province,
    mspId,
    domain,
    caCertificatePem,
    admin: member('admin', `Admin@${domain}`),
    client: member('client', `User1@${domain}`),
  };
}

/** Generates a fresh directory of the four organisations' identities. */
export function generateIdentityDirectory(): IdentityDirectory {
  const entries = PROVINCES.map((province) => [province, generateOrganisation(province)] as const);
  return Object.fromEntries(entries) as Record<Province, OrganisationIdentities>;
}

export const IDENTITY_FILE = 'dev-identities.json';

/**
 * Loads the organisations' identities from `dataDir`, generating and saving them (mode 0600) on first start; with a
 * passphrase they are written sealed (secrets/sealed.ts). An empty or truncated file is refused.
 */
export function loadOrCreateIdentities(dataDir: string, passphrase?: string): IdentityDirectory {
  const file = join(dataDir, IDENTITY_FILE);
  if (existsSync(file)) {
    let parsed: IdentityDirectory;
    try {
      parsed = JSON.parse(readSecretFile(file, passphrase, 'the organisation identities').text) as IdentityDirectory;
    } catch (error) {
      if (error instanceof SyntaxError) throw new Error(`IDENTITIES_INVALID: ${file} is truncated or not JSON; restore it from a backup (dtl restore)`);
      throw error;
    }
    for (const province of PROVINCES) {
      const org = parsed[province];
      if (!org || org.mspId !== PROVINCE_MSP[province]) throw new Error(`IDENTITIES_INVALID: ${file} lacks ${province}`);
      createPublicKey(org.client.certificatePem);
      createPrivateKey(org.client.privateKeyPem);
    }
    return parsed;
  }
  mkdirSync(dataDir, { recursive: true });
  const generated = generateIdentityDirectory();
  writeSecretFile(file, `${JSON.stringify(generated, null, 2)}\n`, passphrase);
  return generated;
}

/** The member a ledger identity stands for: the province organisation's admin or client. */
export function memberFor(directory: IdentityDirectory, identity: LedgerIdentity): MemberIdentity {
  const org = directory[identity.province];
  if (!org) throw new Error(`UNKNOWN_PROVINCE: ${String(identity.province)}`);
  return identity.role === 'admin' ? org.admin : org.client;
}
