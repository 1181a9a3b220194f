// Load-time validation for pki-store.ts: reads the six files and proves they form one PKI.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { CaMaterial } from './ca';
import { PKI_FILES as F, PkiStoreError, type PkiFile, looseKeyFiles, missingFiles, readCerts, readKey, shown } from './pki-files';
import { hostSans } from './server-cert';
import { verifyChain } from './verify';

export interface CheckedPki {
  root: CaMaterial;
  intermediate: CaMaterial;
  intermediateX: X509Certificate;
  leafPem: string;
  leafX: X509Certificate;
  serverKeyPem: string;
  warnings: string[];
}

const DAY_MS = 86_400_000;
/** Renew the server certificate this long before it expires, so restarts keep it fresh. */
export const SERVER_RENEW_BEFORE_MS = 30 * DAY_MS;

export function readCheckedPki(dir: string): CheckedPki {
  const missing = missingFiles(dir);
  if (missing.length === Object.keys(F).length) throw new PkiStoreError(`${dir} holds no PKI material`);
  if (missing.length > 0) {
    // Never regenerate around a partial directory: new CAs would orphan every enrolled identity.
    throw new PkiStoreError(`${dir} is incomplete, missing: ${missing.join(', ')} (restore them; nothing is regenerated)`);
  }
  const root = { certPem: readCerts(dir, F.rootCert, 'one')[0], keyPem: readKey(dir, F.rootKey) };
  const intermediate = { certPem: readCerts(dir, F.intermediateCert, 'one')[0], keyPem: readKey(dir, F.intermediateKey) };
  const [leafPem, ...extra] = readCerts(dir, F.serverCert, 'one-or-more');
  const serverKeyPem = readKey(dir, F.serverKey);
  const rootX = new X509Certificate(root.certPem);
  const interX = new X509Certificate(intermediate.certPem);
  const leafX = new X509Certificate(leafPem);
  const at = (f: PkiFile) => shown(dir, f);
  const check = (ok: boolean, msg: string) => {
    if (!ok) throw new PkiStoreError(msg);
  };

  check(rootX.ca && signedBy(rootX, rootX), `${at(F.rootCert)} is not a self-signed CA certificate`);
  check(interX.ca, `${at(F.intermediateCert)} is not a CA certificate`);
  check(!leafX.ca, `${at(F.serverCert)} is a CA certificate, expected a server certificate`);
  const pairs = [
    [rootX, root.keyPem, F.rootCert, F.rootKey],
    [interX, intermediate.keyPem, F.intermediateCert, F.intermediateKey],
    [leafX, serverKeyPem, F.serverCert, F.serverKey],
  ] as const;
  for (const [cert, key, certFile, keyFile] of pairs) {
    check(cert.checkPrivateKey(createPrivateKey(key)), `${at(keyFile)} does not match ${at(certFile)}`);
  }
  check(signedBy(interX, rootX), `${at(F.intermediateCert)} is not signed by ${at(F.rootCert)}`);
  const caChain = verifyChain(intermediate.certPem, [], [root.certPem]);
  check(caChain.ok, `${at(F.intermediateCert)} does not chain to ${at(F.rootCert)}: ${reason(caChain)}`);
  check(signedBy(leafX, interX), `${at(F.serverCert)} is not signed by ${at(F.intermediateCert)}`);
  // The server's own dates are judged by serverProblem: expiry there means renew, not fail.
  const leafChain = verifyChain(leafPem, [intermediate.certPem], [root.certPem], { ignoreValidity: true });
  check(leafChain.ok, `${at(F.serverCert)} does not chain to ${at(F.rootCert)}: ${reason(leafChain)}`);
  check(
    extra.every((pem) => pem === intermediate.certPem || pem === root.certPem),
    `${at(F.serverCert)} carries chain certificates other than ${at(F.intermediateCert)}`,
  );

  const warnings = looseKeyFiles(dir).map((f) => `${at(f)} is readable by group or others; chmod 600 it`);
  // The intermediate is not renewed automatically: that changes the trust bundle clients hold.
  if (new Date(interX.validTo).getTime() - Date.now() < SERVER_RENEW_BEFORE_MS) {
    warnings.push(`${at(F.intermediateCert)} expires ${new Date(interX.validTo).toISOString()}; rotate the PKI`);
  }
  return { root, intermediate, intermediateX: interX, leafPem, leafX, serverKeyPem, warnings };
}

/** Why the server leaf must be replaced, or undefined if it still fits. */
export function serverProblem(leaf: X509Certificate, host: string, now = Date.now()): string | undefined {
  if (new Date(leaf.validFrom).getTime() > now) return 'server certificate is not yet valid';
  if (new Date(leaf.validTo).getTime() - now < SERVER_RENEW_BEFORE_MS) return 'server certificate expires within 30 days';
  const { dnsNames, ipAddresses } = hostSans(host);
  // SANs only: CN matching is obsolete for TLS and clients do not fall back to it.
  const covered = ipAddresses.length
    ? leaf.checkIP(ipAddresses[0]) !== undefined
    : leaf.checkHost(dnsNames[0], { subject: 'never' }) !== undefined;
  return covered ? undefined : `server certificate does not cover advertised host ${host}`;
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

function reason(r: { ok: boolean; reason?: string }): string {
  return r.reason ?? '';
}
