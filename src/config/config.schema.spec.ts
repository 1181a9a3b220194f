import { ConfigError, hostOf, loadConfig, parseDuration, unknownKeys } from './config.schema';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, '/srv/ztc');
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 1280,
      advertisedAddress: 'localhost:1280',
      advertisedHost: 'localhost',
      dataDir: '/srv/ztc/data',
      dbUrl: '/srv/ztc/data/ztc.db',
      pkiDir: '/srv/ztc/pki',
      sessionTimeoutMs: 30 * 60_000,
      maxBodyBytes: 1024 * 1024,
      logLevel: 'info',
      adminUsername: 'admin',
      adminPassword: undefined,
      argon2: { memoryKib: 19456, iterations: 2, parallelism: 1 },
    });
  });

  it('reads every key', () => {
    const c = loadConfig(
      {
        ZT_HOST: '0.0.0.0',
        ZT_PORT: '8443',
        ZT_ADVERTISED_ADDRESS: 'ctrl.example.com:443',
        ZT_DATA_DIR: '/var/lib/ztc',
        ZT_DB_URL: 'postgres://u@db:5432/ztc',
        ZT_SESSION_TIMEOUT: '2h',
        ZT_MAX_BODY_BYTES: '2048',
        ZT_LOG_LEVEL: 'DEBUG',
        ZT_ADMIN_USERNAME: 'root-admin',
        ZT_ADMIN_PASSWORD: 'secret-pw',
      },
      '/x',
    );
    expect(c).toMatchObject({ host: '0.0.0.0', port: 8443, advertisedHost: 'ctrl.example.com', dbUrl: 'postgres://u@db:5432/ztc', sessionTimeoutMs: 7_200_000, maxBodyBytes: 2048, logLevel: 'debug', adminUsername: 'root-admin', adminPassword: 'secret-pw' });
    expect(loadConfig({ ZT_DB_URL: ':memory:' }).dbUrl).toBe(':memory:');
  });

  it.each([
    ['ZT_PORT', 'http'],
    ['ZT_PORT', '70000'],
    ['ZT_SESSION_TIMEOUT', '30 minutes'],
    ['ZT_SESSION_TIMEOUT', '30s'],
    ['ZT_MAX_BODY_BYTES', '-1'],
    ['ZT_LOG_LEVEL', 'loud'],
    ['ZT_ADVERTISED_ADDRESS', 'https://ctrl:443'],
    ['ZT_DB_URL', 'mysql://db/ztc'],
    ['ZT_ADMIN_USERNAME', 'ab'],
    ['ZT_ARGON2_MEMORY_KIB', '12'],
  ])('rejects %s=%s with a message naming the key', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`^invalid configuration: ${key} `));
  });

  it('parses durations and host:port forms', () => {
    expect(parseDuration('k', '90s')).toBe(90_000);
    expect(parseDuration('k', '1500ms')).toBe(1500);
    expect(parseDuration('k', '45')).toBe(45_000);
    expect(hostOf('[::1]:1280')).toBe('::1');
    expect(hostOf('10.0.0.1:443')).toBe('10.0.0.1');
    expect(hostOf('ctrl.example.com')).toBe('ctrl.example.com');
  });

  it('reports unknown ZT_ keys (typos)', () => {
    expect(unknownKeys({ ZT_PROT: '1', ZT_PORT: '1', PATH: '/bin' })).toEqual(['ZT_PROT']);
  });
});
