import { X509Certificate } from 'node:crypto';
import { AuthenticatorEntity } from '../../../src/authenticators/authenticator.entity';
import { newAuthenticator } from '../../../src/authenticators/new-authenticator';
import { createRootCa } from '../../../src/x509/ca';
import { createIdentityViaApi, createPolicy } from '../../factories/identity.factory';
import { createCertUser, issueClientCert, strangerPki, type TestClientCert } from '../../support/client-certs';
import { expectEmpty } from '../../support/expect-api';
import { type HttpResponse, HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';

const AUTH = '/edge/client/v1/authenticate?method=cert';
const DAY = 86_400_000;

describe('POST /authenticate?method=cert', () => {
  let t: TestContext;
  /**
   * Trusts only the root. With our intermediate among its CAs, OpenSSL on the client side would add it to
   * the chain it sends by itself, and "the client sent the leaf alone" could not be tested.
   */
  let api: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    api = new HttpsClient(t.handle.url, [t.handle.ctx.pki.root.certPem]);
  });
  afterAll(() => t.stop());

  const login = (certPem: string, keyPem: string, path = AUTH) => api.post(path, {}, { cert: certPem, key: keyPem });

  /** Registers a certificate the management API would refuse (it must chain to our PKI), straight in the table. */
  async function registerDirectly(cert: TestClientCert): Promise<string> {
    const { id: identityId } = await createIdentityViaApi(t);
    const a = newAuthenticator({ identityId, method: 'cert', certPem: cert.certPem, fingerprint: cert.fingerprint, isIssuedByNetwork: true }, t.clock.now());
    await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).insert(a);
    return identityId;
  }

  const authenticator = (id: string) => t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).findOneByOrFail({ id });

  function expectInvalidAuth(res: HttpResponse) {
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 401, code: 'INVALID_AUTH' });
    expect(res.body.error.message).toBe('The authentication request failed');
    expect(res.body.error.cause).toBeUndefined();
    expect(res.headers['zt-session']).toBeUndefined();
  }

  it('logs in with leaf + intermediate: a proper chain, an extendable certificate', async () => {
    const u = await createCertUser(t);
    const res = await login(u.chainPem, u.cert.keyPem);
    expect(res.status).toBe(200);
    const token = res.headers['zt-session'] as string;
    expect(res.body.data).toMatchObject({ token, identityId: u.identityId, authenticatorId: u.authenticatorId, isCertExtendable: true, authQueries: [] });
    expect(res.body.data).not.toHaveProperty('improperClientCertChain');
    expect(res.body.data).not.toHaveProperty('isCertExtendRequested');
    expect(res.headers['ziti-authenticator-extend-requested']).toBeUndefined();
    expect((await t.as(token).get('/edge/client/v1/current-identity')).body.data.id).toBe(u.identityId);
    expect((await authenticator(u.authenticatorId)).lastAuthResolvedToRoot).toBe(true);
  });

  it('logs in with the leaf alone, completing the chain with our intermediate: improperClientCertChain', async () => {
    const u = await createCertUser(t);
    const res = await login(u.cert.certPem, u.cert.keyPem);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ identityId: u.identityId, improperClientCertChain: true, isCertExtendable: true });
    expect((await authenticator(u.authenticatorId)).lastAuthResolvedToRoot).toBe(false);
    // The next proper login back-fills it again.
    expect((await login(u.chainPem, u.cert.keyPem)).body.data).not.toHaveProperty('improperClientCertChain');
    expect((await authenticator(u.authenticatorId)).lastAuthResolvedToRoot).toBe(true);
  });

  it('works on the management API and through the legacy /authenticate path', async () => {
    const u = await createCertUser(t);
    expect((await login(u.chainPem, u.cert.keyPem, '/edge/management/v1/authenticate?method=cert')).status).toBe(200);
    expect((await login(u.chainPem, u.cert.keyPem, '/authenticate?method=cert')).status).toBe(200);
  });

  it('saves envInfo and sdkInfo like any login', async () => {
    const u = await createCertUser(t);
    const envInfo = { os: 'linux', arch: 'arm64' };
    const res = await api.post(AUTH, { envInfo, sdkInfo: { type: 'ziti-sdk-c' } }, { cert: u.chainPem, key: u.cert.keyPem });
    expect(res.status).toBe(200);
    const detail = await (await t.admin()).get(`/edge/management/v1/identities/${u.identityId}`);
    expect(detail.body.data.envInfo).toMatchObject(envInfo);
  });

  describe('every failure is the same 401 INVALID_AUTH', () => {
    it('no client certificate', async () => {
      expectInvalidAuth(await t.api.post(AUTH, {}));
    });

    it('a valid certificate of our PKI that no authenticator holds', async () => {
      const cert = issueClientCert(t.handle.ctx.pki.intermediate);
      expectInvalidAuth(await login(cert.certPem + t.handle.ctx.pki.intermediate.certPem, cert.keyPem));
    });

    it('a self-signed certificate, even with its fingerprint registered', async () => {
      const cert = issueClientCert('self');
      await registerDirectly(cert);
      expectInvalidAuth(await login(cert.certPem, cert.keyPem));
    });

    it("a certificate from another CA, sent with that CA's whole chain", async () => {
      const stranger = strangerPki();
      const cert = issueClientCert(stranger.intermediate);
      await registerDirectly(cert);
      expectInvalidAuth(await login(cert.certPem + stranger.intermediate.certPem + stranger.root.certPem, cert.keyPem));
    });

    it('a rogue self-signed "intermediate" named like ours, sent along, does not make its leaf valid', async () => {
      const ours = t.handle.ctx.pki.intermediate.certPem;
      // Same subject as our intermediate, so matching names alone would take it for ours.
      const name = Object.fromEntries(new X509Certificate(ours).subject.split('\n').map((kv) => kv.split('=')));
      const rogue = createRootCa({ commonName: name.CN, organization: name.O, validityDays: 30 });
      expect(new X509Certificate(rogue.certPem).subject).toBe(new X509Certificate(ours).subject);
      const leaf = issueClientCert(rogue);
      await registerDirectly(leaf);
      expectInvalidAuth(await login(leaf.certPem + rogue.certPem, leaf.keyPem));
      expectInvalidAuth(await login(leaf.certPem + rogue.certPem + ours, leaf.keyPem));
    });

    it('a leaf without the ClientAuth extended key usage', async () => {
      const serverOnly = await createCertUser(t, { eku: 'serverAuth' });
      expectInvalidAuth(await login(serverOnly.chainPem, serverOnly.cert.keyPem));
      const noEku = await createCertUser(t, { eku: 'none' });
      expectInvalidAuth(await login(noEku.chainPem, noEku.cert.keyPem));
    });

    it('a disabled identity', async () => {
      const u = await createCertUser(t);
      expectEmpty(await (await t.admin()).post(`/edge/management/v1/identities/${u.identityId}/disable`, { durationMinutes: 0 }));
      expectInvalidAuth(await login(u.chainPem, u.cert.keyPem));
    });

    it('a policy that does not allow certificates', async () => {
      const policy = await createPolicy(t, { certAllowed: false });
      const u = await createCertUser(t, { identity: { authPolicyId: policy.id } });
      expectInvalidAuth(await login(u.chainPem, u.cert.keyPem));
    });
  });

  describe('expired certificates follow allowExpiredCerts', () => {
    /** Expired a minute ago; starts with our intermediate, so the management API still accepts it. */
    const expiredOpts = () => ({ notBefore: new Date(new X509Certificate(t.handle.ctx.pki.intermediate.certPem).validFrom), notAfter: new Date(Date.now() - 60_000) });

    it('the default policy allows them', async () => {
      const u = await createCertUser(t, expiredOpts());
      expect((await login(u.chainPem, u.cert.keyPem)).status).toBe(200);
    });

    it('a policy with allowExpiredCerts false refuses expired and not-yet-valid ones, and accepts current ones', async () => {
      const policy = await createPolicy(t, { certAllowExpired: false });
      const identity = { authPolicyId: policy.id };
      const expired = await createCertUser(t, { ...expiredOpts(), identity });
      expectInvalidAuth(await login(expired.chainPem, expired.cert.keyPem));
      const future = await createCertUser(t, { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY), identity });
      expectInvalidAuth(await login(future.chainPem, future.cert.keyPem));
      const current = await createCertUser(t, { identity });
      expect((await login(current.chainPem, current.cert.keyPem)).status).toBe(200);
    });

    it('judged by the controller clock', async () => {
      const policy = await createPolicy(t, { certAllowExpired: false });
      const now = t.clock.now();
      const u = await createCertUser(t, { ...expiredOpts(), identity: { authPolicyId: policy.id } });
      expectInvalidAuth(await login(u.chainPem, u.cert.keyPem));
      // Back into the certificate's lifetime (backwards, so no existing session idles out meanwhile).
      t.clock.set(new Date(now.getTime() - 120_000));
      try {
        expect((await login(u.chainPem, u.cert.keyPem)).status).toBe(200);
      } finally {
        t.clock.set(now);
      }
    });
  });

  describeWithSwagger('schemas', () => {
    it('the login answer is a currentApiSessionDetailEnvelope on both APIs, improper chain or not', async () => {
      const u = await createCertUser(t);
      expectSchema('client', 'currentApiSessionDetailEnvelope', (await login(u.chainPem, u.cert.keyPem)).body);
      expectSchema('client', 'currentApiSessionDetailEnvelope', (await login(u.cert.certPem, u.cert.keyPem)).body);
      const mgmt = await login(u.chainPem, u.cert.keyPem, '/edge/management/v1/authenticate?method=cert');
      expectSchema('management', 'currentApiSessionDetailEnvelope', mgmt.body);
    });

    it('a refusal is an apiErrorEnvelope', async () => {
      expectSchema('client', 'apiErrorEnvelope', (await t.api.post(AUTH, {})).body);
    });
  });
});
