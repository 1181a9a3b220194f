import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiSessionEntity } from '../api-sessions/api-session.entity';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { TransactionRunner } from '../database/transaction-runner';
import type { LoginPrincipal } from '../security/principal.repository';
import { IdentityRepository } from '../identities/identity.repository';
import { IdentityLockoutRepository } from '../lockout/identity-lockout.repository';
import type { AuthenticateDto } from './dto/authenticate.dto';
import type { PrimaryProof } from './methods/primary-method';
import { nextFacts } from './session-state';

/** Creates the API session of a login that every check has already passed. */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: ApiSessionsService,
    private readonly identities: IdentityRepository,
    private readonly lockout: IdentityLockoutRepository,
    private readonly tx: TransactionRunner,
  ) {}

  /** The new session, or null when the identity was locked or disabled while the credential was checked. */
  async issue(principal: LoginPrincipal, proof: PrimaryProof, body: AuthenticateDto, req: FastifyRequest, now: Date): Promise<{ session: ApiSessionEntity; token: string } | null> {
    const { identity } = principal;
    const { mfaRequired } = nextFacts(null, { kind: 'login', mfa: principal.hasVerifiedTotp ? 'verified' : 'none' });
    const { session, token, insert } = this.sessions.prepare({
      identityId: identity.id,
      authenticatorId: proof.authenticatorId,
      ipAddress: req.ip,
      configTypes: body.configTypes ?? [],
      mfaRequired,
      isCertExtendable: proof.cert?.isIssuedByNetwork ?? false,
      improperClientCertChain: proof.cert?.improperClientCertChain ?? false,
    });
    // One transaction of three plain statements (no ORM on the login path). The lockout check comes first
    // and is re-checked inside the transaction: a lockout that landed during the password check wins.
    // The commit does not wait for the disk: what a power loss can take from it is a session (its client
    // logs in again), a reset of the failed-attempt count (the count stays higher) and client info. Every
    // change that must outlive a power loss (revocations, lockouts, admin changes, enrollments, MFA) is
    // committed synced, and syncs these along with it.
    const issued = await this.tx.runStatements(
      [
        this.lockout.successStatement(identity.id, now),
        ...this.identities.clientInfoStatements(identity.id, body.envInfo && { ...body.envInfo }, body.sdkInfo && { ...body.sdkInfo }, now),
        insert,
      ],
      { syncCommit: false },
    );
    return issued ? { session, token } : null;
  }
}
