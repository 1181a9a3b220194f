import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../common/errors/api-error';
import { ExternalJwtSignersService } from '../../external-jwt-signers/external-jwt-signers.service';
import { IdentityRepository } from '../../identities/identity.repository';
import { bearerTokens } from '../ext-jwt/bearer';
import { extJwtChallenge } from '../ext-jwt/challenges';
import { claimedIdentity } from '../ext-jwt/claimed-identity';
import { ExtJwtVerifier, type JwtError, unverifiedIssuer } from '../ext-jwt/ext-jwt-verifier';
import type { PrimaryMethod, PrimaryProof } from './primary-method';

/**
 * `method=ext-jwt`: a JWT from an enabled external signer in `Authorization: Bearer`. The signer is the
 * enabled one whose issuer the token claims, and the token's kid must be one of that signer's keys, so
 * kids colliding across signers cannot be confused and a disabled signer never shadows an enabled one.
 * Failures are 401 UNAUTHORIZED with the primary ext-jwt challenge, as in OpenZiti.
 */
@Injectable()
export class ExtJwtMethod implements PrimaryMethod {
  readonly name = 'ext-jwt' as const;

  constructor(
    private readonly signers: ExternalJwtSignersService,
    private readonly verifier: ExtJwtVerifier,
    private readonly identities: IdentityRepository,
  ) {}

  async prove(_body: unknown, req: FastifyRequest): Promise<PrimaryProof | null> {
    const enabled = await this.signers.listEnabled();
    if (enabled.length === 0) throw new ApiError('UNAUTHORIZED');
    let worst: JwtError = 'missing';
    const candidates = [];
    for (const token of bearerTokens(req)) {
      const iss = unverifiedIssuer(token);
      const signer = iss === undefined ? undefined : enabled.find((s) => s.issuer === iss);
      if (!signer) continue;
      candidates.push(signer);
      const check = await this.verifier.verify(token, signer);
      if (!check.ok) {
        worst = worst === 'expired' ? worst : check.error;
        continue;
      }
      const identity = await claimedIdentity(check.claims, signer, this.identities);
      if (identity) return { identityId: identity.id, authenticatorId: `extJwtId:${signer.id}`, credentialValid: true, signerId: signer.id };
      worst = worst === 'expired' ? worst : 'invalid';
    }
    throw this.failure(worst, candidates.length > 0 ? candidates : enabled);
  }

  failure(error: JwtError = 'invalid', signers: { id: string; issuer: string }[] = []): ApiError {
    return new ApiError('UNAUTHORIZED', undefined, undefined, { 'www-authenticate': extJwtChallenge('primary', error, signers) });
  }
}
