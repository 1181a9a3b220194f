import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TestContext } from '../../support/test-context';

describe('controller lifecycle', () => {
  it('restarts on an existing data dir and PKI without changing them', async () => {
    const t = await TestContext.start();
    try {
      const pkiDir = t.config.pkiDir;
      const before = ['root.cert.pem', 'intermediate.cert.pem', 'server.cert.pem'].map((f) => readFileSync(join(pkiDir, f), 'utf8'));
      const instance = (await t.api.get('/version')).headers['ziti-instance-id'];
      for (const key of ['root.key.pem', 'intermediate.key.pem', 'server.key.pem']) {
        expect(statSync(join(pkiDir, key)).mode & 0o777).toBe(0o600);
      }
      await t.restart();
      const after = ['root.cert.pem', 'intermediate.cert.pem', 'server.cert.pem'].map((f) => readFileSync(join(pkiDir, f), 'utf8'));
      expect(after).toEqual(before);
      const res = await t.api.get('/version');
      expect(res.status).toBe(200);
      expect(res.headers['ziti-instance-id']).toBe(instance);
    } finally {
      await t.stop();
    }
  });

  it('refuses to start on corrupt PKI material with a clear message', async () => {
    const t = await TestContext.start();
    const dir = t.dir;
    await t.handle.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.config.pkiDir, 'intermediate.cert.pem'), 'garbage');
    await expect(TestContext.start({ dir })).rejects.toThrow(/intermediate\.cert\.pem/);
    await t.stop();
  });

  it('finishes in-flight requests on close and then stops listening', async () => {
    const t = await TestContext.start();
    // A request whose body is still arriving when close() starts must still be answered.
    const { request } = await import('node:https');
    const body = JSON.stringify({ username: 'someone', password: 'something' });
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(`${t.handle.url}/edge/client/v1/authenticate?method=password`, {
        method: 'POST',
        ca: t.handle.ctx.pki.trustBundlePem,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => { closing = t.handle.close(); setTimeout(() => req.end(body.slice(5)), 100); }, 200);
    });
    let closing: Promise<void> | undefined;
    expect(await answered).toBeGreaterThanOrEqual(200);
    await closing;
    await expect(t.api.get('/version')).rejects.toThrow();
    await t.stop();
  });
});
