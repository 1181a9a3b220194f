import { createHmac } from 'node:crypto';
import { IdentityEntity } from '../../../src/identities/identity.entity';
import { createPolicy, createUser } from '../../factories/identity.factory';
import type { HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';
import { TestIdp, unsignedToken } from '../../support/test-idp';

const AUTH = '/edge/client/v1/authenticate?method=ext-jwt';
const AUD = 'ztc-test-audience';

describe('POST /authenticate?method=ext-jwt', () => {
  let t: TestContext;
  let admin: HttpsClient;
  let idp: TestIdp;
  let signerId: string;

  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_JWKS_REFRESH: '5m', ZT_JWKS_MAX_STALE: '30m' } });
    admin = await t.admin();
    idp = await new TestIdp('https://idp.example/realm').start();
    await idp.addKey('k1', 'RS256');
    signerId = await createSigner(idp, 'primary-idp');
  });
  afterAll(async () => {
    await idp.stop();
    await t.stop();
  });

  async function createSigner(p: TestIdp, name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await admin.post('/edge/management/v1/external-jwt-signers', { name, enabled: true, issuer: p.issuer, audience: AUD, jwksEndpoint: p.jwksUrl, ...extra });
    if (res.status !== 201) throw new Error(`signer create failed: ${res.status} ${res.text}`);
    return res.body.data.id;
  }

  const now = () => t.clock.now();
  const login = (token: string, extraHeaders: Record<string, string> = {}) => t.api.post(AUTH, {}, { headers: { authorization: `Bearer ${token}`, ...extraHeaders } });
  const tokenFor = (identityId: string, claims: Record<string, unknown> = {}, kid = 'k1', p = idp) => p.token(kid, { sub: identityId, aud: AUD, ...claims }, { now: now() });

  function expectRefused(res: { status: number; body: any; headers: Record<string, unknown> }, error: 'missing' | 'invalid' | 'expired') {
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(String(res.headers['www-authenticate'])).toContain(`Bearer realm="openziti-primary-ext-jwt" error="${error}"`);
    expect(res.headers['zt-session']).toBeUndefined();
  }

  it('a valid token logs the identity in', async () => {
    const u = await createUser(t);
    const res = await login(await tokenFor(u.identity.id));
    expect(res.status).toBe(200);
    expect(res.body.data.identityId).toBe(u.identity.id);
    expect(res.body.data.authenticatorId).toBe(`extJwtId:${signerId}`);
    expect((await t.as(String(res.headers['zt-session'])).get('/edge/client/v1/current-identity')).status).toBe(200);
  });

  it('no bearer at all: missing', async () => {
    expectRefused(await t.api.post(AUTH, {}), 'missing');
  });

  it.each([
    ['wrong iss', { iss: 'https://evil.example' }, 'missing'],
    ['wrong aud', { aud: 'someone-else' }, 'invalid'],
    ['aud array without ours', { aud: ['a', 'b'] }, 'invalid'],
    ['expired', { exp: 'past' }, 'expired'],
    ['not yet valid', { nbf: 'future' }, 'invalid'],
    ['issued in the future', { iat: 'future' }, 'invalid'],
    ['unknown identity', { sub: 'no-such-identity' }, 'invalid'],
  ] as const)('%s is refused', async (_name, over, error) => {
    const u = await createUser(t);
    const s = Math.floor(now().getTime() / 1000);
    const o = over as Record<string, unknown>;
    const claims: Record<string, unknown> = { ...o };
    if (o.exp === 'past') claims.exp = s - 3600;
    if (o.nbf === 'future') claims.nbf = s + 3600;
    if (o.iat === 'future') claims.iat = s + 3600;
    expectRefused(await login(await tokenFor(u.identity.id, claims)), error);
  });

  it('an aud array containing ours is accepted; exp within the clock-skew allowance too', async () => {
    const u = await createUser(t);
    const s = Math.floor(now().getTime() / 1000);
    expect((await login(await tokenFor(u.identity.id, { aud: ['other', AUD], exp: s - 30 }))).status).toBe(200);
  });

  it('kid is required and must be known', async () => {
    const u = await createUser(t);
    const noKid = await idp.token('k1', { sub: u.identity.id, aud: AUD }, { now: now(), header: { kid: undefined } });
    expectRefused(await login(noKid), 'invalid');
    const wrongKid = await idp.token('k1', { sub: u.identity.id, aud: AUD }, { now: now(), header: { kid: 'unknown' } });
    t.clock.advance(1100);
    expectRefused(await login(wrongKid), 'invalid');
  });

  it('alg none and an HS256 token keyed with the public key are refused', async () => {
    const u = await createUser(t);
    const s = Math.floor(now().getTime() / 1000);
    const claims = { iss: idp.issuer, aud: AUD, sub: u.identity.id, iat: s, exp: s + 300 };
    expectRefused(await login(unsignedToken({ kid: 'k1' }, claims)), 'invalid');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey({ key: idp.key('k1').jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const sig = createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url');
    expectRefused(await login(`${header}.${payload}.${sig}`), 'invalid');
  });

  it('a kid added to the JWKS later works without restart; a removed kid stops working', async () => {
    const u = await createUser(t);
    await idp.addKey('k2', 'ES256');
    t.clock.advance(1100);
    expect((await login(await tokenFor(u.identity.id, {}, 'k2'))).status).toBe(200);
    const k2 = idp.key('k2');
    idp.removeKey('k2');
    t.clock.advance(5 * 60_000 + 1000);
    expectRefused(await login(await idp.token('k2', { sub: u.identity.id, aud: AUD }, { now: now(), key: k2 })), 'invalid');
  });

  it('an unknown kid refetches at most once a second', async () => {
    const u = await createUser(t);
    t.clock.advance(1100);
    const before = idp.fetches;
    const bogus = await idp.token('k1', { sub: u.identity.id, aud: AUD }, { now: now(), header: { kid: 'nope' } });
    for (let i = 0; i < 5; i++) await login(bogus);
    expect(idp.fetches - before).toBe(1);
  });

  it('two signers sharing a kid: each token is checked with its own issuer\'s key', async () => {
    const other = await new TestIdp('https://other-idp.example').start();
    try {
      await other.addKey('k1', 'RS256');
      await createSigner(other, 'other-idp');
      const u = await createUser(t);
      expect((await login(await tokenFor(u.identity.id, {}, 'k1', other))).status).toBe(200);
      expect((await login(await tokenFor(u.identity.id))).status).toBe(200);
      // The other IdP's key under our IdP's issuer is not ours.
      const forged = await other.token('k1', { iss: idp.issuer, sub: u.identity.id, aud: AUD }, { now: now() });
      expectRefused(await login(forged), 'invalid');
    } finally {
      await other.stop();
    }
  });

  it('a disabled signer authenticates nobody', async () => {
    const p = await new TestIdp('https://disabled-idp.example').start();
    try {
      await p.addKey('d1');
      const id = await createSigner(p, 'disabled-idp', { enabled: false });
      const u = await createUser(t);
      expectRefused(await login(await tokenFor(u.identity.id, {}, 'd1', p)), 'missing');
      expect((await admin.patch(`/edge/management/v1/external-jwt-signers/${id}`, { enabled: true })).status).toBe(200);
      expect((await login(await tokenFor(u.identity.id, {}, 'd1', p))).status).toBe(200);
    } finally {
      await p.stop();
    }
  });

  it('useExternalId matches a custom claim against identity.externalId', async () => {
    const p = await new TestIdp('https://extid-idp.example').start();
    try {
      await p.addKey('e1', 'EdDSA');
      await createSigner(p, 'extid-idp', { useExternalId: true, claimsProperty: '/ext/employee' });
      const u = await createUser(t);
      await t.handle.ctx.dataSource.getRepository(IdentityEntity).update({ id: u.identity.id }, { externalId: 'emp-4711' });
      const ok = await login(await p.token('e1', { sub: 'whatever', aud: AUD, ext: { employee: 'emp-4711' } }, { now: now() }));
      expect(ok.status).toBe(200);
      expect(ok.body.data.identityId).toBe(u.identity.id);
      expectRefused(await login(await p.token('e1', { sub: u.identity.id, aud: AUD }, { now: now() })), 'invalid');
    } finally {
      await p.stop();
    }
  });

  it('policy: extJwt not allowed, or the signer not in allowedSigners, is refused', async () => {
    const closed = await createPolicy(t, { extJwtAllowed: false });
    const a = await createUser(t, { authPolicyId: closed.id });
    expect((await login(await tokenFor(a.identity.id))).status).toBe(401);
    const other = await createPolicy(t, { extJwtAllowedSigners: ['someone-else'] });
    const b = await createUser(t, { authPolicyId: other.id });
    expect((await login(await tokenFor(b.identity.id))).status).toBe(401);
    const mine = await createPolicy(t, { extJwtAllowedSigners: [signerId] });
    const c = await createUser(t, { authPolicyId: mine.id });
    expect((await login(await tokenFor(c.identity.id))).status).toBe(200);
  });

  it('a disabled identity is refused', async () => {
    const u = await createUser(t);
    await t.handle.ctx.dataSource.getRepository(IdentityEntity).update({ id: u.identity.id }, { disabledAt: now() });
    expect((await login(await tokenFor(u.identity.id))).status).toBe(401);
  });

  it('JWKS endpoint down: the last good keys serve up to the maximum age, then logins fail closed', async () => {
    const p = await new TestIdp('https://flaky-idp.example').start();
    try {
      await p.addKey('f1');
      await createSigner(p, 'flaky-idp');
      const u = await createUser(t);
      expect((await login(await tokenFor(u.identity.id, {}, 'f1', p))).status).toBe(200);
      p.setDown(true);
      t.clock.advance(10 * 60_000);
      expect((await login(await tokenFor(u.identity.id, {}, 'f1', p))).status).toBe(200);
      t.clock.advance(25 * 60_000);
      expect((await login(await tokenFor(u.identity.id, {}, 'f1', p))).status).toBe(401);
      p.setDown(false);
      t.clock.advance(1100);
      expect((await login(await tokenFor(u.identity.id, {}, 'f1', p))).status).toBe(200);
    } finally {
      await p.stop();
    }
  });

  describeWithSwagger('matches the OpenZiti swagger', () => {
    it('the session and the refusal validate', async () => {
      const u = await createUser(t);
      expectSchema('client', 'currentApiSessionDetailEnvelope', (await login(await tokenFor(u.identity.id))).body);
      expectSchema('client', 'apiErrorEnvelope', (await t.api.post(AUTH, {})).body);
    });
  });
});
