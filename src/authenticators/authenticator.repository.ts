import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { type Page, paginate } from '../common/http/paginate';
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

@Injectable()
export class AuthenticatorRepository {
  constructor(@InjectRepository(AuthenticatorEntity) private readonly repo: Repository<AuthenticatorEntity>) {}

  findById(id: string): Promise<AuthenticatorEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findUpdbByUsername(username: string): Promise<AuthenticatorEntity | null> {
    return this.repo.findOneBy({ method: 'updb', username });
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

  hasMethod(identityId: string, method: AuthenticatorMethod): Promise<boolean> {
    return this.repo.existsBy({ identityId, method });
  }

  page(input: ListQueryInput, identityId?: string): Promise<Page<AuthenticatorEntity>> {
    const qb = this.repo.createQueryBuilder('a');
    if (identityId !== undefined) qb.where('a.identityId = :identityId', { identityId });
    return paginate(qb, input, AUTHENTICATOR_FIELDS, [{ column: 'a.createdAt', direction: 'ASC' }]);
  }

  insert(a: AuthenticatorEntity, manager?: EntityManager): Promise<AuthenticatorEntity> {
    return (manager?.getRepository(AuthenticatorEntity) ?? this.repo).save(a);
  }

  async update(id: string, changes: Partial<AuthenticatorEntity>): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  async delete(id: string, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(AuthenticatorEntity) ?? this.repo).delete({ id });
  }
}
