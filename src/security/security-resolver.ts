import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { goTimeString } from '../api-sessions/api-session.mapper';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import type { SessionWithPrincipal } from '../api-sessions/api-session.repository';
import { EXT_JWT_NOT_REQUIRED, ExtJwtFactor, type ExtJwtFactorResult, extJwtRequired } from '../authentication/factors/ext-jwt.factor';
import { deriveSessionState } from '../authentication/session-state';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import { andThen } from '../common/maybe-promise';
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

  /**
   * Resolves `req.security`, or throws the 401 the rule calls for. Anonymous routes never look at tokens.
   * Answers synchronously (undefined, or a synchronous throw) when nothing needs waiting for: on SQLite
   * outside a transaction and without an external-JWT factor, which is every request of most deployments.
   * Otherwise a promise.
   */
  authorize(req: RequestWithSecurity, reply: FastifyReply, rule: AccessRule): void | Promise<void> {
    if (rule.level === 'anonymous') return;
    const raw = req.headers['zt-session'];
    const token = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!token) throw tokenMissing();
    return andThen(this.sessions.findLive(token), (found) => this.judge(req, reply, rule, token, found));
  }

  private judge(req: RequestWithSecurity, reply: FastifyReply, rule: AccessRule, token: string, found: SessionWithPrincipal | null): void | Promise<void> {
    if (!found) throw tokenInvalid();
    // A disabled identity's sessions are deleted when it is disabled; this catches any raced in between.
    if (isDisabled(found.identity, this.clock.now())) throw tokenInvalid();
    // The external-JWT second factor is judged on every request, and only looked at when the policy asks.
    if (!extJwtRequired(found.policy)) return this.admit(req, reply, rule, token, found, EXT_JWT_NOT_REQUIRED);
    return this.extJwt.evaluate(req, found.identity.id, found.policy).then((extJwt) => this.admit(req, reply, rule, token, found, extJwt));
  }

  private admit(req: RequestWithSecurity, reply: FastifyReply, rule: AccessRule, token: string, found: SessionWithPrincipal, extJwt: ExtJwtFactorResult): void {
    const { session, identity, policy, certExtend } = found;
    const state = deriveSessionState(session, policy, extJwt);
    if (rule.level === 'full' && state.level !== 'full') {
      // Tell the client which token is still owed (reference §1.4).
      throw new ApiError('UNAUTHORIZED', undefined, undefined, extJwt.required && !extJwt.satisfied ? { 'www-authenticate': extJwt.challenge } : {});
    }
    const isAdmin = identity.isAdmin || identity.isDefaultAdmin;
    if (rule.admin && !isAdmin) throw new ApiError('UNAUTHORIZED');

    // Sliding expiry: every authenticated request counts as activity and reports the new expiry.
    this.sessions.touch(session);
    const expiresAt = this.sessions.expiresAt(session);
    req.security = { session, token, identity, policy, state, isAdmin, certExtend, expiresAt };
    void reply.header('expiration-seconds', String(Math.round(this.sessions.timeoutMs / 1000)));
    void reply.header('expires-at', goTimeString(expiresAt));
  }
}
