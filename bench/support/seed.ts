import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { sha256Hex } from '../../src/common/crypto/constant-time';
import { randomToken } from '../../src/common/crypto/random';

export interface SeedSpec {
  count: number;
  /** Unique identity name and updb username of the i-th row. */
  names: (i: number) => { name: string; username: string };
  /** One PHC string for every row: hashing 100k passwords would take longer than the whole bench. */
  passwordHash: string;
  /** Also give each identity a live API session (last activity: now). */
  sessions: boolean;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 12-character [A-Za-z0-9] ids like the controller's randomId, drawn from one buffer (randomInt per char is slow at 300k ids). */
function idMaker(): () => string {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 12 > pool.length) [pool, at] = [randomBytes(12 * 4096), 0];
    let id = '';
    for (let i = 0; i < 12; i++) id += ALNUM[pool[at++] % ALNUM.length];
    return id;
  };
}

/**
 * Writes identities, updb authenticators and (optionally) API sessions straight into the controller's SQLite
 * file, in one transaction with prepared statements. The controller must be stopped. Column values follow the
 * migration and entities: epoch-ms BIGINTs, JSON as text, booleans as 0/1, token_hash = sha256 hex of a token.
 */
export function seedDatabase(file: string, spec: SeedSpec): { ms: number } {
  const started = Date.now();
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('foreign_keys = ON');
    const newId = idMaker();
    const now = Date.now();
    const stamps = { created_at: now, updated_at: now };
    const identity = (id: string, name: string) => ({
      id, name, type: 'User', is_admin: 0, is_default_admin: 0, auth_policy_id: 'default', external_id: null,
      role_attributes: '[]', tags: '{}', app_data: '{}', env_info: '{}', sdk_info: '{}',
      default_hosting_precedence: 'default', default_hosting_cost: 0, service_hosting_precedences: '{}',
      service_hosting_costs: '{}', permissions: '[]', disabled_at: null, disabled_until: null, failed_attempts: 0, ...stamps,
    });
    const authenticator = (id: string, identityId: string, username: string) => ({
      id, identity_id: identityId, method: 'updb', username, password_hash: spec.passwordHash, cert_pem: null,
      fingerprint: null, is_issued_by_network: 0, is_extend_requested: 0, is_key_roll_requested: 0,
      extend_requested_at: null, last_auth_resolved_to_root: 0, last_extend_rolled_keys: 0,
      unverified_cert_pem: null, unverified_fingerprint: null, tags: '{}', ...stamps,
    });
    const session = (id: string, identityId: string, authenticatorId: string) => ({
      id, token_hash: sha256Hex(randomToken()), identity_id: identityId, authenticator_id: authenticatorId,
      ip_address: '127.0.0.1', config_types: '[]', mfa_required: 0, mfa_complete: 0, is_cert_extendable: 0,
      improper_client_cert_chain: 0, last_activity_at: now, tags: '{}', ...stamps,
    });
    const insertIdentity = inserter(db, 'identities', identity('', ''));
    const insertAuthenticator = inserter(db, 'authenticators', authenticator('', '', ''));
    const insertSession = inserter(db, 'api_sessions', session('', '', ''));
    db.transaction(() => {
      for (let i = 0; i < spec.count; i++) {
        const { name, username } = spec.names(i);
        const identityId = newId();
        const authenticatorId = newId();
        insertIdentity.run(identity(identityId, name));
        insertAuthenticator.run(authenticator(authenticatorId, identityId, username));
        if (spec.sessions) insertSession.run(session(newId(), identityId, authenticatorId));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { ms: Date.now() - started };
}

/** API sessions of identities whose name starts with `prefix`, read once the controller on `file` has stopped. */
export function countSessions(file: string, prefix: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const sql = 'SELECT COUNT(*) AS n FROM api_sessions s JOIN identities i ON i.id = s.identity_id WHERE i.name LIKE ?';
    return (db.prepare(sql).get(`${prefix}%`) as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * A prepared INSERT for the columns of `sample`. Refuses to run when the table has gained a NOT NULL column
 * without a default that this file does not fill, so a schema change fails loudly here, not as odd figures.
 */
function inserter(db: Database.Database, table: string, sample: Record<string, unknown>): Database.Statement {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number; dflt_value: unknown; pk: number }[];
  if (columns.length === 0) throw new Error(`seed: table ${table} does not exist (did the controller run its migrations?)`);
  const unfilled = columns.filter((c) => c.notnull && c.dflt_value === null && !(c.name in sample)).map((c) => c.name);
  if (unfilled.length > 0) throw new Error(`seed: ${table} has NOT NULL columns bench/support/seed.ts does not fill: ${unfilled.join(', ')}`);
  const names = Object.keys(sample);
  return db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`);
}
