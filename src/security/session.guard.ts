import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { goTimeString } from '../api-sessions/api-session.mapper';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { EXT_JWT_NOT_REQUIRED, ExtJwtFactor, extJwtRequired } from '../authentication/factors/ext-jwt.factor';
import { deriveSessionState } from '../authentication/session-state';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import { isDisabled } from '../identities/identity.entity';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import { tokenInvalid, tokenMissing } from './challenges';
import type { RequestWithSecurity } from './security-context';

/**
 * The global, default-deny guard (house style rule 11). A route without @Access is refused; anonymous
 * routes never look at tokens; every other request resolves its zt-session once into a SecurityContext.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ApiSessionsService,
    private readonly clock: Clock,
    private readonly extJwt: ExtJwtFactor,
  ) {}

  /** Each handler's rule, read from its metadata once (this guard runs on every request). */
  private readonly rules = new Map<unknown, AccessRule | null>();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.ruleOf(ctx);
    if (!rule) throw new ApiError('UNAUTHORIZED');
    if (rule.level === 'anonymous') return true;

    const req = ctx.switchToHttp().getRequest<RequestWithSecurity>();
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
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    void reply.header('expiration-seconds', String(Math.round(this.sessions.timeoutMs / 1000)));
    void reply.header('expires-at', goTimeString(this.sessions.expiresAt(session)));
    return true;
  }

  private ruleOf(ctx: ExecutionContext): AccessRule | null {
    const handler = ctx.getHandler();
    let rule = this.rules.get(handler);
    if (rule === undefined) {
      rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, ctx.getClass()]) ?? null;
      this.rules.set(handler, rule);
    }
    return rule;
  }
}
