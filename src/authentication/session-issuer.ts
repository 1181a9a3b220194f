import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiSessionEntity } from '../api-sessions/api-session.entity';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { TransactionRunner } from '../database/transaction-runner';
import type { IdentityEntity } from '../identities/identity.entity';
import { IdentityRepository } from '../identities/identity.repository';
import { IdentityLockoutRepository } from '../lockout/identity-lockout.repository';
import type { AuthenticateDto } from './dto/authenticate.dto';
import type { PrimaryProof } from './methods/primary-method';
import { SecondFactorFacts } from './second-factor-facts';
import { nextFacts } from './session-state';

/** Creates the API session of a login that every check has already passed. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: ApiSessionsService,
    private readonly identities: IdentityRepository,
    private readonly lockout: IdentityLockoutRepository,
    private readonly tx: TransactionRunner,
    private readonly secondFactors: SecondFactorFacts,
  ) {}

  /** The new session, or null when the identity was locked or disabled while the credential was checked. */
  async issue(identity: IdentityEntity, proof: PrimaryProof, body: AuthenticateDto, req: FastifyRequest, now: Date): Promise<{ session: ApiSessionEntity; token: string } | null> {
    const { mfaRequired } = nextFacts(null, { kind: 'login', mfa: (await this.secondFactors.hasVerifiedTotp(identity.id)) ? 'verified' : 'none' });
    return this.tx.run(async (m) => {
      // Re-checked inside the transaction: a lockout that landed during the password check wins.
      if (!(await this.lockout.registerSuccess(m, identity.id, now))) return null;
      await this.identities.updateClientInfo(identity.id, body.envInfo && { ...body.envInfo }, body.sdkInfo && { ...body.sdkInfo }, now, m);
      return this.sessions.create(
        {
          identityId: identity.id,
          authenticatorId: proof.authenticatorId,
          ipAddress: req.ip,
          configTypes: body.configTypes ?? [],
          mfaRequired,
          isCertExtendable: proof.cert?.isIssuedByNetwork ?? false,
          improperClientCertChain: proof.cert?.improperClientCertChain ?? false,
        },
        m,
      );
    });
  }
}
