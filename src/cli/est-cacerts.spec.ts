import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntermediateCa, createRootCa } from '../x509/ca';
import { certsOnlyPkcs7Base64 } from '../x509/pkcs7';
import { parseCaCerts } from './est-cacerts';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('parseCaCerts', () => {
  const root = createRootCa({ commonName: 'est root' });
  const inter = createIntermediateCa(root, { commonName: 'est intermediate' });

  it('returns the certificates of the controller bundle byte for byte, in order', () => {
    const pems = parseCaCerts(certsOnlyPkcs7Base64([root.certPem, inter.certPem]));
    expect(pems.map((p) => new X509Certificate(p).raw)).toEqual([new X509Certificate(root.certPem).raw, new X509Certificate(inter.certPem).raw]);
  });

  (hasOpenssl ? it : it.skip)('reads an EC certificate, which forge pkcs7 parsing would reject', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ztc-est-'));
    try {
      const cert = join(dir, 'ec.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', cert, '-subj', '/CN=ec ca', '-days', '1'], { stdio: 'ignore' });
      const pem = readFileSync(cert, 'utf8');
      const [parsed] = parseCaCerts(certsOnlyPkcs7Base64([pem]));
      expect(new X509Certificate(parsed).raw).toEqual(new X509Certificate(pem).raw);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['empty', ''],
    ['not DER', Buffer.from('hello world').toString('base64')],
    ['truncated', certsOnlyPkcs7Base64([root.certPem]).replace(/\n/g, '').slice(0, 200)],
    ['trailing bytes', Buffer.concat([Buffer.from(certsOnlyPkcs7Base64([root.certPem]), 'base64'), Buffer.from([0x05, 0x00])]).toString('base64')],
    ['a certificate, not PKCS#7', Buffer.from(new X509Certificate(root.certPem).raw).toString('base64')],
  ])('refuses %s input', (_name, body) => {
    expect(() => parseCaCerts(body)).toThrow(/CA bundle .* is unusable/);
  });
});
