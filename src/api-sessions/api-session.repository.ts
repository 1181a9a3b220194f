import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThan, type Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { type MaybePromise, andThen } from '../common/maybe-promise';
import { type CachedQuery, type EntityReader, FastSql, type PlannedStatement } from '../database/fast-sql';
import { IdentityEntity } from '../identities/identity.entity';
import { ApiSessionEntity } from './api-session.entity';

export const API_SESSION_FIELDS: ZqlFieldMap = {
  id: { column: 's.id', type: 'string' },
  identityId: { column: 's.identityId', type: 'string' },
  ipAddress: { column: 's.ipAddress', type: 'string' },
  authenticatorId: { column: 's.authenticatorId', type: 'string' },
  isMfaRequired: { column: 's.mfaRequired', type: 'boolean' },
  isMfaComplete: { column: 's.mfaComplete', type: 'boolean' },
  lastActivityAt: { column: 's.lastActivityAt', type: 'datetime', storage: 'epochMs' },
  createdAt: { column: 's.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 's.updatedAt', type: 'datetime', storage: 'epochMs' },
};

/** The identity facts every authenticated request needs (the guard, the routes of the caller's own). */
const PRINCIPAL_IDENTITY = ['id', 'name', 'isAdmin', 'isDefaultAdmin', 'disabledAt', 'disabledUntil', 'authPolicyId'] as const;
export type PrincipalIdentity = Pick<IdentityEntity, (typeof PRINCIPAL_IDENTITY)[number]>;

/** The policy facts every authenticated request needs: the session state, the failure budget, cert expiry. */
const PRINCIPAL_POLICY = ['id', 'requireTotp', 'requireExtJwtSigner', 'certAllowExpired', 'maxAttempts', 'lockoutDurationMinutes'] as const;
export type PrincipalPolicy = Pick<AuthPolicyEntity, (typeof PRINCIPAL_POLICY)[number]>;

export interface SessionWithPrincipal {
  session: ApiSessionEntity;
  identity: PrincipalIdentity;
  policy: PrincipalPolicy;
  /** Extension flags of the session's certificate authenticator (false for other sessions). */
  certExtend: { extendRequested: boolean; keyRollRequested: boolean };
}

/** A shared answer with the session copied: its activity is the caller's to change. */
const ownSession = (found: SessionWithPrincipal | undefined): SessionWithPrincipal | null =>
  found ? { ...found, session: { ...found.session } } : null;

@Injectable()
export class ApiSessionRepository {
  private readonly fast: FastSql;
  /** The principal of a token hash; its answers are shared (frozen) until the next write. */
  private readonly principal: CachedQuery<SessionWithPrincipal>;
  /** The INSERT of a new session, for the transaction that issues it. */
  readonly insertStatement: (s: ApiSessionEntity) => PlannedStatement;
  private readonly read: {
    session: EntityReader<ApiSessionEntity>;
    identity: EntityReader<PrincipalIdentity>;
    policy: EntityReader<PrincipalPolicy>;
  };

  constructor(
    @InjectRepository(ApiSessionEntity) private readonly repo: Repository<ApiSessionEntity>,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    this.fast = FastSql.of(ds);
    this.insertStatement = this.fast.inserter(ApiSessionEntity);
    this.read = {
      session: this.fast.reader(ApiSessionEntity, 's'),
      identity: this.fast.reader(IdentityEntity, 'i', PRINCIPAL_IDENTITY),
      policy: this.fast.reader(AuthPolicyEntity, 'p', PRINCIPAL_POLICY),
    };
    // Only the columns a request needs: this runs on every authenticated request.
    const principalSql =
      `SELECT ${this.read.session.select}, ${this.read.identity.select}, ${this.read.policy.select}, ` +
      'a.is_extend_requested AS a__extend, a.is_key_roll_requested AS a__roll ' +
      'FROM api_sessions s JOIN identities i ON i.id = s.identity_id JOIN auth_policies p ON p.id = i.auth_policy_id ' +
      'LEFT JOIN authenticators a ON a.id = s.authenticator_id WHERE s.token_hash = :tokenHash';
    this.principal = this.fast.cached(principalSql, (row) =>
      deepFreeze({
        session: this.read.session.read(row),
        identity: this.read.identity.read(row),
        policy: this.read.policy.read(row),
        // SQLite answers 0/1, PostgreSQL booleans; NULL when the session is not a certificate login.
        certExtend: { extendRequested: Boolean(row.get('a__extend')), keyRollRequested: Boolean(row.get('a__roll')) },
      }),
    );
  }

  /**
   * The per-request lookup: session, identity and policy in one indexed query, answered from memory on
   * SQLite while nothing has been written since (FastSql.cached): a logout, revocation, disable or policy
   * change is a write, so it is seen on the very next request. The identity, policy and certificate flags
   * are shared and frozen; the session is the caller's own copy (its activity changes per request).
   * Synchronous on SQLite outside a transaction (see CachedQuery.one).
   */
  findWithPrincipal(tokenHash: string): MaybePromise<SessionWithPrincipal | null> {
    return andThen(this.principal.one(tokenHash, { tokenHash }), ownSession);
  }

  findByTokenHash(tokenHash: string): Promise<ApiSessionEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  findById(id: string): Promise<ApiSessionEntity | null> {
    return this.repo.findOneBy({ id });
  }

  page(input: ListQueryInput): Promise<Page<ApiSessionEntity>> {
    return paginate(this.repo.createQueryBuilder('s'), input, API_SESSION_FIELDS, [{ column: 's.createdAt', direction: 'ASC' }]);
  }

  async setMfa(id: string, mfaRequired: boolean, mfaComplete: boolean, now: Date): Promise<void> {
    await this.repo.update({ id }, { mfaRequired, mfaComplete, updatedAt: now });
  }

  async deleteById(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }

  async deleteAllForIdentity(identityId: string, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(ApiSessionEntity) ?? this.repo).delete({ identityId });
  }

  async deleteIdleBefore(cutoff: Date): Promise<string[]> {
    const idle = await this.repo.find({ select: { id: true }, where: { lastActivityAt: LessThan(cutoff) }, take: 500 });
    if (idle.length > 0) await this.repo.delete(idle.map((s) => s.id));
    return idle.map((s) => s.id);
  }

  existsForIdentity(identityId: string): Promise<boolean> {
    return this.repo.existsBy({ identityId });
  }

  /** Identity ids among `ids` that have at least one API session (identity list pages). */
  async identitiesWithSessions(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { identityId: string }[] = await this.repo
      .createQueryBuilder('s')
      .select('DISTINCT s.identityId', 'identityId')
      .where('s.identityId IN (:...ids)', { ids })
      .getRawMany();
    return new Set(rows.map((r) => r.identityId));
  }

  /** Names of the sessions' identities, for the entityRef in session details (one query per page). */
  async identityNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.ds
      .createQueryBuilder()
      .select(['i.id AS id', 'i.name AS name'])
      .from('identities', 'i')
      .where('i.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getRawMany();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The statements that write batched activity marks: each only ever moves last_activity_at forward. */
  activityStatements(marks: Map<string, Date>): PlannedStatement[] {
    return [...marks].map(([id, at]) => ({
      sql: 'UPDATE api_sessions SET last_activity_at = :at WHERE id = :id AND last_activity_at < :at',
      params: { id, at: at.getTime() },
    }));
  }
}

/** Freezes `value` and every object inside it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
