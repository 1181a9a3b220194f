import { randomId } from '../../../src/common/crypto/random';
import { issueServerCertificate } from '../../../src/x509/server-cert';
import { type ApiUser, createPolicyViaApi, createUserViaApi } from '../../factories/identity.factory';
import { onApi } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { type EdgeApi, describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const AUTHENTICATE = '/edge/client/v1/authenticate?method=password';
const APIS: EdgeApi[] = ['client', 'management'];
const client = onApi('client');
const management = onApi('management');
const path = (api: EdgeApi, id?: string) => `/edge/${api}/v1/current-identity/authenticators${id === undefined ? '' : `/${id}`}`;

interface Person extends ApiUser {
  me: HttpsClient;
}

describeWithSwagger('/current-identity/authenticators', () => {
  let t: TestContext;
  let admin: HttpsClient;
  let strictPolicyId: string;

  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_ARGON2_MEMORY_KIB: '1024', ZT_ARGON2_ITERATIONS: '1' } });
    admin = await t.admin();
    strictPolicyId = (await createPolicyViaApi(t, { minPasswordLength: 10, requireSpecialChar: true })).id;
  });
  afterAll(() => t.stop());

  /** A non-admin identity created through the API, with a updb authenticator created by the admin, logged in. */
  async function person(authPolicyId = 'default', password = 'Initial-pass1!'): Promise<Person> {
    const user = await createUserViaApi(t, { identity: { authPolicyId }, password });
    const { token } = await t.login(user.username, user.password);
    return { ...user, me: t.as(token) };
  }

  const loginStatus = async (username: string, password: string) => (await t.api.post(AUTHENTICATE, { username, password })).status;

  it.each(APIS)('lists and shows only the caller own authenticators (%s API)', async (api) => {
    const alice = await person();
    const bob = await person();
    const list = await alice.me.get(path(api));
    expect(list.status).toBe(200);
    expectSchema(api, 'listAuthenticatorsEnvelope', list.body);
    expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([alice.updbId]);
    expect(list.body.data[0]).toMatchObject({ identityId: alice.identity.id, identity: { name: alice.identity.name }, username: alice.username });
    expect(list.body.meta.pagination).toEqual({ limit: 10, offset: 0, totalCount: 1 });
    expect(list.text).not.toMatch(/argon2|password/i);

    const detail = await alice.me.get(path(api, alice.updbId));
    expect(detail.status).toBe(200);
    expectSchema(api, 'detailAuthenticatorEnvelope', detail.body);
    expect(detail.body.data).toMatchObject({ id: alice.updbId, method: 'updb', _links: { self: { href: `./current-identity/authenticators/${alice.updbId}` } } });

    onApi(api).expectError(await alice.me.get(path(api, bob.updbId)), 404, 'NOT_FOUND');
    onApi(api).expectError(await alice.me.get(path(api, 'unknown-id')), 404, 'NOT_FOUND');
    const body = { username: bob.username, password: 'Hijacked-pass1!', currentPassword: bob.password };
    onApi(api).expectError(await alice.me.put(path(api, bob.updbId), body), 404, 'NOT_FOUND');
    expect(await loginStatus(bob.username, bob.password)).toBe(200);
  });

  it('a wrong currentPassword answers 401 on currentPassword and changes nothing', async () => {
    const p = await person();
    for (const res of [
      await p.me.put(path('client', p.updbId), { username: p.username, password: 'Brand-new-pass1!', currentPassword: 'not-the-password' }),
      await p.me.patch(path('client', p.updbId), { password: 'Brand-new-pass1!', currentPassword: 'not-the-password' }),
    ]) {
      client.expectError(res, 401, 'UNAUTHORIZED', 'currentPassword');
      expect(res.text).not.toContain('not-the-password');
    }
    expect(await loginStatus(p.username, p.password)).toBe(200);
    expect(await loginStatus(p.username, 'Brand-new-pass1!')).toBe(401);
    expect(t.logs.text()).not.toMatch(/not-the-password|Brand-new-pass1!/);
  });

  it('PUT with the right currentPassword changes the password and keeps the current session', async () => {
    const p = await person();
    const username = `renamed-${randomId(6)}`;
    client.expectEmpty(await p.me.put(path('client', p.updbId), { username, password: 'Changed-pass2!', currentPassword: p.password, tags: { k: 'v' } }));
    expect(await loginStatus(p.username, p.password)).toBe(401);
    expect(await loginStatus(username, p.password)).toBe(401);
    expect(await loginStatus(username, 'Changed-pass2!')).toBe(200);
    const detail = await p.me.get(path('client', p.updbId));
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({ username, tags: { k: 'v' } });
    expect(t.logs.text()).not.toContain('Changed-pass2!');
  });

  it('PATCH (management API) changes only the password; JSON null is ignored', async () => {
    const p = await person();
    management.expectEmpty(await p.me.patch(path('management', p.updbId), { password: 'Patched-pass3!', username: null, currentPassword: p.password }));
    expect(await loginStatus(p.username, p.password)).toBe(401);
    expect(await loginStatus(p.username, 'Patched-pass3!')).toBe(200);
    expect((await p.me.get(path('management', p.updbId))).body.data.username).toBe(p.username);
  });

  it('requires currentPassword, and username and password on PUT (400)', async () => {
    const p = await person();
    client.expectError(await p.me.patch(path('client', p.updbId), { password: 'Patched-pass3!' }), 400, 'COULD_NOT_VALIDATE', 'currentPassword');
    client.expectError(await p.me.put(path('client', p.updbId), { username: p.username, currentPassword: p.password }), 400, 'COULD_NOT_VALIDATE', 'password');
    client.expectError(await p.me.put(path('client', p.updbId), { password: 'Whatever-pass1!', currentPassword: p.password }), 400, 'COULD_NOT_VALIDATE', 'username');
    expect(await loginStatus(p.username, p.password)).toBe(200);
  });

  it('enforces the identity auth-policy password rules without echoing the password', async () => {
    const p = await person(strictPolicyId, 'Strict-enough!');
    for (const weak of ['nospecialchars', 'sh0rt!']) {
      const res = await p.me.patch(path('client', p.updbId), { password: weak, currentPassword: p.password });
      client.expectError(res, 400, 'COULD_NOT_VALIDATE', 'password');
      expect(res.text).not.toContain(weak);
    }
    expect(await loginStatus(p.username, p.password)).toBe(200);
    client.expectEmpty(await p.me.patch(path('client', p.updbId), { password: 'Compliant-now!', currentPassword: p.password }));
    expect(await loginStatus(p.username, 'Compliant-now!')).toBe(200);
  });

  it('a cert authenticator cannot be updated here (409)', async () => {
    const p = await person();
    const certPem = issueServerCertificate(t.handle.ctx.pki.intermediate, { commonName: `device-${randomId(6)}`, dnsNames: ['device.test'], ipAddresses: [] }).certPem;
    const created = await admin.post('/edge/management/v1/authenticators', { method: 'cert', identityId: p.identity.id, certPem });
    expect(created.status).toBe(201);
    const certId = created.body.data.id;
    const detail = await p.me.get(path('client', certId));
    expect(detail.body.data).toMatchObject({ method: 'cert', certPem, isIssuedByNetwork: true });
    expectSchema('client', 'detailAuthenticatorEnvelope', detail.body);
    client.expectError(await p.me.patch(path('client', certId), { tags: {}, currentPassword: p.password }), 409, 'CAN_NOT_UPDATE_AUTHENTICATOR');
    client.expectError(await p.me.put(path('client', certId), { username: 'someone', password: 'Whatever-1!', currentPassword: p.password }), 409, 'CAN_NOT_UPDATE_AUTHENTICATOR');
    expect((await p.me.get(path('client'))).body.data).toHaveLength(2);
  });

  it.each(APIS)('POST and DELETE on one authenticator answer 405 (%s API)', async (api) => {
    const p = await person();
    onApi(api).expectError(await p.me.post(path(api, p.updbId), {}), 405, 'METHOD_NOT_ALLOWED');
    onApi(api).expectError(await p.me.delete(path(api, p.updbId)), 405, 'METHOD_NOT_ALLOWED');
    expect(await loginStatus(p.username, p.password)).toBe(200);
  });

  it('needs a session (401)', async () => {
    client.expectError(await t.api.get(path('client')), 401, 'UNAUTHORIZED');
    client.expectError(await t.api.get(path('client', 'x')), 401, 'UNAUTHORIZED');
  });
});
