import { X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { EnrollService } from '../../../src/enrollments/enroll.service';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { verifyChain } from '../../../src/x509/verify';
import { createIdentityViaApi } from '../../factories/identity.factory';
import { onApi } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';
import { CLIENT, MANAGEMENT, createEnrollment, inFuture, newCsr, pendingEnrollment, tamperedCsr } from './enroll-support';

const { expectError } = onApi('client');
const MINUTE = 60_000;

describeWithSwagger('ott enrollment (POST /enroll, /enroll/ott)', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  /** A new identity created with `enrollment: {ott: true}`, and its pending token. */
  const seenTokens: string[] = [];
  async function ottIdentity(): Promise<{ id: string; token: string }> {
    const { id } = await createIdentityViaApi(t, { enrollment: { ott: true } });
    const { token } = await pendingEnrollment(t, id, 'ott');
    seenTokens.push(token);
    return { id, token };
  }
  const pemEnroll = (token: string, csrPem: string, contentType = 'application/x-pem-file', path = `${CLIENT}/enroll`) =>
    t.api.post(`${path}?method=ott&token=${encodeURIComponent(token)}`, undefined, { raw: csrPem, contentType });
  const jsonEnroll = (token: string, clientCsr: string) => t.api.post(`${CLIENT}/enroll/ott`, { token, clientCsr });
  const certAuthenticators = async (identityId: string) =>
    (await admin.get(`${MANAGEMENT}/authenticators?filter=${encodeURIComponent(`identityId = "${identityId}" and method = "cert"`)}`)).body.data;

  /** A 200 ott answer: the chain verifies to our root, and the identity now has that certificate's authenticator. */
  async function expectEnrolled(res: Awaited<ReturnType<typeof jsonEnroll>>, identityId: string): Promise<string> {
    expect(res.status).toBe(200);
    expectSchema('client', 'enrollmentCertsEnvelope', res.body);
    expect(Object.keys(res.body.data)).toEqual(['cert']);
    expect(res.body.meta).toEqual({});
    const chain: string = res.body.data.cert;
    expect(verifyChain(chain, [], [t.handle.ctx.pki.root.certPem])).toMatchObject({ ok: true });
    const leaf = new X509Certificate(chain);
    expect(leaf.checkIssued(new X509Certificate(t.handle.ctx.pki.intermediate.certPem))).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(leaf.subjectAltName).toBe(`URI:spiffe://${t.config.trustDomain}/identity/${identityId}`);
    const [a] = await certAuthenticators(identityId);
    expect(a).toMatchObject({ method: 'cert', fingerprint: sha1Fingerprint(chain), isIssuedByNetwork: true, certPem: chain });
    return chain;
  }

  it('identity create with {ott: true} shows an enrollment JWT signed by the API server certificate, with exactly the §7.1 claims', async () => {
    const { id } = await createIdentityViaApi(t, { enrollment: { ott: true } });
    const detail = await admin.get(`${MANAGEMENT}/identities/${id}`);
    expectSchema('management', 'detailIdentityEnvelope', detail.body);
    const e = detail.body.data.enrollment.ott;
    expect(Object.keys(detail.body.data.enrollment)).toEqual(['ott']);
    expect(e).toEqual({ id: expect.any(String), token: expect.any(String), jwt: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(e.expiresAt) - t.clock.now().getTime()).toBeGreaterThan(179 * MINUTE);
    expect(Date.parse(e.expiresAt) - t.clock.now().getTime()).toBeLessThanOrEqual(180 * MINUTE);

    expect(decodeProtectedHeader(e.jwt)).toEqual({ alg: 'RS256', kid: t.handle.ctx.pki.serverFingerprint, typ: 'JWT' });
    const serverKey = new X509Certificate(t.handle.ctx.pki.server.certPem).publicKey;
    const { payload } = await jwtVerify(e.jwt, serverKey, { algorithms: ['RS256'] });
    expect(payload).toEqual({
      iss: `https://${t.config.advertisedAddress}`,
      sub: id,
      aud: [''],
      exp: Math.floor(Date.parse(e.expiresAt) / 1000),
      jti: e.token,
      em: 'ott',
      ctrls: null,
    });
    expect(e.token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('enrolls with the CSR as application/x-pem-file; the token is then used up', async () => {
    const who = await ottIdentity();
    await expectEnrolled(await pemEnroll(who.token, newCsr('pem-device').csrPem), who.id);
    expect((await admin.get(`${MANAGEMENT}/identities/${who.id}`)).body.data.enrollment).toEqual({});
    expectError(await pemEnroll(who.token, newCsr().csrPem), 400, 'INVALID_ENROLLMENT_TOKEN');
    expectError(await jsonEnroll(who.token, newCsr().csrPem), 400, 'INVALID_ENROLLMENT_TOKEN');
    expect(await certAuthenticators(who.id)).toHaveLength(1);
  });

  it('enrolls with JSON {token, clientCsr} on /enroll/ott, and with text/plain on the legacy un-prefixed /enroll', async () => {
    const a = await ottIdentity();
    await expectEnrolled(await jsonEnroll(a.token, newCsr().csrPem), a.id);
    const b = await ottIdentity();
    await expectEnrolled(await pemEnroll(b.token, newCsr().csrPem, 'text/plain', '/enroll'), b.id);
    const c = await ottIdentity();
    const generic = await t.api.post(`${CLIENT}/enroll?token=${c.token}`, { clientCsr: newCsr().csrPem });
    await expectEnrolled(generic, c.id);
  });

  it('an unknown token is 400 INVALID_ENROLLMENT_TOKEN; a missing one 400 COULD_NOT_VALIDATE', async () => {
    expectError(await pemEnroll('2b3d6f0e-5d0c-4c4e-9a55-1b1e2f3a4b5c', newCsr().csrPem), 400, 'INVALID_ENROLLMENT_TOKEN');
    expectError(await jsonEnroll('nope', newCsr().csrPem), 400, 'INVALID_ENROLLMENT_TOKEN');
    expectError(await t.api.post(`${CLIENT}/enroll?method=ott`, undefined, { raw: newCsr().csrPem, contentType: 'text/plain' }), 400, 'COULD_NOT_VALIDATE', 'token');
  });

  it('an expired enrollment is 400 ENROLLMENT_EXPIRED and creates nothing', async () => {
    const { id } = await createIdentityViaApi(t);
    const e = await createEnrollment(t, { method: 'ott', identityId: id, expiresAt: inFuture(t, 2 * MINUTE) });
    t.clock.advance(3 * MINUTE);
    expectError(await jsonEnroll(e.token, newCsr().csrPem), 400, 'ENROLLMENT_EXPIRED');
    expect(await certAuthenticators(id)).toEqual([]);
  });

  it('a refreshed-away token is 400 INVALID_ENROLLMENT_TOKEN and the new one works', async () => {
    const who = await ottIdentity();
    const before = await pendingEnrollment(t, who.id, 'ott');
    const refreshed = await admin.post(`${MANAGEMENT}/enrollments/${before.id}/refresh`, { expiresAt: inFuture(t, 60 * MINUTE) });
    expect({ status: refreshed.status, body: refreshed.body }).toEqual({ status: 200, body: { data: {}, meta: {} } });
    const after = await pendingEnrollment(t, who.id, 'ott');
    expect(after.id).toBe(before.id);
    expect(after.token).not.toBe(before.token);
    expect(after.jwt).not.toBe(before.jwt);
    expect(decodeJwt(after.jwt)).toMatchObject({ jti: after.token, exp: Math.floor(Date.parse(after.expiresAt) / 1000) });
    expectError(await jsonEnroll(before.token, newCsr().csrPem), 400, 'INVALID_ENROLLMENT_TOKEN');
    await expectEnrolled(await jsonEnroll(after.token, newCsr().csrPem), who.id);
  });

  it('naming another method than the token\'s is 400 INVALID_ENROLL_METHOD; an unknown method 400 COULD_NOT_VALIDATE', async () => {
    const who = await ottIdentity();
    expectError(await t.api.post(`${CLIENT}/enroll/updb?token=${who.token}`, { password: 'Whatever-1!' }), 400, 'INVALID_ENROLL_METHOD');
    expectError(await t.api.post(`${CLIENT}/enroll?method=updb&token=${who.token}`, { password: 'Whatever-1!' }), 400, 'INVALID_ENROLL_METHOD');
    expectError(await t.api.post(`${CLIENT}/enroll?method=bogus&token=${who.token}`, {}), 400, 'COULD_NOT_VALIDATE', 'method');
    expectError(await t.api.post(`${CLIENT}/enroll?method=ca`, {}), 400, 'ENROLLMENT_NO_VALID_CAS');
    // Nothing was consumed by the refusals.
    await expectEnrolled(await jsonEnroll(who.token, newCsr().csrPem), who.id);
  });

  it('a tampered, garbage or missing CSR is 400 COULD_NOT_PROCESS_CSR and leaves the enrollment usable', async () => {
    const who = await ottIdentity();
    expectError(await pemEnroll(who.token, tamperedCsr()), 400, 'COULD_NOT_PROCESS_CSR');
    expectError(await jsonEnroll(who.token, tamperedCsr()), 400, 'COULD_NOT_PROCESS_CSR');
    expectError(await pemEnroll(who.token, 'not a csr'), 400, 'COULD_NOT_PROCESS_CSR');
    expectError(await t.api.post(`${CLIENT}/enroll?method=ott&token=${who.token}`), 400, 'COULD_NOT_PROCESS_CSR');
    await expectEnrolled(await jsonEnroll(who.token, newCsr().csrPem), who.id);
  });

  it('an Accept that excludes JSON on the generic route is 415 UNSUPPORTED_MEDIA', async () => {
    const who = await ottIdentity();
    const res = await t.api.post(`${CLIENT}/enroll?method=ott&token=${who.token}`, undefined, {
      raw: newCsr().csrPem,
      contentType: 'application/x-pem-file',
      headers: { accept: 'application/x-pem-file' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA');
    await expectEnrolled(await pemEnroll(who.token, newCsr().csrPem), who.id);
  });

  it('two concurrent enrollments with one token: exactly one certificate, one clear INVALID_ENROLLMENT_TOKEN', async () => {
    const who = await ottIdentity();
    const results = await Promise.all([jsonEnroll(who.token, newCsr('racer-1').csrPem), pemEnroll(who.token, newCsr('racer-2').csrPem)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const loser = results.find((r) => r.status === 400);
    expectError(loser as (typeof results)[number], 400, 'INVALID_ENROLLMENT_TOKEN');
    const winner = results.find((r) => r.status === 200) as (typeof results)[number];
    expect((await certAuthenticators(who.id)).map((a: { fingerprint: string }) => a.fingerprint)).toEqual([sha1Fingerprint(winner.body.data.cert)]);
  });

  it('the transaction is the arbiter: five enrollments that all found the token produce one authenticator', async () => {
    const who = await ottIdentity();
    const service = t.handle.app.get(EnrollService);
    // Started together, every call looks the token up before any of them reaches its transaction.
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => service.enroll({ method: 'ott', token: who.token, csrPem: newCsr(`svc-${i}`).csrPem })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const codes = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: string }).code] : []));
    expect(codes).toEqual(Array(4).fill('INVALID_ENROLLMENT_TOKEN'));
    expect(await certAuthenticators(who.id)).toHaveLength(1);
  });

  it('no token used above appears in the (debug-level) logs, not even in logged URLs', () => {
    expect(seenTokens.length).toBeGreaterThan(5);
    const logs = t.logs.text();
    expect(logs).toContain('/enroll');
    expect(seenTokens.filter((token) => logs.includes(token))).toEqual([]);
  });
});
