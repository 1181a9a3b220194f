import { createHash } from 'node:crypto';
import { ApiSessionEntity } from '../../../src/api-sessions/api-session.entity';
import { IdentityEntity } from '../../../src/identities/identity.entity';
import { createPolicy, createUser, reloadIdentity } from '../../factories/identity.factory';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const AUTH = '/edge/client/v1/authenticate?method=password';

describe('POST /authenticate?method=password', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  it('answers 200 currentApiSessionDetail with the session headers', async () => {
    const u = await createUser(t);
    const res = await t.api.post(AUTH, { username: u.username, password: u.password, extra: 'ignored' });
    expect(res.status).toBe(200);
    const token = res.headers['zt-session'] as string;
    expect(token.length).toBeGreaterThanOrEqual(22);
    expect(res.headers['expiration-seconds']).toBe('1800');
    expect(res.headers['expires-at']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);
    const d = res.body.data;
    expect(d).toMatchObject({
      token,
      identityId: u.identity.id,
      identity: { id: u.identity.id, name: u.identity.name },
      authQueries: [],
      isMfaRequired: false,
      isMfaComplete: false,
      configTypes: [],
      expirationSeconds: 1800,
    });
    expect(res.body.meta).toEqual({});
  });

  it('stores only the SHA-256 of the token', async () => {
    const u = await createUser(t);
    const { token } = await t.login(u.username, u.password);
    const rows = await t.handle.ctx.dataSource.getRepository(ApiSessionEntity).findBy({ identityId: u.identity.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(token);
  });

  it('saves envInfo and sdkInfo on the identity', async () => {
    const u = await createUser(t);
    const envInfo = { os: 'linux', arch: 'amd64', hostname: 'box' };
    const sdkInfo = { type: 'ziti-sdk-c', version: '1.2.3' };
    expect((await t.api.post(AUTH, { username: u.username, password: u.password, envInfo, sdkInfo })).status).toBe(200);
    const i = await reloadIdentity(t, u.identity.id);
    expect(i.envInfo).toMatchObject(envInfo);
    expect(i.sdkInfo).toMatchObject(sdkInfo);
  });

  it('works on the management API and through the legacy /authenticate path', async () => {
    const u = await createUser(t);
    expect((await t.api.post('/edge/management/v1/authenticate?method=password', { username: u.username, password: u.password })).status).toBe(200);
    expect((await t.api.post('/authenticate?method=password', { username: u.username, password: u.password })).status).toBe(200);
  });

  describe('every failure is the same 401 INVALID_AUTH', () => {
    async function expectInvalid(body: unknown) {
      const res = await t.api.post(AUTH, body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_AUTH');
      expect(res.body.error.message).toBe('The authentication request failed');
      expect(res.body.error.cause).toBeUndefined();
      expect(res.headers['zt-session']).toBeUndefined();
    }

    it('unknown username', () => expectInvalid({ username: 'nobody-here', password: 'whatever1' }));

    it('wrong password', async () => {
      const u = await createUser(t);
      await expectInvalid({ username: u.username, password: 'wrong-password' });
    });

    it('disabled identity, even with the right password', async () => {
      const u = await createUser(t);
      await t.handle.ctx.dataSource.getRepository(IdentityEntity).update({ id: u.identity.id }, { disabledAt: t.clock.now() });
      await expectInvalid({ username: u.username, password: u.password });
    });

    it('policy forbids updb', async () => {
      const p = await createPolicy(t, { updbAllowed: false });
      const u = await createUser(t, { authPolicyId: p.id });
      await expectInvalid({ username: u.username, password: u.password });
    });

    it('an unknown username takes as long as a wrong password (dummy hash)', async () => {
      const u = await createUser(t);
      const time = async (body: unknown) => {
        const s = process.hrtime.bigint();
        await t.api.post(AUTH, body);
        return Number(process.hrtime.bigint() - s) / 1e6;
      };
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 7; i++) {
        unknown.push(await time({ username: 'nobody-at-all', password: 'wrong-password' }));
        wrong.push(await time({ username: u.username, password: 'wrong-password' }));
      }
      // Both pay one argon2id verification (~10 ms here); without the dummy hash `unknown` is ~1 ms.
      expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
    });
  });

  it('validates the body: missing fields and bad method are 400', async () => {
    const missing = await t.api.post(AUTH, { username: 'someone' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('COULD_NOT_VALIDATE');
    const short = await t.api.post(AUTH, { username: 'abc', password: 'password' });
    expect(short.status).toBe(400);
    expect(short.body.error.cause.field).toBe('username');
    const bogus = await t.api.post('/edge/client/v1/authenticate?method=bogus', {});
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.cause.field).toBe('method');
    const none = await t.api.post('/edge/client/v1/authenticate', {});
    expect(none.status).toBe(400);
    // Named twice, even with a valid value: refused, never taken as either.
    const twice = await t.api.post('/edge/client/v1/authenticate?method=password&method=password', { username: 'someone', password: 'password' });
    expect(twice.status).toBe(400);
    expect(twice.body.error.cause.field).toBe('method');
  });

  it('never logs the password', async () => {
    await t.api.post(AUTH, { username: 'nobody-logged', password: 'very-secret-pw-123' });
    expect(t.logs.text()).not.toContain('very-secret-pw-123');
  });

  describeWithSwagger('matches the OpenZiti swagger', () => {
    it('authenticate and current-api-session validate as currentApiSessionDetailEnvelope', async () => {
      const u = await createUser(t);
      const { token, res } = await t.login(u.username, u.password);
      expectSchema('client', 'currentApiSessionDetailEnvelope', res.body);
      expectSchema('client', 'currentApiSessionDetailEnvelope', (await t.as(token).get('/edge/client/v1/current-api-session')).body);
      expectSchema('client', 'apiErrorEnvelope', (await t.api.post(AUTH, { username: u.username, password: 'nope-nope' })).body);
    });
  });
});
