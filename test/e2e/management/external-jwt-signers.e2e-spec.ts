import { randomId } from '../../../src/common/crypto/random';
import { createRootCa } from '../../../src/x509/ca';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { expectBodySchema, expectEmpty, expectError } from '../../support/expect-api';
import type { HttpResponse, HttpsClient } from '../../support/https-client';
import { schemaErrors, swaggerAvailable } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const BASE = '/edge/management/v1/external-jwt-signers';
const POLICIES = '/edge/management/v1/auth-policies';
const JWKS = 'http://127.0.0.1:9/jwks';

/**
 * OpenZiti sends null for these unset values although its swagger types them as non-nullable; ztc does the
 * same. Exactly "<item>/<field> must be <type>" is tolerated for such a field whose value is null; any
 * other violation fails.
 */
const NULL_ON_WIRE: Record<string, string> = { fingerprint: 'string', kid: 'string', externalAuthUrl: 'string', clientId: 'string', scopes: 'array' };

function expectSignerSchema(definition: string, res: HttpResponse): void {
  if (!swaggerAvailable()) return;
  const data = res.body.data;
  const items: [string, Record<string, unknown>][] = Array.isArray(data) ? data.map((d, i) => [`/data/${i}`, d]) : [['/data', data]];
  const tolerated = new Set(items.flatMap(([path, d]) => Object.entries(NULL_ON_WIRE).filter(([k]) => d[k] === null).map(([k, type]) => `${path}/${k} must be ${type}`)));
  expect({ [definition]: schemaErrors('management', definition, res.body).filter((e) => !tolerated.has(e)) }).toEqual({ [definition]: [] });
}

const jwksBody = (over: Record<string, unknown> = {}) => ({ name: `s-${randomId()}`, enabled: true, issuer: `https://idp.test/${randomId()}`, audience: 'openziti', jwksEndpoint: JWKS, ...over });
const certBody = (certPem: string, over: Record<string, unknown> = {}) => jwksBody({ jwksEndpoint: undefined, certPem, ...over });
/** A CA certificate works as a signing certificate: all a certPem signer needs is its public key. */
const newCert = (cn = `signer-${randomId(6)}`) => createRootCa({ commonName: cn, validityDays: 30 }).certPem;

function policyBody(over: { cert?: boolean; extJwt?: boolean; allowedSigners?: string[]; requireExtJwtSigner?: string | null } = {}) {
  return {
    name: `p-${randomId()}`,
    primary: {
      cert: { allowed: over.cert ?? true, allowExpiredCerts: true },
      updb: { allowed: true, minPasswordLength: 5, requireSpecialChar: false, requireNumberChar: false, requireMixedCase: false, maxAttempts: 0, lockoutDurationMinutes: 0 },
      extJwt: { allowed: over.extJwt ?? true, allowedSigners: over.allowedSigners ?? [] },
    },
    secondary: { requireTotp: false, requireExtJwtSigner: over.requireExtJwtSigner ?? null },
  };
}

describe('management /external-jwt-signers', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  async function create(body: Record<string, unknown>): Promise<string> {
    const res = await admin.post(BASE, body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ data: { id: res.body.data.id, _links: { self: { href: `./external-jwt-signers/${res.body.data.id}` } } }, meta: {} });
    expectBodySchema('createEnvelope', res);
    return res.body.data.id;
  }
  async function detail(id: string): Promise<any> {
    const res = await admin.get(`${BASE}/${id}`);
    expect(res.status).toBe(200);
    expectSignerSchema('detailExternalJwtSignerEnvelope', res);
    return res.body.data;
  }
  async function policy(over: Parameters<typeof policyBody>[0] = {}): Promise<string> {
    const res = await admin.post(POLICIES, policyBody(over));
    expect(res.status).toBe(201);
    return res.body.data.id;
  }
  async function bad(pending: Promise<HttpResponse>, field: string, code = 'COULD_NOT_VALIDATE') {
    const res = await pending;
    expectError(res, 400, code, field);
    return res.body.error.cause;
  }

  it('refuses anonymous callers with 401 UNAUTHORIZED', async () => {
    expectError(await t.api.get(BASE), 401, 'UNAUTHORIZED');
    expectError(await t.api.get(`${BASE}/x`), 401, 'UNAUTHORIZED');
    expectError(await t.api.post(BASE, jwksBody()), 401, 'UNAUTHORIZED');
    expectError(await t.api.put(`${BASE}/x`, jwksBody()), 401, 'UNAUTHORIZED');
    expectError(await t.api.patch(`${BASE}/x`, { enabled: false }), 401, 'UNAUTHORIZED');
    expectError(await t.api.delete(`${BASE}/x`), 401, 'UNAUTHORIZED');
  });

  it('round trip of a JWKS signer: OpenZiti defaults, PUT, PATCH, list, delete', async () => {
    const body = jwksBody();
    const id = await create(body);
    expect(await detail(id)).toEqual({
      id, createdAt: expect.any(String), updatedAt: expect.any(String), _links: { self: { href: `./external-jwt-signers/${id}` } }, tags: {},
      name: body.name, enabled: true, certPem: null, jwksEndpoint: JWKS, fingerprint: null, commonName: '',
      notBefore: '0001-01-01T00:00:00.000Z', notAfter: '0001-01-01T00:00:00.000Z', kid: null, issuer: body.issuer, audience: 'openziti',
      externalAuthUrl: null, claimsProperty: '/sub', useExternalId: false, clientId: null, scopes: null, targetToken: 'ACCESS',
      enrollToCertEnabled: false, enrollToTokenEnabled: false, enrollAuthPolicyId: 'default', enrollNameClaimsSelector: '/sub',
    });

    const put = jwksBody({
      kid: `k-${randomId()}`, externalAuthUrl: 'https://idp.test/auth', claimsProperty: 'email', useExternalId: true, clientId: 'ziti', scopes: ['openid', 'email'],
      targetToken: 'ID', tags: { team: 'id' }, enrollAttributeClaimsSelector: '/groups', enrollNameClaimsSelector: '/name', enrollToTokenEnabled: true,
    });
    t.clock.advance(1000);
    expectEmpty(await admin.put(`${BASE}/${id}`, put));
    expect(await detail(id)).toMatchObject({ ...put, updatedAt: t.clock.now().toISOString() });

    // PUT is a full replacement: omitted optional fields return to their defaults, a null targetToken to ACCESS.
    expectEmpty(await admin.put(`${BASE}/${id}`, { ...body, targetToken: null, claimsProperty: '' }));
    expect(await detail(id)).toMatchObject({ kid: null, clientId: null, scopes: null, targetToken: 'ACCESS', claimsProperty: '/sub', useExternalId: false, tags: {}, enrollToTokenEnabled: false });

    const before = await detail(id);
    t.clock.advance(1000);
    expectEmpty(await admin.patch(`${BASE}/${id}`, { enabled: false, scopes: ['x'], name: null, issuer: null, targetToken: null }));
    expect(await detail(id)).toEqual({ ...before, enabled: false, scopes: ['x'], updatedAt: t.clock.now().toISOString() });

    const list = await admin.get(`${BASE}?filter=${encodeURIComponent(`id = "${id}"`)}`);
    expectSignerSchema('listExternalJwtSignersEnvelope', list);
    expect(list.body.data).toEqual([await detail(id)]);
    expect(list.body.meta).toEqual({ pagination: { limit: 10, offset: 0, totalCount: 1 }, filterableFields: expect.arrayContaining(['name', 'issuer', 'enabled', 'kid']) });

    expectEmpty(await admin.delete(`${BASE}/${id}`));
    expectError(await admin.get(`${BASE}/${id}`), 404, 'NOT_FOUND');
  });

  it('a certificate signer shows the facts derived from its certificate', async () => {
    const pem = newCert('idp signing cert');
    const id = await create(certBody(pem));
    const d = await detail(id);
    expect(d).toMatchObject({ certPem: pem, jwksEndpoint: null, fingerprint: sha1Fingerprint(pem), commonName: 'idp signing cert', kid: null });
    expect(Date.parse(d.notBefore)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(d.notAfter) - Date.parse(d.notBefore)).toBeGreaterThan(29 * 86_400_000);
  });

  describe('validation', () => {
    it('exactly one of certPem and jwksEndpoint, on create, PUT and PATCH', async () => {
      const pem = newCert();
      expect(await bad(admin.post(BASE, certBody(pem, { jwksEndpoint: JWKS })), 'certPem')).toMatchObject({ reason: 'certPem and jwksEndpoint are mutually exclusive' });
      expect(await bad(admin.post(BASE, jwksBody({ jwksEndpoint: null })), 'certPem')).toMatchObject({ reason: 'one of certPem or jwksEndpoint is required' });
      await bad(admin.post(BASE, jwksBody({ jwksEndpoint: '  ', certPem: '' })), 'certPem');
      const id = await create(jwksBody());
      await bad(admin.put(`${BASE}/${id}`, certBody(pem, { jwksEndpoint: JWKS })), 'certPem');
      await bad(admin.patch(`${BASE}/${id}`, { certPem: pem }), 'certPem');
      await bad(admin.patch(`${BASE}/${id}`, { jwksEndpoint: '' }), 'certPem');
      // Switching key source by PATCH: set the new one, blank the old one.
      expectEmpty(await admin.patch(`${BASE}/${id}`, { certPem: pem, jwksEndpoint: '' }));
      expect(await detail(id)).toMatchObject({ certPem: pem, jwksEndpoint: null, fingerprint: sha1Fingerprint(pem) });
    });

    it('certPem must hold exactly one certificate: 400 INVALID_CERT_PEM', async () => {
      const two = newCert() + newCert();
      expect(await bad(admin.post(BASE, certBody(two)), 'certPem', 'INVALID_CERT_PEM')).toMatchObject({ reason: 'expected exactly one certificate, found 2' });
      await bad(admin.post(BASE, certBody('garbage')), 'certPem', 'INVALID_CERT_PEM');
      await bad(admin.post(BASE, certBody('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')), 'certPem', 'INVALID_CERT_PEM');
      const id = await create(jwksBody());
      await bad(admin.patch(`${BASE}/${id}`, { certPem: two, jwksEndpoint: '' }), 'certPem', 'INVALID_CERT_PEM');
    });

    it('name, issuer, kid and certificate are unique (create, PUT and PATCH)', async () => {
      const pem = newCert();
      const kid = `kid-${randomId()}`;
      const taken = certBody(pem, { kid });
      await create(taken);
      const other = await create(jwksBody());
      expect(await bad(admin.post(BASE, jwksBody({ name: taken.name })), 'name')).toMatchObject({ value: taken.name });
      expect(await bad(admin.post(BASE, jwksBody({ issuer: taken.issuer })), 'issuer')).toMatchObject({ value: taken.issuer });
      expect(await bad(admin.post(BASE, jwksBody({ kid })), 'kid')).toMatchObject({ value: kid });
      expect(await bad(admin.post(BASE, certBody(pem)), 'certPem')).toMatchObject({ reason: expect.stringContaining(sha1Fingerprint(pem)) });
      await bad(admin.put(`${BASE}/${other}`, jwksBody({ issuer: taken.issuer })), 'issuer');
      await bad(admin.patch(`${BASE}/${other}`, { name: taken.name }), 'name');
      await bad(admin.patch(`${BASE}/${other}`, { certPem: pem, jwksEndpoint: '' }), 'certPem');
    });

    it('concurrent creates with one name: one 201, the rest 400 naming the field, never a 500', async () => {
      const name = `race-${randomId()}`;
      const results = await Promise.all([1, 2, 3].map(() => admin.post(BASE, jwksBody({ name }))));
      expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400]);
      for (const r of results.filter((x) => x.status === 400)) expectError(r, 400, 'COULD_NOT_VALIDATE', 'name');
    });

    it('name, enabled, issuer and audience are required; issuer and audience may not be blank', async () => {
      for (const field of ['name', 'enabled', 'issuer', 'audience']) await bad(admin.post(BASE, jwksBody({ [field]: undefined })), field);
      await bad(admin.post(BASE, jwksBody({ issuer: '  ' })), 'issuer');
      await bad(admin.post(BASE, jwksBody({ audience: '' })), 'audience');
      const id = await create(jwksBody());
      await bad(admin.put(`${BASE}/${id}`, jwksBody({ audience: undefined })), 'audience');
      await bad(admin.patch(`${BASE}/${id}`, { issuer: ' ' }), 'issuer');
      await bad(admin.post(BASE, jwksBody({ targetToken: 'REFRESH' })), 'targetToken');
      for (const url of ['not a url', 'javascript:alert(1)', 'file:///etc/passwd']) await bad(admin.post(BASE, jwksBody({ externalAuthUrl: url })), 'externalAuthUrl');
    });

    it('claim selectors are JSON pointers whose leading slash is optional', async () => {
      for (const field of ['claimsProperty', 'enrollNameClaimsSelector', 'enrollAttributeClaimsSelector']) await bad(admin.post(BASE, jwksBody({ [field]: '/a~2' })), field);
      const id = await create(jwksBody({ claimsProperty: 'custom~1id', enrollNameClaimsSelector: '' }));
      expect(await detail(id)).toMatchObject({ claimsProperty: 'custom~1id', enrollNameClaimsSelector: '/sub' });
    });

    it.each([
      ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local or cloud metadata address'],
      ['http://[fe80::1]/', 'fe80::1 is a link-local or cloud metadata address'],
      ['http://0xA9FEA9FE/jwks', '169.254.169.254 is a link-local or cloud metadata address'],
      ['http://0.0.0.0/jwks', '0.0.0.0 is an unspecified address'],
      ['ftp://x/jwks', 'scheme "ftp" is not allowed, only http and https'],
      ['http://ztc-test.invalid/jwks', 'could not be resolved'],
      ['no url', 'not a valid absolute URL'],
    ])('jwksEndpoint %s is refused: %s', async (url, reason) => {
      expect(await bad(admin.post(BASE, jwksBody({ jwksEndpoint: url })), 'jwksEndpoint')).toEqual({ field: 'jwksEndpoint', value: url, reason: expect.stringContaining(reason) });
      const id = await create(jwksBody());
      await bad(admin.patch(`${BASE}/${id}`, { jwksEndpoint: url }), 'jwksEndpoint');
    });

    it('jwksEndpoint on loopback is allowed by default (a local IdP)', async () => {
      for (const url of ['http://127.0.0.1:9/jwks', 'http://[::1]:9/jwks', 'https://localhost:9/jwks']) expect((await admin.post(BASE, jwksBody({ jwksEndpoint: url }))).status).toBe(201);
    });

    it('enrollAuthPolicyId must exist and allow what the signer enrolls for', async () => {
      await bad(admin.post(BASE, jwksBody({ enrollAuthPolicyId: 'no-such-policy' })), 'enrollAuthPolicyId');
      const noJwt = await policy({ extJwt: false });
      const noCert = await policy({ cert: false });
      await bad(admin.post(BASE, jwksBody({ enrollAuthPolicyId: noJwt, enrollToTokenEnabled: true })), 'enrollToTokenEnabled');
      await bad(admin.post(BASE, jwksBody({ enrollAuthPolicyId: noCert, enrollToCertEnabled: true })), 'enrollToCertEnabled');
      const id = await create(jwksBody({ enrollAuthPolicyId: noJwt, enrollToCertEnabled: true }));
      await bad(admin.patch(`${BASE}/${id}`, { enrollToTokenEnabled: true }), 'enrollToTokenEnabled');
      expectEmpty(await admin.patch(`${BASE}/${id}`, { enrollAuthPolicyId: '', enrollToTokenEnabled: true }));
      expect(await detail(id)).toMatchObject({ enrollAuthPolicyId: 'default', enrollToTokenEnabled: true, enrollToCertEnabled: true });
    });
  });

  describe('references from auth policies', () => {
    it('deleting a signer a policy names is 409 until the policy lets go', async () => {
      const a = await create(jwksBody());
      const b = await create(jwksBody());
      const p1 = await policy({ allowedSigners: [a, b] });
      const p2 = await policy({ requireExtJwtSigner: b });
      const refused = await admin.delete(`${BASE}/${a}`);
      expectError(refused, 409, 'CAN_NOT_DELETE_REFERENCED_ENTITY');
      expect(refused.body.error.cause).toEqual({ field: 'primary.extJwt.allowedSigners', value: [p1], reason: `external JWT signer ${a} is referenced by 1 auth policy` });
      expectEmpty(await admin.patch(`${POLICIES}/${p1}`, { primary: { extJwt: { allowedSigners: [] } } }));
      expectEmpty(await admin.delete(`${BASE}/${a}`));
      const required = await admin.delete(`${BASE}/${b}`);
      expectError(required, 409, 'CAN_NOT_DELETE_REFERENCED_ENTITY');
      expect(required.body.error.cause).toMatchObject({ field: 'secondary.requireExtJwtSigner', value: [p2] });
      // A PATCH cannot clear requireExtJwtSigner (null means unchanged); a PUT can.
      expectEmpty(await admin.put(`${POLICIES}/${p2}`, policyBody()));
      expectEmpty(await admin.delete(`${BASE}/${b}`));
      expectError(await admin.patch(`${POLICIES}/${p2}`, { secondary: { requireExtJwtSigner: b } }), 404, 'NOT_FOUND', 'secondary.requireExtJwtSigner');
    });

    it('a policy a signer enrolls with cannot be deleted', async () => {
      const p = await policy();
      const s = await create(jwksBody({ enrollAuthPolicyId: p }));
      const res = await admin.delete(`${POLICIES}/${p}`);
      expectError(res, 409, 'CAN_NOT_DELETE_REFERENCED_ENTITY');
      expect(res.body.error.cause).toMatchObject({ field: 'enrollAuthPolicyId', value: [s] });
    });
  });

  it('unknown ids: 404 NOT_FOUND on every verb', async () => {
    expectError(await admin.get(`${BASE}/no-such-id`), 404, 'NOT_FOUND');
    expectError(await admin.put(`${BASE}/no-such-id`, jwksBody()), 404, 'NOT_FOUND');
    expectError(await admin.patch(`${BASE}/no-such-id`, { enabled: false }), 404, 'NOT_FOUND');
    expectError(await admin.delete(`${BASE}/no-such-id`), 404, 'NOT_FOUND');
  });

  it('lists with filter, sort and paging; bad filters answer the OpenZiti codes', async () => {
    const prefix = `lst-${randomId(6)}-`;
    for (const n of ['c', 'a', 'b']) await create(jwksBody({ name: prefix + n, enabled: n !== 'b' }));
    const mine = `name startsWith "${prefix}"`;
    const res = await admin.get(`${BASE}?filter=${encodeURIComponent(mine)}&sort=${encodeURIComponent('name desc')}&limit=2&offset=1`);
    expectSignerSchema('listExternalJwtSignersEnvelope', res);
    expect(res.body.data.map((s: { name: string }) => s.name)).toEqual([`${prefix}b`, `${prefix}a`]);
    expect(res.body.meta.pagination).toEqual({ limit: 2, offset: 1, totalCount: 3 });
    const disabled = await admin.get(`${BASE}?filter=${encodeURIComponent(`${mine} and enabled = false`)}`);
    expect(disabled.body.data.map((s: { name: string }) => s.name)).toEqual([`${prefix}b`]);
    expectError(await admin.get(`${BASE}?filter=${encodeURIComponent('certPem = "x"')}`), 400, 'INVALID_FILTER');
    expectError(await admin.get(`${BASE}?sort=${encodeURIComponent('bogus asc')}`), 400, 'INVALID_SORT_IDENTIFIER');
  });
});
