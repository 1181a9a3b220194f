import { X509Certificate } from 'node:crypto';
import { AuthenticatorEntity } from '../../../src/authenticators/authenticator.entity';
import { newAuthenticator } from '../../../src/authenticators/new-authenticator';
import { randomId } from '../../../src/common/crypto/random';
import { type CaMaterial, createIntermediateCa, createRootCa } from '../../../src/x509/ca';
import { createIdentityViaApi } from '../../factories/identity.factory';
import type { TestClientCert } from '../../support/client-certs';
import { expectEmpty } from '../../support/expect-api';
import { type HttpResponse, HttpsClient } from '../../support/https-client';
import { TestContext } from '../../support/test-context';
import { buildCrl, crlPem, issueNamedLeaf } from '../../support/third-party-certs';

const AUTH = '/edge/client/v1/authenticate?method=cert';
const CAS = '/edge/management/v1/cas';
const DAY = 86_400_000;

/** Login through CAs an organisation registered (reference §3.1 third-party pool) and our CRL extension. */
function suite(policy: 'fail-closed' | 'fail-open') {
  let t: TestContext;
  let api: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_CRL_STALE_POLICY: policy } });
    api = new HttpsClient(t.handle.url, [t.handle.ctx.pki.root.certPem]);
  });
  afterAll(() => t.stop());

  const login = (chainPem: string, keyPem: string) => api.post(AUTH, {}, { cert: chainPem, key: keyPem });
  const expectRefused = (res: HttpResponse) => expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 401, code: 'INVALID_AUTH' });

  /** Registers `ca` through the API, verified (proof of possession) unless told otherwise. */
  async function registerCa(ca: CaMaterial, over: Record<string, unknown> = {}, verified = true): Promise<string> {
    const admin = await t.admin();
    const res = await admin.post(CAS, { name: `ca-${randomId()}`, certPem: ca.certPem, isAutoCaEnrollmentEnabled: false, isOttCaEnrollmentEnabled: true, isAuthEnabled: true, identityRoles: [], ...over });
    expect(res.status).toBe(201);
    const id = res.body.data.id;
    if (verified) {
      const token = (await admin.get(`${CAS}/${id}`)).body.data.verificationToken;
      expectEmpty(await admin.request('POST', `${CAS}/${id}/verify`, { raw: issueNamedLeaf(ca, { commonName: token }).certPem, contentType: 'text/plain' }));
    }
    return id;
  }

  /** A cert authenticator as ottca enrollment creates it (isIssuedByNetwork false). */
  async function holder(cert: TestClientCert): Promise<{ identityId: string; authenticatorId: string }> {
    const { id: identityId } = await createIdentityViaApi(t);
    const a = newAuthenticator({ identityId, method: 'cert', certPem: cert.certPem, fingerprint: cert.fingerprint, isIssuedByNetwork: false }, t.clock.now());
    await t.handle.ctx.dataSource.getRepository(AuthenticatorEntity).insert(a);
    return { identityId, authenticatorId: a.id };
  }

  const newRoot = () => createRootCa({ commonName: `org-${randomId(6)}`, validityDays: 30 });

  it('a leaf of a verified CA logs in by fingerprint; not extendable', async () => {
    const ca = newRoot();
    await registerCa(ca);
    const leaf = issueNamedLeaf(ca, { commonName: 'dev' });
    const { identityId, authenticatorId } = await holder(leaf);
    const res = await login(leaf.certPem, leaf.keyPem);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ identityId, authenticatorId, isCertExtendable: false });
  });

  it('root -> intermediate -> leaf: the client sends the intermediate; without it there is no path', async () => {
    const root = newRoot();
    const mid = createIntermediateCa(root, { commonName: 'org intermediate', validityDays: 20 });
    await registerCa(root);
    const leaf = issueNamedLeaf(mid, { commonName: 'dev' });
    await holder(leaf);
    expect((await login(leaf.certPem + mid.certPem, leaf.keyPem)).status).toBe(200);
    expectRefused(await login(leaf.certPem, leaf.keyPem));
  });

  it('an unverified CA does not join the pool', async () => {
    const ca = newRoot();
    await registerCa(ca, {}, false);
    const leaf = issueNamedLeaf(ca, { commonName: 'dev' });
    await holder(leaf);
    expectRefused(await login(leaf.certPem, leaf.keyPem));
  });

  it('isAuthEnabled toggles take effect on the next login; deleting the CA ends its logins', async () => {
    const ca = newRoot();
    const id = await registerCa(ca);
    const leaf = issueNamedLeaf(ca, { commonName: 'dev' });
    await holder(leaf);
    const admin = await t.admin();
    expect((await login(leaf.certPem, leaf.keyPem)).status).toBe(200);
    expectEmpty(await admin.request('PATCH', `${CAS}/${id}`, { body: { isAuthEnabled: false } }));
    expectRefused(await login(leaf.certPem, leaf.keyPem));
    expectEmpty(await admin.request('PATCH', `${CAS}/${id}`, { body: { isAuthEnabled: true } }));
    expect((await login(leaf.certPem, leaf.keyPem)).status).toBe(200);
    expectEmpty(await admin.delete(`${CAS}/${id}`));
    expectRefused(await login(leaf.certPem, leaf.keyPem));
  });

  it('a rogue self-signed "intermediate" named like the CA, sent along, makes nothing valid', async () => {
    const ca = newRoot();
    await registerCa(ca);
    // Same subject as the registered CA, so matching names alone would take it for the CA.
    const rogue = createRootCa({ commonName: new X509Certificate(ca.certPem).subject.replace(/^CN=/, ''), validityDays: 30 });
    expect(new X509Certificate(rogue.certPem).subject).toBe(new X509Certificate(ca.certPem).subject);
    const leaf = issueNamedLeaf(rogue, { commonName: 'dev' });
    await holder(leaf);
    expectRefused(await login(leaf.certPem + rogue.certPem, leaf.keyPem));
    expectRefused(await login(leaf.certPem + rogue.certPem + ca.certPem, leaf.keyPem));
  });

  describe('external ID (CA with externalIdClaim)', () => {
    it.each([
      ['COMMON_NAME / ALL / NONE', { location: 'COMMON_NAME', matcher: 'ALL', matcherCriteria: '', parser: 'NONE', parserCriteria: '', index: 0 }, (x: string) => ({ commonName: x })],
      ['COMMON_NAME / PREFIX / SPLIT', { location: 'COMMON_NAME', matcher: 'PREFIX', matcherCriteria: 'dev:', parser: 'SPLIT', parserCriteria: ':', index: 1 }, (x: string) => ({ commonName: `dev:${x}` })],
      ['SAN_URI / SCHEME / SPLIT', { location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe', parser: 'SPLIT', parserCriteria: '/', index: 4 }, (x: string) => ({ uris: ['https://a.example/x', `spiffe://org/device/${x}`] })],
      ['SAN_URI / SUFFIX / SPLIT', { location: 'SAN_URI', matcher: 'SUFFIX', matcherCriteria: '#dev', parser: 'SPLIT', parserCriteria: '#', index: 0 }, (x: string) => ({ uris: [`${x}#dev`] })],
      ['SAN_URI / PREFIX / NONE', { location: 'SAN_URI', matcher: 'PREFIX', matcherCriteria: 'ext-', parser: 'NONE', parserCriteria: '', index: 0 }, (x: string) => ({ uris: ['https://a.example/x', x] })],
      ['SAN_EMAIL / SUFFIX / SPLIT', { location: 'SAN_EMAIL', matcher: 'SUFFIX', matcherCriteria: '@devices.example', parser: 'SPLIT', parserCriteria: '@', index: 0 }, (x: string) => ({ emails: ['boss@example', `${x}@devices.example`] })],
      ['SAN_EMAIL / ALL / NONE index 1', { location: 'SAN_EMAIL', matcher: 'ALL', matcherCriteria: '', parser: 'NONE', parserCriteria: '', index: 1 }, (x: string) => ({ emails: ['boss@example', x] })],
    ])('%s: found by identity.externalId, authenticatorId "internal"', async (_what, claim, names) => {
      const ca = newRoot();
      await registerCa(ca, { externalIdClaim: claim });
      const externalId = `ext-${randomId(8)}`;
      const { id: identityId } = await createIdentityViaApi(t, { externalId });
      const leaf = issueNamedLeaf(ca, names(externalId));
      const res = await login(leaf.certPem, leaf.keyPem);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ identityId, authenticatorId: 'internal', isCertExtendable: false });
      // A certificate that carries no (or an unknown) external ID finds nobody.
      const other = issueNamedLeaf(ca, names(`ext-${randomId(8)}`));
      expectRefused(await login(other.certPem, other.keyPem));
    });

    it('the same external ID from an unregistered PKI finds nobody', async () => {
      const externalId = `ext-${randomId(8)}`;
      await createIdentityViaApi(t, { externalId });
      const leaf = issueNamedLeaf(newRoot(), { commonName: externalId });
      expectRefused(await login(leaf.certPem, leaf.keyPem));
    });
  });

  describe('revocation (CRL extension)', () => {
    const putCrl = async (id: string, der: Buffer) => expectEmpty(await (await t.admin()).request('PUT', `${CAS}/${id}/crl`, { raw: crlPem(der), contentType: 'text/plain' }));

    it('a revoked leaf is refused, others of the CA still log in', async () => {
      const ca = newRoot();
      const id = await registerCa(ca);
      const revoked = issueNamedLeaf(ca, { commonName: 'r' });
      const good = issueNamedLeaf(ca, { commonName: 'g' });
      await holder(revoked);
      await holder(good);
      await putCrl(id, buildCrl(ca, { revoked: [revoked.serial] }));
      expectRefused(await login(revoked.certPem, revoked.keyPem));
      expect((await login(good.certPem, good.keyPem)).status).toBe(200);
    });

    it("a revoked intermediate (on the root's CRL) takes its leaves with it", async () => {
      const root = newRoot();
      const mid = createIntermediateCa(root, { commonName: 'org intermediate', validityDays: 20 });
      const id = await registerCa(root);
      const leaf = issueNamedLeaf(mid, { commonName: 'dev' });
      await holder(leaf);
      expect((await login(leaf.certPem + mid.certPem, leaf.keyPem)).status).toBe(200);
      const midSerial = new X509Certificate(mid.certPem).serialNumber;
      await putCrl(id, buildCrl(root, { revoked: [midSerial] }));
      expectRefused(await login(leaf.certPem + mid.certPem, leaf.keyPem));
    });

    it(`a stale CRL (past nextUpdate) under ${policy}`, async () => {
      const ca = newRoot();
      const id = await registerCa(ca);
      const leaf = issueNamedLeaf(ca, { commonName: 'dev' });
      const revoked = issueNamedLeaf(ca, { commonName: 'r' });
      await holder(leaf);
      await holder(revoked);
      expect((await login(leaf.certPem, leaf.keyPem)).status).toBe(200);
      // Issued two days ago, due yesterday: stale now.
      await putCrl(id, buildCrl(ca, { revoked: [revoked.serial], thisUpdate: new Date(Date.now() - 2 * DAY), nextUpdate: new Date(Date.now() - DAY) }));
      expect((await (await t.admin()).get(`${CAS}/${id}/crl`)).body.data.isStale).toBe(true);
      if (policy === 'fail-closed') expectRefused(await login(leaf.certPem, leaf.keyPem));
      else expect((await login(leaf.certPem, leaf.keyPem)).status).toBe(200);
      // Revoked stays revoked either way.
      expectRefused(await login(revoked.certPem, revoked.keyPem));
      // A fresh CRL lifts fail-closed.
      await putCrl(id, buildCrl(ca, { revoked: [revoked.serial] }));
      expect((await login(leaf.certPem, leaf.keyPem)).status).toBe(200);
    });
  });
}

describe('POST /authenticate?method=cert through third-party CAs (ZT_CRL_STALE_POLICY=fail-closed)', () => suite('fail-closed'));
describe('POST /authenticate?method=cert through third-party CAs (ZT_CRL_STALE_POLICY=fail-open)', () => suite('fail-open'));
