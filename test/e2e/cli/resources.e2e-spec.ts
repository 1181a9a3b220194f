import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPolicyViaApi, createUserViaApi } from '../../factories/identity.factory';
import { TestContext } from '../../support/test-context';
import { buildCliIfNeeded, cliWorkspace, ztc } from './cli-support';

const M = '/edge/management/v1';

describe('ztc identities / auth-policies / enrollments (child process, HTTP only)', () => {
  let t: TestContext;
  let ws: ReturnType<typeof cliWorkspace>;

  beforeAll(async () => {
    await buildCliIfNeeded();
    t = await TestContext.start();
    ws = cliWorkspace(t);
    const login = await ztc(
      ws.dir,
      ['login', '--username', t.config.adminUsername, '--password-stdin', '--management', '--controller', t.handle.url, '--ca-file', ws.caFile],
      `${t.config.adminPassword}\n`,
    );
    expect(login.code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await t.stop();
    ws.cleanup();
  });

  it('creates, lists and deletes identities', async () => {
    const created = await ztc(ws.dir, ['identities', 'create', 'cli-laptop', '--admin']);
    expect(created.code).toBe(0);
    const id = /created identity (\S+)/.exec(created.stdout)?.[1] as string;
    const detail = (await (await t.admin()).get(`${M}/identities/${id}`)).body.data;
    expect(detail).toMatchObject({ name: 'cli-laptop', isAdmin: true, typeId: 'Default', authPolicyId: 'default' });

    const list = await ztc(ws.dir, ['identities', 'list']);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+TYPE\s+ADMIN\s+AUTH POLICY/);
    expect(rows.find((r) => r.startsWith(id))).toMatch(new RegExp(`^${id}\\s+cli-laptop\\s+Default\\s+yes\\s+Default`));
    const adminId = (await (await t.admin()).get(`${M}/current-identity`)).body.data.id;
    expect(rows.some((r) => r.startsWith(`${adminId} `))).toBe(true);

    const json = JSON.parse((await ztc(ws.dir, ['identities', 'list', '--json', '--filter', 'name = "cli-laptop"'])).stdout);
    expect(json.map((x: { id: string }) => x.id)).toEqual([id]);
    const limited = JSON.parse((await ztc(ws.dir, ['identities', 'list', '--json', '--limit', '1'])).stdout);
    expect(limited).toHaveLength(1);

    expect(await ztc(ws.dir, ['identities', 'delete', id])).toMatchObject({ code: 0, stdout: `deleted identity ${id}\n` });
    expect((await (await t.admin()).get(`${M}/identities/${id}`)).status).toBe(404);
    const again = await ztc(ws.dir, ['identities', 'delete', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ztc: NOT_FOUND: /);
  });

  it('creates an identity with a policy and reports validation errors with the API code', async () => {
    const policy = await createPolicyViaApi(t);
    const res = await ztc(ws.dir, ['identities', 'create', 'cli-policy-user', '--auth-policy', policy.id, '--json']);
    expect(res.code).toBe(0);
    const { id } = JSON.parse(res.stdout);
    expect((await (await t.admin()).get(`${M}/identities/${id}`)).body.data.authPolicyId).toBe(policy.id);

    const taken = await ztc(ws.dir, ['identities', 'create', 'cli-policy-user']);
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toMatch(/^ztc: COULD_NOT_VALIDATE: /);
  });

  it('lists and deletes auth policies', async () => {
    const policy = await createPolicyViaApi(t);
    const list = await ztc(ws.dir, ['auth-policies', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${policy.id}\\s+${policy.name}\\s+cert,updb,ext-jwt\\s+no`, 'm'));
    expect(list.stdout).toMatch(/^default\s+Default\s+/m);
    expect((await ztc(ws.dir, ['auth-policies', 'delete', policy.id])).code).toBe(0);
    expect((await (await t.admin()).get(`${M}/auth-policies/${policy.id}`)).status).toBe(404);
  });

  it('creates auth policies with password rules and lockout', async () => {
    const res = await ztc(ws.dir, ['auth-policies', 'create', 'cli-strict', '--min-password-length', '12', '--require-special-char', '--max-attempts', '3', '--lockout-minutes', '15', '--no-ext-jwt', '--json']);
    expect(res.code).toBe(0);
    const { id } = JSON.parse(res.stdout);
    const detail = (await (await t.admin()).get(`${M}/auth-policies/${id}`)).body.data;
    expect(detail.primary.updb).toMatchObject({ allowed: true, minPasswordLength: 12, requireSpecialChar: true, maxAttempts: 3, lockoutDurationMinutes: 15 });
    expect(detail.primary.extJwt.allowed).toBe(false);
    expect((await ztc(ws.dir, ['auth-policies', 'create', 'cli-bad', '--max-attempts', 'many'])).code).toBe(2);
  });

  it('creates an enrollment for an existing identity and writes its JWT 0600', async () => {
    const identity = (await (await t.admin()).post(`${M}/identities`, { name: 'cli-enrollee', type: 'User', isAdmin: false })).body.data.id;
    const file = join(ws.dir, 'enrollee.jwt');
    const res = await ztc(ws.dir, ['enrollments', 'create', '--identity', identity, '--ott', '--expires-in', '2h', '--jwt-out', file]);
    expect(res.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { readFileSync } = await import('node:fs');
    const claims = JSON.parse(Buffer.from(readFileSync(file, 'utf8').trim().split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: identity, em: 'ott' });
    expect(Math.abs(claims.exp * 1000 - (Date.now() + 2 * 3_600_000))).toBeLessThan(120_000);
    const again = await ztc(ws.dir, ['enrollments', 'create', '--identity', identity, '--ott']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ENROLLMENT_EXISTS');
    expect((await ztc(ws.dir, ['enrollments', 'create', '--identity', identity])).code).toBe(2);
  });

  it('a non-admin session gets the API refusal', async () => {
    const user = await createUserViaApi(t, { password: 'Plain-Passw0rd!' });
    const dir = join(ws.dir, 'non-admin');
    const login = await ztc(dir, ['login', '--username', user.username, '--password-stdin', '--controller', t.handle.url, '--ca-file', ws.caFile], 'Plain-Passw0rd!\n');
    expect(login.code).toBe(0);
    expect(statSync(join(dir, 'session.json')).mode & 0o777).toBe(0o600);
    const res = await ztc(dir, ['identities', 'list']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^ztc: UNAUTHORIZED: /);
  });

  it('answers --help on every command and subcommand, and usage errors with exit 2', async () => {
    const commands = [
      ['identities'], ['identities', 'list'], ['identities', 'create'], ['identities', 'delete'],
      ['auth-policies'], ['auth-policies', 'list'], ['auth-policies', 'create'], ['auth-policies', 'delete'],
      ['enrollments'], ['enrollments', 'list'], ['enrollments', 'create'], ['enrollments', 'delete'],
    ];
    for (const cmd of commands) {
      const help = await ztc(ws.dir, [...cmd, '--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toContain(`Usage: ztc ${cmd.join(' ')}`);
    }
    const unknown = await ztc(ws.dir, ['identities', 'create', 'x', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --colour');
    expect(unknown.stderr).toContain('Usage: ztc identities create');
    expect((await ztc(ws.dir, ['identities', 'delete'])).code).toBe(2);
    expect((await ztc(ws.dir, ['identities', 'frobnicate'])).stderr).toContain('unknown identities command "frobnicate"');
    expect((await ztc(ws.dir, ['identities'])).code).toBe(2);
    const jwtWithout = await ztc(ws.dir, ['identities', 'create', 'x', '--jwt-out', join(ws.dir, 'x.jwt')]);
    expect(jwtWithout.code).toBe(2);
    expect(existsSync(join(ws.dir, 'x.jwt'))).toBe(false);
    // About fifteen CLI processes: give a loaded CI machine time.
  }, 120_000);
});
