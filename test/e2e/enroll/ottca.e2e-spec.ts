import { createRootCa } from '../../../src/x509/ca';
import { createIdentityViaApi } from '../../factories/identity.factory';
import { issueClientCert } from '../../support/client-certs';
import { onApi } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { TestContext } from '../../support/test-context';
import { deleteCa, insertCa, issueLeaf, orgPki, updateCa } from './ca-support';
import { CLIENT, MANAGEMENT, createEnrollment, inFuture } from './enroll-support';

const { expectError } = onApi('client');
const HOUR = 3_600_000;

describe('ottca enrollment (POST /enroll?method=ottca, /enroll/ottca)', () => {
  let t: TestContext;
  let admin: HttpsClient;
  const org = orgPki('ottca-org');
  let caId: string;

  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
    caId = (await insertCa(t, org.root.certPem)).id;
  });
  afterAll(() => t.stop());

  /** An identity created with `enrollment: {ottca: ca}` and its pending token (read from the identity detail). */
  async function ottcaIdentity(ca = caId): Promise<{ id: string; token: string }> {
    const { id } = await createIdentityViaApi(t, { enrollment: { ottca: ca } });
    const detail = (await admin.get(`${MANAGEMENT}/identities/${id}`)).body.data;
    expect(detail.enrollment.ottca).toMatchObject({ caId: ca, ca: { entity: 'cas', id: ca } });
    return { id, token: detail.enrollment.ottca.token };
  }
  const enroll = (token: string, cert?: { certPem: string; keyPem: string }, chain = '') =>
    t.api.post(`${CLIENT}/enroll?method=ottca&token=${encodeURIComponent(token)}`, undefined, cert ? { cert: cert.certPem + chain, key: cert.keyPem } : {});
  const certAuthenticators = async (identityId: string) =>
    (await admin.get(`${MANAGEMENT}/authenticators?filter=${encodeURIComponent(`identityId = "${identityId}" and method = "cert"`)}`)).body.data;
  const pending = async (identityId: string) => (await admin.get(`${MANAGEMENT}/identities/${identityId}`)).body.data.enrollment.ottca;

  it('leaf + intermediate of the CA: a cert authenticator not issued by the network, then certificate login', async () => {
    const { id, token } = await ottcaIdentity();
    const leaf = issueLeaf(org.intermediate, { commonName: 'ottca-device' });
    const res = await enroll(token, leaf, org.intermediate.certPem);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { data: {}, meta: {} } });
    const [a] = await certAuthenticators(id);
    // Stored: the leaf and the path's intermediate, never the CA certificate the path ends at.
    expect(a).toMatchObject({ method: 'cert', fingerprint: leaf.fingerprint, isIssuedByNetwork: false, certPem: leaf.certPem + org.intermediate.certPem });
    expect(await pending(id)).toBeUndefined();
    // The token is used up.
    expectError(await enroll(token, leaf, org.intermediate.certPem), 400, 'INVALID_ENROLLMENT_TOKEN');

    const login = await t.api.post(`${CLIENT}/authenticate?method=cert`, {}, { cert: leaf.certPem + org.intermediate.certPem, key: leaf.keyPem });
    expect(login.status).toBe(200);
    expect(login.body.data.identity.id).toBe(id);
  });

  it('re-enrolling a third-party certificate authenticator makes an ottca enrollment with its CA', async () => {
    const { id, token } = await ottcaIdentity();
    const leaf = issueLeaf(org.intermediate, { commonName: 'ottca-reenroll' });
    expect((await enroll(token, leaf, org.intermediate.certPem)).status).toBe(200);
    const [a] = await certAuthenticators(id);
    const res = await admin.post(`${MANAGEMENT}/authenticators/${a.id}/re-enroll`, { expiresAt: inFuture(t, HOUR) });
    expect(res.status).toBe(201);
    expect(await certAuthenticators(id)).toEqual([]);
    expect(await pending(id)).toMatchObject({ caId });
    // The certificate enrolls again through the new token.
    expect((await enroll((await pending(id)).token, leaf, org.intermediate.certPem)).status).toBe(200);
  });

  it('POST /enroll/ottca {token}, through an enrollment made with POST /enrollments, a leaf signed by the CA itself', async () => {
    const { id } = await createIdentityViaApi(t);
    const { token } = await createEnrollment(t, { method: 'ottca', identityId: id, caId, expiresAt: inFuture(t, HOUR) });
    const enrollmentDetail = (await admin.get(`${MANAGEMENT}/enrollments?filter=${encodeURIComponent(`identityId = "${id}"`)}`)).body.data[0];
    expect(enrollmentDetail).toMatchObject({ method: 'ottca', caId });
    const leaf = issueLeaf(org.root);
    const res = await t.api.post(`${CLIENT}/enroll/ottca`, { token }, { cert: leaf.certPem, key: leaf.keyPem });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { data: {}, meta: {} } });
    expect((await certAuthenticators(id))[0]).toMatchObject({ fingerprint: leaf.fingerprint, isIssuedByNetwork: false, certPem: leaf.certPem });
  });

  it('an unknown CA is refused when the enrollment is created (400 naming caId), and no identity is left behind', async () => {
    const { id } = await createIdentityViaApi(t);
    expectError(await admin.post(`${MANAGEMENT}/enrollments`, { method: 'ottca', identityId: id, caId: 'no-such-ca', expiresAt: inFuture(t, HOUR) }), 400, 'COULD_NOT_VALIDATE', 'caId');
    const name = `ottca-unknown-${Date.now()}`;
    expectError(await admin.post(`${MANAGEMENT}/identities`, { name, type: 'User', isAdmin: false, enrollment: { ottca: 'no-such-ca' } }), 400, 'COULD_NOT_VALIDATE', 'caId');
    expect((await admin.get(`${MANAGEMENT}/identities?filter=${encodeURIComponent(`name = "${name}"`)}`)).body.data).toEqual([]);
  });

  it('CERTIFICATE_FAILED_VALIDATION: no certificate, a stranger, no ClientAuth, a missing or rogue intermediate, expired, a CA cert; the token survives', async () => {
    const { id, token } = await ottcaIdentity();
    const stranger = createRootCa({ commonName: 'stranger root', validityDays: 30 });
    // A self-signed "intermediate" with our intermediate's exact name, sent along with a leaf it signed.
    const rogue = createRootCa({ commonName: 'ottca-org intermediate', validityDays: 30 });
    const cases: [string, Awaited<ReturnType<typeof enroll>>][] = [
      ['no certificate', await enroll(token)],
      ['another CA', await enroll(token, issueLeaf(stranger))],
      ['serverAuth only', await enroll(token, issueLeaf(org.intermediate, { eku: 'serverAuth' }), org.intermediate.certPem)],
      // The controller never completes a third-party chain: the client must send its intermediates.
      ['intermediate not sent', await enroll(token, issueLeaf(org.intermediate))],
      ['rogue intermediate', await enroll(token, issueLeaf(rogue), rogue.certPem)],
      ['self-signed', await enroll(token, issueClientCert('self'))],
      ['expired', await enroll(token, issueLeaf(org.intermediate, { notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }), org.intermediate.certPem)],
    ];
    for (const [label, res] of cases) {
      expect({ label, status: res.status, code: res.body?.error?.code }).toEqual({ label, status: 400, code: 'CERTIFICATE_FAILED_VALIDATION' });
    }
    expect(await certAuthenticators(id)).toEqual([]);
    expect(await pending(id)).toMatchObject({ token });
    const leaf = issueLeaf(org.intermediate);
    expect((await enroll(token, leaf, org.intermediate.certPem)).status).toBe(200);
  });

  it('a revoked certificate (on the CA CRL) cannot enroll', async () => {
    const pki = orgPki('revoking-org');
    const leaf = issueLeaf(pki.root);
    const ca = await insertCa(t, pki.root.certPem, { crlRevokedSerials: [leaf.serial] });
    const { id, token } = await ottcaIdentity(ca.id);
    expectError(await enroll(token, leaf), 400, 'CERTIFICATE_FAILED_VALIDATION');
    expect(await certAuthenticators(id)).toEqual([]);
    expect((await enroll(token, issueLeaf(pki.root))).status).toBe(200);
  });

  it('isOttCaEnrollmentEnabled=false: ENROLLMENT_CA_NOT_VALID; the CA deleted: INVALID_ENROLLMENT_TOKEN', async () => {
    const pki = orgPki('toggled-org');
    const ca = await insertCa(t, pki.root.certPem);
    const { token } = await ottcaIdentity(ca.id);
    const leaf = issueLeaf(pki.root);
    await updateCa(t, ca.id, { isOttCaEnrollmentEnabled: false });
    expectError(await enroll(token, leaf), 400, 'ENROLLMENT_CA_NOT_VALID');
    await updateCa(t, ca.id, { isOttCaEnrollmentEnabled: true });
    await deleteCa(t, ca.id);
    expectError(await enroll(token, leaf), 400, 'INVALID_ENROLLMENT_TOKEN');
  });

  it('an unverified CA can still enroll by ottca (as in OpenZiti; logging in needs it verified)', async () => {
    const pki = orgPki('unverified-org');
    const ca = await insertCa(t, pki.root.certPem, { isVerified: false });
    const { id, token } = await ottcaIdentity(ca.id);
    const leaf = issueLeaf(pki.root);
    expect((await enroll(token, leaf)).status).toBe(200);
    expect((await certAuthenticators(id))[0]).toMatchObject({ fingerprint: leaf.fingerprint });
  });

  it('a certificate already bound to an authenticator: 409 CERT_IN_USE with the fingerprint; the token survives', async () => {
    const leaf = issueLeaf(org.root);
    const first = await ottcaIdentity();
    expect((await enroll(first.token, leaf)).status).toBe(200);
    const second = await ottcaIdentity();
    const res = await enroll(second.token, leaf);
    expectError(res, 409, 'CERT_IN_USE');
    expect(res.body.error.cause).toMatchObject({ data: { fingerprint: leaf.fingerprint } });
    expect(await certAuthenticators(second.id)).toEqual([]);
    expect(await pending(second.id)).toMatchObject({ token: second.token });
  });

  it('method and expiry: a wrong explicit method, an expired token', async () => {
    const { token } = await ottcaIdentity();
    const leaf = issueLeaf(org.root);
    expectError(await t.api.post(`${CLIENT}/enroll?method=ott&token=${token}`, undefined, { cert: leaf.certPem, key: leaf.keyPem }), 400, 'INVALID_ENROLL_METHOD');
    const { id } = await createIdentityViaApi(t);
    const e = await createEnrollment(t, { method: 'ottca', identityId: id, caId, expiresAt: inFuture(t, 60_000) });
    t.clock.advance(2 * 60_000);
    expectError(await enroll(e.token, leaf), 400, 'ENROLLMENT_EXPIRED');
    // Without method: the enrollment's own applies.
    const fresh = await ottcaIdentity();
    expect((await t.api.post(`${CLIENT}/enroll?token=${fresh.token}`, undefined, { cert: leaf.certPem, key: leaf.keyPem })).status).toBe(200);
  });
});
