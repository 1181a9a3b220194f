import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import { uniqueFieldOf } from '../database/constraint-violation';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { CaEntity } from './ca.entity';

/** Wire names an admin's list filter or sort may use (also sent as `meta.filterableFields`). */
const FIELDS: ZqlFieldMap = {
  id: { column: 'c.id', type: 'string' },
  name: { column: 'c.name', type: 'string' },
  fingerprint: { column: 'c.fingerprint', type: 'string' },
  isVerified: { column: 'c.isVerified', type: 'boolean' },
  isAutoCaEnrollmentEnabled: { column: 'c.isAutoCaEnrollmentEnabled', type: 'boolean' },
  isOttCaEnrollmentEnabled: { column: 'c.isOttCaEnrollmentEnabled', type: 'boolean' },
  isAuthEnabled: { column: 'c.isAuthEnabled', type: 'boolean' },
  identityNameFormat: { column: 'c.identityNameFormat', type: 'string' },
  createdAt: { column: 'c.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 'c.updatedAt', type: 'datetime', storage: 'epochMs' },
};
export const CA_FILTERABLE_FIELDS = Object.keys(FIELDS);

export type CaUniqueField = 'name' | 'fingerprint';
export type CaWriteResult = { ok: true } | { ok: false; missing: true } | { ok: false; taken: CaUniqueField };

/** The unique column a driver error names (SQLite: `cas.name`; PostgreSQL: `uq_cas_name`), or undefined. */
const takenField = (err: unknown): CaUniqueField | undefined => uniqueFieldOf(err, 'cas', { fingerprint: 'fingerprint', name: 'name' });

@Injectable()
export class CaRepository {
  constructor(@InjectRepository(CaEntity) private readonly repo: Repository<CaEntity>) {}

  list(query: ListQueryInput): Promise<Page<CaEntity>> {
    // Names are unique, so ordering by name alone gives stable pages.
    return paginate(this.repo.createQueryBuilder('c'), query, FIELDS, [{ column: 'c.name', direction: 'ASC' }]);
  }

  findById(id: string): Promise<CaEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The login trust pool (reference §3.1): verified CAs with auth enabled, by name. */
  findVerifiedAuthEnabled(): Promise<CaEntity[]> {
    return this.repo.find({ where: { isVerified: true, isAuthEnabled: true }, order: { name: 'ASC' } });
  }

  /** Candidates of automatic enrollment (reference §7.6): verified CAs with auto enrollment on, by name. */
  /** Every CA (a handful of rows), for finding which one issued a stored certificate. */
  findAll(): Promise<CaEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  findVerifiedAutoEnroll(): Promise<CaEntity[]> {
    return this.repo.find({ where: { isVerified: true, isAutoCaEnrollmentEnabled: true }, order: { name: 'ASC' } });
  }

  /** Unique clashes are decided by the unique indexes alone, so two racing creates cannot both win. */
  async insert(ca: CaEntity): Promise<CaWriteResult> {
    return this.write(() => this.repo.insert(ca).then(() => 1));
  }

  /** Overwrites every column but `id` and `createdAt`. */
  async replace(ca: CaEntity): Promise<CaWriteResult> {
    const { id, createdAt: _createdAt, ...fields } = ca;
    return this.write(async () => (await this.repo.update({ id }, fields)).affected ?? 0);
  }

  /**
   * Sets `isVerified` only if it is still false: of two racing proofs one wins and the other sees 0 rows,
   * which the service answers 409 CA_ALREADY_VERIFIED.
   */
  async markVerified(id: string, at: Date): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().update(CaEntity).set({ isVerified: true, updatedAt: at }).where('id = :id AND is_verified = :no', { id, no: false }).execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Deletes the CA and its outstanding ottca enrollments in `m`'s transaction. The enrollments table belongs
   * to the enrollments module, which depends on this one, so it is addressed by name (parameters bound)
   * rather than through that module's service, which would be a cycle.
   */
  async deleteWithEnrollments(id: string, m: EntityManager): Promise<boolean> {
    await m.createQueryBuilder().delete().from('enrollments').where('ca_id = :id', { id }).execute();
    return ((await m.delete(CaEntity, { id })).affected ?? 0) > 0;
  }

  private async write(op: () => Promise<number>): Promise<CaWriteResult> {
    try {
      return (await op()) === 0 ? { ok: false, missing: true } : { ok: true };
    } catch (err) {
      const taken = takenField(err);
      if (taken) return { ok: false, taken };
      throw err;
    }
  }
}
