import { X509Certificate } from 'node:crypto';
import { createRootCa } from './ca';
import { sha1Fingerprint, sha256Fingerprint } from './fingerprint';
import { PemError } from './pem';

const plain = (nodeFingerprint: string) => nodeFingerprint.replace(/:/g, '').toLowerCase();

describe('fingerprints', () => {
  const { certPem } = createRootCa({ commonName: 'fingerprint root', keyBits: 1024 });
  const x = new X509Certificate(certPem);

  it('match node (colons removed, lowercased) for PEM, DER and PEM-in-a-Buffer input', () => {
    for (const input of [certPem, x.raw, Buffer.from(certPem)]) {
      expect(sha1Fingerprint(input)).toBe(plain(x.fingerprint));
      expect(sha256Fingerprint(input)).toBe(plain(x.fingerprint256));
    }
    expect(sha1Fingerprint(certPem)).toMatch(/^[0-9a-f]{40}$/);
    expect(sha256Fingerprint(certPem)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('use the first certificate of a bundle', () => {
    const other = createRootCa({ commonName: 'other', keyBits: 1024 }).certPem;
    expect(sha1Fingerprint(certPem + other)).toBe(plain(x.fingerprint));
  });

  it('throw PemError for garbage text', () => {
    expect(() => sha1Fingerprint('not a certificate')).toThrow(PemError);
  });
});
