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
  /** For cert: what the policy and the new session need to know about the certificate. */
  cert?: CertFacts;
  /** Bookkeeping the strategy wants done once the login has succeeded (never on a refused login). */
  onSuccess?: () => Promise<void>;
}

/** The verified client certificate behind a cert proof (reference §3.1). */
export interface CertFacts {
  notBefore: Date;
  notAfter: Date;
  /** The authenticator's certificate was issued by this network, so the session may extend it. */
  isIssuedByNetwork: boolean;
  /** The client left out an intermediate that the controller had to supply. */
  improperClientCertChain: boolean;
  /** An admin asked for early extension (and key roll) of this certificate: surfaced on the login answer. */
  extendRequested: boolean;
  keyRollRequested: boolean;
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
