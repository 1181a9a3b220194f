import { type CaMaterial, DEFAULT_KEY_BITS, buildCertificate, generateRsaKeyPair, loadIssuer, subjectOf } from './forge-cert';

export type { CaMaterial } from './forge-cert';

export interface CaOptions {
  commonName: string;
  /** Subject O; the PKI store puts the trust domain here. */
  organization?: string;
  validityDays?: number;
  keyBits?: number;
}

const ROOT_DAYS = 3650;
const INTERMEDIATE_DAYS = 1825;

// keyUsage is critical so that verifiers that do not understand it fail closed; keyCertSign and
// cRLSign only: a CA key never signs TLS handshakes or data, which limits what a stolen CA
// certificate can be misused for.
const CA_KEY_USAGE = { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true };

/** A self-signed root CA (10 years by default). */
export function createRootCa(opts: CaOptions): CaMaterial {
  const keys = generateRsaKeyPair(opts.keyBits ?? DEFAULT_KEY_BITS);
  const certPem = buildCertificate(
    {
      subject: subjectOf(opts.commonName, opts.organization),
      publicKey: keys.publicKey,
      validityDays: opts.validityDays ?? ROOT_DAYS,
      extensions: [{ name: 'basicConstraints', critical: true, cA: true }, CA_KEY_USAGE],
    },
    keys.privateKey,
  );
  return { certPem, keyPem: keys.keyPem };
}

/**
 * An intermediate CA signed by `issuer` (5 years by default, capped at the issuer's expiry).
 * pathLenConstraint 0: it may sign only end-entity certificates, so a compromised intermediate
 * key cannot be used to mint further CAs under our root.
 */
export function createIntermediateCa(issuer: CaMaterial, opts: CaOptions): CaMaterial {
  const signer = loadIssuer(issuer);
  const keys = generateRsaKeyPair(opts.keyBits ?? DEFAULT_KEY_BITS);
  const certPem = buildCertificate(
    {
      subject: subjectOf(opts.commonName, opts.organization),
      publicKey: keys.publicKey,
      validityDays: opts.validityDays ?? INTERMEDIATE_DAYS,
      issuer: signer,
      extensions: [{ name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 }, CA_KEY_USAGE],
    },
    signer.key,
  );
  return { certPem, keyPem: keys.keyPem };
}
