import { isAbsolute, join, resolve } from 'node:path';

/**
 * The controller's whole configuration, read from environment variables (and an optional `.env` file,
 * loaded by `loadEnvFile` before this runs). This module is the only reader of `process.env` in `src/`.
 */
export interface AppConfig {
  host: string;
  port: number;
  advertisedAddress: string;
  /** Host part of `advertisedAddress` (no port), used for certificate SANs. */
  advertisedHost: string;
  dataDir: string;
  dbUrl: string;
  pkiDir: string;
  sessionTimeoutMs: number;
  maxBodyBytes: number;
  logLevel: LogLevel;
  adminUsername: string;
  adminPassword: string | undefined;
  /** Authentication requests allowed in flight before 429 SERVER_TOO_MANY_REQUESTS. */
  authMaxInFlight: number;
  argon2: { memoryKib: number; iterations: number; parallelism: number };
  trustDomain: string;
  /** Lifetime of a new enrollment (its JWT's `exp`) when the request names none. */
  enrollmentDurationMs: number;
  /** Validity of client certificates issued at enrollment. */
  clientCertDays: number;
  totp: {
    issuer: string;
    /** Steps of 30 s accepted either side of the current one (clock skew). */
    windowSteps: number;
  };
  /** Base64 of 32 bytes encrypting TOTP secrets; when unset a key file in the data dir is used. */
  mfaKey: Buffer | undefined;
  extJwt: {
    /** Allowance for exp / nbf / iat against our clock. */
    clockSkewMs: number;
    /** How long fetched JWKS keys are used before a background refresh. */
    jwksRefreshMs: number;
    /** How long the last good key set is served while the endpoint is down; then authentication fails closed. */
    jwksMaxStaleMs: number;
    /** Refuse JWKS endpoints resolving to private (RFC 1918 / ULA) addresses. Loopback stays allowed. */
    jwksDenyPrivate: boolean;
    /** Refuse loopback JWKS endpoints too. */
    jwksDenyLoopback: boolean;
  };
  /**
   * What a certificate login or enrollment through a third-party CA does once that CA's CRL is past its
   * `nextUpdate`: refuse every certificate (`fail-closed`) or keep using the stale list (`fail-open`).
   */
  crlStalePolicy: 'fail-closed' | 'fail-open';
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid configuration: ${key} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

interface KeyDoc {
  key: string;
  default: string;
  doc: string;
}

/** The documented keys; the README's configuration table is kept in step with this list. */
export const CONFIG_KEYS: KeyDoc[] = [
  { key: 'ZT_HOST', default: '127.0.0.1', doc: 'bind address of the HTTPS listener' },
  { key: 'ZT_PORT', default: '1280', doc: 'TCP port of the HTTPS listener' },
  { key: 'ZT_ADVERTISED_ADDRESS', default: 'localhost:<port>', doc: 'host:port clients use; goes into certificate SANs and JWT issuers' },
  { key: 'ZT_DATA_DIR', default: './data', doc: 'directory for the SQLite database and generated secrets' },
  { key: 'ZT_DB_URL', default: '<data dir>/ztc.db', doc: 'SQLite file path, `:memory:`, or `postgres://user@host:port/db[?schema=name]`' },
  { key: 'ZT_PKI_DIR', default: './pki', doc: 'directory of the internal PKI (generated on first start)' },
  { key: 'ZT_SESSION_TIMEOUT', default: '30m', doc: 'idle timeout of API sessions (`90s`, `30m`, `2h`; at least 1m)' },
  { key: 'ZT_MAX_BODY_BYTES', default: '1048576', doc: 'largest accepted request body; larger ones get 413' },
  { key: 'ZT_LOG_LEVEL', default: 'info', doc: 'fatal, error, warn, info, debug, trace or silent' },
  { key: 'ZT_ADMIN_USERNAME', default: 'admin', doc: 'username of the bootstrap admin created on first start' },
  { key: 'ZT_ADMIN_PASSWORD', default: '(generated)', doc: 'bootstrap admin password; when unset one is generated into `<data dir>/admin-password`' },
  { key: 'ZT_AUTH_MAX_IN_FLIGHT', default: '64', doc: 'authentication requests processed at once before 429' },
  { key: 'ZT_ARGON2_MEMORY_KIB', default: '19456', doc: 'argon2id memory cost for password hashes' },
  { key: 'ZT_ARGON2_ITERATIONS', default: '2', doc: 'argon2id time cost' },
  { key: 'ZT_ARGON2_PARALLELISM', default: '1', doc: 'argon2id parallelism' },
  { key: 'ZT_TOTP_ISSUER', default: 'ztc', doc: 'issuer shown by authenticator apps for TOTP enrollments' },
  { key: 'ZT_TOTP_WINDOW', default: '1', doc: 'TOTP steps (30 s) accepted before and after the current one' },
  { key: 'ZT_MFA_KEY', default: '(generated)', doc: 'base64 of 32 bytes encrypting TOTP secrets; unset: `<data dir>/mfa.key` (0600) is generated. Replicas must share it' },
  { key: 'ZT_JWT_CLOCK_SKEW', default: '60s', doc: 'allowance for exp/nbf/iat of external JWTs' },
  { key: 'ZT_JWKS_REFRESH', default: '5m', doc: 'how long fetched JWKS keys are cached before a refresh' },
  { key: 'ZT_JWKS_MAX_STALE', default: '1h', doc: 'how long the last good JWKS is used while its endpoint is down; then ext-jwt logins fail closed' },
  { key: 'ZT_JWKS_DENY_PRIVATE', default: 'false', doc: 'refuse JWKS endpoints that resolve to private network addresses' },
  { key: 'ZT_JWKS_DENY_LOOPBACK', default: 'false', doc: 'refuse JWKS endpoints that resolve to loopback addresses' },
  { key: 'ZT_TRUST_DOMAIN', default: '<advertised host>', doc: 'SPIFFE trust domain of issued client certificates' },
  { key: 'ZT_ENROLLMENT_DURATION', default: '180m', doc: 'lifetime of an enrollment (and its JWT) created without `expiresAt`, e.g. with an identity; at least 1m' },
  { key: 'ZT_CRL_STALE_POLICY', default: 'fail-closed', doc: 'a third-party CA\'s CRL past its nextUpdate: `fail-closed` refuses its certificates until a fresh CRL is uploaded, `fail-open` keeps using the stale list' },
  { key: 'ZT_CLIENT_CERT_DAYS', default: '365', doc: 'validity in days of client certificates signed at enrollment (capped at the intermediate CA\'s expiry)' },
];

const KNOWN = new Set(CONFIG_KEYS.map((k) => k.key));
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseDuration(key: string, text: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new ConfigError(key, `must be a duration such as 90s, 30m or 2h (got "${text}")`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

function int(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(key, `must be a whole number (got "${raw}")`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(key, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

function str(env: Env, key: string, def: string): string {
  const raw = env[key];
  return raw === undefined || raw.trim() === '' ? def : raw.trim();
}

/** Splits "host:port", "[::1]:443" or a bare host; returns the host without brackets. */
export function hostOf(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']'));
  const colons = address.split(':').length - 1;
  if (colons === 1) return address.slice(0, address.indexOf(':'));
  return address;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const port = int(env, 'ZT_PORT', 1280, 0, 65535);
  const advertisedAddress = str(env, 'ZT_ADVERTISED_ADDRESS', `localhost:${port}`);
  if (/\s|\/|^https?:/.test(advertisedAddress)) {
    throw new ConfigError('ZT_ADVERTISED_ADDRESS', `must be host:port without scheme or path (got "${advertisedAddress}")`);
  }
  const dataDir = resolvePath(cwd, str(env, 'ZT_DATA_DIR', './data'));
  const dbRaw = str(env, 'ZT_DB_URL', join(dataDir, 'ztc.db'));
  const dbUrl = dbRaw === ':memory:' || /^postgres(ql)?:\/\//.test(dbRaw) ? dbRaw : resolvePath(cwd, dbRaw);
  if (/^[a-z]+:\/\//i.test(dbRaw) && !/^postgres(ql)?:\/\//.test(dbRaw)) {
    throw new ConfigError('ZT_DB_URL', `must be a SQLite path, :memory: or postgres://... (got scheme "${dbRaw.split(':')[0]}")`);
  }
  const sessionTimeoutMs = parseDuration('ZT_SESSION_TIMEOUT', str(env, 'ZT_SESSION_TIMEOUT', '30m'));
  if (sessionTimeoutMs < 60_000) throw new ConfigError('ZT_SESSION_TIMEOUT', 'must be at least 1m');
  const logLevel = str(env, 'ZT_LOG_LEVEL', 'info').toLowerCase() as LogLevel;
  if (!LEVELS.includes(logLevel)) throw new ConfigError('ZT_LOG_LEVEL', `must be one of ${LEVELS.join(', ')}`);
  const adminUsername = str(env, 'ZT_ADMIN_USERNAME', 'admin');
  if (adminUsername.length < 4 || adminUsername.length > 100) {
    throw new ConfigError('ZT_ADMIN_USERNAME', 'must be 4 to 100 characters');
  }
  const adminPassword = env.ZT_ADMIN_PASSWORD === undefined || env.ZT_ADMIN_PASSWORD === '' ? undefined : env.ZT_ADMIN_PASSWORD;
  const advertisedHost = hostOf(advertisedAddress);
  const enrollmentDurationMs = parseDuration('ZT_ENROLLMENT_DURATION', str(env, 'ZT_ENROLLMENT_DURATION', '180m'));
  if (enrollmentDurationMs < 60_000) throw new ConfigError('ZT_ENROLLMENT_DURATION', 'must be at least 1m');
  return {
    host: str(env, 'ZT_HOST', '127.0.0.1'),
    port,
    advertisedAddress,
    advertisedHost,
    dataDir,
    dbUrl,
    pkiDir: resolvePath(cwd, str(env, 'ZT_PKI_DIR', './pki')),
    sessionTimeoutMs,
    maxBodyBytes: int(env, 'ZT_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    logLevel,
    adminUsername,
    adminPassword,
    authMaxInFlight: int(env, 'ZT_AUTH_MAX_IN_FLIGHT', 64, 1, 10_000),
    argon2: {
      memoryKib: int(env, 'ZT_ARGON2_MEMORY_KIB', 19456, 1024, 4 * 1024 * 1024),
      iterations: int(env, 'ZT_ARGON2_ITERATIONS', 2, 1, 100),
      parallelism: int(env, 'ZT_ARGON2_PARALLELISM', 1, 1, 16),
    },
    trustDomain: str(env, 'ZT_TRUST_DOMAIN', advertisedHost),
    enrollmentDurationMs,
    clientCertDays: int(env, 'ZT_CLIENT_CERT_DAYS', 365, 1, 3650),
    totp: { issuer: str(env, 'ZT_TOTP_ISSUER', 'ztc'), windowSteps: int(env, 'ZT_TOTP_WINDOW', 1, 0, 10) },
    mfaKey: key32(env, 'ZT_MFA_KEY'),
    extJwt: {
      clockSkewMs: parseDuration('ZT_JWT_CLOCK_SKEW', str(env, 'ZT_JWT_CLOCK_SKEW', '60s')),
      jwksRefreshMs: parseDuration('ZT_JWKS_REFRESH', str(env, 'ZT_JWKS_REFRESH', '5m')),
      jwksMaxStaleMs: parseDuration('ZT_JWKS_MAX_STALE', str(env, 'ZT_JWKS_MAX_STALE', '1h')),
      jwksDenyPrivate: bool(env, 'ZT_JWKS_DENY_PRIVATE', false),
      jwksDenyLoopback: bool(env, 'ZT_JWKS_DENY_LOOPBACK', false),
    },
    crlStalePolicy: crlStalePolicy(env),
  };
}

function crlStalePolicy(env: Env): 'fail-closed' | 'fail-open' {
  const v = str(env, 'ZT_CRL_STALE_POLICY', 'fail-closed').toLowerCase();
  if (v !== 'fail-closed' && v !== 'fail-open') throw new ConfigError('ZT_CRL_STALE_POLICY', `must be fail-closed or fail-open (got "${env.ZT_CRL_STALE_POLICY}")`);
  return v;
}

/** Keys that look like ours but are not known: most likely a typo the operator wants to hear about. */
export function unknownKeys(env: Env = process.env): string[] {
  return Object.keys(env).filter((k) => k.startsWith('ZT_') && !KNOWN.has(k));
}

function bool(env: Env, key: string, def: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(key, `must be true or false (got "${env[key]}")`);
}

function key32(env: Env, key: string): Buffer | undefined {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return undefined;
  const buf = Buffer.from(raw.trim(), 'base64');
  if (buf.length !== 32) throw new ConfigError(key, 'must be the base64 encoding of exactly 32 bytes');
  return buf;
}

function resolvePath(cwd: string, p: string): string {
  return isAbsolute(p) ? p : resolve(cwd, p);
}
