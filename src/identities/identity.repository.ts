import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import { constraintViolation, uniqueFieldOf } from '../database/constraint-violation';
import type { PlannedStatement, SqlParams } from '../database/fast-sql';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { IdentityEntity } from './identity.entity';

/**
 * Wire names a list filter or sort may use (also sent as `meta.filterableFields`). Only real columns:
 * `disabled` depends on the time of the request and `roleAttributes` is a JSON document, so neither is here.
 */
const FIELDS: ZqlFieldMap = {
  id: { column: 'i.id', type: 'string' },
  name: { column: 'i.name', type: 'string' },
  type: { column: 'i.type', type: 'string' },
  isAdmin: { column: 'i.isAdmin', type: 'boolean' },
  isDefaultAdmin: { column: 'i.isDefaultAdmin', type: 'boolean' },
  authPolicyId: { column: 'i.authPolicyId', type: 'string' },
  externalId: { column: 'i.externalId', type: 'string', nullable: true },
  disabledAt: { column: 'i.disabledAt', type: 'datetime', storage: 'epochMs', nullable: true },
  disabledUntil: { column: 'i.disabledUntil', type: 'datetime', storage: 'epochMs', nullable: true },
  createdAt: { column: 'i.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 'i.updatedAt', type: 'datetime', storage: 'epochMs' },
};
export const IDENTITY_FILTERABLE_FIELDS = Object.keys(FIELDS);

/** How a write ended; the constraints of the table are the only arbiters of uniqueness and references. */
export type IdentityWriteResult = 'ok' | 'missing' | 'name-taken' | 'external-id-taken' | 'unknown-auth-policy';

/** Maps a constraint violation (better-sqlite3 or pg) to a write result; anything else is rethrown. */
function constraintResult(err: unknown): IdentityWriteResult {
  switch (constraintViolation(err)?.kind) {
    case 'unique':
      // Any unique clash but the external ID's is reported as the name's, as it always was.
      return uniqueFieldOf(err, 'identities', { externalId: 'external_id' }) ? 'external-id-taken' : 'name-taken';
    case 'foreign-key':
      // The only foreign key on identities is auth_policy_id.
      return 'unknown-auth-policy';
    default:
      throw err;
  }
}

@Injectable()
export class IdentityRepository {
  constructor(@InjectRepository(IdentityEntity) private readonly repo: Repository<IdentityEntity>) {}

  findById(id: string): Promise<IdentityEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByExternalId(externalId: string): Promise<IdentityEntity | null> {
    return this.repo.findOneBy({ externalId });
  }

  findDefaultAdmin(): Promise<IdentityEntity | null> {
    return this.repo.findOneBy({ isDefaultAdmin: true });
  }

  insert(identity: IdentityEntity, manager?: EntityManager): Promise<IdentityEntity> {
    return (manager?.getRepository(IdentityEntity) ?? this.repo).save(identity);
  }

  /** What the SDK reported about itself at login (reference §3.1: envInfo/sdkInfo are saved on the identity). */
  /** The statement saving the client's `envInfo`/`sdkInfo` from a login, or none when it sent neither. */
  clientInfoStatements(id: string, envInfo: Record<string, unknown> | undefined, sdkInfo: Record<string, unknown> | undefined, now: Date): PlannedStatement[] {
    if (!envInfo && !sdkInfo) return [];
    const sets = ['updated_at = :now', ...(envInfo ? ['env_info = :envInfo'] : []), ...(sdkInfo ? ['sdk_info = :sdkInfo'] : [])];
    const params: SqlParams = { id, now: now.getTime() };
    if (envInfo) params.envInfo = JSON.stringify(envInfo);
    if (sdkInfo) params.sdkInfo = JSON.stringify(sdkInfo);
    return [{ sql: `UPDATE identities SET ${sets.join(', ')} WHERE id = :id`, params }];
  }

  page(input: ListQueryInput): Promise<Page<IdentityEntity>> {
    // Names are unique, so ordering by name alone gives stable pages.
    return paginate(this.repo.createQueryBuilder('i'), input, FIELDS, [{ column: 'i.name', direction: 'ASC' }]);
  }

  /**
   * The identity read inside a write transaction. PostgreSQL locks the row until the transaction ends so a
   * concurrent PATCH cannot lose this one's changes; on SQLite the transactions are serialised already.
   */
  findForUpdate(id: string, m: EntityManager): Promise<IdentityEntity | null> {
    const qb = m.getRepository(IdentityEntity).createQueryBuilder('i').where('i.id = :id', { id });
    if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async create(identity: IdentityEntity, m: EntityManager): Promise<IdentityWriteResult> {
    try {
      await m.getRepository(IdentityEntity).insert(identity);
      return 'ok';
    } catch (err) {
      return constraintResult(err);
    }
  }

  /** Overwrites the given columns of one identity. */
  async replace(id: string, changes: Partial<IdentityEntity>, m: EntityManager): Promise<IdentityWriteResult> {
    try {
      const result = await m.getRepository(IdentityEntity).update({ id }, changes);
      return (result.affected ?? 0) > 0 ? 'ok' : 'missing';
    } catch (err) {
      return constraintResult(err);
    }
  }

  /** Deletes the row; its authenticators and API sessions go with it (ON DELETE CASCADE). */
  async deleteById(id: string, m: EntityManager): Promise<boolean> {
    return ((await m.getRepository(IdentityEntity).delete({ id })).affected ?? 0) > 0;
  }

  /** Disabled from `at` until `until` (null: until enabled). */
  async disable(id: string, at: Date, until: Date | null, m: EntityManager): Promise<boolean> {
    const result = await m.getRepository(IdentityEntity).update({ id }, { disabledAt: at, disabledUntil: until, updatedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Enabled again, with a fresh failed-attempt budget so the next wrong password does not lock it at once. */
  async enable(id: string, now: Date, m: EntityManager): Promise<boolean> {
    const result = await m.getRepository(IdentityEntity).update({ id }, { disabledAt: null, disabledUntil: null, failedAttempts: 0, updatedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Names of auth policies, for the `authPolicy` entityRef of identity details (one query per page). */
  async authPolicyNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.repo.manager
      .createQueryBuilder()
      .select(['p.id AS id', 'p.name AS name'])
      .from('auth_policies', 'p')
      .where('p.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getRawMany();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Identities among `ids` with a verified TOTP enrollment. Read from the MFA table directly (read-only):
   * the MFA module depends on authentication, which depends on this module.
   */
  async mfaEnabledAmong(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.repo.manager
      .createQueryBuilder()
      .select('m.identity_id', 'identityId')
      .from('mfa', 'm')
      .where('m.identity_id IN (:...ids)', { ids })
      .andWhere('m.is_verified = :v', { v: true })
      .getRawMany<{ identityId: string }>();
    return new Set(rows.map((r) => r.identityId));
  }
}
