import { randomId } from '../../../src/common/crypto/random';
import { createIdentityViaApi } from '../../factories/identity.factory';
import { expectBodySchema, expectEmpty, expectError } from '../../support/expect-api';
import type { HttpResponse, HttpsClient } from '../../support/https-client';
import { TestContext } from '../../support/test-context';

const BASE = '/edge/management/v1/auth-policies';

const OPENZITI_DEFAULT = {
  name: 'Default',
  primary: {
    cert: { allowed: true, allowExpiredCerts: true },
    updb: { allowed: true, minPasswordLength: 5, requireSpecialChar: false, requireNumberChar: false, requireMixedCase: false, maxAttempts: 0, lockoutDurationMinutes: 0 },
    extJwt: { allowed: true, allowedSigners: [] },
  },
  secondary: { requireTotp: false, requireExtJwtSigner: null },
};

/** A complete create/PUT body; `over` replaces top-level keys. */
function body(name: string, over: Record<string, unknown> = {}) {
  return {
    name,
    primary: {
      cert: { allowed: false, allowExpiredCerts: false },
      updb: { allowed: true, minPasswordLength: 10, requireSpecialChar: true, requireNumberChar: true, requireMixedCase: false, maxAttempts: 3, lockoutDurationMinutes: 15 },
      extJwt: { allowed: false, allowedSigners: [] },
    },
    secondary: { requireTotp: false, requireExtJwtSigner: null },
    tags: { team: 'ops', tier: 1 },
    ...over,
  };
}

describe('/edge/management/v1/auth-policies', () => {
  let t: TestContext;
  let admin: HttpsClient;

  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  async function create(name = `policy-${randomId(6)}`, over: Record<string, unknown> = {}): Promise<string> {
    const res = await admin.post(BASE, body(name, over));
    expect(res.status).toBe(201);
    return res.body.data.id;
  }

  async function detail(id: string) {
    const res = await admin.get(`${BASE}/${id}`);
    expect(res.status).toBe(200);
    expectBodySchema('detailAuthPolicyEnvelope', res);
    return res.body.data;
  }

  /** An identity using the policy, created through the identities API. */
  const identityUsing = async (authPolicyId: string): Promise<string> => (await createIdentityViaApi(t, { authPolicyId })).id;

  it('refuses anonymous callers with 401 UNAUTHORIZED', async () => {
    expectError(await t.api.get(BASE), 401, 'UNAUTHORIZED');
    expectError(await t.api.get(`${BASE}/default`), 401, 'UNAUTHORIZED');
    expectError(await t.api.post(BASE, body('anon')), 401, 'UNAUTHORIZED');
    expectError(await t.api.delete(`${BASE}/default`), 401, 'UNAUTHORIZED');
  });

  describe('the default policy', () => {
    it('exists with OpenZiti\'s values', async () => {
      const res = await admin.get(`${BASE}/default`);
      expect(res.body).toEqual({
        data: { id: 'default', ...OPENZITI_DEFAULT, tags: {}, _links: { self: { href: './auth-policies/default' } }, createdAt: expect.any(String), updatedAt: expect.any(String) },
        meta: {},
      });
      expect(new Date(res.body.data.createdAt).toISOString()).toBe(res.body.data.createdAt);
      expectBodySchema('detailAuthPolicyEnvelope', res);
    });

    it('can be PUT and PATCHed', async () => {
      const put = { ...OPENZITI_DEFAULT, primary: { ...OPENZITI_DEFAULT.primary, updb: { ...OPENZITI_DEFAULT.primary.updb, maxAttempts: 7 } }, tags: { edited: true } };
      expectEmpty(await admin.put(`${BASE}/default`, put));
      expect(await detail('default')).toMatchObject({ primary: { updb: { maxAttempts: 7 } }, tags: { edited: true } });
      expectEmpty(await admin.patch(`${BASE}/default`, { primary: { updb: { maxAttempts: 0 } }, tags: {} }));
      expect(await detail('default')).toMatchObject({ ...OPENZITI_DEFAULT, tags: {} });
    });

    it('cannot be deleted: 409 listing the identities that use it (the default admin)', async () => {
      const res = await admin.delete(`${BASE}/default`);
      expectError(res, 409, 'CAN_NOT_DELETE_REFERENCED_ENTITY');
      const rows: { id: string }[] = await t.handle.ctx.dataSource.query("SELECT id FROM identities WHERE auth_policy_id = 'default' ORDER BY id");
      expect(rows.length).toBeGreaterThan(0);
      expect(res.body.error.cause).toEqual({ field: 'authPolicyId', value: rows.map((r) => r.id), reason: expect.any(String) });
      expect((await admin.get(`${BASE}/default`)).status).toBe(200);
    });
  });

  it('create, read, replace, patch and delete round trip', async () => {
    const name = `crud-${randomId(6)}`;
    const createdAt = t.clock.now().toISOString();
    const res = await admin.post(BASE, body(name));
    expect(res.status).toBe(201);
    const id = res.body.data.id;
    expect(res.body).toEqual({ data: { id, _links: { self: { href: `./auth-policies/${id}` } } }, meta: {} });
    expectBodySchema('createEnvelope', res);

    const { id: _id, _links, createdAt: c, updatedAt: u, ...rest } = await detail(id);
    expect(rest).toEqual(body(name));
    expect(_links).toEqual({ self: { href: `./auth-policies/${id}` } });
    expect([c, u]).toEqual([createdAt, createdAt]);

    t.clock.advance(1000);
    const replaced = body(`${name}-put`, { tags: undefined, secondary: { requireTotp: true } });
    expectEmpty(await admin.put(`${BASE}/${id}`, replaced));
    const afterPut = await detail(id);
    expect(afterPut).toMatchObject({ name: `${name}-put`, tags: {}, secondary: { requireTotp: true, requireExtJwtSigner: null } });
    expect(afterPut.createdAt).toBe(createdAt);
    expect(afterPut.updatedAt).toBe(t.clock.now().toISOString());

    expectEmpty(await admin.patch(`${BASE}/${id}`, { primary: { cert: { allowed: true } } }));
    expect(await detail(id)).toMatchObject({ name: `${name}-put`, primary: { cert: { allowed: true, allowExpiredCerts: false } } });

    expectEmpty(await admin.delete(`${BASE}/${id}`));
    expectError(await admin.get(`${BASE}/${id}`), 404, 'NOT_FOUND');
  });

  it('drops unknown properties instead of failing', async () => {
    const res = await admin.post(BASE, { ...body(`extra-${randomId(6)}`), isSystem: true, bogus: { x: 1 } });
    expect(res.status).toBe(201);
    const d = await detail(res.body.data.id);
    expect(d).not.toHaveProperty('isSystem');
    expect(d).not.toHaveProperty('bogus');
  });

  describe('validation', () => {
    it('PUT missing a required field: 400 COULD_NOT_VALIDATE naming its path', async () => {
      const id = await create();
      const b = body('missing');
      const { maxAttempts: _m, ...updb } = b.primary.updb;
      const res = await admin.put(`${BASE}/${id}`, { ...b, primary: { ...b.primary, updb } });
      expectError(res, 400, 'COULD_NOT_VALIDATE');
      expect(res.body.error.cause).toMatchObject({ field: 'primary.updb.maxAttempts' });
    });

    it.each([
      ['name', { name: undefined }],
      ['secondary', { secondary: undefined }],
      ['primary.extJwt', { primary: { cert: { allowed: true, allowExpiredCerts: true }, updb: body('x').primary.updb } }],
      ['primary.updb.minPasswordLength', { primary: { ...body('x').primary, updb: { ...body('x').primary.updb, minPasswordLength: '8' } } }],
      ['primary.cert.allowed', { primary: { ...body('x').primary, cert: { allowed: 'yes', allowExpiredCerts: true } } }],
      ['primary.extJwt.allowedSigners', { primary: { ...body('x').primary, extJwt: { allowed: true, allowedSigners: [1] } } }],
      ['tags', { tags: ['a'] }],
    ])('POST with a bad %s: 400 naming it', async (field, over) => {
      const res = await admin.post(BASE, body(`bad-${randomId(6)}`, over));
      expectError(res, 400, 'COULD_NOT_VALIDATE');
      expect(res.body.error.cause.field).toBe(field);
    });

    it('a name already used: 400 COULD_NOT_VALIDATE on name (create, PUT and PATCH)', async () => {
      const taken = `taken-${randomId(6)}`;
      await create(taken);
      const id = await create();
      for (const res of [await admin.post(BASE, body(taken)), await admin.put(`${BASE}/${id}`, body(taken)), await admin.patch(`${BASE}/${id}`, { name: taken })]) {
        expectError(res, 400, 'COULD_NOT_VALIDATE');
        expect(res.body.error.cause).toMatchObject({ field: 'name', value: taken });
      }
    });

    /** A real external JWT signer, made through its management API. */
    async function signer(): Promise<string> {
      const res = await admin.post('/edge/management/v1/external-jwt-signers', {
        name: `signer-${randomId(6)}`, enabled: true, issuer: `https://idp.test/${randomId()}`, audience: 'openziti', jwksEndpoint: 'http://127.0.0.1:9/jwks',
      });
      expect(res.status).toBe(201);
      return res.body.data.id;
    }

    it('existing external JWT signers are accepted in allowedSigners and requireExtJwtSigner', async () => {
      const [a, b] = [await signer(), await signer()];
      const extJwt = (allowedSigners: string[]) => ({ primary: { ...body('x').primary, extJwt: { allowed: true, allowedSigners } } });
      const id = await create(`s-${randomId(6)}`, { ...extJwt([a, b]), secondary: { requireTotp: false, requireExtJwtSigner: b } });
      expect(await detail(id)).toMatchObject({ primary: { extJwt: { allowed: true, allowedSigners: [a, b] } }, secondary: { requireExtJwtSigner: b } });
      expectEmpty(await admin.put(`${BASE}/${id}`, body(`s-${randomId(6)}`, { ...extJwt([b]), secondary: { requireTotp: false, requireExtJwtSigner: a } })));
      expectEmpty(await admin.patch(`${BASE}/${id}`, { primary: { extJwt: { allowedSigners: [a] } } }));
      expect(await detail(id)).toMatchObject({ primary: { extJwt: { allowedSigners: [a] } }, secondary: { requireExtJwtSigner: a } });
    });

    it('an unknown external JWT signer: 404 NOT_FOUND naming the field', async () => {
      const id = await create();
      const known = await signer();
      const signers = (allowedSigners: string[]) => ({ primary: { ...body('x').primary, extJwt: { allowed: true, allowedSigners } } });
      const cases: [Promise<HttpResponse>, string, string][] = [
        [admin.post(BASE, body(`s-${randomId(6)}`, signers(['nope-1', 'nope-2']))), 'primary.extJwt.allowedSigners[0]', 'nope-1'],
        [admin.post(BASE, body(`s-${randomId(6)}`, signers([known, 'nope-6']))), 'primary.extJwt.allowedSigners[1]', 'nope-6'],
        [admin.put(`${BASE}/${id}`, body('s', { secondary: { requireTotp: false, requireExtJwtSigner: 'nope-3' } })), 'secondary.requireExtJwtSigner', 'nope-3'],
        [admin.patch(`${BASE}/${id}`, { primary: { extJwt: { allowedSigners: ['nope-4'] } } }), 'primary.extJwt.allowedSigners[0]', 'nope-4'],
        [admin.patch(`${BASE}/${id}`, { secondary: { requireExtJwtSigner: 'nope-5' } }), 'secondary.requireExtJwtSigner', 'nope-5'],
      ];
      for (const [pending, field, value] of cases) {
        const res = await pending;
        expectError(res, 404, 'NOT_FOUND');
        expect(res.body.error.cause).toEqual({ field, value, reason: expect.any(String) });
      }
      expect(await detail(id)).toMatchObject({ primary: { extJwt: { allowedSigners: [] } }, secondary: { requireExtJwtSigner: null } });
    });

    it('unknown ids: 404 NOT_FOUND on every verb', async () => {
      expectError(await admin.get(`${BASE}/no-such-id`), 404, 'NOT_FOUND');
      expectError(await admin.put(`${BASE}/no-such-id`, body(`x-${randomId(6)}`)), 404, 'NOT_FOUND');
      expectError(await admin.patch(`${BASE}/no-such-id`, { name: 'x' }), 404, 'NOT_FOUND');
      expectError(await admin.delete(`${BASE}/no-such-id`), 404, 'NOT_FOUND');
    });
  });

  describe('normalisation on persist', () => {
    const low = { minPasswordLength: 2, maxAttempts: -3, lockoutDurationMinutes: -1 };
    const clamped = { minPasswordLength: 5, maxAttempts: 0, lockoutDurationMinutes: 0 };

    it('clamps low values on create and PUT', async () => {
      const b = body('x');
      const id = await create(`low-${randomId(6)}`, { primary: { ...b.primary, updb: { ...b.primary.updb, ...low } } });
      expect((await detail(id)).primary.updb).toMatchObject(clamped);
      expectEmpty(await admin.patch(`${BASE}/${id}`, { primary: { updb: { minPasswordLength: 9, maxAttempts: 4, lockoutDurationMinutes: 2 } } }));
      expectEmpty(await admin.put(`${BASE}/${id}`, body(`low-${randomId(6)}`, { primary: { ...b.primary, updb: { ...b.primary.updb, ...low } } })));
      expect((await detail(id)).primary.updb).toMatchObject(clamped);
    });

    it('clamps low values on PATCH', async () => {
      const id = await create();
      expectEmpty(await admin.patch(`${BASE}/${id}`, { primary: { updb: low } }));
      expect((await detail(id)).primary.updb).toMatchObject(clamped);
    });
  });

  describe('PATCH', () => {
    it('ignores null and absent keys, changes only the keys present', async () => {
      const name = `patch-${randomId(6)}`;
      const id = await create(name);
      const before = await detail(id);
      t.clock.advance(1000);
      expectEmpty(await admin.patch(`${BASE}/${id}`, {
        name: null,
        tags: null,
        primary: { cert: null, updb: { requireMixedCase: true, minPasswordLength: null }, extJwt: { allowed: null, allowedSigners: null } },
        secondary: { requireTotp: null, requireExtJwtSigner: null },
      }));
      const after = await detail(id);
      expect(after).toEqual({
        ...before,
        updatedAt: t.clock.now().toISOString(),
        // Only this key changed; OpenZiti's cross-wiring of requireNumberChar/minPasswordLength is not copied.
        primary: { ...before.primary, updb: { ...before.primary.updb, requireMixedCase: true } },
      });
    });

    it('replaces tags wholesale', async () => {
      const id = await create();
      expectEmpty(await admin.patch(`${BASE}/${id}`, { tags: { only: 'this' } }));
      expect((await detail(id)).tags).toEqual({ only: 'this' });
    });

    it('an empty body changes nothing', async () => {
      const id = await create();
      const before = await detail(id);
      expectEmpty(await admin.patch(`${BASE}/${id}`, {}));
      expect(await detail(id)).toEqual(before);
    });
  });

  it('delete of a policy used by an identity: 409 listing it, allowed once the identity moves', async () => {
    const id = await create();
    const identityId = await identityUsing(id);
    const res = await admin.delete(`${BASE}/${id}`);
    expectError(res, 409, 'CAN_NOT_DELETE_REFERENCED_ENTITY');
    expect(res.body.error.cause).toEqual({ field: 'authPolicyId', value: [identityId], reason: expect.stringContaining('referenced by 1 identity') });
    expectEmpty(await admin.patch(`/edge/management/v1/identities/${identityId}`, { authPolicyId: 'default' }));
    expectEmpty(await admin.delete(`${BASE}/${id}`));
  });

  describe('list', () => {
    const prefix = `list-${randomId(6)}-`;
    const mine = encodeURIComponent(`name startsWith "${prefix}"`);
    beforeAll(async () => {
      for (const n of ['c', 'a', 'd', 'b']) {
        t.clock.advance(1000);
        await create(prefix + n);
      }
    });
    const names = (res: HttpResponse) => res.body.data.map((p: { name: string }) => p.name.slice(prefix.length));

    it('filters, sorts by name by default and reports pagination and filterable fields', async () => {
      const res = await admin.get(`${BASE}?filter=${mine}`);
      expect(res.status).toBe(200);
      expectBodySchema('listAuthPoliciesEnvelope', res);
      expect(names(res)).toEqual(['a', 'b', 'c', 'd']);
      expect(res.body.meta.pagination).toEqual({ limit: 10, offset: 0, totalCount: 4 });
      expect(res.body.meta.filterableFields).toEqual(expect.arrayContaining(['id', 'name', 'createdAt', 'updatedAt']));
    });

    it('sorts, limits and offsets', async () => {
      const res = await admin.get(`${BASE}?filter=${mine}&sort=${encodeURIComponent('createdAt desc')}&limit=2&offset=1`);
      expectBodySchema('listAuthPoliciesEnvelope', res);
      expect(names(res)).toEqual(['d', 'a']);
      expect(res.body.meta.pagination).toEqual({ limit: 2, offset: 1, totalCount: 4 });
    });

    it('includes the default policy in an unfiltered list', async () => {
      const res = await admin.get(`${BASE}?limit=500`);
      expectBodySchema('listAuthPoliciesEnvelope', res);
      expect(res.body.data.map((p: { id: string }) => p.id)).toContain('default');
      expect(res.body.meta.pagination.totalCount).toBe(res.body.data.length);
    });

    it('rejects a bad filter, sort or page with the OpenZiti codes', async () => {
      expectError(await admin.get(`${BASE}?filter=${encodeURIComponent('name = ')}`), 400, 'INVALID_FILTER');
      expectError(await admin.get(`${BASE}?filter=${encodeURIComponent('maxAttempts = 1')}`), 400, 'INVALID_FILTER');
      expectError(await admin.get(`${BASE}?sort=${encodeURIComponent('bogus asc')}`), 400, 'INVALID_SORT_IDENTIFIER');
      expectError(await admin.get(`${BASE}?limit=ten`), 400, 'INVALID_PAGINATION');
    });
  });
});
