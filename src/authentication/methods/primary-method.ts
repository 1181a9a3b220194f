import type { FastifyRequest } from 'fastify';
import type { AuthenticateDto } from '../dto/authenticate.dto';

/** What a primary credential proved: the identity and the authenticator that proved it. */
export interface PrimaryProof {
  identityId: string;
  authenticatorId: string;
  /** Whether the credential itself was good (false: the identity is known but the secret was wrong). */
  credentialValid: boolean;
}

/**
 * One strategy per primary method (house style rule 8). A strategy only says who the credential proves;
 * policy, disabled state, lockout and session creation live once, in AuthenticationService.
 */
export interface PrimaryMethod {
  readonly name: 'password' | 'cert' | 'ext-jwt';
  /** Null when the credential names no identity at all. */
  prove(body: AuthenticateDto, req: FastifyRequest): Promise<PrimaryProof | null>;
}

export const PRIMARY_METHODS = Symbol('PRIMARY_METHODS');
