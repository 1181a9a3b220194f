import { createIntermediateCa, createRootCa, type CaMaterial } from './ca';
import { sha1Fingerprint } from './fingerprint';
import { readCheckedPki, serverProblem } from './pki-check';
import { PKI_FILES as F, PkiStoreError, ensureDir, presentFiles, shown, writePkiFile } from './pki-files';
import { hostSans, issueServerCertificate } from './server-cert';

export { PkiStoreError } from './pki-files';

export interface PkiMaterial {
  root: CaMaterial;
  intermediate: CaMaterial;
  server: { certPem: string /* leaf + intermediate */; keyPem: string };
  trustBundlePem: string[] /* root + intermediate */;
  serverFingerprint: string /* sha1 of the server leaf */;
}

export interface PkiLoadOptions {
  /** Host name or IP clients use to reach us, without a port. */
  advertisedHost: string;
  /** RSA size for newly generated keys (default 2048). */
  keyBits?: number;
}

export interface PkiInitOptions extends PkiLoadOptions {
  /** Subject O and CA name prefix (default "ztc"). */
  trustDomain?: string;
  force?: boolean;
}

export interface PkiLoadResult {
  pki: PkiMaterial;
  created: boolean;
  /** True when server.cert.pem/server.key.pem were replaced during this load; see reissueReason. */
  reissuedServerCert: boolean;
  reissueReason?: string;
  /** Problems worth logging at start-up that are not fixed automatically. */
  warnings: string[];
}

const LOCAL_SANS = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] };

/** True if any PKI file is present: a partial directory counts, so it is reported, not replaced. */
export function pkiExists(dir: string): boolean {
  return presentFiles(dir).length > 0;
}

/** Generates root, intermediate and server material into `dir` (created 0700 if missing). */
export function initPki(dir: string, opts: PkiInitOptions): PkiMaterial {
  const present = presentFiles(dir);
  if (present.length > 0 && !opts.force) {
    throw new PkiStoreError(`${dir} already holds PKI material (${present.join(', ')}); refusing to overwrite it`);
  }
  const sans = serverSans(opts.advertisedHost);
  const domain = opts.trustDomain || 'ztc';
  const keyBits = opts.keyBits;
  const root = createRootCa({ commonName: `${domain} root CA`, organization: domain, keyBits });
  const intermediate = createIntermediateCa(root, { commonName: `${domain} intermediate CA`, organization: domain, keyBits });
  const server = issueServerCertificate(intermediate, { commonName: opts.advertisedHost, ...sans, keyBits });
  ensureDir(dir);
  writePkiFile(dir, F.rootKey, root.keyPem, true);
  writePkiFile(dir, F.rootCert, root.certPem, false);
  writePkiFile(dir, F.intermediateKey, intermediate.keyPem, true);
  writePkiFile(dir, F.intermediateCert, intermediate.certPem, false);
  return writeServer(dir, root, intermediate, server);
}

/**
 * Loads and verifies the PKI (see pki-check.ts); throws PkiStoreError naming the file at fault.
 * May re-issue the server certificate (see loadOrInitPki); use loadOrInitPki to learn whether it did.
 */
export function loadPki(dir: string, opts: PkiLoadOptions): PkiMaterial {
  return loadChecked(dir, opts).pki;
}

/**
 * Start-up entry point: loads an existing PKI, or creates one in an empty/missing directory.
 *
 * Root and intermediate are never regenerated here, since that would orphan every enrolled
 * identity. The server certificate is disposable, so it is re-issued from the existing
 * intermediate (same root and intermediate, new server key) when it does not cover the advertised
 * host, is not yet valid, or expires within 30 days. `reissuedServerCert` reports it.
 */
export function loadOrInitPki(dir: string, opts: PkiLoadOptions): PkiLoadResult {
  if (pkiExists(dir)) return loadChecked(dir, opts);
  return { pki: initPki(dir, opts), created: true, reissuedServerCert: false, warnings: [] };
}

function loadChecked(dir: string, opts: PkiLoadOptions): PkiLoadResult {
  const sans = serverSans(opts.advertisedHost);
  const loaded = readCheckedPki(dir);
  const { root, intermediate, leafPem, serverKeyPem, warnings } = loaded;
  const problem = serverProblem(loaded.leafX, opts.advertisedHost);
  if (!problem) {
    return { pki: material(root, intermediate, leafPem, serverKeyPem), created: false, reissuedServerCert: false, warnings };
  }
  let server: CaMaterial;
  try {
    server = issueServerCertificate(intermediate, { commonName: opts.advertisedHost, ...sans, keyBits: opts.keyBits });
  } catch (err) {
    throw new PkiStoreError(`could not re-issue ${shown(dir, F.serverCert)}: ${(err as Error).message}`);
  }
  const pki = writeServer(dir, root, intermediate, server);
  return { pki, created: false, reissuedServerCert: true, reissueReason: problem, warnings };
}

function serverSans(host: string): { dnsNames: string[]; ipAddresses: string[] } {
  let own: { dnsNames: string[]; ipAddresses: string[] };
  try {
    own = hostSans(host);
  } catch (err) {
    throw new PkiStoreError(`advertised host is invalid: ${(err as Error).message}`);
  }
  return {
    dnsNames: [...new Set([...LOCAL_SANS.dnsNames, ...own.dnsNames])],
    ipAddresses: [...new Set([...LOCAL_SANS.ipAddresses, ...own.ipAddresses])],
  };
}

function writeServer(dir: string, root: CaMaterial, inter: CaMaterial, server: CaMaterial): PkiMaterial {
  // Two renames, not one transaction: a crash between them leaves a key/cert mismatch, which the
  // next load reports by file name rather than serving a broken pair.
  writePkiFile(dir, F.serverKey, server.keyPem, true);
  writePkiFile(dir, F.serverCert, server.certPem + inter.certPem, false);
  return material(root, inter, server.certPem, server.keyPem);
}

function material(root: CaMaterial, inter: CaMaterial, leafPem: string, serverKeyPem: string): PkiMaterial {
  return {
    root,
    intermediate: inter,
    server: { certPem: leafPem + inter.certPem, keyPem: serverKeyPem },
    trustBundlePem: [root.certPem, inter.certPem],
    serverFingerprint: sha1Fingerprint(leafPem),
  };
}
