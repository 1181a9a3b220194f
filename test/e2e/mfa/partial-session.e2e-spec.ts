import { TOTP_QUERY } from '../../../src/authentication/session-state';
import { createPolicy, createUser, reloadIdentity } from '../../factories/identity.factory';
import { TestContext } from '../../support/test-context';
import { CLIENT, code, enrollVerified, nextStep } from './mfa-support';

const MGMT = '/edge/management/v1';

describe('partial sessions and POST /authenticate/mfa', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  /** A user with a verified TOTP, and a new (partial) session of theirs. */
  async function partial(authPolicyId?: string) {
    const u = await createUser(t, { authPolicyId });
    const first = t.as((await t.login(u.username, u.password)).token);
    const e = await enrollVerified(t, first);
    const { token, res } = await t.login(u.username, u.password);
    return { u, e, token, res, c: t.as(token) };
  }

  it('a login by an identity with a verified TOTP is partial with the TOTP auth query', async () => {
    const { res } = await partial();
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ isMfaRequired: true, isMfaComplete: false });
    expect(res.body.data.authQueries).toEqual([TOTP_QUERY]);
  });

  it('while partial only the routes of reference §2 answer', async () => {
    const { c } = await partial();
    const allowed: [string, string, number][] = [
      ['GET', `${CLIENT}/current-api-session`, 200],
      ['GET', `${MGMT}/current-api-session`, 200],
      ['GET', `${CLIENT}/current-identity/mfa`, 200],
      ['POST', `${CLIENT}/current-identity/mfa`, 409],
      ['GET', `${CLIENT}/current-identity/mfa/qr-code`, 404],
      ['POST', `${CLIENT}/current-identity/mfa/verify`, 404],
      ['GET', `${CLIENT}/version`, 200],
    ];
    const denied: [string, string][] = [
      ['GET', `${CLIENT}/current-identity`],
      ['GET', `${MGMT}/current-identity`],
      ['DELETE', `${CLIENT}/current-identity/mfa`],
      ['GET', `${CLIENT}/current-identity/mfa/recovery-codes`],
      ['POST', `${CLIENT}/current-identity/mfa/recovery-codes`],
      ['GET', `${CLIENT}/current-identity/authenticators`],
      ['GET', `${MGMT}/api-sessions`],
    ];
    for (const [method, path, status] of allowed) expect([method, path, (await c.request(method, path, { body: method === 'POST' ? { code: '000000' } : undefined })).status]).toEqual([method, path, status]);
    for (const [method, path] of denied) {
      const res = await c.request(method, path, { body: method === 'POST' ? { code: '000000' } : undefined });
      expect([method, path, res.status, res.body.error?.code]).toEqual([method, path, 401, 'UNAUTHORIZED']);
    }
  });

  it('a valid TOTP turns the same token full', async () => {
    const { c, e } = await partial();
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: code(t, e.secret) })).status).toBe(200);
    const s = await c.get(`${CLIENT}/current-api-session`);
    expect(s.body.data).toMatchObject({ isMfaRequired: true, isMfaComplete: true, authQueries: [] });
    expect((await c.get(`${CLIENT}/current-identity/mfa/recovery-codes`, { headers: { 'mfa-validation-code': 'x' } })).status).toBe(400);
  });

  it('works on the management API too', async () => {
    const { c, e } = await partial();
    expect((await c.post(`${MGMT}/authenticate/mfa`, { code: code(t, e.secret) })).status).toBe(200);
    expect((await c.get(`${MGMT}/current-api-session`)).body.data.isMfaComplete).toBe(true);
  });

  it('a TOTP code (time step) accepted once is refused afterwards', async () => {
    const { u, c, e } = await partial();
    const used = code(t, e.secret);
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: used })).status).toBe(200);
    const other = t.as((await t.login(u.username, u.password)).token);
    const replay = await other.post(`${CLIENT}/authenticate/mfa`, { code: used });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('MFA_INVALID_TOKEN');
    nextStep(t);
    expect((await other.post(`${CLIENT}/authenticate/mfa`, { code: code(t, e.secret) })).status).toBe(200);
  });

  it('accepts the previous and next step (clock skew) but not two away', async () => {
    const { c, e, u } = await partial();
    const skewed = (ms: number) => code({ clock: { now: () => new Date(t.clock.now().getTime() + ms) } } as never, e.secret);
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: skewed(-60_000) })).status).toBe(400);
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: skewed(30_000) })).status).toBe(200);
    const again = t.as((await t.login(u.username, u.password)).token);
    // Two steps on, the previous step is newer than the one accepted above, so it is not a replay.
    t.clock.advance(90_000);
    expect((await again.post(`${CLIENT}/authenticate/mfa`, { code: skewed(-30_000) })).status).toBe(200);
  });

  it('a recovery code completes the factor once; reused it fails', async () => {
    const { u, c, e } = await partial();
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: e.recoveryCodes[5].toLowerCase() })).status).toBe(200);
    const other = t.as((await t.login(u.username, u.password)).token);
    expect((await other.post(`${CLIENT}/authenticate/mfa`, { code: e.recoveryCodes[5] })).status).toBe(400);
  });

  it('no MFA: 409 MFA_NOT_ENROLLED', async () => {
    const u = await createUser(t);
    const c = t.as((await t.login(u.username, u.password)).token);
    const res = await c.post(`${CLIENT}/authenticate/mfa`, { code: '123456' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MFA_NOT_ENROLLED');
  });

  it('wrong codes spend the durable failure budget and lock like passwords, never saying how many are left', async () => {
    const p = await createPolicy(t, { maxAttempts: 3, lockoutDurationMinutes: 10 });
    const { u, c, e } = await partial(p.id);
    for (let i = 0; i < 2; i++) {
      const res = await c.post(`${CLIENT}/authenticate/mfa`, { code: '000000' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/attempt|remain/i);
    }
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: '111111' })).status).toBe(400);
    expect((await reloadIdentity(t, u.identity.id)).disabledAt).not.toBeNull();
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: code(t, e.secret) })).status).toBe(401);
    expect((await t.api.post(`${CLIENT}/authenticate?method=password`, { username: u.username, password: u.password })).status).toBe(401);
  });

  it('requireTotp policy on an identity with a verified TOTP is partial until answered', async () => {
    const p = await createPolicy(t, { requireTotp: true });
    const { c, e } = await partial(p.id);
    expect((await c.get(`${CLIENT}/current-api-session`)).body.data.authQueries).toEqual([TOTP_QUERY]);
    expect((await c.post(`${CLIENT}/authenticate/mfa`, { code: code(t, e.secret) })).status).toBe(200);
    expect((await c.get(`${CLIENT}/current-api-session`)).body.data.authQueries).toEqual([]);
  });
});
