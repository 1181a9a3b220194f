import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { sha1Fingerprint } from './fingerprint';
import { splitPemCertificates } from './pem';
import { PkiStoreError, initPki, loadOrInitPki, loadPki, pkiExists } from './pki-store';
import { issueServerCertificate } from './server-cert';
import { verifyChain } from './verify';

const KEYS = ['root.key.pem', 'intermediate.key.pem', 'server.key.pem'];
const CERTS = ['root.cert.pem', 'intermediate.cert.pem', 'server.cert.pem'];
const host = { advertisedHost: 'ctrl.example.com' };
/** 1024-bit keys where key size is irrelevant, to keep the suite fast; 2048 (default) elsewhere. */
const fast = { ...host, keyBits: 1024 };

describe('pki-store', () => {
  let tmp: string;
  let dir: string;
  const file = (name: string, d = dir) => path.join(d, name);
  const expectStoreError = (fn: () => unknown, message: RegExp) => {
    expect(fn).toThrow(PkiStoreError);
    expect(fn).toThrow(message);
  };

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ztc-pki-'));
    dir = path.join(tmp, 'pki'); // does not exist yet
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('init creates a 0700 directory, 0600 keys and a consistent PKI', () => {
    expect(pkiExists(dir)).toBe(false);
    const pki = initPki(dir, host);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const k of KEYS) expect(fs.statSync(file(k)).mode & 0o777).toBe(0o600);
    for (const c of CERTS) expect(fs.statSync(file(c)).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(dir).sort()).toEqual([...CERTS, ...KEYS].sort()); // no temp files left

    expect(pki.trustBundlePem).toEqual([pki.root.certPem, pki.intermediate.certPem]);
    const [leaf, chained] = splitPemCertificates(pki.server.certPem);
    expect(chained).toBe(pki.intermediate.certPem);
    expect(pki.serverFingerprint).toBe(sha1Fingerprint(leaf));
    expect(verifyChain(pki.server.certPem, [], [pki.root.certPem]).ok).toBe(true);
    expect(new X509Certificate(leaf).subjectAltName).toBe(
      'DNS:localhost, DNS:ctrl.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(new X509Certificate(pki.root.certPem).subject).toBe('O=ztc\nCN=ztc root CA');
  });

  it('leaves keys 0600 when overwriting loose existing files (force)', () => {
    initPki(dir, fast);
    for (const k of KEYS) fs.chmodSync(file(k), 0o666);
    initPki(dir, { ...fast, force: true });
    for (const k of KEYS) expect(fs.statSync(file(k)).mode & 0o777).toBe(0o600);
  });

  it('loads identical material on restart without rewriting anything', () => {
    const created = loadOrInitPki(dir, host);
    expect(created).toMatchObject({ created: true, reissuedServerCert: false });
    const mtimes = CERTS.concat(KEYS).map((f) => fs.statSync(file(f)).mtimeMs);
    const again = loadOrInitPki(dir, host);
    expect(again).toMatchObject({ created: false, reissuedServerCert: false, warnings: [] });
    expect(again.pki).toEqual(created.pki);
    expect(loadPki(dir, host)).toEqual(created.pki);
    expect(CERTS.concat(KEYS).map((f) => fs.statSync(file(f)).mtimeMs)).toEqual(mtimes);
  });

  it('refuses to overwrite existing material unless forced', () => {
    const first = initPki(dir, fast);
    expectStoreError(() => initPki(dir, fast), /already holds PKI material .*refusing to overwrite/);
    const second = initPki(dir, { ...fast, force: true, trustDomain: 'acme' });
    expect(second.root.certPem).not.toBe(first.root.certPem);
    expect(new X509Certificate(second.root.certPem).subject).toBe('O=acme\nCN=acme root CA');
  });

  it('serves TLS that a client trusting only the root accepts, by name and by IP', async () => {
    const pki = initPki(dir, host);
    const server = tls.createServer({ key: pki.server.keyPem, cert: pki.server.certPem }, (s) => s.end('hi'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const connect = (servername?: string) =>
      new Promise<boolean>((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port, ca: [pki.root.certPem], servername }, () => {
          resolve(s.authorized);
          s.end();
        });
        s.on('error', reject);
      });
    try {
      await expect(connect('localhost')).resolves.toBe(true);
      await expect(connect('ctrl.example.com')).resolves.toBe(true);
      await expect(connect(undefined)).resolves.toBe(true); // IP SAN 127.0.0.1
      await expect(connect('evil.example.com')).rejects.toThrow(/altnames/);
    } finally {
      server.close();
    }
  });

  describe('damaged directories', () => {
    let other: string;
    beforeEach(() => {
      initPki(dir, fast);
      other = path.join(tmp, 'other');
      initPki(other, fast);
    });
    const copy = (name: string) => fs.copyFileSync(file(name, other), file(name));

    it.each([
      ['a corrupt certificate', () => fs.writeFileSync(file('intermediate.cert.pem'), 'garbage'), /pki\/intermediate\.cert\.pem is not a valid PEM certificate file/],
      ['a corrupt key', () => fs.writeFileSync(file('root.key.pem'), 'garbage'), /pki\/root\.key\.pem is not a readable, unencrypted PEM private key/],
      ['a key from another PKI', () => copy('server.key.pem'), /\/pki\/server\.key\.pem does not match \S*\/pki\/server\.cert\.pem/],
      ['missing files', () => ['root.key.pem', 'server.cert.pem'].forEach((f) => fs.rmSync(file(f))), /incomplete, missing: root\.key\.pem, server\.cert\.pem/],
      ['another intermediate', () => ['intermediate.cert.pem', 'intermediate.key.pem'].forEach(copy), /\/pki\/intermediate\.cert\.pem is not signed by \S*\/pki\/root\.cert\.pem/],
      ['another server cert', () => ['server.cert.pem', 'server.key.pem'].forEach(copy), /\/pki\/server\.cert\.pem is not signed by \S*\/pki\/intermediate\.cert\.pem/],
      ['a bundle in place of the root', () => fs.copyFileSync(file('server.cert.pem'), file('root.cert.pem')), /pki\/root\.cert\.pem must hold exactly one certificate/],
      ['a leaf in place of the root', () => {
        fs.writeFileSync(file('root.cert.pem'), splitPemCertificates(fs.readFileSync(file('server.cert.pem'), 'utf8'))[0]);
        fs.copyFileSync(file('server.key.pem'), file('root.key.pem'));
      }, /pki\/root\.cert\.pem is not a self-signed CA certificate/],
      ['a CA in place of the server cert', () => {
        fs.copyFileSync(file('intermediate.cert.pem'), file('server.cert.pem'));
        fs.copyFileSync(file('intermediate.key.pem'), file('server.key.pem'));
      }, /pki\/server\.cert\.pem is a CA certificate/],
    ])('reports %s with a PkiStoreError naming the file', (_name, damage, message) => {
      damage();
      expectStoreError(() => loadPki(dir, host), message);
      expectStoreError(() => loadOrInitPki(dir, fast), message); // never silently regenerated
    });

    it('reports an empty directory as holding no material', () => {
      for (const f of fs.readdirSync(dir)) fs.rmSync(file(f));
      expectStoreError(() => loadPki(dir, host), /holds no PKI material/);
    });

    it('warns about group/world-readable keys', () => {
      fs.chmodSync(file('intermediate.key.pem'), 0o644);
      expect(loadOrInitPki(dir, fast).warnings).toEqual([
        expect.stringMatching(/pki\/intermediate\.key\.pem is readable by group or others/),
      ]);
    });
  });

  describe('server certificate re-issue', () => {
    it.each(['new.example.com', '10.1.2.3', '2001:db8::7'])('re-issues for a new advertised host %s, keeping the CAs', (newHost) => {
      const before = loadOrInitPki(dir, fast).pki;
      const after = loadOrInitPki(dir, { advertisedHost: newHost, keyBits: 1024 });
      expect(after).toMatchObject({ created: false, reissuedServerCert: true });
      expect(after.reissueReason).toMatch(/does not cover advertised host/);
      expect(after.pki.root).toEqual(before.root);
      expect(after.pki.intermediate).toEqual(before.intermediate);
      expect(after.pki.server.keyPem).not.toBe(before.server.keyPem);
      expect(after.pki.serverFingerprint).not.toBe(before.serverFingerprint);
      const leaf = new X509Certificate(after.pki.server.certPem);
      const covers = newHost.includes('.') && !/^\d/.test(newHost) ? leaf.checkHost(newHost) : leaf.checkIP(newHost);
      expect(covers).toBe(newHost);
      expect(leaf.checkHost('localhost')).toBe('localhost');
      expect(fs.statSync(file('server.key.pem')).mode & 0o777).toBe(0o600);
      expect(loadOrInitPki(dir, { advertisedHost: newHost, keyBits: 1024 })).toMatchObject({ reissuedServerCert: false, pki: after.pki });
    });

    it('re-issues a server certificate that expires within 30 days', () => {
      const pki = initPki(dir, fast);
      const soon = issueServerCertificate(pki.intermediate, { commonName: 'x', dnsNames: ['ctrl.example.com'], ipAddresses: [], validityDays: 20 });
      fs.writeFileSync(file('server.cert.pem'), soon.certPem + pki.intermediate.certPem);
      fs.writeFileSync(file('server.key.pem'), soon.keyPem);
      const r = loadOrInitPki(dir, fast);
      expect(r).toMatchObject({ reissuedServerCert: true, reissueReason: 'server certificate expires within 30 days' });
      expect(r.pki.root).toEqual(pki.root);
      const days = (new Date(new X509Certificate(r.pki.server.certPem).validTo).getTime() - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(365);
    });

    it('rejects an advertised host with a port left on it', () => {
      expectStoreError(() => loadOrInitPki(dir, { advertisedHost: 'ctrl.example.com:1280' }), /advertised host is invalid/);
      expect(pkiExists(dir)).toBe(false);
    });
  });
});
