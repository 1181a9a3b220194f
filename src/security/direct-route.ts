import { type INestApplicationContext, SetMetadata } from '@nestjs/common';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { andThen } from '../common/maybe-promise';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import type { RequestWithSecurity, SecurityContext } from './security-context';
import { SecurityResolver } from './security-resolver';

const DIRECT_KEY = 'ztc:direct-route';

interface DirectRoute {
  verb: 'GET' | 'POST';
  paths: string[];
}

/**
 * A route that Fastify dispatches to the controller method directly, without Nest's per-request pipeline
 * (execution context, guard and pipe consumers, response controller). Only for the hottest routes: SDKs
 * poll GET /current-api-session to keep their session alive, where that pipeline costs about a fifth of
 * the throughput, and every login is a POST /authenticate, where it costs about a tenth of the controller's
 * own work beside the password hash (bench/README.md). What Nest would have done still happens: the
 * SecurityResolver applies the route's @Access rule exactly as the global guard does (a direct route
 * without @Access does not start), errors go through Fastify's error handler, which Nest routes to the
 * global exception filter, and the return value is serialised as any route's is. The method receives the
 * SecurityContext (undefined on anonymous routes), then Fastify's request and reply: no parameter
 * decorators, no pipes, no interceptors. A method that reads the body or the query validates them itself.
 */
export const DirectGet = (paths: string[]): MethodDecorator => SetMetadata(DIRECT_KEY, { verb: 'GET', paths } satisfies DirectRoute);

/** A POST route dispatched directly (see DirectGet); Fastify has parsed the body by the time the method runs. */
export const DirectPost = (paths: string[]): MethodDecorator => SetMetadata(DIRECT_KEY, { verb: 'POST', paths } satisfies DirectRoute);

type DirectHandler = (security: SecurityContext | undefined, req: RequestWithSecurity, reply: FastifyReply) => unknown;

/** Registers every controller's direct routes on `fastify` (before the application listens); returns `VERB /path` of each. */
export function registerDirectRoutes(fastify: FastifyInstance, app: INestApplicationContext): string[] {
  const resolver = app.get(SecurityResolver);
  const registered: string[] = [];
  for (const { instance, metatype } of new DiscoveryService(app.get(ModulesContainer)).getControllers()) {
    if (!instance || typeof metatype !== 'function') continue;
    const proto = metatype.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name];
      if (typeof method !== 'function') continue;
      const route = Reflect.getMetadata(DIRECT_KEY, method) as DirectRoute | undefined;
      if (!route) continue;
      const rule = (Reflect.getMetadata(ACCESS_KEY, method) ?? Reflect.getMetadata(ACCESS_KEY, metatype)) as AccessRule | undefined;
      // Default deny, decided at start-up: a direct route that forgot its rule is a bug, not a 401 per request.
      if (!rule) throw new Error(`${metatype.name}.${name}: a direct route needs @Access`);
      const call = (req: RequestWithSecurity, reply: FastifyReply) => (method as DirectHandler).call(instance, req.security, req, reply);
      // When the rule is decided synchronously, so is the call: Fastify sends a returned value, or a
      // returned promise's, and passes a synchronous throw to the error handler as it does a rejection.
      const handler = (req: RequestWithSecurity, reply: FastifyReply) => andThen(resolver.authorize(req, reply, rule), () => call(req, reply));
      for (const path of route.paths) {
        const url = `/${path.replace(/^\/+/, '')}`;
        fastify.route({ method: route.verb, url, handler });
        registered.push(`${route.verb} ${url}`);
      }
    }
  }
  return registered;
}
