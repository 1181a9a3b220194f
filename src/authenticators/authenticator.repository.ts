import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import { constraintViolation, uniqueFieldOf } from '../database/constraint-violation';
import { type EntityReader, FastSql } from '../database/fast-sql';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { AuthenticatorEntity, type AuthenticatorMethod } from './authenticator.entity';

export const AUTHENTICATOR_FIELDS: ZqlFieldMap = {
  id: { column: 'a.id', type: 'string' },
  method: { column: 'a.method', type: 'string' },
  identityId: { column: 'a.identityId', type: 'string' },
  username: { column: 'a.username', type: 'string', nullable: true },
  fingerprint: { column: 'a.fingerprint', type: 'string', nullable: true },
  isIssuedByNetwork: { column: 'a.isIssuedByNetwork', type: 'boolean' },
  createdAt: { column: 'a.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 'a.updatedAt', type: 'datetime', storage: 'epochMs' },
};

/**
 * Which constraint refused a write. The unique indexes, not the service's pre-checks, are the arbiters:
 * two concurrent creates can both pass a pre-check, only one can pass the index.
 */
export type AuthenticatorClash = 'method' | 'username' | 'fingerprint' | 'identity';
export type InsertResult = 'inserted' | AuthenticatorClash;
/** `stale`: the row exists but no longer has the password hash the caller verified against. */
export type UpdateResult = 'updated' | 'missing' | 'stale' | AuthenticatorClash;

/** What authenticator routes need to know about an owner; read from the identities table by name. */
export interface IdentityRef {
  id: string;
  name: string;
  authPolicyId: string;
}

@Injectable()
export class AuthenticatorRepository {
  private readonly fast: FastSql;
  private readonly read: EntityReader<AuthenticatorEntity>;
  private readonly updbSql: string;

  constructor(
    @InjectRepository(AuthenticatorEntity) private readonly repo: Repository<AuthenticatorEntity>,
    @InjectDataSource() ds: DataSource,
  ) {
    // The username lookup starts every password login: a prepared statement, not an ORM query.
    this.fast = FastSql.of(ds);
    this.read = this.fast.reader(AuthenticatorEntity, 'a');
    this.updbSql = `SELECT ${this.read.select} FROM authenticators a WHERE a.method = :method AND a.username = :username`;
  }

  findById(id: string, manager?: EntityManager): Promise<AuthenticatorEntity | null> {
    return this.on(manager).findOneBy({ id });
  }

  async findUpdbByUsername(username: string): Promise<AuthenticatorEntity | null> {
    const row = await this.fast.one(this.updbSql, { method: 'updb', username });
    return row ? this.read.read(row) : null;
  }

  findByFingerprint(fingerprint: string): Promise<AuthenticatorEntity | null> {
    return this.repo.findOneBy({ fingerprint });
  }

  listForIdentity(identityId: string): Promise<AuthenticatorEntity[]> {
    return this.repo.find({ where: { identityId }, order: { createdAt: 'ASC' } });
  }

  /** The identities of several authenticator owners at once (identity detail lists). */
  listForIdentities(identityIds: string[]): Promise<AuthenticatorEntity[]> {
    if (identityIds.length === 0) return Promise.resolve([]);
    return this.repo.createQueryBuilder('a').where('a.identityId IN (:...ids)', { ids: identityIds }).getMany();
  }

  hasMethod(identityId: string, method: AuthenticatorMethod, manager?: EntityManager): Promise<boolean> {
    return this.on(manager).existsBy({ identityId, method });
  }

  page(input: ListQueryInput, identityId?: string): Promise<Page<AuthenticatorEntity>> {
    const qb = this.repo.createQueryBuilder('a');
    if (identityId !== undefined) qb.where('a.identityId = :identityId', { identityId });
    return paginate(qb, input, AUTHENTICATOR_FIELDS, [
      { column: 'a.createdAt', direction: 'ASC' },
      { column: 'a.id', direction: 'ASC' },
    ]);
  }

  /**
   * Name and auth policy of each identity in `ids` (one query per page). The identities table belongs to
   * the identities module, which depends on this one, so it is read by table name rather than through
   * IdentitiesModule (that would be a module cycle). Pass `manager` to see an identity created earlier in
   * the same transaction.
   */
  async identityRefs(ids: string[], manager?: EntityManager): Promise<Map<string, IdentityRef>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: IdentityRef[] = await (manager ?? this.repo.manager)
      .createQueryBuilder()
      .select('i.id', 'id')
      .addSelect('i.name', 'name')
      .addSelect('i.auth_policy_id', 'authPolicyId')
      .from('identities', 'i')
      .where('i.id IN (:...ids)', { ids: unique })
      .getRawMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async insert(a: AuthenticatorEntity, manager?: EntityManager): Promise<InsertResult> {
    try {
      await this.on(manager).insert(a);
      return 'inserted';
    } catch (err) {
      const clash = clashOf(err);
      if (clash) return clash;
      throw err;
    }
  }

  /**
   * Writes `changes` to the row. With `expectedPasswordHash` the write happens only while the stored hash
   * is still that one (compare-and-set), so a password verified by the caller cannot have been changed by
   * a concurrent request in between.
   */
  async update(id: string, changes: Partial<AuthenticatorEntity>, expectedPasswordHash?: string): Promise<UpdateResult> {
    const where = expectedPasswordHash === undefined ? { id } : { id, passwordHash: expectedPasswordHash };
    try {
      const result = await this.repo.update(where, changes);
      if ((result.affected ?? 0) > 0) return 'updated';
      return expectedPasswordHash !== undefined && (await this.repo.existsBy({ id })) ? 'stale' : 'missing';
    } catch (err) {
      const clash = clashOf(err);
      if (clash) return clash;
      throw err;
    }
  }

  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    return ((await this.on(manager).delete({ id })).affected ?? 0) > 0;
  }

  private on(manager?: EntityManager): Repository<AuthenticatorEntity> {
    return manager?.getRepository(AuthenticatorEntity) ?? this.repo;
  }
}

/** The constraint a driver error reports; the only foreign key on authenticators is identity_id. */
function clashOf(err: unknown): AuthenticatorClash | undefined {
  if (constraintViolation(err)?.kind === 'foreign-key') return 'identity';
  return uniqueFieldOf(err, 'authenticators', {
    username: 'username',
    fingerprint: 'fingerprint',
    method: { columns: ['identity_id', 'method'], constraint: 'uq_authenticators_identity_method' },
  });
}
