import { randomId } from '../../../src/common/crypto/random';
import { createRootCa } from '../../../src/x509/ca';
import { expectError } from '../../support/expect-api';
import type { HttpResponse, HttpsClient } from '../../support/https-client';
import { schemaErrors, swaggerAvailable } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const CLIENT = '/edge/client/v1/external-jwt-signers';
const MANAGEMENT = '/edge/management/v1/external-jwt-signers';

/**
 * OpenZiti sends null for an unset externalAuthUrl or scopes although client.yml types them non-nullable;
 * ztc does the same. Exactly those violations are tolerated when the value is null; any other fails.
 */
function expectClientListSchema(res: HttpResponse): void {
  if (!swaggerAvailable()) return;
  const nullable: Record<string, string> = { externalAuthUrl: 'string', scopes: 'array' };
  const tolerated = new Set(
    (res.body.data as Record<string, unknown>[]).flatMap((d, i) => Object.entries(nullable).filter(([k]) => d[k] === null).map(([k, type]) => `/data/${i}/${k} must be ${type}`)),
  );
  const errors = schemaErrors('client', 'listClientExternalJwtSignersEnvelope', res.body).filter((e) => !tolerated.has(e));
  expect({ listClientExternalJwtSignersEnvelope: errors }).toEqual({ listClientExternalJwtSignersEnvelope: [] });
}

describe('client GET /external-jwt-signers', () => {
  let t: TestContext;
  let admin: HttpsClient;
  const prefix = `cl-${randomId(6)}-`;
  const mine = encodeURIComponent(`name startsWith "${prefix}"`);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
    const signers: Record<string, Record<string, unknown>> = {
      full: {
        jwksEndpoint: 'http://127.0.0.1:9/jwks', kid: 'secret-kid', externalAuthUrl: 'https://idp.test/auth', clientId: 'ziti-client', scopes: ['openid', 'email'],
        targetToken: 'ID', enrollToTokenEnabled: true, tags: { owner: 'alice' }, claimsProperty: '/email', useExternalId: true,
      },
      cert: { certPem: createRootCa({ commonName: 'client list signer', validityDays: 30 }).certPem },
      off: { jwksEndpoint: 'http://127.0.0.1:9/jwks', enabled: false },
    };
    for (const [key, over] of Object.entries(signers)) {
      const res = await admin.post(MANAGEMENT, { name: `${prefix}${key}`, enabled: true, issuer: `https://idp.test/${randomId()}`, audience: `aud-${key}`, ...over });
      expect(res.status).toBe(201);
      ids[key] = res.body.data.id;
    }
  });
  afterAll(() => t.stop());

  it('answers anonymous callers with the enabled signers only, and no challenge', async () => {
    const res = await t.api.get(`${CLIENT}?filter=${mine}`);
    expect(res.status).toBe(200);
    expectClientListSchema(res);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.body.data.map((s: { name: string }) => s.name)).toEqual([`${prefix}cert`, `${prefix}full`]);
    expect(res.body.meta).toEqual({ pagination: { limit: 10, offset: 0, totalCount: 2 }, filterableFields: expect.arrayContaining(['name', 'clientId']) });
  });

  it('shows the client fields only: no issuer, key material, selectors, enrollment policy or admin tags', async () => {
    const res = await t.api.get(`${CLIENT}?filter=${encodeURIComponent(`id = "${ids.full}"`)}`);
    expectClientListSchema(res);
    expect(res.body.data).toEqual([
      {
        id: ids.full, createdAt: expect.any(String), updatedAt: expect.any(String), _links: { self: { href: `./external-jwt-signers/${ids.full}` } }, tags: {},
        name: `${prefix}full`, externalAuthUrl: 'https://idp.test/auth', clientId: 'ziti-client', scopes: ['openid', 'email'], audience: 'aud-full',
        targetToken: 'ID', enrollToCertEnabled: false, enrollToTokenEnabled: true,
      },
    ]);
    const cert = (await t.api.get(`${CLIENT}?filter=${encodeURIComponent(`id = "${ids.cert}"`)}`)).body.data[0];
    expect(cert).toMatchObject({ externalAuthUrl: null, clientId: null, scopes: null, targetToken: 'ACCESS' });
    expect(JSON.stringify(cert)).not.toMatch(/BEGIN CERTIFICATE|idp\.test\//);
  });

  it('a signer disabled later leaves the list; enabled again, it returns', async () => {
    const names = async () => (await t.api.get(`${CLIENT}?filter=${mine}`)).body.data.map((s: { name: string }) => s.name);
    expect((await admin.patch(`${MANAGEMENT}/${ids.cert}`, { enabled: false })).status).toBe(200);
    expect(await names()).toEqual([`${prefix}full`]);
    expect((await admin.patch(`${MANAGEMENT}/${ids.off}`, { enabled: true })).status).toBe(200);
    expect((await admin.patch(`${MANAGEMENT}/${ids.cert}`, { enabled: true })).status).toBe(200);
    expect(await names()).toEqual([`${prefix}cert`, `${prefix}full`, `${prefix}off`]);
    expect((await admin.patch(`${MANAGEMENT}/${ids.off}`, { enabled: false })).status).toBe(200);
  });

  it('supports limit, offset and filter on the client fields', async () => {
    const page = await t.api.get(`${CLIENT}?filter=${mine}&limit=1&offset=1`);
    expectClientListSchema(page);
    expect(page.body.data.map((s: { name: string }) => s.name)).toEqual([`${prefix}full`]);
    expect(page.body.meta.pagination).toEqual({ limit: 1, offset: 1, totalCount: 2 });
    const byClient = await t.api.get(`${CLIENT}?filter=${encodeURIComponent(`clientId = "ziti-client" and ${decodeURIComponent(mine)}`)}`);
    expect(byClient.body.data.map((s: { id: string }) => s.id)).toEqual([ids.full]);
  });

  it('refuses filters on fields anonymous callers cannot see, so they cannot be probed', async () => {
    for (const field of ['issuer', 'kid', 'fingerprint', 'jwksEndpoint', 'enabled', 'claimsProperty']) {
      expectError(await t.api.get(`${CLIENT}?filter=${encodeURIComponent(`${field} = "x"`)}`), 400, 'INVALID_FILTER', undefined, 'client');
    }
    expectError(await t.api.get(`${CLIENT}?limit=ten`), 400, 'INVALID_PAGINATION', undefined, 'client');
  });

  it('is served on the legacy client prefix too', async () => {
    const res = await t.api.get(`/external-jwt-signers?filter=${mine}`);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.totalCount).toBe(2);
  });
});
