import fs from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LoadClient, type LoadSpec } from '../../bench/support/load';
import { initPki, type PkiMaterial } from '../../src/x509/pki-store';

/** One run on fresh connections, closed afterwards. */
async function runHttp(spec: LoadSpec, durationS: number) {
  const client = new LoadClient(spec);
  try {
    return await client.run(durationS);
  } finally {
    client.close();
  }
}

/** The bench's load client against a local HTTPS server whose behaviour each path chooses. */
describe('bench LoadClient', () => {
  let tmp: string;
  let pki: PkiMaterial;
  let stranger: PkiMaterial;
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; user?: string; body: string }[] = [];
  const sockets = new Set<{ destroy(): void }>();
  let handshakes = 0;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ztc-bench-load-'));
    pki = initPki(path.join(tmp, 'pki'), { advertisedHost: 'localhost', keyBits: 1024 });
    stranger = initPki(path.join(tmp, 'other'), { advertisedHost: 'localhost', keyBits: 1024 });
    server = createServer({ cert: pki.server.certPem, key: pki.server.keyPem }, (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', user: req.headers['x-user'] as string | undefined, body: Buffer.concat(chunks).toString() });
        const json = (status: number, body: unknown) => {
          const text = JSON.stringify(body);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        };
        if (req.url === '/ok' || req.url?.startsWith('/ok?')) return json(200, { data: { ok: true } });
        if (req.url === '/unauthorized') return json(401, { error: { code: 'UNAUTHORIZED' } });
        if (req.url === '/chunked') return res.writeHead(200).end('no length');
        if (req.url === '/drop') return req.socket.destroy();
        // '/hang': never answers
      });
    });
    server.on('secureConnection', (s) => {
      handshakes++;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections?.();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen.length = 0;
    handshakes = 0;
  });

  it('keeps every connection busy for the duration and counts 2xx answers as throughput', async () => {
    const t = await runHttp({ url: `${base}/ok?x=1`, ca: pki.trustBundlePem, connections: 4 }, 1);
    expect(t.failed).toBe(0);
    expect(t.ok).toBeGreaterThan(50);
    expect(t.ok).toBe(seen.length);
    expect(t.statusCodes).toEqual({ 200: t.ok });
    expect(t.durationS).toBeGreaterThanOrEqual(1);
    expect(t.rate).toBeCloseTo(t.ok / t.durationS, 6);
    expect(t.p50).toBeGreaterThan(0);
    expect(t.p99).toBeGreaterThanOrEqual(t.p50);
    expect(new Set(seen.map((s) => `${s.method} ${s.url}`))).toEqual(new Set(['GET /ok?x=1']));
  });

  it("sends each connection's own headers and body", async () => {
    const t = await runHttp(
      { url: `${base}/ok`, ca: pki.trustBundlePem, connections: 3, method: 'POST', perConnection: (n) => ({ headers: { 'x-user': `u${n}` }, body: JSON.stringify({ n }) }) },
      0.5,
    );
    expect(t.failed).toBe(0);
    const users = new Set(seen.map((s) => `${s.method} ${s.user} ${s.body}`));
    expect(users).toEqual(new Set(['POST u0 {"n":0}', 'POST u1 {"n":1}', 'POST u2 {"n":2}']));
  });

  it('counts non-2xx answers as failures, never as throughput', async () => {
    const t = await runHttp({ url: `${base}/unauthorized`, ca: pki.trustBundlePem, connections: 2 }, 0.5);
    expect(t.ok).toBe(0);
    expect(t.rate).toBe(0);
    expect(t.failed).toBeGreaterThan(10);
    expect(t.statusCodes).toEqual({ 401: t.failed });
  });

  it('fails requests whose connection drops, and reconnects while there is time', async () => {
    const t = await runHttp({ url: `${base}/drop`, ca: pki.trustBundlePem, connections: 2 }, 0.5);
    expect(t.ok).toBe(0);
    expect(t.failed).toBeGreaterThan(4); // more than one per connection: it reconnected
    expect(seen.length).toBe(t.failed);
  });

  it('fails an answer it cannot frame (no Content-Length)', async () => {
    const t = await runHttp({ url: `${base}/chunked`, ca: pki.trustBundlePem, connections: 1 }, 0.3);
    expect(t.ok).toBe(0);
    expect(t.failed).toBeGreaterThan(0);
  });

  it('times out a request without an answer and ends the run', async () => {
    const t = await runHttp({ url: `${base}/hang`, ca: pki.trustBundlePem, connections: 2, timeoutMs: 300 }, 0.2);
    expect(t.ok).toBe(0);
    expect(t.failed).toBe(2);
    expect(t.durationS).toBeGreaterThanOrEqual(0.3);
    expect(t.durationS).toBeLessThan(5);
  });

  it('times out a handshake that never completes', async () => {
    const silent = createNetServer(() => undefined); // accepts, never speaks TLS
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/ok`;
      const t = await runHttp({ url, ca: pki.trustBundlePem, connections: 2, timeoutMs: 300 }, 0.2);
      expect(t.ok).toBe(0);
      expect(t.failed).toBe(2);
      expect(t.durationS).toBeLessThan(5);
    } finally {
      silent.close();
    }
  });

  it('verifies the server certificate: a server outside the given CA gets no request at all', async () => {
    const t = await runHttp({ url: `${base}/ok`, ca: stranger.trustBundlePem, connections: 2 }, 0.3);
    expect(t.ok).toBe(0);
    expect(t.failed).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([]);
  });

  it('keeps its connections open between runs: later runs pay no handshake', async () => {
    const client = new LoadClient({ url: `${base}/ok`, ca: pki.trustBundlePem, connections: 3 });
    try {
      const runs = [await client.run(0.3), await client.run(0.3), await client.run(0.3)];
      expect(handshakes).toBe(3);
      for (const t of runs) expect(t).toMatchObject({ failed: 0, statusCodes: { 200: t.ok } });
      expect(runs.reduce((n, t) => n + t.ok, 0)).toBe(seen.length);
    } finally {
      client.close();
    }
  });

  it('reopens, without counting a failure, a connection the server closed while it was idle', async () => {
    const client = new LoadClient({ url: `${base}/ok`, ca: pki.trustBundlePem, connections: 2 });
    try {
      await client.run(0.2);
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const t = await client.run(0.3);
      expect(t.failed).toBe(0);
      expect(t.ok).toBeGreaterThan(10);
      expect(handshakes).toBe(4);
    } finally {
      client.close();
    }
  });

  it('refuses a second run while one is going', async () => {
    const client = new LoadClient({ url: `${base}/ok`, ca: pki.trustBundlePem, connections: 1 });
    try {
      const first = client.run(0.2);
      await expect(client.run(0.2)).rejects.toThrow(/one run at a time/);
      expect((await first).ok).toBeGreaterThan(0);
    } finally {
      client.close();
    }
  });
});
