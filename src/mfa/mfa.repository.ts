import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { MfaEntity } from './mfa.entity';

@Injectable()
export class MfaRepository {
  constructor(@InjectRepository(MfaEntity) private readonly repo: Repository<MfaEntity>) {}

  findForIdentity(identityId: string): Promise<MfaEntity | null> {
    return this.repo.findOneBy({ identityId });
  }

  hasVerified(identityId: string): Promise<boolean> {
    return this.repo.existsBy({ identityId, isVerified: true });
  }

  /** Identity ids among `ids` with a verified MFA (identity list pages). */
  async verifiedAmong(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.repo.createQueryBuilder('m').select('m.identityId', 'identityId').where('m.identityId IN (:...ids)', { ids }).andWhere('m.isVerified = :v', { v: true }).getRawMany<{ identityId: string }>();
    return new Set(rows.map((r) => r.identityId));
  }

  insert(m: MfaEntity): Promise<MfaEntity> {
    return this.repo.insert(m).then(() => m);
  }

  async update(id: string, changes: Partial<MfaEntity>): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  async deleteForIdentity(identityId: string): Promise<boolean> {
    return ((await this.repo.delete({ identityId })).affected ?? 0) > 0;
  }

  /**
   * Records `step` as the last accepted TOTP step unless it (or a later one) was already accepted. The
   * compare-and-set happens in one statement, so two replicas cannot both accept the same code.
   */
  async claimTotpStep(id: string, step: number, now: Date): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update(MfaEntity)
      .set({ lastTotpStep: step, updatedAt: now })
      .where('id = :id AND (last_totp_step IS NULL OR last_totp_step < :step)', { id, step })
      .execute();
    return (r.affected ?? 0) === 1;
  }

  /** Removes one used recovery code, only if it is still there (single use, also under concurrency). */
  async consumeRecoveryCode(m: MfaEntity, index: number, now: Date): Promise<boolean> {
    const before = JSON.stringify(m.recoveryCodeMacs);
    const after = m.recoveryCodeMacs.filter((_, i) => i !== index);
    const r = await this.repo
      .createQueryBuilder()
      .update(MfaEntity)
      .set({ recoveryCodeMacs: after, updatedAt: now })
      .where('id = :id AND recovery_code_macs = :before', { id: m.id, before })
      .execute();
    return (r.affected ?? 0) === 1;
  }
}
