import { X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { EnrollmentEntity } from '../../../src/enrollments/enrollment.entity';
import { randomId } from '../../../src/common/crypto/random';
import { createRootCa } from '../../../src/x509/ca';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { createIdentityViaApi } from '../../factories/identity.factory';
import { issueClientCert } from '../../support/client-certs';
import { expectBodySchema, expectEmpty, expectError } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { TestContext } from '../../support/test-context';
import { buildCrl, crlPem, issueNamedLeaf } from '../../support/third-party-certs';

const BASE = '/edge/management/v1/cas';
const CLAIM = { location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe', parser: 'SPLIT', parserCriteria: '/', index: 3 };

describe('management /cas', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  const newCa = () => createRootCa({ commonName: `org-${randomId(6)}`, validityDays: 30 });
  const body = (certPem: string, over: Record<string, unknown> = {}) => ({
    name: `ca-${randomId()}`, certPem, isAutoCaEnrollmentEnabled: true, isOttCaEnrollmentEnabled: true, isAuthEnabled: true, identityRoles: ['r1'], ...over,
  });
  async function create(over: Record<string, unknown> = {}) {
    const ca = newCa();
    const res = await admin.post(BASE, body(ca.certPem, over));
    expect(res.status).toBe(201);
    expectBodySchema('createEnvelope', res);
    return { ca, id: res.body.data.id as string };
  }
  const detail = async (id: string) => (await admin.get(`${BASE}/${id}`)).body.data;
  const verify = (id: string, raw: string) => admin.request('POST', `${BASE}/${id}/verify`, { raw, contentType: 'text/plain' });

  it('creates a CA with defaults, shows every field, lists it (detailCaEnvelope / listCasEnvelope)', async () => {
    const { ca, id } = await create({ tags: { team: 'x' } });
    const res = await admin.get(`${BASE}/${id}`);
    expect(res.status).toBe(200);
    expectBodySchema('detailCaEnvelope', res);
    expect(res.body.data).toMatchObject({
      id, fingerprint: sha1Fingerprint(ca.certPem), isVerified: false, identityNameFormat: '[caName]-[commonName]', identityRoles: ['r1'], tags: { team: 'x' },
      isAutoCaEnrollmentEnabled: true, isOttCaEnrollmentEnabled: true, isAuthEnabled: true, _links: { self: { href: `./cas/${id}` } },
    });
    expect(res.body.data).not.toHaveProperty('externalIdClaim');
    expect(res.body.data.verificationToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(new X509Certificate(res.body.data.certPem).raw.equals(new X509Certificate(ca.certPem).raw)).toBe(true);
    const listed = await admin.get(`${BASE}?filter=${encodeURIComponent(`id = "${id}"`)}`);
    expectBodySchema('listCasEnvelope', listed);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  describe('certPem and field errors are 400 with a catalogue code', () => {
    it.each([
      ['not PEM at all', 'hello', 'COULD_NOT_PARSE_PEM_BLOCK'],
      ['a key, not a certificate', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'EXPECTED_PEM_CERTIFICATE'],
      ['bad DER', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'COULD_NOT_PARSE_DER_BLOCK'],
    ])('%s', async (_what, certPem, code) => {
      expectError(await admin.post(BASE, body(certPem)), 400, code, 'certPem');
    });

    it('a leaf certificate: CERTIFICATE_IS_NOT_CA', async () => {
      expectError(await admin.post(BASE, body(issueClientCert(newCa()).certPem)), 400, 'CERTIFICATE_IS_NOT_CA', 'certPem');
    });

    it('several certificates: INVALID_CERT_PEM', async () => {
      expectError(await admin.post(BASE, body(newCa().certPem + newCa().certPem)), 400, 'INVALID_CERT_PEM', 'certPem');
    });

    it('the same certificate twice, or a taken name: COULD_NOT_VALIDATE', async () => {
      const { ca } = await create({ name: 'dup-name' });
      expectError(await admin.post(BASE, body(ca.certPem)), 400, 'COULD_NOT_VALIDATE', 'certPem');
      expectError(await admin.post(BASE, body(newCa().certPem, { name: 'dup-name' })), 400, 'COULD_NOT_VALIDATE', 'name');
    });

    it('missing required fields', async () => {
      expectError(await admin.post(BASE, { name: 'x', certPem: newCa().certPem }), 400, 'COULD_NOT_VALIDATE');
    });

    it.each([
      [{ ...CLAIM, index: -1 }, 'externalIdClaim.index'],
      [{ ...CLAIM, location: 'DNS' }, 'externalIdClaim.location'],
      [{ ...CLAIM, location: 'SAN_EMAIL' }, 'externalIdClaim.matcher'],
      [{ ...CLAIM, location: 'COMMON_NAME' }, 'externalIdClaim.matcher'],
      [{ ...CLAIM, matcher: 'PREFIX', matcherCriteria: '' }, 'externalIdClaim.matcherCriteria'],
      [{ ...CLAIM, parserCriteria: '' }, 'externalIdClaim.parserCriteria'],
      [{ ...CLAIM, parser: 'REGEX' }, 'externalIdClaim.parser'],
      [{ matcher: 'ALL', parser: 'NONE' }, 'externalIdClaim.location'],
    ])('externalIdClaim %j is refused', async (claim, field) => {
      expectError(await admin.post(BASE, body(newCa().certPem, { externalIdClaim: claim })), 400, 'COULD_NOT_VALIDATE', field);
    });
  });

  it('PUT replaces (omitting externalIdClaim clears it), PATCH merges claim sub-fields; certPem is immutable', async () => {
    const { id, ca } = await create({ externalIdClaim: CLAIM });
    expect((await detail(id)).externalIdClaim).toEqual(CLAIM);
    expectEmpty(await admin.request('PATCH', `${BASE}/${id}`, { body: { externalIdClaim: { index: 2 }, isAuthEnabled: false } }));
    expect(await detail(id)).toMatchObject({ externalIdClaim: { ...CLAIM, index: 2 }, isAuthEnabled: false });
    expectEmpty(await admin.request('PATCH', `${BASE}/${id}`, { body: { externalIdClaim: {} } }));
    expect((await detail(id)).externalIdClaim).toEqual({ ...CLAIM, index: 2 });
    expectError(await admin.request('PATCH', `${BASE}/${id}`, { body: { externalIdClaim: { matcher: 'PREFIX', matcherCriteria: '' } } }), 400, 'COULD_NOT_VALIDATE');
    const put = { name: 'renamed-' + randomId(), isAutoCaEnrollmentEnabled: false, isOttCaEnrollmentEnabled: false, isAuthEnabled: true, identityRoles: [], identityNameFormat: '[caId]-[commonName]', certPem: newCa().certPem };
    expectEmpty(await admin.request('PUT', `${BASE}/${id}`, { body: put }));
    const after = await detail(id);
    expect(after).toMatchObject({ name: put.name, identityNameFormat: '[caId]-[commonName]', fingerprint: sha1Fingerprint(ca.certPem) });
    expect(after).not.toHaveProperty('externalIdClaim');
    expectError(await admin.request('PUT', `${BASE}/nope`, { body: put }), 404, 'NOT_FOUND');
  });

  it('GET /cas/{id}/jwt is the raw CA JWT signed with the server key', async () => {
    const { id } = await create();
    const res = await admin.get(`${BASE}/${id}/jwt`, { headers: { accept: '*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/jwt/);
    const claims = decodeJwt(res.text);
    expect(claims).toEqual({ em: 'ca', aud: ['openziti-enroller'], iss: `https://${t.config.advertisedAddress}/`, sub: id, jti: id });
    expect(decodeProtectedHeader(res.text)).toMatchObject({ alg: 'RS256', kid: t.handle.ctx.pki.serverFingerprint });
    await expect(jwtVerify(res.text, new X509Certificate(t.handle.ctx.pki.server.certPem).publicKey)).resolves.toBeDefined();
    expectError(await admin.get(`${BASE}/nope/jwt`), 404, 'NOT_FOUND');
  });

  describe('POST /cas/{id}/verify', () => {
    it('a certificate the CA signed with CN = verificationToken verifies it; a second time is 409', async () => {
      const { id, ca } = await create();
      const token = (await detail(id)).verificationToken;
      expectEmpty(await verify(id, issueNamedLeaf(ca, { commonName: token }).certPem));
      expect((await detail(id)).isVerified).toBe(true);
      expectError(await verify(id, issueNamedLeaf(ca, { commonName: token }).certPem), 409, 'CA_ALREADY_VERIFIED');
    });

    it('every refusal, in OpenZiti\'s codes, leaves the CA unverified', async () => {
      const { id, ca } = await create();
      const token = (await detail(id)).verificationToken;
      expectError(await verify(id, ''), 400, 'COULD_NOT_PARSE_BODY');
      expectError(await verify(id, 'garbage'), 400, 'COULD_NOT_PARSE_BODY');
      expectError(await admin.post(`${BASE}/${id}/verify`, { pem: 'x' }), 400, 'COULD_NOT_PARSE_BODY');
      expectError(await verify(id, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), 400, 'EXPECTED_PEM_CERTIFICATE');
      expectError(await verify(id, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 400, 'COULD_NOT_PARSE_DER_BLOCK');
      expectError(await verify(id, issueNamedLeaf(ca, { commonName: 'not-the-token' }).certPem), 400, 'INVALID_COMMON_NAME');
      expectError(await verify(id, issueNamedLeaf(newCa(), { commonName: token }).certPem), 400, 'CERTIFICATE_FAILED_VALIDATION');
      expect((await detail(id)).isVerified).toBe(false);
      expectError(await verify('nope', 'x'), 404, 'NOT_FOUND');
    });
  });

  it('DELETE removes the CA and its outstanding ottca enrollments', async () => {
    const { id } = await create();
    const { id: identityId } = await createIdentityViaApi(t);
    const repo = t.handle.ctx.dataSource.getRepository(EnrollmentEntity);
    const now = new Date();
    await repo.insert({ id: randomId(), method: 'ottca', identityId, tokenHash: randomId(64).slice(0, 64), tokenSealed: 'x', caId: id, username: null, expiresAt: new Date(now.getTime() + 60_000), createdAt: now, updatedAt: now });
    expectEmpty(await admin.delete(`${BASE}/${id}`));
    expect(await repo.countBy({ caId: id })).toBe(0);
    expectError(await admin.get(`${BASE}/${id}`), 404, 'NOT_FOUND');
    expectError(await admin.delete(`${BASE}/${id}`), 404, 'NOT_FOUND');
  });

  describe('CRL (extension)', () => {
    const putCrl = (id: string, raw: string) => admin.request('PUT', `${BASE}/${id}/crl`, { raw, contentType: 'text/plain' });

    it('accepts PEM or base64 DER signed by the CA, reports it, refuses an older one, deletes it', async () => {
      const { id, ca } = await create();
      const leaf = issueNamedLeaf(ca, { commonName: 'x' });
      const thisUpdate = new Date(Date.now() - 60_000);
      expectEmpty(await putCrl(id, crlPem(buildCrl(ca, { revoked: [leaf.serial], thisUpdate }))));
      const crl = await admin.get(`${BASE}/${id}/crl`);
      expect(crl.body.data).toMatchObject({ thisUpdate: expect.any(String), isStale: false, revokedCount: 1 });
      expectEmpty(await putCrl(id, buildCrl(ca, { revoked: [], thisUpdate: new Date() }).toString('base64')));
      expect((await admin.get(`${BASE}/${id}/crl`)).body.data.revokedCount).toBe(0);
      expectError(await putCrl(id, crlPem(buildCrl(ca, { thisUpdate: new Date(Date.now() - 3_600_000) }))), 400, 'COULD_NOT_VALIDATE', 'crl');
      expectEmpty(await admin.delete(`${BASE}/${id}/crl`));
      expectError(await admin.get(`${BASE}/${id}/crl`), 404, 'NOT_FOUND');
    });

    it('refuses garbage, an empty body, and a CRL signed by another key', async () => {
      const { id, ca } = await create();
      expectError(await putCrl(id, ''), 400, 'COULD_NOT_VALIDATE', 'crl');
      expectError(await putCrl(id, 'not base64 !!'), 400, 'COULD_NOT_VALIDATE', 'crl');
      expectError(await putCrl(id, Buffer.from('hello world!').toString('base64')), 400, 'COULD_NOT_VALIDATE', 'crl');
      expectError(await putCrl(id, crlPem(buildCrl(ca, {}, newCa()))), 400, 'COULD_NOT_VALIDATE', 'crl');
    });
  });
});
