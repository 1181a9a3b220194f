import type { DataSource } from 'typeorm';
import { randomId } from '../common/crypto/random';
import { ControllerMetaEntity } from './controller-meta.entity';

export class ControllerMetaRepository {
  constructor(private readonly ds: DataSource) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.ds.getRepository(ControllerMetaEntity).findOneBy({ key }))?.value;
  }

  /** Inserts unless present; concurrent starts on one database agree on the first value written. */
  async getOrInit(key: string, make: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== undefined) return existing;
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(ControllerMetaEntity)
      .values({ key, value: make(), updatedAt: new Date() })
      .orIgnore()
      .execute();
    return (await this.get(key)) as string;
  }

  instanceId(): Promise<string> {
    return this.getOrInit('instanceId', () => randomId(16));
  }
}
