import { createHash } from 'node:crypto';
import { pemToDer } from './pem';

/**
 * Certificate fingerprints in OpenZiti's wire format: lowercase hex over the DER, no colons.
 * (node's X509Certificate.fingerprint is uppercase and colon-separated; ziti stores and compares
 * the plain form, e.g. in authenticator `fingerprint` fields.)
 *
 * A string is PEM (the first certificate is used); a Buffer is DER, unless it holds PEM text,
 * which happens when a file is read without an encoding.
 */
export function sha1Fingerprint(certPemOrDer: string | Buffer): string {
  return digest('sha1', certPemOrDer);
}

export function sha256Fingerprint(certPemOrDer: string | Buffer): string {
  return digest('sha256', certPemOrDer);
}

function digest(alg: 'sha1' | 'sha256', input: string | Buffer): string {
  return createHash(alg).update(toDer(input)).digest('hex');
}

function toDer(input: string | Buffer): Buffer {
  if (typeof input === 'string') return pemToDer(input);
  const head = input.subarray(0, 64).toString('latin1');
  return head.includes('-----BEGIN ') ? pemToDer(input.toString('utf8')) : input;
}
