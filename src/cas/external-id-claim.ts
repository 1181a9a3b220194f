import { X509Certificate } from 'node:crypto';
import type { ExternalIdClaim, ExternalIdLocation, ExternalIdMatcher, ExternalIdParser } from './ca.entity';
import { certNames } from './cert-names';

export const EXTERNAL_ID_LOCATIONS: readonly ExternalIdLocation[] = ['COMMON_NAME', 'SAN_URI', 'SAN_EMAIL'];
export const EXTERNAL_ID_MATCHERS: readonly ExternalIdMatcher[] = ['ALL', 'PREFIX', 'SUFFIX', 'SCHEME'];
export const EXTERNAL_ID_PARSERS: readonly ExternalIdParser[] = ['NONE', 'SPLIT'];

/** A rule a claim breaks: the field it names and why (the API answers 400 COULD_NOT_VALIDATE). */
export interface ClaimProblem {
  field: string;
  reason: string;
}

/**
 * Whether a CA's `externalIdClaim` can ever yield a value. Combinations that cannot are refused at the API
 * rather than stored to fail every enrollment later:
 * - SCHEME needs URIs, so only SAN_URI has one;
 * - PREFIX, SUFFIX and SCHEME match against `matcherCriteria`, which must not be empty (it would match all);
 * - SPLIT cuts at `parserCriteria`, which must not be empty;
 * - `index` is a whole number ≥ 0.
 */
export function externalIdClaimProblem(c: ExternalIdClaim): ClaimProblem | null {
  if (!EXTERNAL_ID_LOCATIONS.includes(c.location)) return { field: 'externalIdClaim.location', reason: `must be one of ${EXTERNAL_ID_LOCATIONS.join(', ')}` };
  if (!EXTERNAL_ID_MATCHERS.includes(c.matcher)) return { field: 'externalIdClaim.matcher', reason: `must be one of ${EXTERNAL_ID_MATCHERS.join(', ')}` };
  if (!EXTERNAL_ID_PARSERS.includes(c.parser)) return { field: 'externalIdClaim.parser', reason: `must be one of ${EXTERNAL_ID_PARSERS.join(', ')}` };
  if (!Number.isInteger(c.index) || c.index < 0) return { field: 'externalIdClaim.index', reason: 'must be a whole number of at least 0' };
  if (c.matcher === 'SCHEME' && c.location !== 'SAN_URI') return { field: 'externalIdClaim.matcher', reason: `SCHEME only applies to SAN_URI, not ${c.location}` };
  if (c.matcher !== 'ALL' && (c.matcherCriteria ?? '') === '') return { field: 'externalIdClaim.matcherCriteria', reason: `is required with matcher ${c.matcher}` };
  if (c.parser === 'SPLIT' && (c.parserCriteria ?? '') === '') return { field: 'externalIdClaim.parserCriteria', reason: 'is required with parser SPLIT' };
  return null;
}

/**
 * The external ID a certificate carries under `claim`, or null when it carries none.
 *
 * 1. location: the values at that place, in certificate order (subject CNs, SAN URIs or SAN emails);
 * 2. matcher: ALL keeps every value, PREFIX/SUFFIX those starting/ending with `matcherCriteria`
 *    (case-sensitive: IDs are compared exactly later), SCHEME the URIs whose scheme is `matcherCriteria`
 *    (case-insensitive, as RFC 3986 says schemes are);
 * 3. parser: NONE keeps each value whole, SPLIT cuts each at every `parserCriteria`;
 * 4. index: the candidates of all kept values, in order, are numbered from 0 and this one is the ID.
 * An empty candidate is no ID: an identity must never be found by `externalId = ''`.
 * Pure and synchronous; accepts a parsed certificate or PEM/DER (the enrollment engineer's callers hold either).
 */
export function extractExternalId(claim: ExternalIdClaim, cert: X509Certificate | string | Buffer): string | null {
  let x509: X509Certificate;
  try {
    x509 = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  } catch {
    return null;
  }
  const names = certNames(x509);
  const located = claim.location === 'COMMON_NAME' ? names.commonNames : claim.location === 'SAN_URI' ? names.sanUris : claim.location === 'SAN_EMAIL' ? names.sanEmails : [];
  const matched = located.filter((v) => matches(claim, v));
  const candidates = matched.flatMap((v) => (claim.parser === 'SPLIT' && claim.parserCriteria ? v.split(claim.parserCriteria) : [v]));
  const id = Number.isInteger(claim.index) && claim.index >= 0 ? candidates[claim.index] : undefined;
  return id === undefined || id === '' ? null : id;
}

function matches(claim: ExternalIdClaim, value: string): boolean {
  const criteria = claim.matcherCriteria ?? '';
  switch (claim.matcher) {
    case 'ALL':
      return true;
    case 'PREFIX':
      return criteria !== '' && value.startsWith(criteria);
    case 'SUFFIX':
      return criteria !== '' && value.endsWith(criteria);
    case 'SCHEME': {
      const colon = value.indexOf(':');
      return criteria !== '' && colon > 0 && value.slice(0, colon).toLowerCase() === criteria.toLowerCase();
    }
    default:
      return false;
  }
}
