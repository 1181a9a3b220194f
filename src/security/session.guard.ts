import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { goTimeString } from '../api-sessions/api-session.mapper';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { deriveSessionState } from '../authentication/session-state';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import { isDisabled } from '../identities/identity.entity';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import { tokenInvalid, tokenMissing } from './challenges';
import { PrincipalRepository } from './principal.repository';
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
    private readonly principals: PrincipalRepository,
    private readonly clock: Clock,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) throw new ApiError('UNAUTHORIZED');
    if (rule.level === 'anonymous') return true;

    const req = ctx.switchToHttp().getRequest<RequestWithSecurity>();
    const raw = req.headers['zt-session'];
    const token = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!token) throw tokenMissing();
    const session = await this.sessions.findLive(token);
    if (!session) throw tokenInvalid();
    const identity = await this.principals.identity(session.identityId);
    const policy = identity && (await this.principals.policy(identity.authPolicyId));
    // A disabled identity's sessions are deleted when it is disabled; this catches any raced in between.
    if (!identity || !policy || isDisabled(identity, this.clock.now())) throw tokenInvalid();

    const state = deriveSessionState(session, policy);
    if (rule.level === 'full' && state.level !== 'full') throw new ApiError('UNAUTHORIZED');
    const isAdmin = identity.isAdmin || identity.isDefaultAdmin;
    if (rule.admin && !isAdmin) throw new ApiError('UNAUTHORIZED');

    req.security = { session, token, identity, policy, state, isAdmin };
    // Sliding expiry: every authenticated request counts as activity and reports the new expiry.
    this.sessions.touch(session);
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    void reply.header('expiration-seconds', String(Math.round(this.sessions.timeoutMs / 1000)));
    void reply.header('expires-at', goTimeString(this.sessions.expiresAt(session)));
    return true;
  }
}
