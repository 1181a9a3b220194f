import { createPolicy, createUser } from '../../factories/identity.factory';
import type { HttpsClient } from '../../support/https-client';
import { TestContext } from '../../support/test-context';
import { TestIdp } from '../../support/test-idp';

const AUD = 'ztc-secondary';
const CURRENT_IDENTITY = '/edge/client/v1/current-identity';

describe('external JWT as a second factor (secondary.requireExtJwtSigner)', () => {
  let t: TestContext;
  let admin: HttpsClient;
  let idp: TestIdp;
  let signerId: string;

  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
    idp = await new TestIdp('https://second-factor.example').start();
    await idp.addKey('s1', 'ES256');
    const res = await admin.post('/edge/management/v1/external-jwt-signers', {
      name: 'second-factor',
      enabled: true,
      issuer: idp.issuer,
      audience: AUD,
      jwksEndpoint: idp.jwksUrl,
      externalAuthUrl: 'https://second-factor.example/auth',
      clientId: 'ztc-client',
      scopes: ['openid', 'email'],
    });
    expect(res.status).toBe(201);
    signerId = res.body.data.id;
  });
  afterAll(async () => {
    await idp.stop();
    await t.stop();
  });

  const bearer = async (identityId: string) => `Bearer ${await idp.token('s1', { sub: identityId, aud: AUD }, { now: t.clock.now() })}`;

  async function userWithPolicy() {
    const p = await createPolicy(t, { requireExtJwtSigner: signerId });
    return createUser(t, { authPolicyId: p.id });
  }

  it('a password login that still owes the JWT answers 200 with the EXT-JWT query and the secondary challenge', async () => {
    const u = await userWithPolicy();
    const { res } = await t.login(u.username, u.password);
    expect(res.status).toBe(200);
    expect(String(res.headers['www-authenticate'])).toBe(
      `Bearer realm="openziti-secondary-ext-jwt" error="missing" error_description="no matching token was provided" id="${signerId}" issuer="${idp.issuer}"`,
    );
    expect(res.body.data.authQueries).toEqual([
      { typeId: 'EXT-JWT', provider: 'url', httpUrl: 'https://second-factor.example/auth', clientId: 'ztc-client', scopes: ['openid', 'email'], id: signerId },
    ]);
  });

  it('every request without the bearer is partial; with it, full', async () => {
    const u = await userWithPolicy();
    const { token } = await t.login(u.username, u.password);
    const s = t.as(token);
    const denied = await s.get(CURRENT_IDENTITY);
    expect(denied.status).toBe(401);
    expect(String(denied.headers['www-authenticate'])).toContain('realm="openziti-secondary-ext-jwt" error="missing"');
    expect((await s.get('/edge/client/v1/current-api-session')).body.data.authQueries[0].typeId).toBe('EXT-JWT');
    expect((await s.get(CURRENT_IDENTITY, { headers: { authorization: await bearer(u.identity.id) } })).status).toBe(200);
    // The factor is judged per request, never remembered.
    expect((await s.get(CURRENT_IDENTITY)).status).toBe(401);
  });

  it("another identity's JWT, or an expired one, does not satisfy it", async () => {
    const u = await userWithPolicy();
    const other = await createUser(t);
    const s = t.as((await t.login(u.username, u.password)).token);
    expect((await s.get(CURRENT_IDENTITY, { headers: { authorization: await bearer(other.identity.id) } })).status).toBe(401);
    const expired = await idp.token('s1', { sub: u.identity.id, aud: AUD, exp: Math.floor(t.clock.now().getTime() / 1000) - 3600 }, { now: t.clock.now() });
    const res = await s.get(CURRENT_IDENTITY, { headers: { authorization: `Bearer ${expired}` } });
    expect(res.status).toBe(401);
    expect(String(res.headers['www-authenticate'])).toContain('error="expired"');
  });

  it('a login carrying the bearer is full at once, without a challenge', async () => {
    const u = await userWithPolicy();
    const res = await t.api.post('/edge/client/v1/authenticate?method=password', { username: u.username, password: u.password }, { headers: { authorization: await bearer(u.identity.id) } });
    expect(res.status).toBe(200);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.body.data.authQueries).toEqual([]);
  });

  it('primary and secondary on the same signer: one bearer satisfies both', async () => {
    const u = await userWithPolicy();
    const auth = await bearer(u.identity.id);
    const res = await t.api.post('/edge/client/v1/authenticate?method=ext-jwt', {}, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    expect(res.body.data.authQueries).toEqual([]);
    expect((await t.as(String(res.headers['zt-session'])).get(CURRENT_IDENTITY, { headers: { authorization: auth } })).status).toBe(200);
  });

  it('a disabled required signer can never be satisfied (fail closed)', async () => {
    const p = await new TestIdp('https://soon-disabled.example').start();
    try {
      await p.addKey('x1');
      const created = await admin.post('/edge/management/v1/external-jwt-signers', { name: 'soon-disabled', enabled: true, issuer: p.issuer, audience: AUD, jwksEndpoint: p.jwksUrl });
      const policy = await createPolicy(t, { requireExtJwtSigner: created.body.data.id });
      const u = await createUser(t, { authPolicyId: policy.id });
      const s = t.as((await t.login(u.username, u.password)).token);
      const auth = `Bearer ${await p.token('x1', { sub: u.identity.id, aud: AUD }, { now: t.clock.now() })}`;
      expect((await s.get(CURRENT_IDENTITY, { headers: { authorization: auth } })).status).toBe(200);
      await admin.patch(`/edge/management/v1/external-jwt-signers/${created.body.data.id}`, { enabled: false });
      expect((await s.get(CURRENT_IDENTITY, { headers: { authorization: auth } })).status).toBe(401);
    } finally {
      await p.stop();
    }
  });
});
