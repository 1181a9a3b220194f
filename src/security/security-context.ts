import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiSessionEntity } from '../api-sessions/api-session.entity';
import type { PrincipalIdentity, PrincipalPolicy } from '../api-sessions/api-session.repository';
import type { SessionState } from '../authentication/session-state';

/** Who is calling, resolved once per request by the SecurityResolver from the zt-session token. */
export interface SecurityContext {
  session: ApiSessionEntity;
  /** The bearer token as presented (needed to echo it in current-api-session; never stored). */
  token: string;
  /** The caller's identity facts (routes that show the whole identity load it). */
  identity: PrincipalIdentity;
  policy: PrincipalPolicy;
  state: SessionState;
  isAdmin: boolean;
  /** Extension flags of the certificate authenticator behind the session (reference §3.3). */
  certExtend: { extendRequested: boolean; keyRollRequested: boolean };
  /** When the session expires unless it is used again: this request's activity counted (the expiry headers). */
  expiresAt: Date;
}

export type RequestWithSecurity = FastifyRequest & { security?: SecurityContext };

/** The caller's SecurityContext; only on routes whose @Access level is partial or full. */
export const Security = createParamDecorator((_: unknown, ctx: ExecutionContext): SecurityContext => {
  const req = ctx.switchToHttp().getRequest<RequestWithSecurity>();
  if (!req.security) throw new Error('no security context: the route is anonymous');
  return req.security;
});
