import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { APP_CONFIG } from '../app.tokens';
import { FailureBudgetService } from '../lockout/failure-budget.service';
import { nextFacts } from '../authentication/session-state';
import { Clock } from '../common/clock';
import { randomId } from '../common/crypto/random';
import { SecretBox } from '../common/crypto/secret-box';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/config.schema';
import type { SecurityContext } from '../security/security-context';
import { MfaEntity } from './mfa.entity';
import { MfaRepository } from './mfa.repository';
import { findRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';
import { checkTotp, newTotpSecret, provisioningUrl } from './totp';

export interface MfaView {
  mfa: MfaEntity;
  provisioningUrl?: string;
  recoveryCodes?: string[];
}

/** Which kinds of code an endpoint accepts (reference §6: not every endpoint takes recovery codes). */
type Accepts = 'totp' | 'totp-or-recovery';

/**
 * TOTP enrollment and second-factor checks. Secrets are sealed at rest, recovery codes kept as keyed
 * hashes, accepted TOTP steps recorded so no code works twice, and every wrong code spends the same
 * durable failure budget as a wrong password.
 */
@Injectable()
export class MfaService {

  constructor(
    private readonly repo: MfaRepository,
    private readonly sessions: ApiSessionsService,
    private readonly budget: FailureBudgetService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly box: SecretBox,
  ) {}

  async enroll(sec: SecurityContext): Promise<MfaEntity> {
    if (await this.repo.findForIdentity(sec.identity.id)) throw new ApiError('MFA_EXISTS');
    const codes = newRecoveryCodes();
    const now = this.clock.now();
    const mfa = Object.assign(new MfaEntity(), {
      id: randomId(),
      identityId: sec.identity.id,
      isVerified: false,
      secretSealed: this.box.encrypt(newTotpSecret()),
      recoveryCodeMacs: codes.map((c) => this.box.mac(c)),
      pendingRecoveryCodesSealed: this.box.encrypt(JSON.stringify(codes)),
      lastTotpStep: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      return await this.repo.insert(mfa);
    } catch {
      // The unique index on identity_id: a concurrent enrollment won.
      throw new ApiError('MFA_EXISTS');
    }
  }

  async view(sec: SecurityContext): Promise<MfaView> {
    const mfa = await this.mustHave(sec.identity.id, 'NOT_FOUND');
    if (mfa.isVerified) return { mfa };
    return {
      mfa,
      provisioningUrl: provisioningUrl(this.config.totp.issuer, sec.identity.name, this.box.decrypt(mfa.secretSealed)),
      recoveryCodes: mfa.pendingRecoveryCodesSealed ? (JSON.parse(this.box.decrypt(mfa.pendingRecoveryCodesSealed)) as string[]) : [],
    };
  }

  async qrCode(sec: SecurityContext): Promise<Buffer> {
    const v = await this.view(sec);
    if (!v.provisioningUrl) throw ApiError.notFound();
    return QRCode.toBuffer(v.provisioningUrl, { type: 'png', width: 256, errorCorrectionLevel: 'M' });
  }

  /** Completes enrollment with a TOTP code; the current session's MFA becomes complete (OpenZiti's flow). */
  async verify(sec: SecurityContext, code: string): Promise<void> {
    const mfa = await this.mustHave(sec.identity.id, 'NOT_FOUND');
    if (mfa.isVerified) throw ApiError.notFound();
    await this.check(sec, mfa, code, 'totp');
    await this.repo.update(mfa.id, { isVerified: true, pendingRecoveryCodesSealed: null, updatedAt: this.clock.now() });
    await this.sessions.setFacts(sec.session, nextFacts(sec.session, { kind: 'enrollment-verified' }));
  }

  /** POST /authenticate/mfa: answers the TOTP auth query of a partial session. */
  async authenticate(sec: SecurityContext, code: string): Promise<void> {
    const mfa = await this.mustHave(sec.identity.id, 'MFA_NOT_ENROLLED');
    if (!mfa.isVerified) throw new ApiError('MFA_NOT_ENROLLED');
    await this.check(sec, mfa, code, 'totp-or-recovery');
    await this.sessions.setFacts(sec.session, nextFacts(sec.session, { kind: 'factor-accepted' }));
  }

  async remove(sec: SecurityContext, code: string | undefined): Promise<void> {
    const mfa = await this.mustHave(sec.identity.id, 'NOT_FOUND');
    if (mfa.isVerified) await this.check(sec, mfa, code ?? '', 'totp-or-recovery');
    await this.repo.deleteForIdentity(sec.identity.id);
  }

  /**
   * Recovery codes are kept only as keyed hashes, so they cannot be shown again once enrollment is
   * verified: the answer names how many remain; POST regenerates and shows the new ones once.
   */
  async recoveryCodeStatus(sec: SecurityContext, code: string | undefined): Promise<MfaEntity> {
    const mfa = await this.mustHave(sec.identity.id, 'NOT_FOUND');
    if (!mfa.isVerified) throw ApiError.notFound();
    await this.check(sec, mfa, code ?? '', 'totp');
    return (await this.repo.findForIdentity(sec.identity.id)) ?? mfa;
  }

  async regenerateRecoveryCodes(sec: SecurityContext, code: string | undefined): Promise<string[]> {
    const mfa = await this.mustHave(sec.identity.id, 'NOT_FOUND');
    if (!mfa.isVerified) throw ApiError.notFound();
    await this.check(sec, mfa, code ?? '', 'totp-or-recovery');
    const codes = newRecoveryCodes();
    await this.repo.update(mfa.id, { recoveryCodeMacs: codes.map((c) => this.box.mac(c)), updatedAt: this.clock.now() });
    return codes;
  }

  /** Admin removal of any identity's MFA (verified or not). */
  async adminRemove(identityId: string): Promise<void> {
    if (!(await this.repo.deleteForIdentity(identityId))) throw ApiError.notFound();
  }

  hasVerified(identityId: string): Promise<boolean> {
    return this.repo.hasVerified(identityId);
  }

  verifiedAmong(identityIds: string[]): Promise<Set<string>> {
    return this.repo.verifiedAmong(identityIds);
  }

  private async mustHave(identityId: string, missing: 'NOT_FOUND' | 'MFA_NOT_ENROLLED'): Promise<MfaEntity> {
    const mfa = await this.repo.findForIdentity(identityId);
    if (!mfa) throw new ApiError(missing);
    return mfa;
  }

  /** Accepts a recovery code (consumed) or a fresh TOTP code, or spends the failure budget and refuses. */
  private async check(sec: SecurityContext, mfa: MfaEntity, code: string, accepts: Accepts): Promise<void> {
    const now = this.clock.now();
    if (accepts === 'totp-or-recovery') {
      const index = findRecoveryCode(mfa.recoveryCodeMacs, this.box.mac(normaliseRecoveryCode(code)));
      if (index >= 0 && (await this.repo.consumeRecoveryCode(mfa, index, now))) return;
    }
    const secret = this.box.decrypt(mfa.secretSealed);
    const step = checkTotp({ secret, code: code.trim(), now, windowSteps: this.config.totp.windowSteps, afterTimeStep: mfa.lastTotpStep });
    if (step !== null && (await this.repo.claimTotpStep(mfa.id, step, now))) return;
    await this.budget.countFailure(sec.identity.id, sec.policy, 'totp', sec.session.ipAddress);
    throw new ApiError('MFA_INVALID_TOKEN');
  }
}
