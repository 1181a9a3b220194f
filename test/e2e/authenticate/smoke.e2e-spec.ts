import { TestContext } from '../../support/test-context';

describe('password login smoke', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await TestContext.start();
  });
  afterAll(() => t.stop());

  it('admin logs in, reads its session, logs out', async () => {
    const { token, res } = await t.login('admin', 'admin-Passw0rd!');
    expect(res.body.data.identity.name).toBe('Default Admin');
    const me = await t.as(token).get('/edge/client/v1/current-api-session');
    expect(me.status).toBe(200);
    expect(me.body.data.token).toBe(token);
    expect((await t.as(token).delete('/edge/client/v1/current-api-session')).status).toBe(200);
    expect((await t.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
  });

  it('wrong password is 401 INVALID_AUTH', async () => {
    const res = await t.api.post('/edge/client/v1/authenticate?method=password', { username: 'admin', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_AUTH');
  });
});
