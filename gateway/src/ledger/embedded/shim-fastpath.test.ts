import { Writable } from 'node:stream';
import { generateIdentityDirectory } from './identities';
import { installShimFastpath } from './shim-fastpath';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const winston = require('winston') as typeof import('winston');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Certificate } = require('@fidm/x509') as { Certificate: { fromPEM(data: unknown): unknown } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ClientIdentity } = require('fabric-shim') as {
  ClientIdentity: new (stub: unknown) => { getID(): string; getMSPID(): string; getAttributeValue(name: string): string | null };
};

installShimFastpath();

describe('shim fast path', () => {
  function countingLogger(level: string): { logger: import('winston').Logger; formatted: () => number; written: string[] } {
    let formatted = 0;
    const written: string[] = [];
    const counting = winston.format((info) => {
      formatted++;
      return info;
    });
    const sink = new Writable({
      objectMode: true,
      write(info: { level: string; message: string }, _encoding, callback): void {
        written.push(`${info.level}:${info.message}`);
        callback();
      },
    });
    const logger = winston.createLogger({ level, format: counting(), transports: [new winston.transports.Stream({ stream: sink })] });
    return { logger, formatted: () => formatted, written };
  }

  it('drops messages below the level before formatting, and still writes the others', () => {
    const { logger, formatted, written } = countingLogger('warn');
    logger.debug('not formatted');
    logger.debug('not formatted either', { meta: 1 }, 'splat');
    logger.info({ message: 'object form' });
    logger.log('debug', 'log form');
    expect(formatted()).toBe(0);
    logger.error('kept');
    logger.warn('kept too', { detail: 2 });
    expect(formatted()).toBe(2);
    expect(written).toEqual(['error:kept', 'warn:kept too']);
  });

  it('follows level changes made after the logger was created', () => {
    const { logger, formatted, written } = countingLogger('warn');
    logger.level = 'debug';
    logger.debug('now kept');
    expect(formatted()).toBe(1);
    expect(written).toEqual(['debug:now kept']);
  });

  it('parses each creator certificate once; ClientIdentity still answers per transaction', () => {
    const org = generateIdentityDirectory().anhui;
    const pem = org.client.certificatePem;
    expect(Certificate.fromPEM(pem)).toBe(Certificate.fromPEM(pem));
    const stub = (certificatePem: string): object => ({
      getChannelID: () => 'delta',
      getTxID: () => 'tx',
      getCreator: () => ({ mspid: org.mspId, idBytes: Buffer.from(certificatePem) }),
    });
    const first = new ClientIdentity(stub(pem));
    const second = new ClientIdentity(stub(pem));
    expect(second.getID()).toBe(first.getID());
    expect(first.getID()).toContain('/OU=client/CN=User1@anhui.delta.gov.cn');
    expect(second.getMSPID()).toBe(org.mspId);
    const admin = new ClientIdentity(stub(org.admin.certificatePem));
    expect(admin.getID()).toContain('/OU=admin/CN=Admin@anhui.delta.gov.cn');
  });

  it('does not cache failures', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(() => Certificate.fromPEM(broken)).toThrow();
    expect(() => Certificate.fromPEM(broken)).toThrow();
  });
});
