import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { randomSerialHex } from './serial';

function certWithSerial(serialHex: string, key: forge.pki.rsa.PrivateKey): string {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = serialHex;
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'serial test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'serial test' }]);
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

describe('randomSerialHex', () => {
  let key: forge.pki.rsa.PrivateKey;
  beforeAll(() => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  });

  it('is 16 bytes whose first byte is in 0x40..0x7f (positive, minimal DER)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const s = randomSerialHex();
      expect(s).toMatch(/^[0-9a-f]{32}$/);
      const first = parseInt(s.slice(0, 2), 16);
      expect(first).toBeGreaterThanOrEqual(0x40);
      expect(first).toBeLessThanOrEqual(0x7f);
      seen.add(s);
    }
    expect(seen.size).toBe(5000);
  });

  it('gives certificates node accepts, with the serial encoded unchanged', () => {
    for (let i = 0; i < 200; i++) {
      const serial = randomSerialHex();
      const x = new X509Certificate(certWithSerial(serial, key));
      // node prints the INTEGER as unsigned hex; a sign byte or padding would show up here.
      expect(x.serialNumber.toLowerCase()).toBe(serial);
    }
  });

  it('guards against a trap that exists: forge writes a padded serial that node rejects', () => {
    expect(() => new X509Certificate(certWithSerial('0000000001', key))).toThrow();
  });
});
