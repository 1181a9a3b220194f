import { ApiError } from '../common/errors/api-error';
import { createIntermediateCa, createRootCa } from '../x509/ca';
import { sha1Fingerprint } from '../x509/fingerprint';
import { issueServerCertificate } from '../x509/server-cert';
import { type CertTrust, checkAuthenticatorCert } from './authenticator-cert';

const root = createRootCa({ commonName: 'test root' });
const intermediate = createIntermediateCa(root, { commonName: 'test intermediate' });
const trust: CertTrust = { rootsPem: [root.certPem], intermediatesPem: [intermediate.certPem] };
const leaf = (issuer = intermediate) => issueServerCertificate(issuer, { commonName: 'device', dnsNames: ['device.test'], ipAddresses: [] }).certPem;

function rejection(pem: string, t: CertTrust = trust): { code: string; field?: string } {
  try {
    checkAuthenticatorCert(pem, t);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { code: err.code, field: (err.cause as { field?: string } | undefined)?.field };
  }
  throw new Error('expected a rejection');
}

describe('checkAuthenticatorCert', () => {
  it('accepts a leaf of the intermediate and returns its canonical PEM and lowercase SHA-1', () => {
    const pem = leaf();
    const checked = checkAuthenticatorCert(pem.replace(/\n/g, '\r\n'), trust);
    expect(checked).toEqual({ certPem: pem, fingerprint: sha1Fingerprint(pem) });
    expect(checked.fingerprint).toMatch(/^[0-9a-f]{40}$/);
  });

  it('needs the intermediate to complete the chain: the root alone is not enough, the intermediate is no anchor', () => {
    expect(rejection(leaf(), { rootsPem: [root.certPem], intermediatesPem: [] }).code).toBe('CERTIFICATE_FAILED_VALIDATION');
    expect(rejection(leaf(), { rootsPem: [], intermediatesPem: [intermediate.certPem] }).code).toBe('CERTIFICATE_FAILED_VALIDATION');
  });

  it.each([
    ['a foreign CA leaf', () => leaf(createRootCa({ commonName: 'rogue' })), 'CERTIFICATE_FAILED_VALIDATION'],
    ['a self-signed certificate', () => createRootCa({ commonName: 'self' }).certPem, 'CERTIFICATE_FAILED_VALIDATION'],
    ['the trusted root itself', () => root.certPem, 'CERTIFICATE_FAILED_VALIDATION'],
    ['the intermediate', () => intermediate.certPem, 'CERTIFICATE_FAILED_VALIDATION'],
    ['two certificates', () => leaf() + intermediate.certPem, 'INVALID_CERT_PEM'],
    ['garbage', () => 'garbage', 'COULD_NOT_PARSE_PEM_BLOCK'],
    ['a private key', () => intermediate.keyPem, 'EXPECTED_PEM_CERTIFICATE'],
    ['a block that is not DER', () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'COULD_NOT_PARSE_DER_BLOCK'],
  ])('refuses %s with a 400 naming certPem', (_what, pem, code) => {
    expect(rejection(pem())).toEqual({ code, field: 'certPem' });
  });
});
