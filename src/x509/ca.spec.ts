import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { createIntermediateCa, createRootCa } from './ca';
import { hostSans, issueServerCertificate } from './server-cert';
import { certificateKeyMatches } from './verify';

const DAY = 86_400_000;
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ext = (pem: string, name: string) => forge.pki.certificateFromPem(pem).getExtension(name) as Record<string, unknown>;

describe('CA and server certificate issuance', () => {
  const before = Date.now();
  const root = createRootCa({ commonName: 'test root', organization: 'acme' });
  const inter = createIntermediateCa(root, { commonName: 'test intermediate' });
  const server = issueServerCertificate(inter, {
    commonName: 'ctrl.example.com',
    dnsNames: ['localhost', 'ctrl.example.com'],
    ipAddresses: ['127.0.0.1', '::1'],
  });
  const [rootX, interX, serverX] = [root, inter, server].map((m) => new X509Certificate(m.certPem));

  it('chains root → intermediate → server (checkIssued, verify, ca flags)', () => {
    expect(rootX.ca).toBe(true);
    expect(rootX.checkIssued(rootX) && rootX.verify(rootX.publicKey)).toBe(true);
    expect(interX.ca).toBe(true);
    expect(interX.checkIssued(rootX) && interX.verify(rootX.publicKey)).toBe(true);
    expect(serverX.ca).toBe(false);
    expect(serverX.checkIssued(interX) && serverX.verify(interX.publicKey)).toBe(true);
    expect(serverX.checkIssued(rootX)).toBe(false);
    expect(rootX.subject).toBe('O=acme\nCN=test root');
  });

  it('pairs each certificate with its key and signs with SHA-256', () => {
    for (const m of [root, inter, server]) {
      expect(certificateKeyMatches(m.certPem, m.keyPem)).toBe(true);
      expect(forge.pki.certificateFromPem(m.certPem).siginfo.algorithmOid).toBe(SHA256_WITH_RSA);
    }
    expect(certificateKeyMatches(server.certPem, inter.keyPem)).toBe(false);
  });

  it('marks CA extensions critical, limits the intermediate to pathLen 0 and links AKI to SKI', () => {
    expect(ext(root.certPem, 'basicConstraints')).toMatchObject({ critical: true, cA: true });
    expect(ext(root.certPem, 'basicConstraints').pathLenConstraint).toBeUndefined();
    expect(ext(inter.certPem, 'basicConstraints')).toMatchObject({ critical: true, cA: true, pathLenConstraint: 0 });
    for (const pem of [root.certPem, inter.certPem]) {
      expect(ext(pem, 'keyUsage')).toMatchObject({ critical: true, keyCertSign: true, cRLSign: true, digitalSignature: false });
    }
    const rootSki = ext(root.certPem, 'subjectKeyIdentifier').subjectKeyIdentifier as string;
    const interSki = ext(inter.certPem, 'subjectKeyIdentifier').subjectKeyIdentifier as string;
    // forge does not decode AKI; its value is SEQUENCE { [0] keyIdentifier }, so the SKI is a suffix.
    const aki = (pem: string) => forge.util.bytesToHex(ext(pem, 'authorityKeyIdentifier').value as string);
    expect(aki(inter.certPem).endsWith(rootSki)).toBe(true);
    expect(aki(server.certPem).endsWith(interSki)).toBe(true);
  });

  it('gives the server cert key usages, EKUs and DNS/IPv4/IPv6 SANs', () => {
    expect(serverX.keyUsage?.sort()).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(ext(server.certPem, 'keyUsage')).toMatchObject({ critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: false });
    expect(serverX.subjectAltName).toBe(
      'DNS:localhost, DNS:ctrl.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(serverX.checkIP('::1')).toBe('::1');
    expect(serverX.checkHost('ctrl.example.com')).toBe('ctrl.example.com');
    expect(serverX.checkHost('evil.example.com')).toBeUndefined();
  });

  it('back-dates notBefore by 5 minutes and applies default lifetimes (capped at the issuer)', () => {
    const from = new Date(rootX.validFrom).getTime();
    expect(from).toBeLessThanOrEqual(before - 5 * 60_000 + 5000);
    expect(from).toBeGreaterThan(before - 6 * 60_000);
    const days = (x: X509Certificate) => (new Date(x.validTo).getTime() - before) / DAY;
    expect(Math.round(days(rootX))).toBe(3650);
    expect(Math.round(days(interX))).toBe(1825);
    expect(Math.round(days(serverX))).toBe(365);
    const longLived = createIntermediateCa(root, { commonName: 'x', validityDays: 99_999, keyBits: 1024 });
    expect(new X509Certificate(longLived.certPem).validTo).toBe(rootX.validTo);
  });

  it('refuses to sign with a non-CA certificate, a foreign key, or no SANs', () => {
    const sans = { commonName: 'x', dnsNames: ['x'], ipAddresses: [], keyBits: 1024 };
    expect(() => issueServerCertificate(server, sans)).toThrow(/not a CA/);
    expect(() => issueServerCertificate({ certPem: inter.certPem, keyPem: root.keyPem }, sans)).toThrow(/do not belong/);
    expect(() => issueServerCertificate(inter, { ...sans, dnsNames: [] })).toThrow(/at least one/);
    expect(() => issueServerCertificate(inter, { ...sans, ipAddresses: ['300.1.1.1'] })).toThrow(/IP address/);
    expect(() => createRootCa({ commonName: 'x', validityDays: 0, keyBits: 1024 })).toThrow(/validityDays/);
  });
});

describe('hostSans', () => {
  it.each([
    ['10.0.0.1', [], ['10.0.0.1']],
    ['::1', [], ['::1']],
    ['[2001:db8::1]', [], ['2001:db8::1']],
    ['Ctrl.Example.COM', ['ctrl.example.com'], []],
    ['localhost', ['localhost'], []],
  ])('%s', (host, dnsNames, ipAddresses) => {
    expect(hostSans(host)).toEqual({ dnsNames, ipAddresses });
  });

  it.each(['ctrl.example.com:443', '', 'bad host', '-leading.example.com', 'a'.repeat(64) + '.com'])(
    'rejects %j',
    (host) => {
      expect(() => hostSans(host)).toThrow(/not a valid DNS name/);
    },
  );
});
