import { randomId } from '../../../src/common/crypto/random';
import { createRootCa } from '../../../src/x509/ca';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { issueServerCertificate } from '../../../src/x509/server-cert';
import { createIdentityViaApi, createPolicyViaApi, createUpdbViaApi } from '../../factories/identity.factory';
import { expectEmpty, expectError } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const BASE = '/edge/management/v1/authenticators';
const AUTHENTICATE = '/edge/client/v1/authenticate?method=password';

describeWithSwagger('/edge/management/v1/authenticators', () => {
  let t: TestContext;
  let admin: HttpsClient;
  let strictPolicyId: string;

  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_ARGON2_MEMORY_KIB: '1024', ZT_ARGON2_ITERATIONS: '1' } });
    admin = await t.admin();
    strictPolicyId = (await createPolicyViaApi(t, { minPasswordLength: 10, requireSpecialChar: true })).id;
  });
  afterAll(() => t.stop());

  /** A new non-admin identity, created through the API. */
  const identity = (authPolicyId = 'default') => createIdentityViaApi(t, { authPolicyId });
  /** A updb authenticator tagged `{ team: 'ops' }`, created through the API. */
  const createUpdb = (identityId: string, fields: { password?: string } = {}) => createUpdbViaApi(t, identityId, { tags: { team: 'ops' }, ...fields });

  const loginStatus = async (username: string, password: string) => (await t.api.post(AUTHENTICATE, { username, password })).status;

  const networkCert = () => issueServerCertificate(t.handle.ctx.pki.intermediate, { commonName: `device-${randomId(6)}`, dnsNames: ['device.test'], ipAddresses: [] }).certPem;

  describe('updb', () => {
    it('creates an authenticator the identity can log in with', async () => {
      const who = await identity();
      const res = await admin.post(BASE, { method: 'updb', identityId: who.id, username: `u-${randomId(8)}`, password: 'Fresh-pass1!' });
      expect(res.status).toBe(201);
      expectSchema('management', 'createEnvelope', res.body);
      expect(res.body).toEqual({ data: { id: expect.any(String), _links: { self: { href: `./authenticators/${res.body.data.id}` } } }, meta: {} });
      const detail = await admin.get(`${BASE}/${res.body.data.id}`);
      const { token } = await t.login(detail.body.data.username, 'Fresh-pass1!');
      expect((await t.as(token).get('/edge/client/v1/current-identity/authenticators')).status).toBe(200);
    });

    it('shows the detail with the identity entityRef and never a password, hash or salt', async () => {
      const who = await identity();
      const a = await createUpdb(who.id);
      const res = await admin.get(`${BASE}/${a.id}`);
      expect(res.status).toBe(200);
      expectSchema('management', 'detailAuthenticatorEnvelope', res.body);
      expect(res.body.data).toMatchObject({
        id: a.id,
        method: 'updb',
        identityId: who.id,
        username: a.username,
        tags: { team: 'ops' },
        identity: { entity: 'identities', id: who.id, name: who.name, _links: { self: { href: `./identities/${who.id}` } } },
      });
      expect(res.text).not.toMatch(/password|argon2|salt|hash/i);
      expect(res.text).not.toContain(a.password);
    });

    it('lists with identity names and filters by identityId and method', async () => {
      const who = await identity();
      const a = await createUpdb(who.id);
      const res = await admin.get(`${BASE}?filter=${encodeURIComponent(`identityId = "${who.id}" and method = "updb"`)}`);
      expect(res.status).toBe(200);
      expectSchema('management', 'listAuthenticatorsEnvelope', res.body);
      expect(res.body.data.map((d: { id: string }) => d.id)).toEqual([a.id]);
      expect(res.body.data[0].identity.name).toBe(who.name);
      expect(res.body.meta).toMatchObject({ pagination: { limit: 10, offset: 0, totalCount: 1 }, filterableFields: expect.arrayContaining(['identityId', 'method']) });
      const none = await admin.get(`${BASE}?filter=${encodeURIComponent(`identityId = "${who.id}" and method = "cert"`)}`);
      expect(none.body.data).toEqual([]);
      expect(res.text).not.toMatch(/argon2/);
    });

    it('refuses a second updb authenticator for the same identity (409)', async () => {
      const who = await identity();
      await createUpdb(who.id);
      const res = await admin.post(BASE, { method: 'updb', identityId: who.id, username: `u-${randomId(8)}`, password: 'Another-pass1!' });
      expectError(res, 409, 'MAX_AUTHENTICATOR_METHODS_REACHED');
    });

    it('refuses a username already in use (400 on username)', async () => {
      const taken = await createUpdb((await identity()).id);
      const res = await admin.post(BASE, { method: 'updb', identityId: (await identity()).id, username: taken.username, password: 'Another-pass1!' });
      expectError(res, 400, 'COULD_NOT_VALIDATE', 'username');
    });

    it('refuses an unknown identity, naming identityId', async () => {
      const res = await admin.post(BASE, { method: 'updb', identityId: 'no-such-identity', username: `u-${randomId(8)}`, password: 'Another-pass1!' });
      expectError(res, 404, 'NOT_FOUND', 'identityId');
    });

    it.each([
      [{ identityId: 'x', username: 'someone', password: 'Another-pass1!' }, 'method'],
      [{ method: 'bogus', identityId: 'x' }, 'method'],
      [{ method: 'updb', username: 'someone', password: 'Another-pass1!' }, 'identityId'],
      [{ method: 'updb', identityId: 'x', password: 'Another-pass1!' }, 'username'],
      [{ method: 'updb', identityId: 'x', username: 'someone' }, 'password'],
      [{ method: 'cert', identityId: 'x' }, 'certPem'],
    ])('answers 400 COULD_NOT_VALIDATE for a missing or bad field (%j)', async (body, field) => {
      expectError(await admin.post(BASE, body), 400, 'COULD_NOT_VALIDATE', field);
    });

    it('PUT replaces username, password and tags: the old password stops working', async () => {
      const a = await createUpdb((await identity()).id);
      const username = `renamed-${randomId(6)}`;
      expectEmpty(await admin.put(`${BASE}/${a.id}`, { username, password: 'Replaced-pass2!' }));
      expect(await loginStatus(a.username, a.password)).toBe(401);
      expect(await loginStatus(username, 'Replaced-pass2!')).toBe(200);
      expect((await admin.get(`${BASE}/${a.id}`)).body.data).toMatchObject({ username, tags: {} });
      expectError(await admin.put(`${BASE}/${a.id}`, { username }), 400, 'COULD_NOT_VALIDATE', 'password');
    });

    it('PATCH changes only what is given; JSON null is ignored', async () => {
      const a = await createUpdb((await identity()).id);
      expectEmpty(await admin.patch(`${BASE}/${a.id}`, { password: 'Patched-pass3!', username: null, tags: null }));
      expect(await loginStatus(a.username, a.password)).toBe(401);
      expect(await loginStatus(a.username, 'Patched-pass3!')).toBe(200);
      expect((await admin.get(`${BASE}/${a.id}`)).body.data).toMatchObject({ username: a.username, tags: { team: 'ops' } });
    });

    it('PUT and PATCH refuse a username held by another authenticator', async () => {
      const a = await createUpdb((await identity()).id);
      const b = await createUpdb((await identity()).id);
      expectError(await admin.patch(`${BASE}/${a.id}`, { username: b.username }), 400, 'COULD_NOT_VALIDATE', 'username');
    });
  });

  describe('password rules of the identity auth policy', () => {
    it.each(['short!', 'longenoughbutplain'])('refuses %s on create without echoing it', async (weak) => {
      const who = await identity(strictPolicyId);
      const res = await admin.post(BASE, { method: 'updb', identityId: who.id, username: `u-${randomId(8)}`, password: weak });
      expectError(res, 400, 'COULD_NOT_VALIDATE', 'password');
      expect(res.text).not.toContain(weak);
      expect((await admin.get(`${BASE}?filter=${encodeURIComponent(`identityId = "${who.id}"`)}`)).body.data).toEqual([]);
    });

    it('accepts a compliant password, then refuses weak ones on PUT and PATCH; the old one keeps working', async () => {
      const who = await identity(strictPolicyId);
      const a = await createUpdb(who.id, { password: 'Compliant-pass!' });
      for (const res of [
        await admin.put(`${BASE}/${a.id}`, { username: a.username, password: 'weakpass' }),
        await admin.patch(`${BASE}/${a.id}`, { password: 'tenletters' }),
      ]) {
        expectError(res, 400, 'COULD_NOT_VALIDATE', 'password');
        expect(res.text).not.toMatch(/weakpass|tenletters/);
      }
      expect(await loginStatus(a.username, 'Compliant-pass!')).toBe(200);
    });
  });

  describe('cert', () => {
    it('creates a cert authenticator from a certificate of the network PKI', async () => {
      const who = await identity();
      const certPem = networkCert();
      const res = await admin.post(BASE, { method: 'cert', identityId: who.id, certPem });
      expect(res.status).toBe(201);
      expectSchema('management', 'createEnvelope', res.body);
      const detail = await admin.get(`${BASE}/${res.body.data.id}`);
      expectSchema('management', 'detailAuthenticatorEnvelope', detail.body);
      expect(detail.body.data).toMatchObject({ method: 'cert', identityId: who.id, fingerprint: sha1Fingerprint(certPem), isIssuedByNetwork: true, certPem });
      expect(detail.body.data.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect(detail.body.data).not.toHaveProperty('username');

      expectError(await admin.post(BASE, { method: 'cert', identityId: who.id, certPem: networkCert() }), 409, 'MAX_AUTHENTICATOR_METHODS_REACHED');
      expectError(await admin.post(BASE, { method: 'cert', identityId: (await identity()).id, certPem }), 409, 'CERT_IN_USE');
      for (const res2 of [await admin.put(`${BASE}/${res.body.data.id}`, { username: 'someone', password: 'Whatever-1!' }), await admin.patch(`${BASE}/${res.body.data.id}`, { tags: {} })]) {
        expectError(res2, 409, 'CAN_NOT_UPDATE_AUTHENTICATOR');
      }
    });

    it.each([
      ['a self-signed certificate', () => createRootCa({ commonName: 'self-signed' }).certPem, 'CERTIFICATE_FAILED_VALIDATION'],
      ['a certificate from a foreign CA', () => issueServerCertificate(createRootCa({ commonName: 'rogue' }), { commonName: 'x', dnsNames: ['x.test'], ipAddresses: [] }).certPem, 'CERTIFICATE_FAILED_VALIDATION'],
      ['our own intermediate CA', () => t.handle.ctx.pki.intermediate.certPem, 'CERTIFICATE_FAILED_VALIDATION'],
      ['garbage', () => 'not a pem at all', 'COULD_NOT_PARSE_PEM_BLOCK'],
      ['a truncated block', () => '-----BEGIN CERTIFICATE-----\nMIIB\n', 'COULD_NOT_PARSE_PEM_BLOCK'],
      ['a chain of two certificates', () => networkCert() + t.handle.ctx.pki.intermediate.certPem, 'INVALID_CERT_PEM'],
    ])('refuses %s with 400', async (_what, pem, code) => {
      const res = await admin.post(BASE, { method: 'cert', identityId: (await identity()).id, certPem: pem() });
      expectError(res, 400, code, 'certPem');
    });
  });

  describe('delete', () => {
    it('deletes the authenticator and ends the identity sessions', async () => {
      const a = await createUpdb((await identity()).id);
      const { token } = await t.login(a.username, a.password);
      expectEmpty(await admin.delete(`${BASE}/${a.id}`));
      expect((await t.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
      expect(await loginStatus(a.username, a.password)).toBe(401);
      expectError(await admin.get(`${BASE}/${a.id}`), 404, 'NOT_FOUND');
    });
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE'])('%s of an unknown id answers 404', async (method) => {
    const body = method === 'PUT' ? { username: 'someone', password: 'Whatever-1!' } : method === 'PATCH' ? {} : undefined;
    expectError(await admin.request(method, `${BASE}/unknown-id`, { body }), 404, 'NOT_FOUND');
  });

  it('is refused to non-admins and to anonymous callers (401)', async () => {
    const a = await createUpdb((await identity()).id);
    const { token } = await t.login(a.username, a.password);
    expectError(await t.as(token).get(BASE), 401, 'UNAUTHORIZED');
    expectError(await t.as(token).get(`${BASE}/${a.id}`), 401, 'UNAUTHORIZED');
    expectError(await t.as(token).post(BASE, { method: 'updb', identityId: a.id, username: 'someone', password: 'Whatever-1!' }), 401, 'UNAUTHORIZED');
    expectError(await t.as(token).delete(`${BASE}/${a.id}`), 401, 'UNAUTHORIZED');
    expectError(await t.api.get(BASE), 401, 'UNAUTHORIZED');
  });
});
