import { X509Certificate } from 'node:crypto';
import { generateIdentityDirectory } from './identities';
import { PROVINCES } from '../ledger';

// fabric-shim's ClientIdentity is what the contracts see; it must parse our certificates as it parses cryptogen's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ClientIdentity } = require('fabric-shim') as {
  ClientIdentity: new (stub: unknown) => { getID(): string; getMSPID(): string; getIDBytes(): Uint8Array };
};

describe('embedded organisation identities', () => {
  const directory = generateIdentityDirectory();

  it.each(PROVINCES)('%s: admin and client certificates chain to the organisation CA', (province) => {
    const org = directory[province];
    const ca = new X509Certificate(org.caCertificatePem);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    for (const member of [org.admin, org.client]) {
      const cert = new X509Certificate(member.certificatePem);
      expect(cert.ca).toBe(false);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkIssued(ca)).toBe(true);
    }
    expect(new X509Certificate(org.admin.certificatePem).subject).toContain('OU=admin');
    expect(new X509Certificate(org.client.certificatePem).subject).toContain('OU=client');
  });

  it('fabric-shim ClientIdentity reads the MSP id and the cryptogen-style DN', () => {
    const org = directory.anhui;
    const stub = {
      getChannelID: (): string => 'delta',
      getTxID: (): string => 'tx1',
      getCreator: (): { mspid: string; idBytes: Uint8Array } => ({
        mspid: org.mspId,
        idBytes: Buffer.from(org.admin.certificatePem),
      }),
    };
    const identity = new ClientIdentity(stub);
    expect(identity.getMSPID()).toBe('AnhuiMSP');
    expect(identity.getID()).toBe(
      'x509::/C=CN/ST=Anhui/L=Hefei/OU=admin/CN=Admin@anhui.delta.gov.cn::/C=CN/ST=Anhui/L=Hefei/O=anhui.delta.gov.cn/CN=ca.anhui.delta.gov.cn',
    );
  });
});
