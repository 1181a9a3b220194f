import { X509Certificate } from 'node:crypto';
import { AuthenticatorEntity } from '../../../src/authenticators/authenticator.entity';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { createPolicy, createUser } from '../../factories/identity.factory';
import { type CertUser, createCertUser, createCsr, issueClientCert, newKeyPem } from '../../support/client-certs';
import { expectEmpty, expectError } from '../../support/expect-api';
import { HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const CLIENT = '/edge/client/v1';
const MANAGEMENT = '/edge/management/v1';
const CERT_LOGIN = `${CLIENT}/authenticate?method=cert`;
const HEADER = 'ziti-authenticator-extend-requested';

describe('certificate extension', () => {
  let t: TestContext;
  let api: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    // Root only, so the chain a test sends is exactly the chain the client presents (see cert.e2e-spec).
    api = new HttpsClient(t.handle.url, [t.handle.ctx.pki.root.certPem]);
  });
  afterAll(() => t.stop());

  const login = (certPem: string, keyPem: string) => api.post(CERT_LOGIN, {}, { cert: certPem, key: keyPem });
  const stored = (id: string) => t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).findOneByOrFail({ id });

  /** A cert user logged in with its certificate; `client` carries the session token. */
  async function certSession(u?: CertUser) {
    const user = u ?? (await createCertUser(t));
    const res = await login(user.chainPem, user.cert.keyPem);
    expect(res.status).toBe(200);
    return { u: user, client: api.withHeaders({ 'zt-session': String(res.headers['zt-session']) }) };
  }

  const extendPath = (api: 'client' | 'management', id: string, what: 'extend' | 'extend-verify') =>
    `${api === 'client' ? CLIENT : MANAGEMENT}/current-identity/authenticators/${id}/${what}`;

  describe('request-extend (admin)', () => {
    const requestExtend = async (id: string, body: unknown) => (await t.admin()).post(`${MANAGEMENT}/authenticators/${id}/request-extend`, body);

    it('raises the flags: the next certificate login answers the header and the session detail says so', async () => {
      const u = await createCertUser(t);
      expectEmpty(await requestExtend(u.authenticatorId, { rollKeys: false }));
      const a = await stored(u.authenticatorId);
      expect(a).toMatchObject({ isExtendRequested: true, isKeyRollRequested: false });
      expect(a.extendRequestedAt?.toISOString()).toBe(t.clock.now().toISOString());

      const res = await login(u.chainPem, u.cert.keyPem);
      expect(res.status).toBe(200);
      expect(res.headers[HEADER]).toBe('true');
      expect(res.body.data.isCertExtendRequested).toBe(true);
      expect(res.body.data).not.toHaveProperty('isCertKeyRollRequested');
    });

    it('with rollKeys the header carries a second value (OpenZiti reuses the header name) and the key-roll flag', async () => {
      const u = await createCertUser(t);
      expectEmpty(await requestExtend(u.authenticatorId, { rollKeys: true }));
      const res = await login(u.chainPem, u.cert.keyPem);
      expect(res.headers[HEADER]).toBe('true, true');
      expect(res.body.data).toMatchObject({ isCertExtendRequested: true, isCertKeyRollRequested: true });
      // The flags also show on later requests of that session.
      const current = await t.as(String(res.headers['zt-session'])).get('/edge/client/v1/current-api-session');
      expect(current.body.data).toMatchObject({ isCertExtendRequested: true, isCertKeyRollRequested: true });
      const detail = await (await t.admin()).get(`${MANAGEMENT}/authenticators/${u.authenticatorId}`);
      expect(detail.body.data).toMatchObject({ isExtendRequested: true, isKeyRollRequested: true });
    });

    it('is refused for a password authenticator (401 UNAUTHORIZED, as OpenZiti), an unknown id and a non-admin', async () => {
      const user = await createUser(t);
      const updb = (await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).findOneByOrFail({ identityId: user.identity.id })).id;
      expectError(await requestExtend(updb, { rollKeys: false }), 401, 'UNAUTHORIZED');
      expectError(await requestExtend('no-such-id', {}), 404, 'NOT_FOUND');
      const u = await createCertUser(t);
      const plain = t.as((await t.login(user.username, user.password)).token);
      expectError(await plain.post(`${MANAGEMENT}/authenticators/${u.authenticatorId}/request-extend`, { rollKeys: true }), 401, 'UNAUTHORIZED');
      expect((await stored(u.authenticatorId)).isExtendRequested).toBe(false);
    });
  });

  describe('extend and extend-verify', () => {
    it('round trip with a new key: the new certificate replaces the old one only once verified', async () => {
      const { u, client } = await certSession();
      expectEmpty(await (await t.admin()).post(`${MANAGEMENT}/authenticators/${u.authenticatorId}/request-extend`, { rollKeys: true }));
      const newKey = newKeyPem();
      const res = await client.post(extendPath('client', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKey, 'renewed') }, { cert: u.chainPem, key: u.cert.keyPem });
      expect(res.status).toBe(200);
      const { clientCert, ca } = res.body.data;
      const issued = new X509Certificate(clientCert);
      expect(issued.subject).toBe('CN=renewed');
      expect(issued.checkIssued(new X509Certificate(t.handle.ctx.pki.intermediate.certPem))).toBe(true);
      expect(issued.subjectAltName).toContain(`spiffe://${t.config.trustDomain}/identity/${u.identityId}`);
      expect(ca).toBe(t.handle.ctx.pki.trustBundlePem.join(''));

      // Not yet verified: the old certificate is still the credential, the new one is not.
      expect((await login(clientCert, newKey)).status).toBe(401);
      expect((await login(u.chainPem, u.cert.keyPem)).status).toBe(200);
      expect(await stored(u.authenticatorId)).toMatchObject({ fingerprint: u.cert.fingerprint, unverifiedFingerprint: sha1Fingerprint(clientCert) });

      expectEmpty(await client.post(extendPath('client', u.authenticatorId, 'extend-verify'), { clientCert }), 'client');
      expect(await stored(u.authenticatorId)).toMatchObject({
        fingerprint: sha1Fingerprint(clientCert),
        unverifiedFingerprint: null,
        unverifiedCertPem: null,
        isExtendRequested: false,
        isKeyRollRequested: false,
        extendRequestedAt: null,
        lastExtendRolledKeys: true,
      });

      const renewed = await login(clientCert, newKey);
      expect(renewed.status).toBe(200);
      expect(renewed.body.data).toMatchObject({ identityId: u.identityId, isCertExtendable: true });
      expect(renewed.headers[HEADER]).toBeUndefined();
      expect((await login(u.chainPem, u.cert.keyPem)).status).toBe(401);
    });

    it('on the management API, keeping the key: lastExtendRolledKeys is false', async () => {
      const { u, client } = await certSession();
      const res = await client.post(extendPath('management', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(u.cert.keyPem) }, { cert: u.chainPem, key: u.cert.keyPem });
      expect(res.status).toBe(200);
      expectEmpty(await client.post(extendPath('management', u.authenticatorId, 'extend-verify'), { clientCert: res.body.data.clientCert }));
      expect((await stored(u.authenticatorId)).lastExtendRolledKeys).toBe(false);
      expect((await login(res.body.data.clientCert, u.cert.keyPem)).status).toBe(200);
    });

    it('a password session may extend too, as long as the TLS connection presents the current certificate', async () => {
      const u = await createCertUser(t);
      const user = await createUser(t);
      // Move the cert authenticator to the password user so one identity holds both.
      await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).update({ id: u.authenticatorId }, { identityId: user.identity.id });
      const client = t.as((await t.login(user.username, user.password)).token);
      const extend = (cert?: string, key?: string) => client.post(extendPath('client', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKeyPem()) }, { cert, key });
      expectError(await extend(), 401, 'UNAUTHORIZED', 'clientCert', 'client');
      expect((await extend(u.chainPem, u.cert.keyPem)).status).toBe(200);
    });

    it('an expired current certificate extends only under a policy that lets it log in', async () => {
      const policy = await createPolicy(t, { certAllowExpired: false });
      const user = await createUser(t, { authPolicyId: policy.id });
      const validFrom = new Date(new X509Certificate(t.handle.ctx.pki.intermediate.certPem).validFrom);
      const u = await createCertUser(t, { notBefore: validFrom, notAfter: new Date(Date.now() - 60_000) });
      await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).update({ id: u.authenticatorId }, { identityId: user.identity.id });
      const client = t.as((await t.login(user.username, user.password)).token);
      const res = await client.post(extendPath('client', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKeyPem()) }, { cert: u.chainPem, key: u.cert.keyPem });
      expectError(res, 401, 'UNAUTHORIZED', 'clientCert', 'client');
      expect(res.body.error.cause.reason).toMatch(/expired/);
      // The same certificate under the default policy (expired certificates allowed) extends.
      const { client: allowed, u: holder } = await certSession(await createCertUser(t, { notBefore: validFrom, notAfter: new Date(Date.now() - 60_000) }));
      expect((await allowed.post(extendPath('client', holder.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKeyPem()) }, { cert: holder.chainPem, key: holder.cert.keyPem })).status).toBe(200);
    });

    it('is refused over TLS with another certificate than the current one, or none', async () => {
      const { u, client } = await certSession();
      const other = await createCertUser(t);
      const stranger = issueClientCert(t.handle.ctx.pki.intermediate);
      const body = { clientCertCsr: createCsr(newKeyPem()) };
      const path = extendPath('client', u.authenticatorId, 'extend');
      expectError(await client.post(path, body, { cert: other.chainPem, key: other.cert.keyPem }), 401, 'UNAUTHORIZED', 'clientCert', 'client');
      expectError(await client.post(path, body, { cert: stranger.certPem, key: stranger.keyPem }), 401, 'UNAUTHORIZED', 'clientCert', 'client');
      expectError(await client.post(path, body), 401, 'UNAUTHORIZED', 'clientCert', 'client');
      expect((await stored(u.authenticatorId)).unverifiedFingerprint).toBeNull();
    });

    it("is refused for another identity's authenticator (404), a password authenticator and a third-party certificate (409)", async () => {
      const { u, client } = await certSession();
      const other = await createCertUser(t);
      const body = { clientCertCsr: createCsr(u.cert.keyPem) };
      expectError(await client.post(extendPath('client', other.authenticatorId, 'extend'), body, { cert: other.chainPem, key: other.cert.keyPem }), 404, 'NOT_FOUND', undefined, 'client');
      expectError(await client.post(extendPath('client', other.authenticatorId, 'extend-verify'), { clientCert: other.cert.certPem }), 404, 'NOT_FOUND', undefined, 'client');

      const user = await createUser(t);
      const updb = (await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).findOneByOrFail({ identityId: user.identity.id })).id;
      const plain = t.as((await t.login(user.username, user.password)).token);
      expectError(await plain.post(extendPath('client', updb, 'extend'), body), 409, 'CAN_NOT_UPDATE_AUTHENTICATOR', undefined, 'client');

      await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).update({ id: u.authenticatorId }, { isIssuedByNetwork: false });
      expectError(await client.post(extendPath('client', u.authenticatorId, 'extend'), body, { cert: u.chainPem, key: u.cert.keyPem }), 409, 'CAN_NOT_UPDATE_AUTHENTICATOR', undefined, 'client');
    });

    it('a broken CSR is 400 COULD_NOT_PROCESS_CSR; a missing one 400 COULD_NOT_VALIDATE', async () => {
      const { u, client } = await certSession();
      const path = extendPath('client', u.authenticatorId, 'extend');
      const tls = { cert: u.chainPem, key: u.cert.keyPem };
      expectError(await client.post(path, { clientCertCsr: 'not a csr' }, tls), 400, 'COULD_NOT_PROCESS_CSR', 'clientCertCsr', 'client');
      expectError(await client.post(path, {}, tls), 400, 'COULD_NOT_VALIDATE', 'clientCertCsr', 'client');
    });

    it('extend-verify wants exactly the certificate last issued: 400 INVALID_CLIENT_CERT otherwise', async () => {
      const { u, client } = await certSession();
      const verify = (clientCert: string) => client.post(extendPath('client', u.authenticatorId, 'extend-verify'), { clientCert });
      expectError(await verify(u.cert.certPem), 400, 'INVALID_CLIENT_CERT', 'clientCert', 'client'); // nothing pending yet
      const first = await client.post(extendPath('client', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKeyPem()) }, { cert: u.chainPem, key: u.cert.keyPem });
      const second = await client.post(extendPath('client', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKeyPem()) }, { cert: u.chainPem, key: u.cert.keyPem });
      expectError(await verify(first.body.data.clientCert), 400, 'INVALID_CLIENT_CERT', 'clientCert', 'client');
      expectError(await verify(u.cert.certPem), 400, 'INVALID_CLIENT_CERT', 'clientCert', 'client');
      expectError(await verify('garbage'), 400, 'INVALID_CLIENT_CERT', 'clientCert', 'client');
      expect((await stored(u.authenticatorId)).fingerprint).toBe(u.cert.fingerprint);
      expectEmpty(await verify(second.body.data.clientCert), 'client');
    });
  });

  describeWithSwagger('schemas', () => {
    it('extend answers an identityExtendEnrollmentEnvelope; a flagged login a currentApiSessionDetailEnvelope', async () => {
      const { u, client } = await certSession();
      expectEmpty(await (await t.admin()).post(`${MANAGEMENT}/authenticators/${u.authenticatorId}/request-extend`, { rollKeys: true }));
      const flagged = await login(u.chainPem, u.cert.keyPem);
      expectSchema('client', 'currentApiSessionDetailEnvelope', flagged.body);
      const res = await client.post(extendPath('client', u.authenticatorId, 'extend'), { clientCertCsr: createCsr(newKeyPem()) }, { cert: u.chainPem, key: u.cert.keyPem });
      expectSchema('client', 'identityExtendEnrollmentEnvelope', res.body);
      expect(Object.keys(res.body.data).sort()).toEqual(['ca', 'clientCert']);
    });
  });
});
