import { createRootCa } from '../x509/ca';
import { sha1Fingerprint } from '../x509/fingerprint';
import { isJsonPointer } from '../common/json-pointer';
import { SignerCertError, signerCertFacts } from './signer-cert';

describe('signerCertFacts', () => {
  const ca = createRootCa({ commonName: 'idp signer, test', organization: 'Example', validityDays: 30 });
  const other = createRootCa({ commonName: 'other', validityDays: 30 });

  it('derives fingerprint, common name and validity from the one certificate, and stores canonical PEM', () => {
    const sloppy = `text before\r\n${ca.certPem.replace(/\n/g, '\r\n')}`;
    const facts = signerCertFacts(sloppy);
    expect(facts).toEqual({ certPem: ca.certPem, fingerprint: sha1Fingerprint(ca.certPem), commonName: 'idp signer, test', notBefore: expect.any(Date), notAfter: expect.any(Date) });
    expect(facts.fingerprint).toMatch(/^[0-9a-f]{40}$/);
    const days = (facts.notAfter.getTime() - facts.notBefore.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
  });

  it.each([
    ['two certificates', () => ca.certPem + other.certPem, 'expected exactly one certificate, found 2'],
    ['garbage', () => 'not a pem at all', 'no PEM block found'],
    ['a private key', () => ca.keyPem, 'expected a CERTIFICATE'],
    ['broken base64', () => ca.certPem.replace(/^MII/m, 'M!I'), 'not valid base64'],
  ])('refuses %s', (_what, pem, reason) => {
    expect(() => signerCertFacts(pem())).toThrow(SignerCertError);
    expect(() => signerCertFacts(pem())).toThrow(reason);
  });
});

describe('claim selectors', () => {
  it.each(['/sub', 'sub', '/a/b', '/a~0b/c~1d', '', '/', '/ü/0'])('%j is a JSON pointer', (p) => expect(isJsonPointer(p)).toBe(true));
  it.each(['~', '/a~', '/a~2', 'x~x'])('%j is not', (p) => expect(isJsonPointer(p)).toBe(false));
});
