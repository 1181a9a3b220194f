import { X509Certificate } from 'node:crypto';

export type PemErrorCode = 'COULD_NOT_PARSE_PEM_BLOCK' | 'EXPECTED_PEM_CERTIFICATE' | 'COULD_NOT_PARSE_DER_BLOCK';

/** The only error these helpers throw; callers map `code` onto the API error catalogue. */
export class PemError extends Error {
  constructor(
    readonly code: PemErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PemError';
  }
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const LABEL = /^[A-Z0-9 ]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Re-encodes certificate DER as PEM with 64-character lines and a trailing newline. */
export function derToPem(der: Buffer | Uint8Array): string {
  const buf = Buffer.from(der);
  parseDer(buf, 'DER input');
  return encode(buf);
}

/**
 * Splits a PEM bundle into its certificates, each re-encoded in canonical form (so equal
 * certificates give equal strings whatever the input's line endings or wrapping).
 * Text outside the blocks is ignored, as RFC 7468 allows explanatory text; but every block must be
 * a well-formed CERTIFICATE whose DER parses. A key or CSR in a CA bundle is an error, not
 * something to skip silently: the operator pasted the wrong file.
 */
export function splitPemCertificates(pem: string): string[] {
  return parsePemCertificates(pem).map((x) => encode(x.raw));
}

/** DER of the first certificate in `pem` (the leaf, by convention, when a chain follows it). */
export function pemToDer(pem: string): Buffer {
  return parsePemCertificates(pem)[0].raw;
}

/**
 * Same rules as splitPemCertificates, but returns the parsed certificates. Parsing costs about
 * 0.1 ms per certificate, so hot paths use this to parse each certificate exactly once.
 */
export function parsePemCertificates(pem: string): X509Certificate[] {
  if (typeof pem !== 'string') throw unparsable('PEM input must be a string');
  const certs: X509Certificate[] = [];
  // A plain indexOf scan rather than one big regex: the input may come from an API client, and
  // lazy-match regexes over many unterminated BEGIN lines go quadratic.
  for (let pos = pem.indexOf(BEGIN); pos >= 0; pos = pem.indexOf(BEGIN, pos)) {
    const n = certs.length + 1;
    const labelEnd = pem.indexOf(DASHES, pos + BEGIN.length);
    const end = labelEnd < 0 ? -1 : pem.indexOf(END, labelEnd);
    const endLabelEnd = end < 0 ? -1 : pem.indexOf(DASHES, end + END.length);
    if (endLabelEnd < 0) throw unparsable(`PEM block ${n} is not terminated`);
    const label = pem.slice(pos + BEGIN.length, labelEnd);
    const endLabel = pem.slice(end + END.length, endLabelEnd);
    if (!LABEL.test(label) || label !== endLabel) {
      throw unparsable(`PEM block ${n}: BEGIN ${label} closed by END ${endLabel}`);
    }
    if (label !== 'CERTIFICATE') {
      throw new PemError('EXPECTED_PEM_CERTIFICATE', `PEM block ${n} is a ${label}, expected a CERTIFICATE`);
    }
    const b64 = pem.slice(labelEnd + DASHES.length, end).replace(/\s+/g, '');
    // Buffer.from(…, 'base64') silently skips junk, so check the alphabet and padding ourselves.
    if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64.test(b64)) {
      throw unparsable(`PEM block ${n} is not valid base64`);
    }
    certs.push(parseDer(Buffer.from(b64, 'base64'), `PEM block ${n}`));
    pos = endLabelEnd + DASHES.length;
  }
  if (certs.length === 0) throw unparsable('no PEM block found');
  return certs;
}

const unparsable = (message: string) => new PemError('COULD_NOT_PARSE_PEM_BLOCK', message);

function encode(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function parseDer(der: Buffer, what: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new PemError('COULD_NOT_PARSE_DER_BLOCK', `${what} is not a DER-encoded X.509 certificate`);
  }
}
