import { ApiSessionEntity } from '../../../src/api-sessions/api-session.entity';
import { ApiSessionsService } from '../../../src/api-sessions/api-sessions.service';
import { createUser } from '../../factories/identity.factory';
import { TestContext } from '../../support/test-context';

const CURRENT = '/edge/client/v1/current-api-session';

describe('the API session', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  async function session() {
    const u = await createUser(t);
    return { u, ...(await t.login(u.username, u.password)) };
  }

  it('missing token: 401 with both challenges', async () => {
    const res = await t.api.get(CURRENT);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    const h = String(res.headers['www-authenticate']);
    expect(h).toContain('zt-session realm="zt-session" error="missing"');
    expect(h).toContain('Bearer realm="openziti-oidc" error="missing"');
  });

  it('unknown token: 401 zt-session invalid', async () => {
    const res = await t.as('not-a-real-token').get(CURRENT);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('zt-session realm="zt-session" error="invalid" error_description="token is invalid"');
  });

  it('anonymous endpoints never send challenges', async () => {
    const res = await t.api.get('/edge/client/v1/version');
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('every authenticated request slides the expiry and reports it', async () => {
    const { token } = await session();
    t.clock.advance(20 * 60_000);
    const mid = await t.as(token).get(CURRENT);
    expect(mid.status).toBe(200);
    expect(mid.headers['expiration-seconds']).toBe('1800');
    expect(new Date(mid.body.data.expiresAt).getTime()).toBe(t.clock.now().getTime() + 30 * 60_000);
    t.clock.advance(20 * 60_000);
    expect((await t.as(token).get(CURRENT)).status).toBe(200);
  });

  it('idle past ZT_SESSION_TIMEOUT stops working at once and is swept', async () => {
    const { token, u } = await session();
    t.clock.advance(30 * 60_000 + 1);
    const res = await t.as(token).get(CURRENT);
    expect(res.status).toBe(401);
    await t.handle.app.get(ApiSessionsService).sweep();
    expect(await t.handle.ctx.dataSource.getRepository(ApiSessionEntity).countBy({ identityId: u.identity.id })).toBe(0);
  });

  it('activity survives a flush and a restart-free sweep', async () => {
    const { token, u } = await session();
    t.clock.advance(25 * 60_000);
    await t.as(token).get(CURRENT);
    t.clock.advance(25 * 60_000);
    await t.handle.app.get(ApiSessionsService).sweep();
    expect(await t.handle.ctx.dataSource.getRepository(ApiSessionEntity).countBy({ identityId: u.identity.id })).toBe(1);
    expect((await t.as(token).get(CURRENT)).status).toBe(200);
  });

  it('logout ends the session on the very next request', async () => {
    const { token } = await session();
    expect((await t.as(token).delete(CURRENT)).status).toBe(200);
    expect((await t.as(token).get(CURRENT)).status).toBe(401);
  });

  it('an admin deleting the session ends it on the very next request', async () => {
    const { token, res } = await session();
    const admin = await t.admin();
    const list = await admin.get(`/edge/management/v1/api-sessions?filter=${encodeURIComponent(`identityId = "${res.body.data.identityId}"`)}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].token).toBe('');
    const id = list.body.data[0].id;
    expect((await admin.get(`/edge/management/v1/api-sessions/${id}`)).body.data.identityId).toBe(res.body.data.identityId);
    expect((await admin.delete(`/edge/management/v1/api-sessions/${id}`)).status).toBe(200);
    expect((await t.as(token).get(CURRENT)).status).toBe(401);
    expect((await admin.delete(`/edge/management/v1/api-sessions/${id}`)).status).toBe(404);
  });

  it('management routes need an admin; a plain identity gets 401 UNAUTHORIZED', async () => {
    const { token } = await session();
    const res = await t.as(token).get('/edge/management/v1/api-sessions');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });
});

describe('authentication rate limit', () => {
  it('beyond the configured number in flight the answer is 429 with Retry-After', async () => {
    const t = await TestContext.start({ env: { ZT_AUTH_MAX_IN_FLIGHT: '1' } });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => t.api.post('/edge/client/v1/authenticate?method=password', { username: 'nobody-xx', password: 'whatever1' })));
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0].body.error.code).toBe('SERVER_TOO_MANY_REQUESTS');
      expect(limited[0].headers['retry-after']).toBe('1');
      expect(results.every((r) => r.status === 429 || r.status === 401)).toBe(true);
    } finally {
      await t.stop();
    }
  });
});
