import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../common/errors/api-error';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import type { RequestWithSecurity } from './security-context';
import { SecurityResolver } from './security-resolver';

/**
 * The global, default-deny guard (house style rule 11). A route without @Access is refused; every other
 * request is judged by the SecurityResolver, which resolves its zt-session once into a SecurityContext.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: SecurityResolver,
  ) {}

  /** Each handler's rule, read from its metadata once (this guard runs on every request). */
  private readonly rules = new Map<unknown, AccessRule | null>();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.ruleOf(ctx);
    if (!rule) throw new ApiError('UNAUTHORIZED');
    const http = ctx.switchToHttp();
    await this.resolver.authorize(http.getRequest<RequestWithSecurity>(), http.getResponse<FastifyReply>(), rule);
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
