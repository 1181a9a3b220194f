import { X509Certificate } from 'node:crypto';
import { createIntermediateCa, createRootCa } from './ca';
import { PemError, derToPem, parsePemCertificates, pemToDer, splitPemCertificates } from './pem';

function pemErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PemError);
    return (err as PemError).code;
  }
  throw new Error('expected a PemError');
}

/** Same certificate, body re-wrapped at `width` with indentation and trailing spaces. */
function rewrap(pem: string, width: number): string {
  const body = pem.split('\n').slice(1, -2).join('');
  const lines = body.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.map((l) => `  ${l} `).join('\n')}\n-----END CERTIFICATE-----`;
}

describe('pem helpers', () => {
  const root = createRootCa({ commonName: 'pem root', keyBits: 1024 });
  const inter = createIntermediateCa(root, { commonName: 'pem intermediate', keyBits: 1024 });

  it('splits a bundle into canonical blocks, whatever the wrapping and line endings', () => {
    const messy = [
      'explanatory text before',
      root.certPem.replace(/\n/g, '\r\n'),
      'between blocks',
      rewrap(inter.certPem, 20),
    ].join('\n');
    const [a, b, ...rest] = splitPemCertificates(messy);
    expect(rest).toEqual([]);
    expect(a).toBe(root.certPem);
    expect(b).toBe(inter.certPem);
    expect(a).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
  });

  it('parsePemCertificates returns parsed certificates in order', () => {
    const parsed = parsePemCertificates(inter.certPem + root.certPem);
    expect(parsed.map((x) => x.subject)).toEqual(['CN=pem intermediate', 'CN=pem root']);
    expect(() => parsePemCertificates('junk')).toThrow(PemError);
  });

  it('round-trips DER and PEM; pemToDer takes the first certificate', () => {
    const der = pemToDer(root.certPem + inter.certPem);
    expect(der.equals(new X509Certificate(root.certPem).raw)).toBe(true);
    expect(derToPem(der)).toBe(root.certPem);
  });

  it.each([
    ['empty input', '', 'COULD_NOT_PARSE_PEM_BLOCK'],
    ['plain text', 'hello world', 'COULD_NOT_PARSE_PEM_BLOCK'],
    ['an unterminated block', '-----BEGIN CERTIFICATE-----\nAAAA\n', 'COULD_NOT_PARSE_PEM_BLOCK'],
    ['mismatched END', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----', 'COULD_NOT_PARSE_PEM_BLOCK'],
    ['bad base64', '-----BEGIN CERTIFICATE-----\nA*A!\n-----END CERTIFICATE-----', 'COULD_NOT_PARSE_PEM_BLOCK'],
    ['a private key', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'EXPECTED_PEM_CERTIFICATE'],
    ['base64 that is not a certificate', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'COULD_NOT_PARSE_DER_BLOCK'],
  ])('rejects %s with a PemError', (_name, input, code) => {
    expect(pemErrorCode(() => splitPemCertificates(input))).toBe(code);
    expect(pemErrorCode(() => pemToDer(input))).toBe(code);
  });

  it('rejects a good certificate followed by garbage, and non-string input', () => {
    const bad = root.certPem + '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(pemErrorCode(() => splitPemCertificates(bad))).toBe('COULD_NOT_PARSE_DER_BLOCK');
    expect(pemErrorCode(() => splitPemCertificates(root.certPem + root.keyPem))).toBe('EXPECTED_PEM_CERTIFICATE');
    expect(pemErrorCode(() => splitPemCertificates(undefined as unknown as string))).toBe('COULD_NOT_PARSE_PEM_BLOCK');
  });

  it('stays linear on hostile input (many unterminated BEGIN lines)', () => {
    const hostile = '-----BEGIN CERTIFICATE-----\n'.repeat(100_000);
    const started = Date.now();
    expect(pemErrorCode(() => splitPemCertificates(hostile))).toBe('COULD_NOT_PARSE_PEM_BLOCK');
    expect(pemErrorCode(() => splitPemCertificates(`${hostile}-----END CERTIFICATE-----`))).toBe('COULD_NOT_PARSE_PEM_BLOCK');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('derToPem rejects bytes that are not a certificate', () => {
    expect(pemErrorCode(() => derToPem(Buffer.from('not der')))).toBe('COULD_NOT_PARSE_DER_BLOCK');
  });
});
