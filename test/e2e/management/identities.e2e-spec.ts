import { AuthenticatorsService } from '../../../src/authenticators/authenticators.service';
import { randomId } from '../../../src/common/crypto/random';
import { createIdentityViaApi, createPolicyViaApi, createUserViaApi } from '../../factories/identity.factory';
import { expectBodySchema, expectEmpty, expectError } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { describeWithSwagger } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const BASE = '/edge/management/v1/identities';
const PASSWORD = 'Passw0rd!x';

describeWithSwagger('management /identities', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  async function detail(id: string): Promise<any> {
    const res = await admin.get(`${BASE}/${id}`);
    expect(res.status).toBe(200);
    expectBodySchema('detailIdentityEnvelope', res);
    return res.body.data;
  }
  const create = async (body: Record<string, unknown> = {}): Promise<string> => (await createIdentityViaApi(t, body)).id;
  /** An identity with a username/password authenticator, both through the API. */
  async function user(body: Record<string, unknown> = {}): Promise<{ id: string; username: string }> {
    const u = await createUserViaApi(t, { identity: body, password: PASSWORD });
    return { id: u.identity.id, username: u.username };
  }
  const login = (username: string, password = PASSWORD) => t.api.post('/edge/client/v1/authenticate?method=password', { username, password });

  it('an anonymous request is 401 with the missing-token challenges', async () => {
    const res = await t.api.get(BASE);
    expectError(res, 401, 'UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toContain('zt-session realm="zt-session" error="missing"');
  });

  it('a non-admin session is 401 UNAUTHORIZED on every identity route', async () => {
    const u = await user();
    const as = t.as((await t.login(u.username, PASSWORD)).token);
    expectError(await as.get(BASE), 401, 'UNAUTHORIZED');
    expectError(await as.get(`${BASE}/${u.id}`), 401, 'UNAUTHORIZED');
    expectError(await as.patch(`${BASE}/${u.id}`, { isAdmin: true }), 401, 'UNAUTHORIZED');
    expect((await detail(u.id)).isAdmin).toBe(false);
  });

  it('round trip: create, detail, PUT, PATCH, list, delete', async () => {
    const name = `rt-${randomId()}`;
    const id = await create({
      name, type: 'Device', externalId: `ext-${randomId()}`, roleAttributes: ['blue'], tags: { a: '1' }, appData: { k: 'v' },
      defaultHostingCost: 3, serviceHostingCosts: { svc: 9 }, permissions: ['identity.read'], enrollment: { ott: true },
    });
    const d = await detail(id);
    expect(d).toMatchObject({
      id, name, typeId: 'Default', type: { entity: 'identity-types', id: 'Default', name: 'Default' }, isAdmin: false, isDefaultAdmin: false,
      authPolicyId: 'default', authPolicy: { entity: 'auth-policies', id: 'default', name: 'Default' }, roleAttributes: ['blue'],
      tags: { a: '1' }, appData: { k: 'v' }, defaultHostingPrecedence: 'default', defaultHostingCost: 3, serviceHostingCosts: { svc: 9 },
      permissions: ['identity.read'], authenticators: {}, enrollment: {}, hasApiSession: false, isMfaEnabled: false,
      hasEdgeRouterConnection: false, edgeRouterConnectionStatus: 'offline', disabled: false, disabledAt: null, disabledUntil: null,
    });
    expect(d._links['auth-policies']).toEqual({ href: './auth-policies/default' });

    // PUT replaces: optional fields left out become empty; the type given on update is stored.
    expectEmpty(await admin.put(`${BASE}/${id}`, { name: `${name}-put`, type: 'User', isAdmin: true, tags: { b: '2' } }));
    expect(await detail(id)).toMatchObject({
      name: `${name}-put`, typeId: 'User', isAdmin: true, externalId: null, roleAttributes: [], tags: { b: '2' }, appData: {},
      defaultHostingCost: 0, serviceHostingCosts: {}, permissions: [],
    });

    // PATCH: only keys present; null ignored; tags and appData replaced whole.
    expectEmpty(await admin.patch(`${BASE}/${id}`, { name: null, isAdmin: null, externalId: null, tags: { c: '3' }, appData: { x: true }, roleAttributes: ['red'] }));
    const patched = await detail(id);
    expect(patched).toMatchObject({ name: `${name}-put`, isAdmin: true, externalId: null, tags: { c: '3' }, appData: { x: true }, roleAttributes: ['red'] });
    expect(Date.parse(patched.updatedAt)).toBeGreaterThanOrEqual(Date.parse(d.updatedAt));

    expectEmpty(await admin.delete(`${BASE}/${id}`));
    expectError(await admin.get(`${BASE}/${id}`), 404, 'NOT_FOUND');
    expectError(await admin.delete(`${BASE}/${id}`), 404, 'NOT_FOUND');
    expectError(await admin.put(`${BASE}/${id}`, { name: 'x', type: 'User', isAdmin: false }), 404, 'NOT_FOUND');
    expectError(await admin.patch(`${BASE}/${id}`, { name: 'x' }), 404, 'NOT_FOUND');
  });

  it('lists with filter, sort and pagination, and names the filterable fields', async () => {
    const prefix = `ls-${randomId(6)}-`;
    for (const n of ['c', 'a', 'e', 'b', 'd']) await create({ name: prefix + n, isAdmin: n === 'e' });
    const res = await admin.get(`${BASE}?filter=${encodeURIComponent(`name startsWith "${prefix}"`)}&sort=${encodeURIComponent('name desc')}&limit=2&offset=1`);
    expect(res.status).toBe(200);
    expectBodySchema('listIdentitiesEnvelope', res);
    expect(res.body.data.map((i: any) => i.name)).toEqual([`${prefix}d`, `${prefix}c`]);
    expect(res.body.meta.pagination).toEqual({ limit: 2, offset: 1, totalCount: 5 });
    expect(res.body.meta.filterableFields).toEqual(expect.arrayContaining(['id', 'name', 'type', 'isAdmin', 'externalId', 'authPolicyId', 'createdAt', 'updatedAt']));
    const admins = await admin.get(`${BASE}?filter=${encodeURIComponent(`name startsWith "${prefix}" and isAdmin = true`)}`);
    expect(admins.body.data.map((i: any) => i.name)).toEqual([`${prefix}e`]);
    expectError(await admin.get(`${BASE}?filter=${encodeURIComponent('disabled = true')}`), 400, 'INVALID_FILTER');
  });

  it('a list shows each identity\'s authenticators and session, computed per page', async () => {
    const u = await user();
    await login(u.username);
    const res = await admin.get(`${BASE}?filter=${encodeURIComponent(`id = "${u.id}" or isDefaultAdmin = true`)}`);
    expectBodySchema('listIdentitiesEnvelope', res);
    const mine = res.body.data.find((i: any) => i.id === u.id);
    expect(mine).toMatchObject({ hasApiSession: true, authenticators: { updb: { username: u.username } } });
    expect(res.body.data.find((i: any) => i.isDefaultAdmin)).toMatchObject({ hasApiSession: true, authenticators: { updb: { username: 'admin' } } });
  });

  it('validates bodies: required fields, enums and shapes answer 400 COULD_NOT_VALIDATE naming the field', async () => {
    expectError(await admin.post(BASE, { type: 'User', isAdmin: false }), 400, 'COULD_NOT_VALIDATE', 'name');
    expectError(await admin.post(BASE, { name: `v-${randomId()}`, type: 'Robot', isAdmin: false }), 400, 'COULD_NOT_VALIDATE', 'type');
    expectError(await admin.post(BASE, { name: `v-${randomId()}`, type: 'User', isAdmin: false, tags: { deep: { x: 1 } } }), 400, 'COULD_NOT_VALIDATE', 'tags');
    expectError(await admin.post(BASE, { name: `v-${randomId()}`, type: 'User', isAdmin: false, permissions: ['root'] }), 400, 'COULD_NOT_VALIDATE', 'permissions');
    const id = await create();
    expectError(await admin.put(`${BASE}/${id}`, { name: 'x', type: 'User' }), 400, 'COULD_NOT_VALIDATE', 'isAdmin');
    expectError(await admin.patch(`${BASE}/${id}`, { defaultHostingCost: 70000 }), 400, 'COULD_NOT_VALIDATE', 'defaultHostingCost');
  });

  it('names are unique: create, PUT and PATCH onto a taken name answer 400 on field name', async () => {
    const name = `dup-${randomId()}`;
    await create({ name });
    expectError(await admin.post(BASE, { name, type: 'User', isAdmin: false }), 400, 'COULD_NOT_VALIDATE', 'name');
    const other = await create();
    expectError(await admin.put(`${BASE}/${other}`, { name, type: 'User', isAdmin: false }), 400, 'COULD_NOT_VALIDATE', 'name');
    expectError(await admin.patch(`${BASE}/${other}`, { name }), 400, 'COULD_NOT_VALIDATE', 'name');
  });

  it('externalId is unique when set; any number of identities may have none', async () => {
    const externalId = `ext-${randomId()}`;
    await create({ externalId });
    expectError(await admin.post(BASE, { name: `e-${randomId()}`, type: 'User', isAdmin: false, externalId }), 400, 'COULD_NOT_VALIDATE', 'externalId');
    const other = await create();
    expectError(await admin.patch(`${BASE}/${other}`, { externalId }), 400, 'COULD_NOT_VALIDATE', 'externalId');
    await create({ externalId: null });
    await create({ externalId: '' });
    expect((await detail(other)).externalId).toBeNull();
  });

  it('an unknown authPolicyId answers 400 on field authPolicyId; a known one is shown as an entityRef', async () => {
    const err = await admin.post(BASE, { name: `p-${randomId()}`, type: 'User', isAdmin: false, authPolicyId: 'no-such-policy' });
    expectError(err, 400, 'COULD_NOT_VALIDATE', 'authPolicyId');
    expect(err.body.error.cause.value).toBe('no-such-policy');
    const id = await create({ authPolicyId: '' });
    expect((await detail(id)).authPolicyId).toBe('default');
    expectError(await admin.patch(`${BASE}/${id}`, { authPolicyId: 'no-such-policy' }), 400, 'COULD_NOT_VALIDATE', 'authPolicyId');
    const policy = await createPolicyViaApi(t, { maxAttempts: 0 });
    expectEmpty(await admin.patch(`${BASE}/${id}`, { authPolicyId: policy.id }));
    expect((await detail(id)).authPolicy).toMatchObject({ id: policy.id, name: policy.name, _links: { self: { href: `./auth-policies/${policy.id}` } } });
  });

  describe('the default admin', () => {
    const defaultAdmin = async () => (await admin.get(`${BASE}?filter=${encodeURIComponent('isDefaultAdmin = true')}`)).body.data[0];

    it('isDefaultAdmin cannot be set or cleared by PUT or PATCH', async () => {
      const root = await defaultAdmin();
      expectEmpty(await admin.patch(`${BASE}/${root.id}`, { isDefaultAdmin: false }));
      expectEmpty(await admin.put(`${BASE}/${root.id}`, { name: root.name, type: 'User', isAdmin: true, isDefaultAdmin: false }));
      expect((await detail(root.id)).isDefaultAdmin).toBe(true);
      const id = await create({ isDefaultAdmin: true });
      expectEmpty(await admin.patch(`${BASE}/${id}`, { isDefaultAdmin: true }));
      expect((await detail(id)).isDefaultAdmin).toBe(false);
    });

    it('cannot be deleted: 400 ENTITY_CAN_NOT_BE_DELETED', async () => {
      const root = await defaultAdmin();
      expectError(await admin.delete(`${BASE}/${root.id}`), 400, 'ENTITY_CAN_NOT_BE_DELETED');
      await detail(root.id);
      expect((await admin.get(`${BASE}/${root.id}`)).status).toBe(200);
    });
  });

  describe('disable and enable', () => {
    it('disable ends the identity\'s sessions at once and refuses logins until enabled', async () => {
      const u = await user();
      const session = t.as((await t.login(u.username, PASSWORD)).token);
      expect((await session.get('/edge/client/v1/current-api-session')).status).toBe(200);
      expectEmpty(await admin.post(`${BASE}/${u.id}/disable`, { durationMinutes: 0 }));
      expectError(await session.get('/edge/client/v1/current-api-session'), 401, 'UNAUTHORIZED');
      expectError(await login(u.username), 401, 'INVALID_AUTH');
      expect(await detail(u.id)).toMatchObject({ disabled: true, disabledAt: t.clock.now().toISOString(), disabledUntil: null, hasApiSession: false });
      expectEmpty(await admin.post(`${BASE}/${u.id}/enable`));
      expect(await detail(u.id)).toMatchObject({ disabled: false, disabledAt: null, disabledUntil: null });
      expect((await login(u.username)).status).toBe(200);
    });

    it('a timed disable lapses by itself once its duration has passed', async () => {
      const u = await user();
      expectEmpty(await admin.post(`${BASE}/${u.id}/disable`, { durationMinutes: 1 }));
      const until = new Date(t.clock.now().getTime() + 60_000).toISOString();
      expect(await detail(u.id)).toMatchObject({ disabled: true, disabledUntil: until });
      expectError(await login(u.username), 401, 'INVALID_AUTH');
      t.clock.advance(59_000);
      expectError(await login(u.username), 401, 'INVALID_AUTH');
      t.clock.advance(2_000);
      expect((await login(u.username)).status).toBe(200);
      expect((await detail(u.id)).disabled).toBe(false);
    });

    it('enable also resets the failed-attempt count of a lockout policy', async () => {
      const policy = await createPolicyViaApi(t, { maxAttempts: 2 });
      const u = await user({ authPolicyId: policy.id });
      expectError(await login(u.username, 'wrong-password'), 401, 'INVALID_AUTH');
      expectEmpty(await admin.post(`${BASE}/${u.id}/enable`));
      // Without the reset this second failure would be the second in a row and lock the identity.
      expectError(await login(u.username, 'wrong-password'), 401, 'INVALID_AUTH');
      expect((await login(u.username)).status).toBe(200);
      for (let i = 0; i < 2; i++) expectError(await login(u.username, 'wrong-password'), 401, 'INVALID_AUTH');
      expectError(await login(u.username), 401, 'INVALID_AUTH');
      expectEmpty(await admin.post(`${BASE}/${u.id}/enable`));
      expect((await login(u.username)).status).toBe(200);
    });

    it('validates durationMinutes and answers 404 for an unknown identity', async () => {
      const id = await create();
      expectError(await admin.post(`${BASE}/${id}/disable`, {}), 400, 'COULD_NOT_VALIDATE', 'durationMinutes');
      expectError(await admin.post(`${BASE}/${id}/disable`, { durationMinutes: 1.5 }), 400, 'COULD_NOT_VALIDATE', 'durationMinutes');
      expect((await detail(id)).disabled).toBe(false);
      expectError(await admin.post(`${BASE}/no-such-id/disable`, { durationMinutes: 5 }), 404, 'NOT_FOUND');
      expectError(await admin.post(`${BASE}/no-such-id/enable`), 404, 'NOT_FOUND');
    });
  });

  describe('authenticators and delete', () => {
    it('lists the identity\'s authenticators without secrets; 404 for an unknown identity', async () => {
      const u = await user();
      const res = await admin.get(`${BASE}/${u.id}/authenticators`);
      expect(res.status).toBe(200);
      expectBodySchema('listAuthenticatorsEnvelope', res);
      expect(res.body.data).toEqual([expect.objectContaining({ method: 'updb', username: u.username, identityId: u.id, identity: expect.objectContaining({ id: u.id }) })]);
      expect(res.body.meta.pagination).toMatchObject({ offset: 0, totalCount: 1 });
      expect(res.text).not.toMatch(/argon2|passwordHash/);
      expect((await detail(u.id)).authenticators).toEqual({ updb: { id: res.body.data[0].id, username: u.username } });
      expectError(await admin.get(`${BASE}/no-such-id/authenticators`), 404, 'NOT_FOUND');
    });

    it('delete ends the identity\'s sessions and removes its authenticators', async () => {
      const u = await user();
      const session = t.as((await t.login(u.username, PASSWORD)).token);
      expectEmpty(await admin.delete(`${BASE}/${u.id}`));
      expectError(await session.get('/edge/client/v1/current-api-session'), 401, 'UNAUTHORIZED');
      expectError(await admin.get(`${BASE}/${u.id}/authenticators`), 404, 'NOT_FOUND');
      expect(await t.handle.app.get(AuthenticatorsService).listForIdentity(u.id)).toEqual([]);
      expectError(await login(u.username), 401, 'INVALID_AUTH');
    });
  });
});
