import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestContext } from '../../support/test-context';
import { insertCa, issueLeaf, orgPki } from '../enroll/ca-support';
import { buildCliIfNeeded, cliWorkspace, freePort, ztc } from './cli-support';

const M = '/edge/management/v1';

describe('ztc enroll --ca (child process)', () => {
  let t: TestContext;
  let ws: ReturnType<typeof cliWorkspace>;
  let origin: string;
  const org = orgPki('cli-org');

  beforeAll(async () => {
    await buildCliIfNeeded();
    const port = await freePort();
    origin = `https://127.0.0.1:${port}`;
    t = await TestContext.start({ env: { ZT_PORT: String(port), ZT_ADVERTISED_ADDRESS: `127.0.0.1:${port}` } });
    ws = cliWorkspace(t);
    await insertCa(t, org.root.certPem, { name: 'cli-ca', identityNameFormat: '[caName]-[requestedName]', identityRoles: ['cli'] });
  }, 300_000);
  afterAll(async () => {
    await t.stop();
    ws.cleanup();
  });

  /** The device's key and certificate (leaf + intermediate) as files. */
  function deviceFiles(label: string): { cert: string; key: string; fingerprint: string } {
    const leaf = issueLeaf(org.intermediate, { commonName: label });
    const cert = join(ws.dir, `${label}.crt`);
    const key = join(ws.dir, `${label}.key`);
    writeFileSync(cert, leaf.certPem + org.intermediate.certPem);
    writeFileSync(key, leaf.keyPem, { mode: 0o600 });
    return { cert, key, fingerprint: leaf.fingerprint };
  }
  const enrollArgs = (f: { cert: string; key: string }, out: string, extra: string[] = []) => [
    'enroll', '--ca', '--cert', f.cert, '--key', f.key, '--controller', origin, '--ca-file', ws.caFile, '--out', out, ...extra,
  ];

  it('enrolls with an existing key and certificate, writes a 0600 identity file, and that file logs in', async () => {
    const f = deviceFiles('cli-auto');
    const out = join(ws.dir, 'auto.json');
    const res = await ztc(join(ws.dir, 'device'), enrollArgs(f, out, ['--name', 'lab-box']));
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
    expect(res.stdout).toContain(`identity written to ${out}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file).toEqual({
      ztAPI: `${origin}/edge/client/v1`,
      id: { key: `pem:${readFileSync(f.key, 'utf8')}`, cert: `pem:${readFileSync(f.cert, 'utf8')}`, ca: `pem:${t.handle.ctx.pki.trustBundlePem.join('')}` },
    });
    const [identity] = (await (await t.admin()).get(`${M}/identities?filter=${encodeURIComponent('name = "cli-ca-lab-box"')}`)).body.data;
    expect(identity).toMatchObject({ roleAttributes: ['cli'], isAdmin: false });
    expect(identity.authenticators.cert.fingerprint).toBe(f.fingerprint);

    const deviceDir = join(ws.dir, 'device');
    expect((await ztc(deviceDir, ['login', '--identity', out])).code).toBe(0);
    expect(JSON.parse((await ztc(deviceDir, ['whoami', '--json'])).stdout)).toMatchObject({ id: identity.id, authenticatedBy: 'cert' });

    // The same certificate again: the controller's refusal is shown, and no half-written file is left.
    const again = join(ws.dir, 'again.json');
    const dup = await ztc(deviceDir, enrollArgs(f, again));
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^ztc: CERT_IN_USE: /m);
    expect(existsSync(again)).toBe(false);
    // An existing output file is never overwritten.
    const clobber = await ztc(deviceDir, enrollArgs(deviceFiles('cli-clobber'), out));
    expect(clobber.code).toBe(1);
    expect(clobber.stderr).toContain('already exists');
  });

  it('refuses before sending anything: a key that is not the certificate key, missing options, a JWT with --ca', async () => {
    const a = deviceFiles('cli-a');
    const b = deviceFiles('cli-b');
    const out = join(ws.dir, 'mismatch.json');
    const mismatch = await ztc(ws.dir, enrollArgs({ cert: a.cert, key: b.key }, out));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('is not the key of');
    expect(existsSync(out)).toBe(false);
    const noCaFile = await ztc(ws.dir, ['enroll', '--ca', '--cert', a.cert, '--key', a.key, '--controller', origin, '--out', out]);
    expect(noCaFile.code).toBe(2);
    expect(noCaFile.stderr).toContain('--ca needs --ca-file');
    expect((await ztc(ws.dir, ['enroll', 'some.jwt', '--ca', '--cert', a.cert])).code).toBe(2);
    expect((await ztc(ws.dir, ['enroll', 'some.jwt', '--cert', a.cert])).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
