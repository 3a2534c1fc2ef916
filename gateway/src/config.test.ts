import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    expect(parseConfig({})).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: './data', ledger: 'embedded', jwtSecret: undefined, logLevel: 'info', logSync: false, loadFixtures: true });
  });
  it('reads the environment once, coercing numbers and booleans', () => {
    const config = parseConfig({ PORT: '0', HOST: '0.0.0.0', DTL_DATA_DIR: '/tmp/x', DTL_LEDGER: 'fabric', DTL_FIXTURES: 'false', DTL_LOG_LEVEL: 'warn', DTL_LOG_SYNC: 'true', DTL_JWT_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', dataDir: '/tmp/x', ledger: 'fabric', loadFixtures: false, logLevel: 'warn', logSync: true, jwtSecret: 'x'.repeat(32) });
  });
  it('names every bad variable', () => {
    expect(() => parseConfig({ PORT: 'eighty', DTL_LEDGER: 'sqlite', DTL_JWT_SECRET: 'short' })).toThrow(ConfigError);
    try {
      parseConfig({ PORT: '70000', DTL_LEDGER: 'sqlite', DTL_JWT_SECRET: 'short' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DTL_LEDGER/);
      expect((error as Error).message).toMatch(/DTL_JWT_SECRET/);
    }
  });
});
