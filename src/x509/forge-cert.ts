// Internal helpers shared by ca.ts and server-cert.ts: RSA keys, issuer loading and the common
// certificate skeleton. Not part of the x509 API; nothing outside this folder should import it.
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { derToPem } from './pem';
import { randomSerialHex } from './serial';

export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

export interface ForgeKeyPair {
  keyPem: string;
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

export interface ForgeIssuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  keyIdentifier: string; // binary string, for authorityKeyIdentifier
}

const DAY_MS = 86_400_000;
/** Back-date notBefore so peers whose clocks run a little slow still accept a fresh certificate. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** 2048 is the floor: OpenSSL 3 (security level 1+) and most TLS stacks reject smaller RSA keys. */
export const DEFAULT_KEY_BITS = 2048;

/** RSA via node's native keygen (forge's pure-JS keygen is far slower); PKCS#8 PEM on disk. */
export function generateRsaKeyPair(bits = DEFAULT_KEY_BITS): ForgeKeyPair {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { keyPem: privateKey, privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/**
 * Loads an issuer for signing. Refuses a non-CA certificate or a key that does not belong to it:
 * either would mint certificates that no verifier accepts, and we would only find out at the edge.
 */
export function loadIssuer(issuer: CaMaterial): ForgeIssuer {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(issuer.certPem);
    if (!x509.checkPrivateKey(createPrivateKey(issuer.keyPem))) throw new Error('mismatch');
  } catch {
    throw new Error('issuer certificate and key do not parse or do not belong together');
  }
  if (!x509.ca) throw new Error('issuer certificate is not a CA (basicConstraints cA is false)');
  const cert = forge.pki.certificateFromPem(issuer.certPem);
  const key = forge.pki.privateKeyFromPem(issuer.keyPem) as forge.pki.rsa.PrivateKey;
  // Reuse the issuer's own SKI when it has one so AKI matches it byte for byte, even for a CA
  // that computed its SKI differently from forge.
  const ski = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  const keyIdentifier = ski?.subjectKeyIdentifier
    ? forge.util.hexToBytes(ski.subjectKeyIdentifier)
    : cert.generateSubjectKeyIdentifier().getBytes();
  return { cert, key, keyIdentifier };
}

export interface SkeletonOpts {
  subject: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  validityDays: number;
  issuer?: ForgeIssuer; // absent: self-signed
  extensions: object[];
}

/** Builds and signs (SHA-256) a certificate; returns its PEM. */
export function buildCertificate(opts: SkeletonOpts, signingKey: forge.pki.rsa.PrivateKey): string {
  if (!(opts.validityDays > 0)) throw new Error('validityDays must be a positive number');
  const cert = forge.pki.createCertificate();
  const now = Date.now();
  cert.serialNumber = randomSerialHex();
  cert.publicKey = opts.publicKey;
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  let notAfter = new Date(now + opts.validityDays * DAY_MS);
  // Never outlive the issuer: the tail would be unusable and some verifiers reject it outright.
  if (opts.issuer && notAfter > opts.issuer.cert.validity.notAfter) notAfter = opts.issuer.cert.validity.notAfter;
  cert.validity.notAfter = notAfter;
  cert.setSubject(opts.subject);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : opts.subject);
  const extensions: object[] = [...opts.extensions, { name: 'subjectKeyIdentifier' }];
  if (opts.issuer) extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: opts.issuer.keyIdentifier });
  cert.setExtensions(extensions);
  cert.sign(signingKey, forge.md.sha256.create());
  // Through derToPem so generated and re-loaded PEMs are byte-identical (forge writes CRLF).
  return derToPem(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
}

export function subjectOf(commonName: string, organization?: string): forge.pki.CertificateField[] {
  if (!commonName) throw new Error('commonName is required');
  const fields: forge.pki.CertificateField[] = [];
  if (organization) fields.push({ name: 'organizationName', value: organization });
  fields.push({ name: 'commonName', value: commonName });
  return fields;
}
