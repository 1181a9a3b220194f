import { X509Certificate, generateKeyPairSync, sign } from 'node:crypto';
import forge from 'node-forge';
import { createIntermediateCa, createRootCa } from './ca';
import { CsrError, signClientCsr, signClientCsrForExtension } from './csr';
import { sha1Fingerprint } from './fingerprint';
import { verifyChain } from './verify';

const asn1 = forge.asn1;
const root = createRootCa({ commonName: 'csr test root', organization: 'ztc' });
const intermediate = createIntermediateCa(root, { commonName: 'csr test intermediate', organization: 'ztc' });
const OPTS = { identityId: 'Id3ntity', trustDomain: 'ztc.example', validityDays: 365 };

/** An RSA CSR made the way a device would (node keygen, forge request). */
function rsaCsr(cn = 'device-one', bits = 2048): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ name: 'organizationName', value: 'Acme' }, { name: 'commonName', value: cn }]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** An EC P-256 CSR assembled by hand (forge cannot make one): CertificationRequestInfo signed with ECDSA. */
function ecCsr(cn = 'ec-device'): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const U = asn1.Class.UNIVERSAL;
  const name = asn1.create(U, asn1.Type.SEQUENCE, true, [
    asn1.create(U, asn1.Type.SET, true, [
      asn1.create(U, asn1.Type.SEQUENCE, true, [
        asn1.create(U, asn1.Type.OID, false, asn1.oidToDer('2.5.4.3').getBytes()),
        asn1.create(U, asn1.Type.UTF8, false, cn),
      ]),
    ]),
  ]);
  const spki = asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'), { decodeBitStrings: false } as never);
  const info = asn1.create(U, asn1.Type.SEQUENCE, true, [
    asn1.create(U, asn1.Type.INTEGER, false, '\x00'),
    name,
    spki,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, []),
  ]);
  const sig = sign('sha256', Buffer.from(asn1.toDer(info).getBytes(), 'binary'), privateKey).toString('binary');
  const csr = asn1.create(U, asn1.Type.SEQUENCE, true, [
    info,
    asn1.create(U, asn1.Type.SEQUENCE, true, [asn1.create(U, asn1.Type.OID, false, asn1.oidToDer('1.2.840.10045.4.3.2').getBytes())]),
    asn1.create(U, asn1.Type.BITSTRING, false, `\x00${sig}`),
  ]);
  return forge.pem.encode({ type: 'CERTIFICATE REQUEST', body: asn1.toDer(csr).getBytes() });
}

/** Flips one byte of the subject inside the DER, keeping the structure intact: only the signature can tell. */
function tamper(csrPem: string, from: string, to: string): string {
  const der = Buffer.from(forge.pem.decode(csrPem)[0].body, 'binary');
  const at = der.indexOf(from);
  expect(at).toBeGreaterThan(0);
  der.write(to, at, 'latin1');
  return forge.pem.encode({ type: 'CERTIFICATE REQUEST', body: der.toString('binary') });
}

function csrError(fn: () => unknown): CsrError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsrError) return e;
    throw e;
  }
  throw new Error('expected a CsrError');
}

describe('signClientCsr', () => {
  it('issues a client certificate that verifies against the intermediate and chains to the root', () => {
    const signed = signClientCsr(intermediate, rsaCsr(), OPTS);
    const x = new X509Certificate(signed.certPem);
    const ca = new X509Certificate(intermediate.certPem);
    expect(x.checkIssued(ca)).toBe(true);
    expect(x.verify(ca.publicKey)).toBe(true);
    expect(x.ca).toBe(false);
    expect(verifyChain(signed.chainPem, [], [root.certPem])).toMatchObject({ ok: true });
    expect(signed.fingerprint).toBe(sha1Fingerprint(signed.certPem));
    expect(signed.chainPem).toBe(signed.certPem + intermediate.certPem);
  });

  it('copies the subject, allows client auth only, and names the identity by its SPIFFE ID alone', () => {
    const x = new X509Certificate(signClientCsr(intermediate, rsaCsr('device-7'), OPTS).certPem);
    expect(x.subject).toBe('O=Acme\nCN=device-7');
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(x.subjectAltName).toBe('URI:spiffe://ztc.example/identity/Id3ntity');
    const cert = forge.pki.certificateFromPem(signClientCsr(intermediate, rsaCsr(), OPTS).certPem);
    expect(cert.getExtension('keyUsage')).toMatchObject({ critical: true, digitalSignature: true, keyEncipherment: true, dataEncipherment: true, keyCertSign: false });
    expect(cert.getExtension('basicConstraints')).toMatchObject({ critical: true, cA: false });
    const aki = cert.getExtension('authorityKeyIdentifier') as { value: string };
    const caSki = forge.pki.certificateFromPem(intermediate.certPem).getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string };
    expect(forge.util.bytesToHex(aki.value)).toContain(caSki.subjectKeyIdentifier);
    expect(cert.serialNumber).toMatch(/^[4-7][0-9a-f]{31}$/);
  });

  it('back-dates notBefore by five minutes and never outlives the issuer', () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const short = createIntermediateCa(root, { commonName: 'short-lived', validityDays: 30 });
    const x = new X509Certificate(signClientCsr(intermediate, rsaCsr(), { ...OPTS, validityDays: 10, now: new Date() }).certPem);
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBe(10 * 86_400_000 + 5 * 60_000);
    const capped = new X509Certificate(signClientCsr(short, rsaCsr(), OPTS).certPem);
    expect(capped.validTo).toBe(new X509Certificate(short.certPem).validTo);
    expect(() => signClientCsr(short, rsaCsr(), { ...OPTS, now })).toThrow('expired');
  });

  it('signs an EC P-256 CSR too', () => {
    const signed = signClientCsr(intermediate, ecCsr('ec-1'), OPTS);
    const x = new X509Certificate(signed.certPem);
    expect({ type: x.publicKey.asymmetricKeyType, subject: x.subject, issued: x.verify(new X509Certificate(intermediate.certPem).publicKey) }).toEqual({
      type: 'ec',
      subject: 'CN=ec-1',
      issued: true,
    });
  });

  it.each([
    ['a tampered RSA CSR', () => tamper(rsaCsr('device-abc'), 'device-abc', 'device-abd'), 'signature'],
    ['a tampered EC CSR', () => tamper(ecCsr('ec-abc'), 'ec-abc', 'ec-abd'), 'signature'],
    ['garbage', () => 'garbage', 'PEM'],
    ['a certificate instead of a CSR', () => intermediate.certPem, 'PEM'],
    ['a CSR block that is not DER', () => '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n', 'PEM'],
    ['a 1024-bit RSA key', () => rsaCsr('weak', 1024), 'RSA of at least 2048 bits'],
  ])('refuses %s with a CsrError', (_what, csr, message) => {
    expect(csrError(() => signClientCsr(intermediate, csr(), OPTS)).message).toContain(message);
  });

  it('refuses a non-string or oversized input with a CsrError', () => {
    expect(csrError(() => signClientCsr(intermediate, 42 as never, OPTS))).toBeInstanceOf(CsrError);
    expect(csrError(() => signClientCsr(intermediate, 'x'.repeat(70_000), OPTS))).toBeInstanceOf(CsrError);
  });

  it('refuses to issue with a non-CA issuer or an invalid trust domain (configuration errors, not CsrErrors)', () => {
    const leaf = signClientCsr(intermediate, rsaCsr(), OPTS);
    expect(() => signClientCsr({ certPem: leaf.certPem, keyPem: intermediate.keyPem }, rsaCsr(), OPTS)).toThrow('issuer');
    expect(() => signClientCsr(intermediate, rsaCsr(), { ...OPTS, trustDomain: '::1' })).toThrow('trust domain');
  });
});

describe('signClientCsrForExtension', () => {
  it('carries the current certificate SANs over to the new key and keeps the SPIFFE ID once', () => {
    const current = forge.pki.createCertificate();
    const key = forge.pki.privateKeyFromPem(intermediate.keyPem) as forge.pki.rsa.PrivateKey;
    current.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
    current.serialNumber = '4a';
    current.validity.notBefore = new Date(Date.now() - 1000);
    current.validity.notAfter = new Date(Date.now() + 86_400_000);
    current.setSubject([{ name: 'commonName', value: 'old' }]);
    current.setIssuer(forge.pki.certificateFromPem(intermediate.certPem).subject.attributes);
    current.setExtensions([
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'device.example' },
          { type: 1, value: 'ops@example.com' },
          { type: 7, ip: '10.1.2.3' },
          { type: 6, value: 'spiffe://ztc.example/identity/Id3ntity' },
        ],
      },
    ]);
    current.sign(key, forge.md.sha256.create());
    const renewed = signClientCsrForExtension(intermediate, rsaCsr('renewed'), { ...OPTS, currentCertPem: forge.pki.certificateToPem(current) });
    const x = new X509Certificate(renewed.certPem);
    expect(x.subjectAltName).toBe('DNS:device.example, email:ops@example.com, IP Address:10.1.2.3, URI:spiffe://ztc.example/identity/Id3ntity');
    expect(x.subject).toBe('O=Acme\nCN=renewed');
    const plain = signClientCsrForExtension(intermediate, rsaCsr(), { ...OPTS, currentCertPem: intermediate.certPem });
    expect(new X509Certificate(plain.certPem).subjectAltName).toBe('URI:spiffe://ztc.example/identity/Id3ntity');
  });
});
