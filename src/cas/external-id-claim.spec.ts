import { createRootCa } from '../x509/ca';
import { issueNamedLeaf } from '../../test/support/third-party-certs';
import type { ExternalIdClaim } from './ca.entity';
import { externalIdClaimProblem, extractExternalId } from './external-id-claim';

const claim = (c: Partial<ExternalIdClaim>): ExternalIdClaim => ({ location: 'COMMON_NAME', matcher: 'ALL', matcherCriteria: '', parser: 'NONE', parserCriteria: '', index: 0, ...c });

describe('externalIdClaimProblem', () => {
  it.each([
    [claim({}), null],
    [claim({ location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe' }), null],
    [claim({ location: 'SAN_EMAIL', matcher: 'SUFFIX', matcherCriteria: '@x', parser: 'SPLIT', parserCriteria: '@', index: 1 }), null],
    [claim({ index: -1 }), 'externalIdClaim.index'],
    [claim({ index: 1.5 }), 'externalIdClaim.index'],
    [claim({ location: 'DNS' as never }), 'externalIdClaim.location'],
    [claim({ matcher: 'REGEX' as never }), 'externalIdClaim.matcher'],
    [claim({ parser: 'JSON' as never }), 'externalIdClaim.parser'],
    [claim({ matcher: 'SCHEME', matcherCriteria: 'x' }), 'externalIdClaim.matcher'],
    [claim({ location: 'SAN_EMAIL', matcher: 'SCHEME', matcherCriteria: 'x' }), 'externalIdClaim.matcher'],
    [claim({ matcher: 'PREFIX' }), 'externalIdClaim.matcherCriteria'],
    [claim({ matcher: 'SUFFIX' }), 'externalIdClaim.matcherCriteria'],
    [claim({ location: 'SAN_URI', matcher: 'SCHEME' }), 'externalIdClaim.matcherCriteria'],
    [claim({ parser: 'SPLIT' }), 'externalIdClaim.parserCriteria'],
  ])('%j -> %s', (c, field) => {
    expect(externalIdClaimProblem(c)?.field ?? null).toBe(field);
  });
});

describe('extractExternalId', () => {
  const ca = createRootCa({ commonName: 'claims test', validityDays: 2 });
  const leaf = issueNamedLeaf(ca, {
    commonName: 'dev-01.site-a',
    uris: ['https://example.org/x', 'spiffe://example.org/device/dev-9'],
    emails: ['owner@example.com', 'dev-3@devices.example.com'],
  }).certPem;

  it.each([
    // location × matcher × parser × index, every valid combination
    ['CN, ALL, NONE', claim({}), 'dev-01.site-a'],
    ['CN, PREFIX, NONE', claim({ matcher: 'PREFIX', matcherCriteria: 'dev-' }), 'dev-01.site-a'],
    ['CN, PREFIX no match', claim({ matcher: 'PREFIX', matcherCriteria: 'srv-' }), null],
    ['CN, SUFFIX, SPLIT', claim({ matcher: 'SUFFIX', matcherCriteria: '.site-a', parser: 'SPLIT', parserCriteria: '.', index: 0 }), 'dev-01'],
    ['CN, ALL, SPLIT index 1', claim({ parser: 'SPLIT', parserCriteria: '.', index: 1 }), 'site-a'],
    ['CN, index past the end', claim({ index: 1 }), null],
    ['URI, ALL, NONE index 1', claim({ location: 'SAN_URI', index: 1 }), 'spiffe://example.org/device/dev-9'],
    ['URI, SCHEME, NONE', claim({ location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'SPIFFE' }), 'spiffe://example.org/device/dev-9'],
    ['URI, SCHEME, SPLIT', claim({ location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe', parser: 'SPLIT', parserCriteria: '/', index: 4 }), 'dev-9'],
    ['URI, PREFIX', claim({ location: 'SAN_URI', matcher: 'PREFIX', matcherCriteria: 'https://' }), 'https://example.org/x'],
    ['URI, SUFFIX, SPLIT', claim({ location: 'SAN_URI', matcher: 'SUFFIX', matcherCriteria: 'dev-9', parser: 'SPLIT', parserCriteria: '/device/', index: 1 }), 'dev-9'],
    ['email, ALL index 0', claim({ location: 'SAN_EMAIL' }), 'owner@example.com'],
    ['email, SUFFIX, SPLIT', claim({ location: 'SAN_EMAIL', matcher: 'SUFFIX', matcherCriteria: '@devices.example.com', parser: 'SPLIT', parserCriteria: '@', index: 0 }), 'dev-3'],
    ['email, PREFIX', claim({ location: 'SAN_EMAIL', matcher: 'PREFIX', matcherCriteria: 'dev-' }), 'dev-3@devices.example.com'],
    ['an empty part is no ID', claim({ location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe', parser: 'SPLIT', parserCriteria: '/', index: 1 }), null],
  ])('%s', (_what, c, expected) => {
    expect(extractExternalId(c, leaf)).toBe(expected);
  });

  it('a certificate without SANs or CN yields nothing; garbage input yields nothing', () => {
    const bare = issueNamedLeaf(ca, {}).certPem;
    expect(extractExternalId(claim({}), bare)).toBeNull();
    expect(extractExternalId(claim({ location: 'SAN_URI' }), bare)).toBeNull();
    expect(extractExternalId(claim({}), 'not a cert')).toBeNull();
  });
});
