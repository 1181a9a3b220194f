import { randomId } from '../../../src/common/crypto/random';
import { createIdentityViaApi, createPolicyViaApi } from '../../factories/identity.factory';
import { onApi } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { describeWithSwagger, expectSchema } from '../../support/swagger';
import { TestContext } from '../../support/test-context';
import { CLIENT, MANAGEMENT, pendingEnrollment } from './enroll-support';

const { expectError, expectEmpty } = onApi('client');

describeWithSwagger('updb enrollment (POST /enroll/updb, /enroll?method=updb)', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start({ env: { ZT_ARGON2_MEMORY_KIB: '1024', ZT_ARGON2_ITERATIONS: '1' } });
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  /** A new identity created with `enrollment: {updb: <username>}`, its pending token and the username. */
  async function updbIdentity(authPolicyId = 'default'): Promise<{ id: string; token: string; username: string }> {
    const username = `enrollee-${randomId(8)}`;
    const { id } = await createIdentityViaApi(t, { authPolicyId, enrollment: { updb: username } });
    return { id, username, token: (await pendingEnrollment(t, id, 'updb')).token };
  }
  const enroll = (token: string, body: Record<string, unknown>) => t.api.post(`${CLIENT}/enroll/updb?token=${encodeURIComponent(token)}`, body);

  it('identity create with {updb: username} shows the updb enrollment with a JWT whose em is updb', async () => {
    const who = await updbIdentity();
    const detail = await admin.get(`${MANAGEMENT}/identities/${who.id}`);
    expectSchema('management', 'detailIdentityEnvelope', detail.body);
    expect(Object.keys(detail.body.data.enrollment)).toEqual(['updb']);
    const jwt = detail.body.data.enrollment.updb.jwt as string;
    expect(JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())).toMatchObject({ sub: who.id, em: 'updb', jti: who.token });
  });

  it('sets the password of the enrollment\'s username (a username in the body is ignored); then password login works', async () => {
    const who = await updbIdentity();
    const res = await enroll(who.token, { username: 'someone-else', password: 'Enrolled-pass1!' });
    expectEmpty(res);
    expectSchema('client', 'empty', res.body);
    const { token } = await t.login(who.username, 'Enrolled-pass1!');
    const me = await t.as(token).get(`${CLIENT}/current-identity`);
    expect(me.body.data).toMatchObject({ id: who.id, authenticators: { updb: { username: who.username } }, enrollment: {} });
    expectError(await t.api.post(`${CLIENT}/authenticate?method=password`, { username: 'someone-else', password: 'Enrolled-pass1!' }), 401, 'INVALID_AUTH');
    expectError(await enroll(who.token, { password: 'Another-pass1!' }), 400, 'INVALID_ENROLLMENT_TOKEN');
    expect((await admin.get(`${MANAGEMENT}/identities/${who.id}`)).body.data.enrollment).toEqual({});
  });

  it('works on the generic route with a JSON body, also un-prefixed', async () => {
    const a = await updbIdentity();
    expectEmpty(await t.api.post(`${CLIENT}/enroll?method=updb&token=${a.token}`, { password: 'Generic-pass1!' }));
    await t.login(a.username, 'Generic-pass1!');
    const b = await updbIdentity();
    expectEmpty(await t.api.post(`/enroll?token=${b.token}`, { password: 'Legacy-pass1!' }));
    await t.login(b.username, 'Legacy-pass1!');
  });

  it('enforces the identity\'s auth-policy password rules; a refused password does not use the token up', async () => {
    const strict = await createPolicyViaApi(t, { minPasswordLength: 12, requireSpecialChar: true, requireNumberChar: true });
    const who = await updbIdentity(strict.id);
    expectError(await enroll(who.token, { password: 'short1!' }), 400, 'COULD_NOT_VALIDATE', 'password');
    expectError(await enroll(who.token, { password: 'long-enough-but-no-digit!' }), 400, 'COULD_NOT_VALIDATE', 'password');
    expectError(await enroll(who.token, {}), 400, 'COULD_NOT_VALIDATE', 'password');
    expectEmpty(await enroll(who.token, { password: 'Long-enough-pass-1!' }));
    await t.login(who.username, 'Long-enough-pass-1!');
  });

  it('a missing token is 400 COULD_NOT_VALIDATE, an unknown one INVALID_ENROLLMENT_TOKEN, an ott token INVALID_ENROLL_METHOD', async () => {
    expectError(await t.api.post(`${CLIENT}/enroll/updb`, { password: 'Whatever-pass1!' }), 400, 'COULD_NOT_VALIDATE', 'token');
    expectError(await enroll('unknown-token', { password: 'Whatever-pass1!' }), 400, 'INVALID_ENROLLMENT_TOKEN');
    const { id } = await createIdentityViaApi(t, { enrollment: { ott: true } });
    expectError(await enroll((await pendingEnrollment(t, id, 'ott')).token, { password: 'Whatever-pass1!' }), 400, 'INVALID_ENROLL_METHOD');
  });

  it('an enrollment for a username another identity already has is refused when it is created, and so is the identity', async () => {
    const who = await updbIdentity();
    expectEmpty(await enroll(who.token, { password: 'First-pass1!' }));
    const name = `dup-${randomId()}`;
    const res = await admin.post(`${MANAGEMENT}/identities`, { name, type: 'User', isAdmin: false, enrollment: { updb: who.username } });
    expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.cause?.field }).toEqual({ status: 400, code: 'COULD_NOT_VALIDATE', field: 'username' });
    // Same transaction: the identity was not created either.
    expect((await admin.get(`${MANAGEMENT}/identities?filter=${encodeURIComponent(`name = "${name}"`)}`)).body.data).toEqual([]);
  });
});
