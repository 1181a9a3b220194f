import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { goTimeString } from '../api-sessions/api-session.mapper';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { EXT_JWT_NOT_REQUIRED, ExtJwtFactor, extJwtRequired } from '../authentication/factors/ext-jwt.factor';
import { deriveSessionState } from '../authentication/session-state';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import { isDisabled } from '../identities/identity.entity';
import type { AccessRule } from './access.decorator';
import { tokenInvalid, tokenMissing } from './challenges';
import type { RequestWithSecurity } from './security-context';

/**
 * Decides whether a request meets its route's access rule, and resolves its zt-session once into the
 * request's SecurityContext. The global guard asks it for every Nest route, and direct routes (DirectGet)
 * ask it themselves: one decision for both.
 */
@Injectable()
export class SecurityResolver {
  constructor(
    private readonly sessions: ApiSessionsService,
    private readonly clock: Clock,
    private readonly extJwt: ExtJwtFactor,
  ) {}

  /** Resolves `req.security`, or throws the 401 the rule calls for. Anonymous routes never look at tokens. */
  async authorize(req: RequestWithSecurity, reply: FastifyReply, rule: AccessRule): Promise<void> {
    if (rule.level === 'anonymous') return;
    const raw = req.headers['zt-session'];
    const token = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!token) throw tokenMissing();
    const found = await this.sessions.findLive(token);
    if (!found) throw tokenInvalid();
    const { session, identity, policy, certExtend } = found;
    // A disabled identity's sessions are deleted when it is disabled; this catches any raced in between.
    if (isDisabled(identity, this.clock.now())) throw tokenInvalid();

    // The external-JWT second factor is judged on every request, and only looked at when the policy asks.
    const extJwt = extJwtRequired(policy) ? await this.extJwt.evaluate(req, identity.id, policy) : EXT_JWT_NOT_REQUIRED;
    const state = deriveSessionState(session, policy, extJwt);
    if (rule.level === 'full' && state.level !== 'full') {
      // Tell the client which token is still owed (reference §1.4).
      throw new ApiError('UNAUTHORIZED', undefined, undefined, extJwt.required && !extJwt.satisfied ? { 'www-authenticate': extJwt.challenge } : {});
    }
    const isAdmin = identity.isAdmin || identity.isDefaultAdmin;
    if (rule.admin && !isAdmin) throw new ApiError('UNAUTHORIZED');

    req.security = { session, token, identity, policy, state, isAdmin, certExtend };
    // Sliding expiry: every authenticated request counts as activity and reports the new expiry.
    this.sessions.touch(session);
    void reply.header('expiration-seconds', String(Math.round(this.sessions.timeoutMs / 1000)));
    void reply.header('expires-at', goTimeString(this.sessions.expiresAt(session)));
  }
}
