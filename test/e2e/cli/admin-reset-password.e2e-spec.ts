import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { TestContext } from '../../support/test-context';

/** `ztc admin reset-password` against the controller's data directory; its exit code and output lines. */
async function resetPassword(t: TestContext): Promise<{ code: number; out: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, { ZT_DATA_DIR: t.config.dataDir, ZT_PKI_DIR: t.config.pkiDir });
  const out: string[] = [];
  try {
    return { code: await runCli(['admin', 'reset-password'], (s) => out.push(s)), out: out.join('\n') };
  } finally {
    process.env = saved;
  }
}

describe('ztc admin reset-password', () => {
  it('sets a generated password on a stopped controller, ends sessions, and the new one works', async () => {
    const t = await TestContext.start();
    const { token } = await t.login('admin', 'admin-Passw0rd!');
    await t.handle.close();
    const { code, out } = await resetPassword(t);
    expect(code).toBe(0);
    const file = join(t.config.dataDir, 'admin-password');
    expect(out).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(out).not.toContain(password);
    await t.restart();
    expect((await t.api.post('/edge/client/v1/authenticate?method=password', { username: 'admin', password: 'admin-Passw0rd!' })).status).toBe(401);
    expect((await t.as(token).get('/edge/client/v1/current-api-session')).status).toBe(401);
    expect((await t.login('admin', password)).token).toBeTruthy();
    await t.stop();
  });

  it('generates the bootstrap password into a 0600 file when none is configured, and never logs it', async () => {
    const t = await TestContext.start({ env: { ZT_ADMIN_PASSWORD: '' } });
    try {
      const file = join(t.config.dataDir, 'admin-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(t.logs.text()).toContain(file);
      expect(t.logs.text()).not.toContain(password);
      expect((await t.login('admin', password)).token).toBeTruthy();
    } finally {
      await t.stop();
    }
  });

  it('refuses, saying why, while the controller runs (it holds the SQLite database)', async () => {
    const t = await TestContext.start();
    const { code, out } = await resetPassword(t);
    expect(code).toBe(1);
    expect(out).toContain('is in use: stop the controller first');
    expect((await t.login('admin', 'admin-Passw0rd!')).token).toBeTruthy();
    await t.stop();
  }, 20_000);

  it('answers usage errors with help', async () => {
    const out: string[] = [];
    expect(await runCli(['admin', 'bogus'], (s) => out.push(s))).toBe(2);
    expect(out.join('\n')).toContain('Usage: ztc admin reset-password');
  });
});
