import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthPolicyEntity } from '../../auth-policies/auth-policy.entity';
import { ExternalJwtSignersService } from '../../external-jwt-signers/external-jwt-signers.service';
import { IdentityRepository } from '../../identities/identity.repository';
import { bearerTokens } from '../ext-jwt/bearer';
import { extJwtChallenge } from '../ext-jwt/challenges';
import { claimedIdentity } from '../ext-jwt/claimed-identity';
import { ExtJwtVerifier, type JwtError, unverifiedIssuer } from '../ext-jwt/ext-jwt-verifier';
import type { AuthQuery } from '../session-state';

export type ExtJwtFactorResult =
  | { required: false }
  | { required: true; satisfied: true; query: AuthQuery }
  | { required: true; satisfied: false; error: JwtError; query: AuthQuery; challenge: string };

/** The factor when the policy names no signer. */
export const EXT_JWT_NOT_REQUIRED: ExtJwtFactorResult = { required: false };

/** Whether the policy asks for the factor at all (no lookup, no promise: the guard asks on every request). */
export function extJwtRequired(policy: Pick<AuthPolicyEntity, 'requireExtJwtSigner'>): boolean {
  return Boolean(policy.requireExtJwtSigner);
}

/**
 * The external-JWT second factor (policy `secondary.requireExtJwtSigner`). It is judged on every request,
 * never stored: the request must carry a valid bearer JWT from that signer naming the same identity. A
 * configured signer that is missing or disabled can never be satisfied (fail closed).
 */
@Injectable()
export class ExtJwtFactor {
  constructor(
    private readonly signers: ExternalJwtSignersService,
    private readonly verifier: ExtJwtVerifier,
    private readonly identities: IdentityRepository,
  ) {}

  async evaluate(req: FastifyRequest, identityId: string, policy: Pick<AuthPolicyEntity, 'requireExtJwtSigner'>): Promise<ExtJwtFactorResult> {
    const signerId = policy.requireExtJwtSigner;
    if (!signerId) return EXT_JWT_NOT_REQUIRED;
    const signer = await this.signers.findById(signerId);
    const query: AuthQuery = {
      typeId: 'EXT-JWT',
      provider: 'url',
      ...(signer?.externalAuthUrl ? { httpUrl: signer.externalAuthUrl } : {}),
      ...(signer?.clientId ? { clientId: signer.clientId } : {}),
      scopes: signer?.scopes ?? null,
      id: signerId,
    };
    const unsatisfied = (error: JwtError) => ({
      required: true as const,
      satisfied: false as const,
      error,
      query,
      challenge: extJwtChallenge('secondary', error, [{ id: signerId, issuer: signer?.issuer ?? '' }]),
    });
    if (!signer || !signer.enabled) return unsatisfied('invalid');
    let error: JwtError = 'missing';
    for (const token of bearerTokens(req)) {
      if (unverifiedIssuer(token) !== signer.issuer) continue;
      const check = await this.verifier.verify(token, signer);
      if (!check.ok) {
        error = error === 'expired' ? error : check.error;
        continue;
      }
      const identity = await claimedIdentity(check.claims, signer, this.identities);
      if (identity?.id === identityId) return { required: true, satisfied: true, query };
      error = 'invalid';
    }
    return unsatisfied(error);
  }
}
