import { createPolicy, createUser, reloadIdentity } from '../../factories/identity.factory';
import { TestContext } from '../../support/test-context';

const AUTH = '/edge/client/v1/authenticate?method=password';

describe('lockout after failed password attempts', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_AUTH_MAX_IN_FLIGHT: '1000' } });
  });
  afterAll(() => t.stop());

  const wrong = (username: string) => t.api.post(AUTH, { username, password: 'definitely-wrong' });

  it('reaching maxAttempts disables the identity for lockoutDurationMinutes and ends its sessions', async () => {
    const p = await createPolicy(t, { maxAttempts: 3, lockoutDurationMinutes: 5 });
    const u = await createUser(t, { authPolicyId: p.id });
    const { token } = await t.login(u.username, u.password);
    await wrong(u.username);
    await wrong(u.username);
    expect((await t.as(token).get('/edge/client/v1/current-api-session')).status).toBe(200);
    expect((await wrong(u.username)).status).toBe(401);
    // Locked: the right password fails the same way, and the live session is gone.
    const locked = await t.api.post(AUTH, { username: u.username, password: u.password });
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe('INVALID_AUTH');
    expect((await t.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
    const i = await reloadIdentity(t, u.identity.id);
    expect(i.disabledAt).not.toBeNull();
    expect(i.disabledUntil!.getTime() - i.disabledAt!.getTime()).toBe(5 * 60_000);
    // The lock lifts by itself when it expires.
    t.clock.advance(5 * 60_000 + 1000);
    expect((await t.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(200);
  });

  it('a success resets the count', async () => {
    const p = await createPolicy(t, { maxAttempts: 3, lockoutDurationMinutes: 5 });
    const u = await createUser(t, { authPolicyId: p.id });
    await wrong(u.username);
    await wrong(u.username);
    await t.login(u.username, u.password);
    await wrong(u.username);
    await wrong(u.username);
    expect((await t.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(200);
  });

  it('lockoutDurationMinutes 0 locks until an admin enables the identity', async () => {
    const p = await createPolicy(t, { maxAttempts: 1, lockoutDurationMinutes: 0 });
    const u = await createUser(t, { authPolicyId: p.id });
    await wrong(u.username);
    t.clock.advance(365 * 24 * 3600_000);
    expect((await t.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(401);
    expect((await reloadIdentity(t, u.identity.id)).disabledUntil).toBeNull();
  });

  it('maxAttempts 0 never locks', async () => {
    const u = await createUser(t);
    for (let i = 0; i < 8; i++) await wrong(u.username);
    expect((await t.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(200);
    expect((await reloadIdentity(t, u.identity.id)).failedAttempts).toBe(0);
  });

  it('50 concurrent wrong passwords never count past the limit nor let a request through after the lock', async () => {
    const p = await createPolicy(t, { maxAttempts: 5, lockoutDurationMinutes: 10 });
    const u = await createUser(t, { authPolicyId: p.id });
    const burst = await Promise.all([
      ...Array.from({ length: 50 }, () => wrong(u.username)),
      // Right passwords racing the burst: any that is answered 200 must not survive the lock.
      ...Array.from({ length: 5 }, () => t.api.post(AUTH, { username: u.username, password: u.password })),
    ]);
    expect(burst.slice(0, 50).every((r) => r.status === 401)).toBe(true);
    const i = await reloadIdentity(t, u.identity.id);
    expect(i.disabledAt).not.toBeNull();
    expect(i.failedAttempts).toBeLessThan(5);
    for (const r of burst.slice(50).filter((r) => r.status === 200)) {
      const res = await t.as(String(r.headers['zt-session'])).get('/edge/client/v1/current-api-session');
      expect(res.status).toBe(401);
    }
    expect((await t.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(401);
  });
});

describe('self-service password changes spend the same budget', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  it('wrong currentPassword guesses through a live session lock the identity', async () => {
    const p = await createPolicy(t, { maxAttempts: 3, lockoutDurationMinutes: 5 });
    const u = await createUser(t, { authPolicyId: p.id });
    const me = t.as((await t.login(u.username, u.password)).token);
    const [auth] = (await me.get('/edge/client/v1/current-identity/authenticators')).body.data;
    for (let i = 0; i < 3; i++) {
      const res = await me.patch(`/edge/client/v1/current-identity/authenticators/${auth.id}`, { password: 'New-password-1!', currentPassword: `guess-${i}-xx` });
      expect(res.status).toBe(401);
    }
    expect((await reloadIdentity(t, u.identity.id)).disabledAt).not.toBeNull();
    expect((await me.get('/edge/client/v1/current-api-session')).status).toBe(401);
    expect((await t.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(401);
  });
});
