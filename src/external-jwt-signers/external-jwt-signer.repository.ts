import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
import { uniqueFieldOf } from '../database/constraint-violation';
import type { ListQueryInput, ZqlFieldMap } from '../common/http/zitiql';
import { ExternalJwtSignerEntity } from './external-jwt-signer.entity';

/** Wire names an admin's list filter or sort may use (also sent as `meta.filterableFields`). */
const FIELDS: ZqlFieldMap = {
  id: { column: 's.id', type: 'string' },
  name: { column: 's.name', type: 'string' },
  enabled: { column: 's.enabled', type: 'boolean' },
  issuer: { column: 's.issuer', type: 'string' },
  audience: { column: 's.audience', type: 'string' },
  kid: { column: 's.kid', type: 'string', nullable: true },
  fingerprint: { column: 's.fingerprint', type: 'string', nullable: true },
  commonName: { column: 's.commonName', type: 'string', nullable: true },
  jwksEndpoint: { column: 's.jwksEndpoint', type: 'string', nullable: true },
  externalAuthUrl: { column: 's.externalAuthUrl', type: 'string', nullable: true },
  claimsProperty: { column: 's.claimsProperty', type: 'string' },
  useExternalId: { column: 's.useExternalId', type: 'boolean' },
  clientId: { column: 's.clientId', type: 'string', nullable: true },
  targetToken: { column: 's.targetToken', type: 'string' },
  enrollToCertEnabled: { column: 's.enrollToCertEnabled', type: 'boolean' },
  enrollToTokenEnabled: { column: 's.enrollToTokenEnabled', type: 'boolean' },
  enrollAuthPolicyId: { column: 's.enrollAuthPolicyId', type: 'string', nullable: true },
  notBefore: { column: 's.notBefore', type: 'datetime', storage: 'epochMs', nullable: true },
  notAfter: { column: 's.notAfter', type: 'datetime', storage: 'epochMs', nullable: true },
  createdAt: { column: 's.createdAt', type: 'datetime', storage: 'epochMs' },
  updatedAt: { column: 's.updatedAt', type: 'datetime', storage: 'epochMs' },
};
export const EXTERNAL_JWT_SIGNER_FILTERABLE_FIELDS = Object.keys(FIELDS);

/**
 * What an anonymous caller of the client list may filter on: only fields it can see. Filtering on
 * `issuer` or `fingerprint` would let anyone read admin-only values one guess at a time.
 */
const CLIENT_FIELDS: ZqlFieldMap = Object.fromEntries(
  ['id', 'name', 'audience', 'externalAuthUrl', 'clientId', 'targetToken', 'enrollToCertEnabled', 'enrollToTokenEnabled', 'createdAt', 'updatedAt'].map((k) => [k, FIELDS[k]]),
);
export const CLIENT_EXTERNAL_JWT_SIGNER_FILTERABLE_FIELDS = Object.keys(CLIENT_FIELDS);

/** Columns with a unique index, named as the API names them (the fingerprint is derived from certPem). */
export type UniqueField = 'name' | 'issuer' | 'kid' | 'fingerprint';
export type WriteResult = { ok: true } | { ok: false; missing: true } | { ok: false; taken: UniqueField };

/**
 * The unique column a driver error names, or undefined when it is not a unique violation. SQLite says
 * `UNIQUE constraint failed: external_jwt_signers.issuer`; PostgreSQL's constraints are shortened to `uq_ext_jwt_signers_issuer`.
 */
const takenField = (err: unknown): UniqueField | undefined =>
  uniqueFieldOf(err, 'external_jwt_signers', { fingerprint: 'fingerprint', issuer: 'issuer', kid: 'kid', name: 'name' }, 'uq_ext_jwt_signers');

/** LIKE pattern for a JSON string element `"<id>"`, with LIKE's wildcards escaped (ESCAPE '\'). */
const jsonElementPattern = (id: string): string => `%${JSON.stringify(id).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

@Injectable()
export class ExternalJwtSignerRepository {
  constructor(@InjectRepository(ExternalJwtSignerEntity) private readonly repo: Repository<ExternalJwtSignerEntity>) {}

  list(query: ListQueryInput): Promise<Page<ExternalJwtSignerEntity>> {
    // Names are unique, so ordering by name alone gives stable pages.
    return paginate(this.repo.createQueryBuilder('s'), query, FIELDS, [{ column: 's.name', direction: 'ASC' }]);
  }

  /** The client API's list: enabled signers only, filterable on client-visible fields only. */
  listEnabledPage(query: ListQueryInput): Promise<Page<ExternalJwtSignerEntity>> {
    const qb = this.repo.createQueryBuilder('s').where('s.enabled = :enabled', { enabled: true });
    return paginate(qb, query, CLIENT_FIELDS, [{ column: 's.name', direction: 'ASC' }]);
  }

  findById(id: string): Promise<ExternalJwtSignerEntity | null> {
    return this.repo.findOneBy({ id });
  }

  existsById(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  /** Issuers are unique, so at most one signer matches (a lookup on the issuer's unique index). */
  findEnabledByIssuer(issuer: string): Promise<ExternalJwtSignerEntity | null> {
    return this.repo.findOneBy({ issuer, enabled: true });
  }

  findAllEnabled(): Promise<ExternalJwtSignerEntity[]> {
    return this.repo.find({ where: { enabled: true }, order: { name: 'ASC' } });
  }

  anyEnabled(): Promise<boolean> {
    return this.repo.existsBy({ enabled: true });
  }

  /** The subset of `ids` that exist. */
  async idsAmong(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.repo.find({ select: { id: true }, where: { id: In([...new Set(ids)]) } });
    return new Set(rows.map((r) => r.id));
  }

  /** Ids of the signers whose `enrollAuthPolicyId` is `policyId`, in id order. */
  async idsEnrollingWith(policyId: string): Promise<string[]> {
    const rows = await this.repo.find({ select: { id: true }, where: { enrollAuthPolicyId: policyId }, order: { id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  /** Unique clashes are decided by the unique indexes alone, so two racing creates cannot both win. */
  async insert(signer: ExternalJwtSignerEntity): Promise<WriteResult> {
    try {
      await this.repo.insert(signer);
      return { ok: true };
    } catch (err) {
      const taken = takenField(err);
      if (taken) return { ok: false, taken };
      throw err;
    }
  }

  /** Overwrites every column but `id` and `createdAt`. */
  async replace(signer: ExternalJwtSignerEntity): Promise<WriteResult> {
    const { id, createdAt: _createdAt, ...fields } = signer;
    try {
      const result = await this.repo.update({ id }, fields);
      return result.affected === 0 ? { ok: false, missing: true } : { ok: true };
    } catch (err) {
      const taken = takenField(err);
      if (taken) return { ok: false, taken };
      throw err;
    }
  }

  async deleteById(id: string): Promise<boolean> {
    return ((await this.repo.delete({ id })).affected ?? 0) > 0;
  }

  /**
   * Auth policies naming the signer, by the field that names it (ids in id order). The auth_policies table
   * belongs to the auth-policies module; it is read by name (parameters bound) because asking that module
   * would be a cycle: it asks this module whether signers exist. `allowedSigners` is a JSON array in a
   * text column, so a LIKE narrows the rows and the parsed array decides.
   */
  async policiesReferencing(signerId: string): Promise<{ allowedSigners: string[]; requireExtJwtSigner: string[] }> {
    const rows: { id: string; allowed: string | null; required: string | null }[] = await this.repo.manager
      .createQueryBuilder()
      .select(['p.id AS id', 'p.ext_jwt_allowed_signers AS allowed', 'p.require_ext_jwt_signer AS required'])
      .from('auth_policies', 'p')
      .where('p.require_ext_jwt_signer = :signerId', { signerId })
      .orWhere("p.ext_jwt_allowed_signers LIKE :pattern ESCAPE '\\'", { pattern: jsonElementPattern(signerId) })
      .orderBy('p.id', 'ASC')
      .getRawMany();
    const lists = (allowed: string | null): unknown[] => (allowed ? (JSON.parse(allowed) as unknown[]) : []);
    return {
      allowedSigners: rows.filter((r) => lists(r.allowed).includes(signerId)).map((r) => r.id),
      requireExtJwtSigner: rows.filter((r) => r.required === signerId).map((r) => r.id),
    };
  }
}
