import { createUserViaApi } from '../../factories/identity.factory';
import { onApi } from '../../support/expect-api';
import type { HttpResponse, HttpsClient } from '../../support/https-client';
import { type EdgeApi, describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const PASSWORD = 'Passw0rd!x';
const PATHS = { client: '/edge/client/v1/current-identity', management: '/edge/management/v1/current-identity' } as const;

describeWithSwagger('GET /current-identity (client and management)', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  const expectUnauthorized = (res: HttpResponse, api: EdgeApi) => onApi(api).expectError(res, 401, 'UNAUTHORIZED');

  /** A non-admin identity with a username/password authenticator, logged in on the client API. */
  async function nonAdmin(): Promise<{ id: string; name: string; username: string; session: HttpsClient }> {
    const user = await createUserViaApi(t, { identity: { tags: { team: 'blue' } }, password: PASSWORD });
    return { ...user.identity, username: user.username, session: t.as((await t.login(user.username, PASSWORD)).token) };
  }

  it.each(['client', 'management'] as const)('the default admin reads its own identityDetail on the %s API', async (api) => {
    const res = await admin.get(PATHS[api]);
    expect(res.status).toBe(200);
    expectSchema(api, 'currentIdentityDetailEnvelope', res.body);
    expect(res.body.meta).toEqual({});
    expect(res.body.data).toMatchObject({
      name: 'Default Admin', isAdmin: true, isDefaultAdmin: true, hasApiSession: true, disabled: false,
      authenticators: { updb: { username: 'admin' } }, authPolicyId: 'default',
    });
    expect(res.body.data._links.self.href).toBe(`./identities/${res.body.data.id}`);
  });

  it('a non-admin identity reads its own detail on both APIs but is refused the management identities', async () => {
    const me = await nonAdmin();
    for (const api of ['client', 'management'] as const) {
      const res = await me.session.get(PATHS[api]);
      expect(res.status).toBe(200);
      expectSchema(api, 'currentIdentityDetailEnvelope', res.body);
      expect(res.body.data).toMatchObject({
        id: me.id, name: me.name, isAdmin: false, isDefaultAdmin: false, tags: { team: 'blue' }, hasApiSession: true,
        authenticators: { updb: { username: me.username } },
      });
    }
    expectUnauthorized(await me.session.get('/edge/management/v1/identities'), 'management');
    expectUnauthorized(await me.session.get(`/edge/management/v1/identities/${me.id}`), 'management');
  });

  it('shows what the caller\'s SDK reported at login', async () => {
    const me = await nonAdmin();
    const login = await t.api.post('/edge/client/v1/authenticate?method=password', {
      username: me.username, password: PASSWORD, envInfo: { os: 'linux', arch: 'arm64' }, sdkInfo: { type: 'ziti-sdk-golang', version: '1.2.3' },
    });
    expect(login.status).toBe(200);
    const res = await t.as(String(login.headers['zt-session'])).get(PATHS.client);
    expect(res.body.data).toMatchObject({ envInfo: { os: 'linux', arch: 'arm64' }, sdkInfo: { type: 'ziti-sdk-golang', version: '1.2.3' } });
  });

  it.each(['client', 'management'] as const)('anonymous on the %s API: 401 with both missing-token challenges', async (api) => {
    const res = await t.api.get(PATHS[api]);
    expectUnauthorized(res, api);
    expect(res.headers['www-authenticate']).toBe(
      'zt-session realm="zt-session" error="missing" error_description="no matching token was provided",' +
        'Bearer realm="openziti-oidc" error="missing" error_description="no matching token was provided"',
    );
  });

  it('an unknown token: 401 with the invalid-token challenge', async () => {
    const res = await t.as('not-a-session').get(PATHS.client);
    expectUnauthorized(res, 'client');
    expect(res.headers['www-authenticate']).toBe('zt-session realm="zt-session" error="invalid" error_description="token is invalid"');
  });

  it('a disabled identity\'s session stops working on the next request', async () => {
    const me = await nonAdmin();
    expect((await me.session.get(PATHS.client)).status).toBe(200);
    expect((await admin.post(`/edge/management/v1/identities/${me.id}/disable`, { durationMinutes: 0 })).status).toBe(200);
    expectUnauthorized(await me.session.get(PATHS.client), 'client');
  });
});
