import { randomBytes } from 'node:crypto';
import { code, enrollVerified } from '../mfa/mfa-support';
import { createPolicy, createUser, reloadIdentity } from '../../factories/identity.factory';
import { PG_URL, postgresDatabase, type TestDatabase } from '../../support/databases';
import { TestContext } from '../../support/test-context';

const AUTH = '/edge/client/v1/authenticate?method=password';

// Two controllers on one PostgreSQL database: the failed-attempt budget and revocations are shared.
(PG_URL ? describe : describe.skip)('two replicas on one PostgreSQL [set TEST_PG_URL to run]', () => {
  let db: TestDatabase;
  let a: TestContext;
  let b: TestContext;
  beforeAll(async () => {
    db = postgresDatabase();
    // Replicas share the database and the key that seals TOTP secrets.
    const env = { ZT_DB_URL: db.url, ZT_MFA_KEY: randomBytes(32).toString('base64') };
    a = await TestContext.start({ env });
    b = await TestContext.start({ env, clock: a.clock });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db.drop();
  });

  it('failures on either replica count towards one lockout', async () => {
    const p = await createPolicy(a, { maxAttempts: 4, lockoutDurationMinutes: 10 });
    const u = await createUser(a, { authPolicyId: p.id });
    const { token } = await b.login(u.username, u.password);
    for (const t of [a, b, a]) expect((await t.api.post(AUTH, { username: u.username, password: 'wrong-one' })).status).toBe(401);
    expect((await b.login(u.username, u.password)).token).toBeTruthy();
    for (const t of [b, a, b, a]) await t.api.post(AUTH, { username: u.username, password: 'wrong-one' });
    expect((await reloadIdentity(a, u.identity.id)).disabledAt).not.toBeNull();
    expect((await a.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(401);
    expect((await b.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(401);
    // The lock ended the sessions on both replicas.
    expect((await a.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
    expect((await b.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
  });

  it('concurrent failures spread over both replicas never count past the limit', async () => {
    const p = await createPolicy(a, { maxAttempts: 5, lockoutDurationMinutes: 10 });
    const u = await createUser(a, { authPolicyId: p.id });
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).api.post(AUTH, { username: u.username, password: 'wrong-two' })));
    const i = await reloadIdentity(a, u.identity.id);
    expect(i.disabledAt).not.toBeNull();
    expect(i.failedAttempts).toBeLessThan(5);
    expect((await b.api.post(AUTH, { username: u.username, password: u.password })).status).toBe(401);
  });

  it('a logout on one replica is seen by the other on the next request', async () => {
    const u = await createUser(a);
    const { token } = await a.login(u.username, u.password);
    expect((await b.as(token).get('/edge/client/v1/current-api-session')).status).toBe(200);
    expect((await a.as(token).delete('/edge/client/v1/current-api-session')).status).toBe(200);
    expect((await b.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
  });

  it('a TOTP code accepted on one replica is refused on the other', async () => {
    const u = await createUser(a);
    const e = await enrollVerified(a, a.as((await a.login(u.username, u.password)).token));
    const onA = a.as((await a.login(u.username, u.password)).token);
    const onB = b.as((await b.login(u.username, u.password)).token);
    const c = code(a, e.secret);
    expect((await onA.post('/edge/client/v1/authenticate/mfa', { code: c })).status).toBe(200);
    expect((await onB.post('/edge/client/v1/authenticate/mfa', { code: c })).status).toBe(400);
  });
});
