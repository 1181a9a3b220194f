import type { FastifyRequest } from 'fastify';
import type { ApiError } from '../../common/errors/api-error';
import type { AuthenticateDto } from '../dto/authenticate.dto';

/** What a primary credential proved: the identity and the authenticator that proved it. */
export interface PrimaryProof {
  identityId: string;
  authenticatorId: string;
  /** Whether the credential itself was good (false: the identity is known but the secret was wrong). */
  credentialValid: boolean;
  /** For ext-jwt: the signer whose token proved the identity (checked against the policy's allowedSigners). */
  signerId?: string;
}

/**
 * One strategy per primary method (house style rule 8). A strategy only says who the credential proves;
 * policy, disabled state, lockout and session creation live once, in AuthenticationService.
 */
export interface PrimaryMethod {
  readonly name: 'password' | 'cert' | 'ext-jwt';
  /** Null when the credential names no identity at all. */
  prove(body: AuthenticateDto, req: FastifyRequest): Promise<PrimaryProof | null>;
  /** The error every failure of this method answers (default: 401 INVALID_AUTH). */
  failure?(): ApiError;
}

export const PRIMARY_METHODS = Symbol('PRIMARY_METHODS');
