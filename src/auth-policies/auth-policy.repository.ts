import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import { constraintViolation } from '../database/constraint-violation';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { AuthPolicyEntity } from './auth-policy.entity';

/** Wire names a list filter or sort may use (also sent as `meta.filterableFields`). */
const FIELDS: ZqlFieldMap = {
  id: { column: 'p.id', type: 'string' },
  name: { column: 'p.name', type: 'string' },
  createdAt: { column: 'p.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 'p.updatedAt', type: 'datetime', storage: 'epochMs' },
};
export const AUTH_POLICY_FILTERABLE_FIELDS = Object.keys(FIELDS);

export type InsertResult = 'inserted' | 'name-taken';
export type ReplaceResult = 'updated' | 'missing' | 'name-taken';
export type DeleteResult = 'deleted' | 'missing' | 'referenced';

/** The two constraints these writes can hit: the unique name, and the identities' RESTRICT foreign key. */
const isUniqueViolation = (err: unknown): boolean => constraintViolation(err)?.kind === 'unique';
const isForeignKeyViolation = (err: unknown): boolean => constraintViolation(err)?.kind === 'foreign-key';

@Injectable()
export class AuthPolicyRepository {
  constructor(@InjectRepository(AuthPolicyEntity) private readonly repo: Repository<AuthPolicyEntity>) {}

  list(query: ListQueryInput): Promise<Page<AuthPolicyEntity>> {
    // Names are unique, so ordering by name alone gives stable pages.
    return paginate(this.repo.createQueryBuilder('p'), query, FIELDS, [{ column: 'p.name', direction: 'ASC' }]);
  }

  findById(id: string): Promise<AuthPolicyEntity | null> {
    return this.repo.findOneBy({ id });
  }

  existsById(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  /**
   * The unique index on `name` is the only arbiter of clashes: checking first and inserting after would
   * let two concurrent creates with one name both pass the check.
   */
  async insert(policy: AuthPolicyEntity): Promise<InsertResult> {
    try {
      await this.repo.insert(policy);
      return 'inserted';
    } catch (err) {
      if (isUniqueViolation(err)) return 'name-taken';
      throw err;
    }
  }

  /** Overwrites every mutable column and `updatedAt` of an existing row; `createdAt` is kept. */
  async replace(policy: AuthPolicyEntity): Promise<ReplaceResult> {
    const { id, createdAt: _createdAt, ...fields } = policy;
    try {
      const result = await this.repo.update({ id }, fields);
      return result.affected === 0 ? 'missing' : 'updated';
    } catch (err) {
      if (isUniqueViolation(err)) return 'name-taken';
      throw err;
    }
  }

  /** The foreign key from identities (ON DELETE RESTRICT) refuses a delete that races an identity create. */
  async deleteById(id: string): Promise<DeleteResult> {
    try {
      const result = await this.repo.delete({ id });
      return result.affected === 0 ? 'missing' : 'deleted';
    } catch (err) {
      if (isForeignKeyViolation(err)) return 'referenced';
      throw err;
    }
  }

  /**
   * Identities whose `auth_policy_id` is `policyId`: the first `limit` ids (in id order) and the total.
   * The identities table belongs to the identities module, and a module registers only its own entities,
   * so this reads the table by name through the query builder (parameters bound) instead of importing
   * IdentityEntity. Asking IdentitiesService instead would make the two modules depend on each other,
   * since identities need AuthPoliciesService to check `authPolicyId`.
   */
  async identitiesReferencing(policyId: string, limit: number): Promise<{ ids: string[]; total: number }> {
    const base = () => this.repo.manager.createQueryBuilder().from('identities', 'i').where('i.auth_policy_id = :policyId', { policyId });
    const rows: { id: string }[] = await base().select('i.id', 'id').orderBy('i.id', 'ASC').limit(limit).getRawMany();
    const [{ total }] = await base().select('COUNT(*)', 'total').getRawMany<{ total: string | number }>();
    return { ids: rows.map((r) => r.id), total: Number(total) };
  }
}
