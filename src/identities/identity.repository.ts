import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { IdentityEntity } from './identity.entity';

@Injectable()
export class IdentityRepository {
  constructor(@InjectRepository(IdentityEntity) private readonly repo: Repository<IdentityEntity>) {}

  findById(id: string): Promise<IdentityEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findDefaultAdmin(): Promise<IdentityEntity | null> {
    return this.repo.findOneBy({ isDefaultAdmin: true });
  }

  insert(identity: IdentityEntity, manager?: EntityManager): Promise<IdentityEntity> {
    return (manager?.getRepository(IdentityEntity) ?? this.repo).save(identity);
  }

  /** What the SDK reported about itself at login (reference §3.1: envInfo/sdkInfo are saved on the identity). */
  async updateClientInfo(id: string, envInfo: Record<string, unknown> | undefined, sdkInfo: Record<string, unknown> | undefined, now: Date, manager?: EntityManager): Promise<void> {
    const changes: Partial<IdentityEntity> = {};
    if (envInfo) changes.envInfo = envInfo;
    if (sdkInfo) changes.sdkInfo = sdkInfo;
    if (Object.keys(changes).length === 0) return;
    await (manager?.getRepository(IdentityEntity) ?? this.repo).update({ id }, { ...changes, updatedAt: now });
  }
}
