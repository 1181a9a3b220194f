import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Access, type AccessRule } from './access.decorator';
import { DirectGet, DirectPost, registerDirectRoutes } from './direct-route';
import type { RequestWithSecurity, SecurityContext } from './security-context';
import { SecurityResolver } from './security-resolver';

/**
 * Stands in for the session lookup only: it records the rule it was asked about and sets a context. As the
 * real resolver, it decides synchronously or through a promise; `x-sync` picks the first.
 */
class RecordingResolver {
  readonly rules: AccessRule[] = [];

  authorize(req: RequestWithSecurity, _reply: FastifyReply, rule: AccessRule): void | Promise<void> {
    const decide = () => {
      this.rules.push(rule);
      if (req.headers['x-deny']) throw new Error('denied');
      if (rule.level !== 'anonymous') req.security = { token: String(req.headers['x-who']) } as SecurityContext;
    };
    if (req.headers['x-sync']) return decide();
    return Promise.resolve().then(decide);
  }
}

@Controller()
@Access('full')
class DirectController {
  static calls = 0;

  @DirectGet(['edge/client/v1/who', '/edge/management/v1/who'])
  who(sec: SecurityContext) {
    DirectController.calls++;
    return { data: { token: sec.token }, meta: {} };
  }

  @DirectGet(['open'])
  @Access('anonymous')
  open(sec: SecurityContext | undefined) {
    return { data: { security: sec ?? null }, meta: {} };
  }

  @DirectPost(['echo'])
  @Access('anonymous')
  echo(sec: SecurityContext | undefined, req: FastifyRequest, reply: FastifyReply) {
    void reply.header('x-echo', String((req.query as Record<string, unknown>).q));
    return { data: { security: sec ?? null, body: req.body as unknown }, meta: {} };
  }
}

@Controller()
class ForgotTheRuleController {
  @DirectGet(['oops'])
  oops() {
    return {};
  }
}

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

/** Starts `app` on a free port; requests answer status, parsed body and headers. A `json` body makes a POST. */
async function listen(app: NestFastifyApplication): Promise<(url: string, headers?: Record<string, string>, json?: unknown) => Promise<Answer>> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  // One connection per request (agent: false), so nothing is left open when the app closes.
  return (url, headers = {}, json = undefined) =>
    new Promise((resolve, reject) => {
      const method = json === undefined ? 'GET' : 'POST';
      const all = json === undefined ? headers : { ...headers, 'content-type': 'application/json' };
      const req = httpRequest({ host: '127.0.0.1', port, path: url, method, headers: all, agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(json === undefined ? undefined : JSON.stringify(json));
    });
}

async function appWith(controller: new () => unknown): Promise<{ app: NestFastifyApplication; resolver: RecordingResolver }> {
  const resolver = new RecordingResolver();
  @Module({ controllers: [controller], providers: [{ provide: SecurityResolver, useValue: resolver }] })
  class TestModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
  return { app, resolver };
}

describe('direct routes (@DirectGet, @DirectPost)', () => {
  it('are served by Fastify with the SecurityContext the resolver set, under the rule of the method or else its class', async () => {
    const { app, resolver } = await appWith(DirectController);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    expect(registerDirectRoutes(fastify, app).sort()).toEqual(['GET /edge/client/v1/who', 'GET /edge/management/v1/who', 'GET /open', 'POST /echo']);
    const get = await listen(app);
    for (const url of ['/edge/client/v1/who', '/edge/management/v1/who']) {
      expect(await get(url, { 'x-who': 'alice' })).toMatchObject({ status: 200, body: { data: { token: 'alice' }, meta: {} } });
    }
    expect(await get('/open')).toMatchObject({ status: 200, body: { data: { security: null }, meta: {} } });
    expect(resolver.rules).toEqual([
      { level: 'full', admin: false },
      { level: 'full', admin: false },
      { level: 'anonymous', admin: false },
    ]);
    await app.close();
  });

  it('hand a POST method the parsed body, the request and the reply, and only for their own verb', async () => {
    const { app, resolver } = await appWith(DirectController);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    registerDirectRoutes(fastify, app);
    const call = await listen(app);
    const answer = await call('/echo?q=7', {}, { username: 'bob', n: [1, 2] });
    expect(answer).toMatchObject({ status: 200, body: { data: { security: null, body: { username: 'bob', n: [1, 2] } }, meta: {} } });
    expect(answer.headers['x-echo']).toBe('7');
    expect(resolver.rules).toEqual([{ level: 'anonymous', admin: false }]);
    // GET /echo and POST /open are not routes: Fastify's not-found answer, and the method never runs.
    expect((await call('/echo')).status).toBe(404);
    expect((await call('/open', {}, {})).status).toBe(404);
    expect(resolver.rules).toHaveLength(1);
    await app.close();
  });

  it('never run the method when the resolver refuses', async () => {
    const { app } = await appWith(DirectController);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    registerDirectRoutes(fastify, app);
    const get = await listen(app);
    const before = DirectController.calls;
    // (Without the controller's exception filter, Nest's default handler answers.)
    expect((await get('/edge/client/v1/who', { 'x-deny': '1' })).status).toBe(500);
    expect(DirectController.calls).toBe(before);
    await app.close();
  });

  it('answer the same when the resolver decides synchronously: the value is sent, a refusal is an error and the method never runs', async () => {
    const { app } = await appWith(DirectController);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    registerDirectRoutes(fastify, app);
    const call = await listen(app);
    expect(await call('/edge/client/v1/who', { 'x-sync': '1', 'x-who': 'carol' })).toMatchObject({ status: 200, body: { data: { token: 'carol' }, meta: {} } });
    expect(await call('/echo?q=8', { 'x-sync': '1' }, { a: 1 })).toMatchObject({ status: 200, body: { data: { security: null, body: { a: 1 } } } });
    const before = DirectController.calls;
    const refused = await call('/edge/client/v1/who', { 'x-sync': '1', 'x-deny': '1' });
    // The same answer as an asynchronous refusal's (the test above): the error handler, not a dropped request.
    expect(refused.status).toBe(500);
    expect(DirectController.calls).toBe(before);
    await app.close();
  });

  it('refuse to start without an @Access rule (default deny)', async () => {
    const { app } = await appWith(ForgotTheRuleController);
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    expect(() => registerDirectRoutes(fastify, app)).toThrow('ForgotTheRuleController.oops: a direct route needs @Access');
    await app.close();
  });
});
