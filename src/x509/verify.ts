import { X509Certificate, createPrivateKey } from 'node:crypto';
import { parsePemCertificates } from './pem';

export type ChainResult = { ok: true; chain: X509Certificate[] } | { ok: false; reason: string };

export interface VerifyOptions {
  /** Time to check validity at (default now). */
  at?: Date;
  /** Skip notBefore/notAfter on every certificate (e.g. to diagnose, or to judge a renewal). */
  ignoreValidity?: boolean;
}

/** Longest chain accepted, leaf and root included. */
const MAX_DEPTH = 10;
/**
 * Most issuer checks one verification may make. Client-supplied intermediates can be crafted to
 * all "issue" each other (same name, same key), which would make backtracking exponential; the
 * budget turns that into a quick failure. Real chains need a handful of checks.
 */
const MAX_ISSUER_CHECKS = 256;

/**
 * Builds and checks a path leaf → intermediates → one of `trustedRootsPem`. Hot path: node's
 * X509Certificate only (OpenSSL does the signature and name work).
 *
 * Security rules:
 * - Only `trustedRootsPem` can end a path. Client-supplied intermediates help to build the path
 *   but are never anchors, so a self-signed certificate smuggled in as an "intermediate" leads
 *   nowhere.
 * - Every issuer must have basicConstraints cA (OpenSSL's checkIssued additionally refuses an
 *   issuer whose keyUsage lacks keyCertSign).
 * - Every certificate on the path, root included, must be within its validity period.
 * - Candidates are tried with backtracking, so a decoy intermediate with a matching name cannot
 *   hide the real one.
 * Nothing throws: unparseable input is `{ ok: false }`.
 * Not checked: pathLenConstraint and name constraints (X509Certificate does not expose them).
 * Our own intermediate has pathLen 0, and issuers are verified by signature, so a deeper chain
 * still needs a CA key that we or an administrator trusted.
 */
export function verifyChain(
  leafPem: string,
  intermediatesPem: string[],
  trustedRootsPem: string[],
  opts: VerifyOptions = {},
): ChainResult {
  let leaf: X509Certificate;
  let intermediates: X509Certificate[];
  let roots: X509Certificate[];
  try {
    const [first, ...rest] = parsePemCertificates(leafPem);
    leaf = first;
    // Certificates after the leaf in the same PEM are treated like supplied intermediates.
    intermediates = [...rest, ...intermediatesPem.flatMap((pem) => parsePemCertificates(pem))];
    roots = parseRoots(trustedRootsPem);
  } catch {
    return { ok: false, reason: 'could not parse a certificate' };
  }
  if (roots.length === 0) return { ok: false, reason: 'no trusted roots configured' };
  const at = opts.at ?? new Date();
  const timeProblem = (cert: X509Certificate): string | undefined =>
    opts.ignoreValidity ? undefined : validityProblem(cert, at);

  const leafTime = timeProblem(leaf);
  if (leafTime) return { ok: false, reason: `leaf certificate ${leafTime}` };
  // A trusted root presented as the leaf verifies as itself (same as Go's crypto/x509).
  if (roots.some((r) => r.raw.equals(leaf.raw))) return { ok: true, chain: [leaf] };

  let firstRejection: string | undefined;
  const note = (reason: string) => (firstRejection ??= reason);
  let checks = 0;
  const issuedBy = (cert: X509Certificate, issuer: X509Certificate): boolean => {
    if (++checks > MAX_ISSUER_CHECKS) throw new BudgetExceeded();
    // Names/AKI first (cheap), then the signature with the issuer's public key.
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  };

  const extend = (path: X509Certificate[]): X509Certificate[] | undefined => {
    const current = path[path.length - 1];
    for (const root of roots) {
      if (!issuedBy(current, root)) continue;
      const problem = issuerProblem(root, timeProblem);
      if (problem) note(`trusted root ${root.subject.replace(/\n/g, ', ')} ${problem}`);
      else return [...path, root];
    }
    if (path.length + 1 >= MAX_DEPTH) {
      note(`chain longer than ${MAX_DEPTH} certificates`);
      return undefined;
    }
    for (const candidate of intermediates) {
      if (path.some((c) => c.raw.equals(candidate.raw)) || !issuedBy(current, candidate)) continue;
      const problem = issuerProblem(candidate, timeProblem);
      if (problem) {
        note(`intermediate ${candidate.subject.replace(/\n/g, ', ')} ${problem}`);
        continue;
      }
      const found = extend([...path, candidate]);
      if (found) return found;
    }
    return undefined;
  };

  try {
    const chain = extend([leaf]);
    if (chain) return { ok: true, chain };
  } catch (err) {
    const reason = err instanceof BudgetExceeded ? 'too many candidate issuers' : 'certificate could not be checked';
    return { ok: false, reason };
  }
  return { ok: false, reason: firstRejection ?? 'no path to a trusted root' };
}

/** True if `keyPem` is the private key for the (first) certificate in `certPem`; never throws. */
export function certificateKeyMatches(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/**
 * Parsing dominates a verification's cost and trusted roots are the same few strings on every
 * call, so their parsed form is kept (bounded; configured anchors only, never client input).
 */
const rootCache = new Map<string, X509Certificate[]>();
const ROOT_CACHE_MAX = 256;

function parseRoots(pems: string[]): X509Certificate[] {
  return pems.flatMap((pem) => {
    let parsed = rootCache.get(pem);
    if (!parsed) {
      parsed = parsePemCertificates(pem);
      if (rootCache.size >= ROOT_CACHE_MAX) rootCache.clear();
      rootCache.set(pem, parsed);
    }
    return parsed;
  });
}

class BudgetExceeded extends Error {}

function issuerProblem(issuer: X509Certificate, timeProblem: (c: X509Certificate) => string | undefined) {
  if (!issuer.ca) return 'is not a CA (basicConstraints cA is not set)';
  return timeProblem(issuer);
}

function validityProblem(cert: X509Certificate, at: Date): string | undefined {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'has unreadable validity dates';
  if (at < from) return `is not valid before ${from.toISOString()}`;
  if (at > to) return `expired at ${to.toISOString()}`;
  return undefined;
}
