import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, decodeJwt } from 'jose';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { TestContext } from '../../support/test-context';
import { buildCliIfNeeded, cliWorkspace, freePort, ztc } from './cli-support';

const M = '/edge/management/v1';

describe('ztc enroll (child process)', () => {
  let t: TestContext;
  let ws: ReturnType<typeof cliWorkspace>;
  let adminDir: string;
  let origin: string;

  beforeAll(async () => {
    await buildCliIfNeeded();
    const port = await freePort();
    origin = `https://127.0.0.1:${port}`;
    t = await TestContext.start({ env: { ZT_PORT: String(port), ZT_ADVERTISED_ADDRESS: `127.0.0.1:${port}` } });
    ws = cliWorkspace(t);
    adminDir = join(ws.dir, 'admin');
    const login = await ztc(adminDir, ['login', '--username', t.config.adminUsername, '--password-stdin', '--management', '--controller', origin, '--ca-file', ws.caFile], `${t.config.adminPassword}\n`);
    expect(login.code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await t.stop();
    ws.cleanup();
  });

  /** `ztc identities create NAME --ott|--updb U --jwt-out FILE` as the admin; returns the identity id and JWT file. */
  async function createWithEnrollment(name: string, enrollment: string[]): Promise<{ id: string; jwtFile: string }> {
    const jwtFile = join(ws.dir, `${name}.jwt`);
    const res = await ztc(adminDir, ['identities', 'create', name, ...enrollment, '--jwt-out', jwtFile]);
    expect(res.code).toBe(0);
    expect(statSync(jwtFile).mode & 0o777).toBe(0o600);
    return { id: /created identity (\S+)/.exec(res.stdout)?.[1] as string, jwtFile };
  }

  const pendingToken = async (id: string, method: string) => (await (await t.admin()).get(`${M}/identities/${id}`)).body.data.enrollment[method]?.token;

  it('ott: JWT file → identity file (key made locally, 0600) → certificate login → whoami', async () => {
    const { id, jwtFile } = await createWithEnrollment('cli-device', ['--ott']);
    const out = join(ws.dir, 'cli-device.json');
    const deviceDir = join(ws.dir, 'device');

    const enrolled = await ztc(deviceDir, ['enroll', jwtFile, '--out', out]);
    expect(enrolled.code).toBe(0);
    expect(enrolled.stderr).toContain(`server certificate sha1 ${t.handle.ctx.pki.serverFingerprint}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.ztAPI).toBe(`${origin}/edge/client/v1`);
    for (const f of ['key', 'cert', 'ca']) expect(file.id[f]).toMatch(/^pem:-----BEGIN /);
    const key = createPrivateKey(file.id.key.slice(4));
    const leaf = new X509Certificate(file.id.cert.slice(4));
    expect(leaf.checkPrivateKey(key)).toBe(true);
    expect(leaf.subjectAltName).toContain(`/identity/${id}`);
    for (const ca of t.handle.ctx.pki.trustBundlePem) expect(file.id.ca).toContain(ca.trim());
    // The controller holds the certificate, never the key: its cert authenticator has the leaf's fingerprint.
    const identity = (await (await t.admin()).get(`${M}/identities/${id}`)).body.data;
    expect(identity.authenticators.cert.fingerprint).toBe(sha1Fingerprint(leaf.raw));
    expect(identity.enrollment.ott).toBeUndefined();

    const login = await ztc(deviceDir, ['login', '--identity', out]);
    expect(login.code).toBe(0);
    const who = JSON.parse((await ztc(deviceDir, ['whoami', '--json'])).stdout);
    expect(who).toMatchObject({ id, name: 'cli-device', admin: false, authenticatedBy: 'cert', sessionState: 'full' });
    expect((await ztc(deviceDir, ['logout'])).code).toBe(0);

    // The token was single-use; a second attempt fails with the API's code and leaves no file behind.
    const again = await ztc(deviceDir, ['enroll', jwtFile, '--out', join(ws.dir, 'again.json')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ztc: INVALID_ENROLLMENT_TOKEN: /m);
    expect(existsSync(join(ws.dir, 'again.json'))).toBe(false);
    // An existing identity file is never overwritten.
    const clobber = await ztc(deviceDir, ['enroll', jwtFile, '--out', out]);
    expect(clobber.stderr).toContain('already exists');
  });

  it('refuses a JWT whose kid or signature does not match the server certificate, before any key is made or sent', async () => {
    const { id, jwtFile } = await createWithEnrollment('cli-mitm', ['--ott']);
    const token = await pendingToken(id, 'ott');
    const claims = decodeJwt(readFileSync(jwtFile, 'utf8').trim());
    const serverKey = createPrivateKey(t.handle.ctx.pki.server.keyPem);
    const forged = async (kid: string, key = serverKey) => {
      const file = join(ws.dir, `forged-${kid.slice(0, 6)}.jwt`);
      writeFileSync(file, await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key));
      return file;
    };
    const out = join(ws.dir, 'mitm.json');

    const wrongKid = await ztc(ws.dir, ['enroll', await forged('ab'.repeat(20)), '--out', out]);
    expect(wrongKid).toMatchObject({ code: 1, stdout: '' });
    expect(wrongKid.stderr).toContain(`refusing to enroll: the JWT's kid (${'ab'.repeat(20)}) is not the controller's certificate (sha1 ${t.handle.ctx.pki.serverFingerprint})`);

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongSigner = await ztc(ws.dir, ['enroll', await forged(t.handle.ctx.pki.serverFingerprint, otherKey), '--out', out]);
    expect(wrongSigner.code).toBe(1);
    expect(wrongSigner.stderr).toContain("refusing to enroll: the JWT is not signed by the controller's certificate key");

    // Nothing reached the enroll endpoint: no identity file, the token is still outstanding and still works.
    expect(existsSync(out)).toBe(false);
    expect(await pendingToken(id, 'ott')).toBe(token);
    expect((await (await t.admin()).get(`${M}/identities/${id}`)).body.data.authenticators.cert).toBeUndefined();
    expect((await ztc(ws.dir, ['enroll', jwtFile, '--out', out])).code).toBe(0);
  });

  it('updb: sets the password from stdin, saves the verified CA, then password login works', async () => {
    const { id, jwtFile } = await createWithEnrollment('cli-alice', ['--updb', 'cli-alice']);
    const userDir = join(ws.dir, 'alice');
    const caOut = join(ws.dir, 'alice-ca.pem');
    const enrolled = await ztc(userDir, ['enroll', jwtFile, '--password-stdin', '--ca-out', caOut], 'Alice-Passw0rd!\n');
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toContain('ztc login --username');
    expect(readFileSync(caOut, 'utf8')).toContain(t.handle.ctx.pki.trustBundlePem[0].trim());

    const login = await ztc(userDir, ['login', '--username', 'cli-alice', '--password-stdin', '--controller', origin, '--ca-file', caOut], 'Alice-Passw0rd!\n');
    expect(login.code).toBe(0);
    expect(JSON.parse((await ztc(userDir, ['whoami', '--json'])).stdout)).toMatchObject({ id, authenticatedBy: 'password' });
  });

  it('lists and deletes enrollments; rejects what is not a JWT', async () => {
    const { id } = await createWithEnrollment('cli-pending', ['--ott']);
    const list = await ztc(adminDir, ['enrollments', 'list']);
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((r) => r.includes('cli-pending')) as string;
    expect(row).toMatch(/^\S+\s+ott\s+cli-pending\s+/);
    const enrollmentId = row.split(/\s+/)[0];
    expect(await ztc(adminDir, ['enrollments', 'delete', enrollmentId])).toMatchObject({ code: 0, stdout: `deleted enrollment ${enrollmentId}\n` });
    expect(await pendingToken(id, 'ott')).toBeUndefined();

    const junk = join(ws.dir, 'junk.jwt');
    writeFileSync(junk, 'not a token');
    const res = await ztc(ws.dir, ['enroll', junk, '--out', join(ws.dir, 'junk.json')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('not a JWT');
    expect((await ztc(ws.dir, ['enroll'])).code).toBe(2);
  });
});
