import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUserViaApi } from '../../factories/identity.factory';
import { code, enrollVerified } from '../mfa/mfa-support';
import { createRootCa } from '../../../src/x509/ca';
import { TestContext } from '../../support/test-context';
import { buildCliIfNeeded, cliWorkspace, ztc } from './cli-support';

const PASSWORD = 'Cli-Passw0rd!';

describe('ztc login / whoami / logout (child process)', () => {
  let t: TestContext;
  let ws: ReturnType<typeof cliWorkspace>;
  const session = () => join(ws.dir, 'session.json');

  beforeAll(async () => {
    await buildCliIfNeeded();
    t = await TestContext.start();
    ws = cliWorkspace(t);
  }, 300_000);
  afterAll(async () => {
    await t.stop();
    ws.cleanup();
  });

  it('logs in with a password from stdin, shows the identity, and logs out', async () => {
    const user = await createUserViaApi(t, { password: PASSWORD });
    const login = await ztc(ws.dir, ['login', '--username', user.username, '--password-stdin', '--controller', t.handle.url, '--ca-file', ws.caFile], `${PASSWORD}\n`);
    expect(login).toMatchObject({ code: 0 });
    expect(login.stdout).toContain(`logged in as ${user.identity.name} (${user.identity.id})`);
    expect(statSync(session()).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(session(), 'utf8'));
    expect(saved).toMatchObject({ controller: t.handle.url, api: 'client', method: 'password', identityId: user.identity.id });
    expect(readFileSync(session(), 'utf8')).not.toContain(PASSWORD);
    // The saved token is a live session.
    expect((await t.as(saved.token).get('/edge/client/v1/current-identity')).body.data.id).toBe(user.identity.id);

    const who = await ztc(ws.dir, ['whoami']);
    expect(who.code).toBe(0);
    expect(who.stdout).toMatch(new RegExp(`name:\\s+${user.identity.name}`));
    expect(who.stdout).toMatch(new RegExp(`id:\\s+${user.identity.id}`));
    expect(who.stdout).toMatch(/admin:\s+no/);
    expect(who.stdout).toMatch(/session:\s+full, expires \d{4}-\d\d-\d\dT/);
    const json = JSON.parse((await ztc(ws.dir, ['whoami', '--json'])).stdout);
    expect(json).toMatchObject({ id: user.identity.id, admin: false, sessionState: 'full' });

    // Logging in again replaces the saved session and ends the old one on the controller.
    expect((await ztc(ws.dir, ['login', '--username', user.username, '--password-stdin', '--controller', t.handle.url, '--ca-file', ws.caFile], `${PASSWORD}\n`)).code).toBe(0);
    expect((await t.as(saved.token).get('/edge/client/v1/current-api-session')).status).toBe(401);
    const replaced = JSON.parse(readFileSync(session(), 'utf8'));
    expect(replaced.token).not.toBe(saved.token);

    const out = await ztc(ws.dir, ['logout']);
    expect(out).toMatchObject({ code: 0, stdout: 'logged out\n' });
    expect(existsSync(session())).toBe(false);
    expect((await t.as(replaced.token).get('/edge/client/v1/current-api-session')).status).toBe(401);
    const after = await ztc(ws.dir, ['whoami']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('not logged in');
  });

  it('asks for the TOTP code when the session comes back partial (second stdin line)', async () => {
    const user = await createUserViaApi(t, { password: PASSWORD });
    const { secret } = await enrollVerified(t, t.as((await t.login(user.username, PASSWORD)).token));
    const args = ['login', '--username', user.username, '--password-stdin', '--controller', t.handle.url, '--ca-file', ws.caFile];

    const sessionsOf = async () =>
      (await (await t.admin()).get('/edge/management/v1/api-sessions?limit=500')).body.data.filter((x: { identityId: string }) => x.identityId === user.identity.id).length;
    expect(await sessionsOf()).toBe(1); // the one that enrolled TOTP

    const missing = await ztc(ws.dir, args, `${PASSWORD}\n`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('TOTP code on line 2 of standard input');
    expect(existsSync(session())).toBe(false);

    const wrong = await ztc(ws.dir, args, `${PASSWORD}\n000000\n`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^ztc: MFA_INVALID_TOKEN: /m);
    expect(existsSync(session())).toBe(false);

    // Failed attempts end their partial sessions instead of leaving them behind.
    expect(await sessionsOf()).toBe(1);

    const ok = await ztc(ws.dir, args, `${PASSWORD}\n${code(t, secret)}\n`);
    expect(ok.code).toBe(0);
    expect(await sessionsOf()).toBe(2);
    const who = await ztc(ws.dir, ['whoami', '--json']);
    expect(JSON.parse(who.stdout)).toMatchObject({ id: user.identity.id, sessionState: 'full' });
    expect((await ztc(ws.dir, ['logout'])).code).toBe(0);
  });

  it('a wrong password exits 1 with the API code and saves nothing', async () => {
    const user = await createUserViaApi(t, { password: PASSWORD });
    const res = await ztc(ws.dir, ['login', '--username', user.username, '--password-stdin', '--controller', t.handle.url, '--ca-file', ws.caFile], 'wrong-password\n');
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toBe('ztc: INVALID_AUTH: The authentication request failed\n');
    expect(existsSync(session())).toBe(false);
  });

  it('refuses an unverified controller unless --insecure, and --insecure sessions need it again', async () => {
    const user = await createUserViaApi(t, { password: PASSWORD });
    const base = ['login', '--username', user.username, '--password-stdin', '--controller', t.handle.url];
    const noCa = await ztc(ws.dir, base, `${PASSWORD}\n`);
    expect(noCa.code).toBe(1);
    expect(noCa.stderr).toContain('--ca-file');

    const otherCa = join(ws.dir, 'other-ca.pem');
    writeFileSync(otherCa, createRootCa({ commonName: 'Somebody Else' }).certPem);
    const wrongCa = await ztc(ws.dir, [...base, '--ca-file', otherCa], `${PASSWORD}\n`);
    expect(wrongCa.code).toBe(1);
    expect(wrongCa.stderr).toMatch(/^ztc: cannot reach .*certificate/m);

    const insecure = await ztc(ws.dir, [...base, '--insecure'], `${PASSWORD}\n`);
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toContain('warning: --insecure');
    const who = await ztc(ws.dir, ['whoami']);
    expect(who.code).toBe(1);
    expect(who.stderr).toContain('pass --insecure again');
    expect((await ztc(ws.dir, ['whoami', '--insecure'])).code).toBe(0);
    expect((await ztc(ws.dir, ['logout', '--insecure'])).code).toBe(0);
  });

  it('answers --help on every command and usage errors with exit 2 and the help', async () => {
    for (const cmd of [['login'], ['whoami'], ['logout'], ['enroll']]) {
      const help = await ztc(ws.dir, [...cmd, '--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toContain(`Usage: ztc ${cmd[0]}`);
    }
    const top = await ztc(ws.dir, ['--help']);
    expect(top.code).toBe(0);
    for (const c of ['enroll', 'login', 'whoami', 'logout', 'identities', 'auth-policies', 'enrollments', 'pki init', 'admin reset-password']) expect(top.stdout).toContain(c);

    const bogus = await ztc(ws.dir, ['login', '--bogus']);
    expect(bogus).toMatchObject({ code: 2, stdout: '' });
    expect(bogus.stderr).toContain('ztc: unknown option --bogus');
    expect(bogus.stderr).toContain('Usage: ztc login');
    const both = await ztc(ws.dir, ['login']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give exactly one of --username and --identity');
    expect((await ztc(ws.dir, ['whoami', 'extra'])).code).toBe(2);
    expect((await ztc(ws.dir, ['nonsense'])).code).toBe(2);
    const loginHelp = (await ztc(ws.dir, ['login', '--help'])).stdout;
    expect(loginHelp).toContain('--insecure skips the check');
  });
});
