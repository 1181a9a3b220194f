import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import { constraintViolation, uniqueFieldOf } from '../database/constraint-violation';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { EnrollmentEntity } from './enrollment.entity';

const FIELDS: ZqlFieldMap = {
  id: { column: 'e.id', type: 'string' },
  method: { column: 'e.method', type: 'string' },
  identityId: { column: 'e.identityId', type: 'string' },
  username: { column: 'e.username', type: 'string', nullable: true },
  caId: { column: 'e.caId', type: 'string', nullable: true },
  expiresAt: { column: 'e.expiresAt', type: 'datetime', storage: 'epochMs' },
  createdAt: { column: 'e.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 'e.updatedAt', type: 'datetime', storage: 'epochMs' },
};
export const ENROLLMENT_FILTERABLE_FIELDS = Object.keys(FIELDS);

/**
 * How an insert ended. The unique indexes and the foreign key decide, not a pre-check, so two concurrent
 * creates of the same method for one identity cannot both succeed.
 */
export type EnrollmentInsertResult = 'inserted' | 'method-exists' | 'identity-missing' | 'token-clash';

/** What enrollment routes show of an owner; read from the identities table by name (see EnrollmentsModule). */
export interface EnrollmentIdentityRef {
  id: string;
  name: string;
}

@Injectable()
export class EnrollmentRepository {
  constructor(@InjectRepository(EnrollmentEntity) private readonly repo: Repository<EnrollmentEntity>) {}

  findById(id: string): Promise<EnrollmentEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The enrollment a client's token belongs to (by the token's SHA-256; the token itself is not stored plain). */
  findByTokenHash(tokenHash: string): Promise<EnrollmentEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  /** The enrollments of several identities at once (identity detail pages: one query per page). */
  listForIdentities(identityIds: string[]): Promise<EnrollmentEntity[]> {
    if (identityIds.length === 0) return Promise.resolve([]);
    return this.repo.createQueryBuilder('e').where('e.identityId IN (:...ids)', { ids: [...new Set(identityIds)] }).getMany();
  }

  page(input: ListQueryInput, identityId?: string): Promise<Page<EnrollmentEntity>> {
    const qb = this.repo.createQueryBuilder('e');
    if (identityId !== undefined) qb.where('e.identityId = :identityId', { identityId });
    return paginate(qb, input, FIELDS, [
      { column: 'e.createdAt', direction: 'ASC' },
      { column: 'e.id', direction: 'ASC' },
    ]);
  }

  async insert(e: EnrollmentEntity, manager?: EntityManager): Promise<EnrollmentInsertResult> {
    try {
      await this.on(manager).insert(e);
      return 'inserted';
    } catch (err) {
      const clash = clashOf(err);
      if (clash) return clash;
      throw err;
    }
  }

  /**
   * Uses up an enrollment: deletes the row only if it still carries `tokenHash`. False when another request
   * consumed it first, or a refresh replaced its token, in between: the caller's token is then no longer valid.
   */
  async consume(id: string, tokenHash: string, m: EntityManager): Promise<boolean> {
    return ((await m.getRepository(EnrollmentEntity).delete({ id, tokenHash })).affected ?? 0) > 0;
  }

  /** A new token and expiry for an enrollment (refresh): the old token stops matching at once. */
  async replaceToken(id: string, changes: Pick<EnrollmentEntity, 'tokenHash' | 'tokenSealed' | 'expiresAt' | 'updatedAt'>): Promise<boolean> {
    return ((await this.repo.update({ id }, changes)).affected ?? 0) > 0;
  }

  async deleteById(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }

  /**
   * Names of the identities in `ids` (one query). Read from the identities table by name, read-only: the
   * identities module depends on this one, so importing it here would be a module cycle. Pass `manager` to
   * see an identity created earlier in the same transaction.
   */
  async identityRefs(ids: string[], manager?: EntityManager): Promise<Map<string, EnrollmentIdentityRef>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: EnrollmentIdentityRef[] = await (manager ?? this.repo.manager)
      .createQueryBuilder()
      .select('i.id', 'id')
      .addSelect('i.name', 'name')
      .from('identities', 'i')
      .where('i.id IN (:...ids)', { ids: unique })
      .getRawMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  private on(manager?: EntityManager): Repository<EnrollmentEntity> {
    return manager?.getRepository(EnrollmentEntity) ?? this.repo;
  }
}

/** The clash a driver error reports; the only foreign key on enrollments is identity_id. */
function clashOf(err: unknown): Exclude<EnrollmentInsertResult, 'inserted'> | undefined {
  if (constraintViolation(err)?.kind === 'foreign-key') return 'identity-missing';
  return uniqueFieldOf(err, 'enrollments', {
    'token-clash': 'token_hash',
    'method-exists': { columns: ['identity_id', 'method'], constraint: 'uq_enrollments_identity_method' },
  });
}
