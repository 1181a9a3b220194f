import { decodeJwt } from 'jose';
import { randomId } from '../../../src/common/crypto/random';
import { createIdentityViaApi, createUserViaApi } from '../../factories/identity.factory';
import { expectEmpty, expectError } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';
import { CLIENT, inFuture, newCsr } from '../enroll/enroll-support';

const BASE = '/edge/management/v1/enrollments';
const HOUR = 3_600_000;

describeWithSwagger('/edge/management/v1/enrollments', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_ARGON2_MEMORY_KIB: '1024', ZT_ARGON2_ITERATIONS: '1', ZT_ENROLLMENT_DURATION: '45m' } });
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  const identity = async () => (await createIdentityViaApi(t)).id;
  async function create(body: Record<string, unknown>): Promise<string> {
    const res = await admin.post(BASE, body);
    expect(res.status).toBe(201);
    expectSchema('management', 'createEnvelope', res.body);
    expect(res.body.data._links.self.href).toBe(`./enrollments/${res.body.data.id}`);
    return res.body.data.id;
  }
  async function detail(id: string): Promise<any> {
    const res = await admin.get(`${BASE}/${id}`);
    expect(res.status).toBe(200);
    expectSchema('management', 'detailEnrollmentEnvelope', res.body);
    return res.body.data;
  }

  it('creates an ott enrollment and shows it with token, JWT, identity ref and links', async () => {
    const { id: identityId, name } = await createIdentityViaApi(t);
    const expiresAt = inFuture(t, 2 * HOUR);
    const id = await create({ method: 'ott', identityId, expiresAt });
    const d = await detail(id);
    expect(d).toMatchObject({
      id,
      method: 'ott',
      identityId,
      expiresAt,
      caId: null,
      tags: {},
      identity: { entity: 'identities', id: identityId, name, _links: { self: { href: `./identities/${identityId}` } } },
      _links: { self: { href: `./enrollments/${id}` } },
    });
    expect(d).not.toHaveProperty('username');
    expect(decodeJwt(d.jwt)).toEqual({ iss: `https://${t.config.advertisedAddress}`, sub: identityId, aud: [''], exp: Math.floor(Date.parse(expiresAt) / 1000), jti: d.token, em: 'ott', ctrls: null });
    const again = await detail(id);
    expect({ token: again.token, jwt: again.jwt }).toEqual({ token: d.token, jwt: d.jwt });
  });

  it('creates a updb enrollment with its username, and never shows the stored hash or sealed token', async () => {
    const identityId = await identity();
    const username = `new-${randomId(8)}`;
    const d = await detail(await create({ method: 'updb', identityId, username, expiresAt: inFuture(t, HOUR) }));
    expect(d).toMatchObject({ method: 'updb', username });
    const raw = await admin.get(`${BASE}/${d.id}`);
    expect(raw.text).not.toMatch(/hash|sealed/i);
  });

  it('lists with filter and pagination; identities/{id}/enrollments lists one identity\'s', async () => {
    const identityId = await identity();
    const ott = await create({ method: 'ott', identityId, expiresAt: inFuture(t, HOUR) });
    t.clock.advance(1000); // lists are in creation order
    const updb = await create({ method: 'updb', identityId, username: `u-${randomId(8)}`, expiresAt: inFuture(t, HOUR) });
    const res = await admin.get(`${BASE}?filter=${encodeURIComponent(`identityId = "${identityId}"`)}`);
    expect(res.status).toBe(200);
    expectSchema('management', 'listEnrollmentsEnvelope', res.body);
    expect(res.body.data.map((e: { id: string }) => e.id)).toEqual([ott, updb]);
    expect(res.body.meta).toMatchObject({ pagination: { limit: 10, offset: 0, totalCount: 2 }, filterableFields: expect.arrayContaining(['identityId', 'method', 'expiresAt']) });
    const only = await admin.get(`${BASE}?filter=${encodeURIComponent(`identityId = "${identityId}" and method = "updb"`)}`);
    expect(only.body.data.map((e: { id: string }) => e.id)).toEqual([updb]);
    const sub = await admin.get(`/edge/management/v1/identities/${identityId}/enrollments`);
    expectSchema('management', 'listEnrollmentsEnvelope', sub.body);
    expect(sub.body.data.map((e: { id: string }) => e.id)).toEqual([ott, updb]);
    expectError(await admin.get('/edge/management/v1/identities/no-such-identity/enrollments'), 404, 'NOT_FOUND');
  });

  it('one outstanding enrollment per method per identity: 409 ENROLLMENT_EXISTS', async () => {
    const identityId = await identity();
    await create({ method: 'ott', identityId, expiresAt: inFuture(t, HOUR) });
    const res = await admin.post(BASE, { method: 'ott', identityId, expiresAt: inFuture(t, HOUR) });
    expectError(res, 409, 'ENROLLMENT_EXISTS', 'method');
    expect(res.body.error.cause).toMatchObject({ field: 'method', reason: 'enrollment of same method exists' });
    const both = await Promise.all([0, 1].map(() => admin.post(BASE, { method: 'updb', identityId, username: `r-${randomId(8)}`, expiresAt: inFuture(t, HOUR) })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('validates: past expiry, unknown identity, ottca, missing username, bad date, unknown method', async () => {
    const identityId = await identity();
    expectError(await admin.post(BASE, { method: 'ott', identityId, expiresAt: inFuture(t, -1000) }), 400, 'COULD_NOT_VALIDATE', 'expiresAt');
    expectError(await admin.post(BASE, { method: 'ott', identityId: 'no-such-identity', expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'identityId');
    // ottca needs an existing CA (test/e2e/enroll/ottca.e2e-spec.ts covers the rest).
    expectError(await admin.post(BASE, { method: 'ottca', identityId, caId: 'some-ca', expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'caId');
    expectError(await admin.post(BASE, { method: 'ottca', identityId, expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'caId');
    expectError(await admin.post(BASE, { method: 'updb', identityId, expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'username');
    expectError(await admin.post(BASE, { method: 'ott', identityId, expiresAt: 'tomorrow' }), 400, 'COULD_NOT_VALIDATE', 'expiresAt');
    expectError(await admin.post(BASE, { method: 'magic', identityId, expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'method');
    expectError(await admin.post(BASE, { method: 'ott', expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'identityId');
  });

  it('an identity created with an enrollment gets ZT_ENROLLMENT_DURATION of lifetime', async () => {
    const { id } = await createIdentityViaApi(t, { enrollment: { ott: true } });
    const e = (await admin.get(`/edge/management/v1/identities/${id}`)).body.data.enrollment.ott;
    expect(Date.parse(e.expiresAt) - t.clock.now().getTime()).toBe(45 * 60_000);
    expectError(await admin.post('/edge/management/v1/identities', { name: `ca-${randomId()}`, type: 'User', isAdmin: false, enrollment: { ottca: 'x' } }), 400, 'COULD_NOT_VALIDATE', 'caId');
  });

  it('refresh: a past expiry is refused; an unknown id is 404', async () => {
    const id = await create({ method: 'ott', identityId: await identity(), expiresAt: inFuture(t, HOUR) });
    expectError(await admin.post(`${BASE}/${id}/refresh`, { expiresAt: inFuture(t, -1) }), 400, 'COULD_NOT_VALIDATE', 'expiresAt');
    expectError(await admin.post(`${BASE}/${id}/refresh`, {}), 400, 'COULD_NOT_VALIDATE', 'expiresAt');
    expectError(await admin.post(`${BASE}/nope/refresh`, { expiresAt: inFuture(t, HOUR) }), 404, 'NOT_FOUND');
    const later = inFuture(t, 5 * HOUR);
    expectEmpty(await admin.post(`${BASE}/${id}/refresh`, { expiresAt: later }));
    expect((await detail(id)).expiresAt).toBe(later);
  });

  it('delete makes the token worthless; deleting the identity removes its enrollments', async () => {
    const identityId = await identity();
    const id = await create({ method: 'ott', identityId, expiresAt: inFuture(t, HOUR) });
    const { token } = await detail(id);
    expectEmpty(await admin.delete(`${BASE}/${id}`));
    expectError(await admin.get(`${BASE}/${id}`), 404, 'NOT_FOUND');
    expectError(await admin.delete(`${BASE}/${id}`), 404, 'NOT_FOUND');
    expectError(await t.api.post(`${CLIENT}/enroll/ott`, { token, clientCsr: newCsr().csrPem }), 400, 'INVALID_ENROLLMENT_TOKEN', undefined, 'client');
    const other = await create({ method: 'ott', identityId, expiresAt: inFuture(t, HOUR) });
    expectEmpty(await admin.delete(`/edge/management/v1/identities/${identityId}`));
    expectError(await admin.get(`${BASE}/${other}`), 404, 'NOT_FOUND');
  });

  it('the identity itself never sees its pending enrollment tokens on /current-identity (admins do)', async () => {
    const u = await createUserViaApi(t, { password: 'Own-pass1!' });
    await create({ method: 'ott', identityId: u.identity.id, expiresAt: inFuture(t, HOUR) });
    const me = await t.as((await t.login(u.username, 'Own-pass1!')).token).get(`${CLIENT}/current-identity`);
    expect(me.status).toBe(200);
    expect(me.body.data.enrollment).toEqual({});
    expect(Object.keys((await admin.get(`/edge/management/v1/identities/${u.identity.id}`)).body.data.enrollment)).toEqual(['ott']);
  });

  it('anonymous and non-admin callers are refused', async () => {
    expectError(await t.api.get(BASE), 401, 'UNAUTHORIZED');
    const u = await createUserViaApi(t, { password: 'Plain-pass1!' });
    const as = t.as((await t.login(u.username, 'Plain-pass1!')).token);
    expectError(await as.get(BASE), 401, 'UNAUTHORIZED');
    expectError(await as.post(BASE, { method: 'ott', identityId: u.identity.id, expiresAt: inFuture(t, HOUR) }), 401, 'UNAUTHORIZED');
    expectError(await as.post(`/edge/management/v1/authenticators/${u.updbId}/re-enroll`, { expiresAt: inFuture(t, HOUR) }), 401, 'UNAUTHORIZED');
  });

  describe('POST /authenticators/{id}/re-enroll', () => {
    it('turns a updb authenticator into a updb enrollment with the same username and ends the identity\'s sessions', async () => {
      const u = await createUserViaApi(t, { password: 'Before-pass1!' });
      const session = t.as((await t.login(u.username, 'Before-pass1!')).token);
      expect((await session.get(`${CLIENT}/current-identity`)).status).toBe(200);
      const res = await admin.post(`/edge/management/v1/authenticators/${u.updbId}/re-enroll`, { expiresAt: inFuture(t, HOUR) });
      expect(res.status).toBe(201);
      expectSchema('management', 'createEnvelope', res.body);
      expect(res.body.data._links.self.href).toBe(`./enrollments/${res.body.data.id}`);
      const e = await detail(res.body.data.id);
      expect(e).toMatchObject({ method: 'updb', username: u.username, identityId: u.identity.id });
      expectError(await admin.get(`/edge/management/v1/authenticators/${u.updbId}`), 404, 'NOT_FOUND');
      expect((await session.get(`${CLIENT}/current-identity`)).status).toBe(401);
      expectError(await t.api.post(`${CLIENT}/authenticate?method=password`, { username: u.username, password: 'Before-pass1!' }), 401, 'INVALID_AUTH', undefined, 'client');
      expectEmpty(await t.api.post(`${CLIENT}/enroll/updb?token=${e.token}`, { password: 'After-pass1!' }), 'client');
      await t.login(u.username, 'After-pass1!');
    });

    it('turns a network-issued certificate authenticator into an ott enrollment', async () => {
      const { id: identityId } = await createIdentityViaApi(t, { enrollment: { ott: true } });
      const pending = (await admin.get(`/edge/management/v1/identities/${identityId}`)).body.data.enrollment.ott;
      expect((await t.api.post(`${CLIENT}/enroll/ott`, { token: pending.token, clientCsr: newCsr().csrPem })).status).toBe(200);
      const [cert] = (await admin.get(`/edge/management/v1/identities/${identityId}/authenticators`)).body.data;
      const res = await admin.post(`/edge/management/v1/authenticators/${cert.id}/re-enroll`, { expiresAt: inFuture(t, HOUR) });
      expect(res.status).toBe(201);
      expect(await detail(res.body.data.id)).toMatchObject({ method: 'ott', identityId });
      expect((await admin.get(`/edge/management/v1/identities/${identityId}/authenticators`)).body.data).toEqual([]);
    });

    it('changes nothing when an enrollment of that method is outstanding (409), the expiry is past (400) or the id unknown (404)', async () => {
      const u = await createUserViaApi(t);
      await create({ method: 'updb', identityId: u.identity.id, username: `other-${randomId(8)}`, expiresAt: inFuture(t, HOUR) });
      expectError(await admin.post(`/edge/management/v1/authenticators/${u.updbId}/re-enroll`, { expiresAt: inFuture(t, HOUR) }), 409, 'ENROLLMENT_EXISTS', 'method');
      expectError(await admin.post(`/edge/management/v1/authenticators/${u.updbId}/re-enroll`, { expiresAt: inFuture(t, -1) }), 400, 'COULD_NOT_VALIDATE', 'expiresAt');
      expect((await admin.get(`/edge/management/v1/authenticators/${u.updbId}`)).status).toBe(200);
      await t.login(u.username, u.password);
      expectError(await admin.post('/edge/management/v1/authenticators/no-such-id/re-enroll', { expiresAt: inFuture(t, HOUR) }), 404, 'NOT_FOUND');
    });
  });
});
