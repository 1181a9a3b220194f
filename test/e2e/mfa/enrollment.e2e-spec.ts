import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { MfaEntity } from '../../../src/mfa/mfa.entity';
import { createPolicy, createUser } from '../../factories/identity.factory';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';
import { CLIENT, code, enrollVerified, nextStep, startEnrollment } from './mfa-support';

describe('TOTP enrollment (/current-identity/mfa)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_TOTP_ISSUER: 'ztc-test' } });
  });
  afterAll(() => t.stop());

  async function fresh() {
    const u = await createUser(t);
    return { u, c: t.as((await t.login(u.username, u.password)).token) };
  }

  it('creates an unverified record with a 160-bit secret and 20 recovery codes; a second is 409 MFA_EXISTS', async () => {
    const { u, c } = await fresh();
    const created = await c.post(`${CLIENT}/current-identity/mfa`);
    expect(created.status).toBe(201);
    expect(created.body.data._links.self.href).toBe('./current-identity/mfa');
    const again = await c.post(`${CLIENT}/current-identity/mfa`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MFA_EXISTS');
    const detail = await c.get(`${CLIENT}/current-identity/mfa`);
    expect(detail.body.data.isVerified).toBe(false);
    const url = new URL(detail.body.data.provisioningUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(decodeURIComponent(url.pathname)).toBe(`/ztc-test:${u.username}`);
    expect(url.searchParams.get('secret')).toMatch(/^[A-Z2-7]{32}$/);
    expect(detail.body.data.recoveryCodes).toHaveLength(20);
  });

  it('GET before enrolling is 404', async () => {
    const { c } = await fresh();
    expect((await c.get(`${CLIENT}/current-identity/mfa`)).status).toBe(404);
    expect((await c.get(`${CLIENT}/current-identity/mfa/qr-code`)).status).toBe(404);
  });

  it('serves a QR code PNG that decodes back to the provisioning URL', async () => {
    const { c } = await fresh();
    const { url } = await startEnrollment(c);
    const res = await c.request('GET', `${CLIENT}/current-identity/mfa/qr-code`, { headers: { accept: 'image/png' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(res.raw);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(url);
  });

  it('verify takes TOTP only: wrong code and recovery code are 400, the right code verifies', async () => {
    const { c } = await fresh();
    const e = await startEnrollment(c);
    for (const bad of ['000000', e.recoveryCodes[0]]) {
      const res = await c.post(`${CLIENT}/current-identity/mfa/verify`, { code: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('MFA_INVALID_TOKEN');
    }
    expect((await c.post(`${CLIENT}/current-identity/mfa/verify`, {})).body.error.code).toBe('COULD_NOT_VALIDATE');
    expect((await c.post(`${CLIENT}/current-identity/mfa/verify`, { code: code(t, e.secret) })).status).toBe(200);
    const detail = await c.get(`${CLIENT}/current-identity/mfa`);
    expect(detail.body.data.isVerified).toBe(true);
    expect(detail.body.data.provisioningUrl).toBeUndefined();
    expect(detail.body.data.recoveryCodes).toBeUndefined();
    expect((await c.get(`${CLIENT}/current-identity/mfa/qr-code`)).status).toBe(404);
    expect((await c.post(`${CLIENT}/current-identity/mfa/verify`, { code: code(t, e.secret) })).status).toBe(404);
    // The session that verified is complete.
    const s = await c.get(`${CLIENT}/current-api-session`);
    expect(s.body.data).toMatchObject({ isMfaRequired: true, isMfaComplete: true, authQueries: [] });
  });

  it('keeps the secret encrypted and the recovery codes hashed at rest', async () => {
    const { u, c } = await fresh();
    const e = await startEnrollment(c);
    const row = await t.handle.ctx.dataSource.getRepository(MfaEntity).findOneByOrFail({ identityId: u.identity.id });
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(e.secret);
    for (const rc of e.recoveryCodes) expect(dump).not.toContain(rc);
    expect(row.recoveryCodeMacs).toHaveLength(20);
  });

  it('delete: unverified without a code; verified needs a TOTP or recovery code in mfa-validation-code', async () => {
    const a = await fresh();
    await startEnrollment(a.c);
    expect((await a.c.delete(`${CLIENT}/current-identity/mfa`)).status).toBe(200);
    expect((await a.c.delete(`${CLIENT}/current-identity/mfa`)).status).toBe(404);

    const b = await fresh();
    const e = await enrollVerified(t, b.c);
    const relog = t.as((await t.login(b.u.username, b.u.password)).token);
    await relog.post(`${CLIENT}/authenticate/mfa`, { code: code(t, e.secret) });
    nextStep(t);
    const noCode = await relog.delete(`${CLIENT}/current-identity/mfa`);
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.code).toBe('MFA_INVALID_TOKEN');
    expect((await relog.delete(`${CLIENT}/current-identity/mfa`, { headers: { 'mfa-validation-code': e.recoveryCodes[3] } })).status).toBe(200);
    expect((await relog.get(`${CLIENT}/current-identity/mfa`)).status).toBe(404);
  });

  it('recovery codes: GET needs a TOTP and reports how many remain; POST regenerates and retires the old ones', async () => {
    const { u, c } = await fresh();
    const e = await enrollVerified(t, c);
    const s = t.as((await t.login(u.username, u.password)).token);
    expect((await s.post(`${CLIENT}/authenticate/mfa`, { code: e.recoveryCodes[0] })).status).toBe(200);
    expect((await s.get(`${CLIENT}/current-identity/mfa/recovery-codes`, { headers: { 'mfa-validation-code': e.recoveryCodes[1] } })).status).toBe(400);
    const status = await s.get(`${CLIENT}/current-identity/mfa/recovery-codes`, { headers: { 'mfa-validation-code': code(t, e.secret) } });
    expect(status.status).toBe(200);
    expect(status.body.data.remainingRecoveryCodes).toBe(19);
    nextStep(t);
    const regen = await s.post(`${CLIENT}/current-identity/mfa/recovery-codes`, { code: code(t, e.secret) });
    expect(regen.status).toBe(200);
    expect(regen.body.data.recoveryCodes).toHaveLength(20);
    const s2 = t.as((await t.login(u.username, u.password)).token);
    expect((await s2.post(`${CLIENT}/authenticate/mfa`, { code: e.recoveryCodes[2] })).status).toBe(400);
    expect((await s2.post(`${CLIENT}/authenticate/mfa`, { code: regen.body.data.recoveryCodes[0] })).status).toBe(200);
  });

  it('an admin removes any identity MFA; isMfaEnabled follows', async () => {
    const { u, c } = await fresh();
    await enrollVerified(t, c);
    const admin = await t.admin();
    expect((await admin.get(`/edge/management/v1/identities/${u.identity.id}`)).body.data.isMfaEnabled).toBe(true);
    expect((await admin.delete(`/edge/management/v1/identities/${u.identity.id}/mfa`)).status).toBe(200);
    expect((await admin.get(`/edge/management/v1/identities/${u.identity.id}`)).body.data.isMfaEnabled).toBe(false);
    expect((await admin.delete(`/edge/management/v1/identities/${u.identity.id}/mfa`)).status).toBe(404);
    const plain = await fresh();
    expect((await plain.c.delete(`/edge/management/v1/identities/${u.identity.id}/mfa`)).status).toBe(401);
    expect((await t.login(u.username, u.password)).res.body.data.authQueries).toEqual([]);
  });

  it('requireTotp with no MFA yet: the partial session enrolls and verification completes it', async () => {
    const p = await createPolicy(t, { requireTotp: true });
    const u = await createUser(t, { authPolicyId: p.id });
    const { token, res } = await t.login(u.username, u.password);
    expect(res.body.data.authQueries).toHaveLength(1);
    const c = t.as(token);
    expect((await c.get('/edge/client/v1/current-identity')).status).toBe(401);
    const e = await startEnrollment(c);
    expect((await c.post(`${CLIENT}/current-identity/mfa/verify`, { code: code(t, e.secret) })).status).toBe(200);
    const s = await c.get(`${CLIENT}/current-api-session`);
    expect(s.body.data).toMatchObject({ isMfaComplete: true, authQueries: [] });
  });

  it('an identity with only an unverified MFA gets full sessions', async () => {
    const { u, c } = await fresh();
    await startEnrollment(c);
    const { res } = await t.login(u.username, u.password);
    expect(res.body.data).toMatchObject({ isMfaRequired: false, authQueries: [] });
    expect((await (await t.admin()).get(`/edge/management/v1/identities/${u.identity.id}`)).body.data.isMfaEnabled).toBe(false);
  });

  describeWithSwagger('matches the OpenZiti swagger', () => {
    it('mfa detail, create and recovery-code envelopes validate', async () => {
      const { c } = await fresh();
      const created = await c.post(`${CLIENT}/current-identity/mfa`);
      expectSchema('client', 'createEnvelope', created.body);
      const unverified = await c.get(`${CLIENT}/current-identity/mfa`);
      expectSchema('client', 'detailMfaEnvelope', unverified.body);
      const secret = new URL(unverified.body.data.provisioningUrl).searchParams.get('secret') as string;
      expectSchema('client', 'empty', (await c.post(`${CLIENT}/current-identity/mfa/verify`, { code: code(t, secret) })).body);
      expectSchema('client', 'detailMfaEnvelope', (await c.get(`${CLIENT}/current-identity/mfa`)).body);
      nextStep(t);
      expectSchema('client', 'detailMfaRecoveryCodesEnvelope', (await c.get(`${CLIENT}/current-identity/mfa/recovery-codes`, { headers: { 'mfa-validation-code': code(t, secret) } })).body);
    });
  });
});
