import { type INestApplicationContext, SetMetadata } from '@nestjs/common';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import type { RequestWithSecurity, SecurityContext } from './security-context';
import { SecurityResolver } from './security-resolver';

const DIRECT_GET_KEY = 'ztc:direct-get';

/**
 * A GET route that Fastify dispatches to the controller method directly, without Nest's per-request
 * pipeline (execution context, guard and pipe consumers, response controller). Only for the hottest
 * routes: SDKs poll GET /current-api-session to keep their session alive, and that pipeline costs about a
 * fifth of its throughput (bench/README.md). What Nest would have done still happens: the SecurityResolver
 * applies the route's @Access rule exactly as the global guard does (a direct route without @Access does
 * not start), errors go through Fastify's error handler, which Nest routes to the global exception
 * filter, and the return value is serialised as any route's is. The method receives the SecurityContext
 * (undefined on anonymous routes) and nothing else: no parameters, no pipes, no interceptors.
 */
export const DirectGet = (paths: string[]): MethodDecorator => SetMetadata(DIRECT_GET_KEY, paths);

type DirectHandler = (security: SecurityContext | undefined) => unknown;

/** Registers every controller's @DirectGet methods on `fastify` (before the application listens); returns their paths. */
export function registerDirectRoutes(fastify: FastifyInstance, app: INestApplicationContext): string[] {
  const resolver = app.get(SecurityResolver);
  const registered: string[] = [];
  for (const { instance, metatype } of new DiscoveryService(app.get(ModulesContainer)).getControllers()) {
    if (!instance || typeof metatype !== 'function') continue;
    const proto = metatype.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name];
      if (typeof method !== 'function') continue;
      const paths = Reflect.getMetadata(DIRECT_GET_KEY, method) as string[] | undefined;
      if (!paths) continue;
      const rule = (Reflect.getMetadata(ACCESS_KEY, method) ?? Reflect.getMetadata(ACCESS_KEY, metatype)) as AccessRule | undefined;
      // Default deny, decided at start-up: a direct route that forgot its rule is a bug, not a 401 per request.
      if (!rule) throw new Error(`${metatype.name}.${name}: a @DirectGet route needs @Access`);
      const handler = (req: RequestWithSecurity, reply: FastifyReply) =>
        resolver.authorize(req, reply, rule).then(() => (method as DirectHandler).call(instance, req.security));
      for (const path of paths) {
        const url = `/${path.replace(/^\/+/, '')}`;
        fastify.get(url, handler);
        registered.push(url);
      }
    }
  }
  return registered;
}
