import { IdentityEntity } from '../../../src/identities/identity.entity';
import { newIdentity } from '../../../src/identities/new-identity';
import { createRootCa } from '../../../src/x509/ca';
import { onApi } from '../../support/expect-api';
import type { HttpsClient } from '../../support/https-client';
import { TestContext } from '../../support/test-context';
import { type CaRowOptions, insertCa, issueLeaf, type LeafOptions, orgPki, updateCa } from './ca-support';
import { CLIENT, MANAGEMENT } from './enroll-support';

const { expectError } = onApi('client');
let seq = 0;

describe('automatic CA enrollment (POST /enroll?method=ca, /enroll/ca)', () => {
  let t: TestContext;
  let admin: HttpsClient;
  beforeAll(async () => {
    t = await TestContext.start();
    admin = await t.admin();
  });
  afterAll(() => t.stop());

  type Cert = { certPem: string; keyPem: string };
  const enroll = (cert?: Cert, opts: { chain?: string; body?: unknown; path?: string } = {}) =>
    t.api.post(opts.path ?? `${CLIENT}/enroll?method=ca`, opts.body, cert ? { cert: cert.certPem + (opts.chain ?? ''), key: cert.keyPem } : {});
  const identitiesNamed = async (filter: string) => (await admin.get(`${MANAGEMENT}/identities?limit=100&filter=${encodeURIComponent(filter)}`)).body.data;
  const authenticatorsOf = async (identityId: string) =>
    (await admin.get(`${MANAGEMENT}/authenticators?filter=${encodeURIComponent(`identityId = "${identityId}"`)}`)).body.data;
  async function onlyIdentity(filter: string) {
    const list = await identitiesNamed(filter);
    expect(list).toHaveLength(1);
    return list[0];
  }
  /** A fresh organisation PKI registered as a CA (name unique per test). */
  async function ca(opts: CaRowOptions = {}) {
    const pki = orgPki(`auto-${++seq}`);
    const row = await insertCa(t, pki.root.certPem, { name: `auto-ca-${seq}`, ...opts });
    return { pki, row, leaf: (o: LeafOptions = {}) => issueLeaf(pki.root, o) };
  }

  it('no automatic-enrollment CA at all: ENROLLMENT_NO_VALID_CAS (even with an unverified or disabled one)', async () => {
    await ca({ isVerified: false });
    const disabled = await ca({ isAutoCaEnrollmentEnabled: false });
    expectError(await enroll(disabled.leaf()), 400, 'ENROLLMENT_NO_VALID_CAS');
    expectError(await enroll(), 400, 'ENROLLMENT_NO_VALID_CAS');
  });

  it('creates the identity (default name format, roles, Default, not admin) with a cert authenticator; the same cert again is 409', async () => {
    const { row, leaf } = await ca({ identityRoles: ['sensors', 'plant-1'] });
    const cert = leaf({ commonName: 'sensor-17' });
    const res = await enroll(cert);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { data: {}, meta: {} } });
    const identity = await onlyIdentity(`name = "${row.name}-sensor-17"`);
    expect(identity).toMatchObject({ typeId: 'Default', isAdmin: false, externalId: null, authPolicyId: 'default' });
    expect([...identity.roleAttributes].sort()).toEqual(['plant-1', 'sensors']);
    const [a, ...more] = await authenticatorsOf(identity.id);
    expect(more).toEqual([]);
    expect(a).toMatchObject({ method: 'cert', fingerprint: cert.fingerprint, isIssuedByNetwork: false, certPem: cert.certPem });

    const again = await enroll(cert);
    expectError(again, 409, 'CERT_IN_USE');
    expect(again.body.error.cause).toMatchObject({ data: { fingerprint: cert.fingerprint } });
    // Nothing of the refused attempt is left: the identity and the authenticator are one transaction.
    expect(await identitiesNamed(`name contains "${row.name}-sensor-17"`)).toHaveLength(1);
  });

  it('fills all five placeholders; [requestedName] is the body name, else the new identity id (/enroll/ca and ?method=ca)', async () => {
    const { row, leaf } = await ca({ identityNameFormat: '[caName]|[caId]|[commonName]|[requestedName]|[identityId]' });
    expect((await enroll(leaf({ commonName: 'cn-a' }), { body: { name: 'asked-for' } })).status).toBe(200);
    const a = await onlyIdentity(`name contains "|cn-a|"`);
    expect(a.name).toBe(`${row.name}|${row.id}|cn-a|asked-for|${a.id}`);
    expect((await enroll(leaf({ commonName: 'cn-b' }), { path: `${CLIENT}/enroll/ca` })).status).toBe(200);
    const b = await onlyIdentity(`name contains "|cn-b|"`);
    expect(b.name).toBe(`${row.name}|${row.id}|cn-b|${b.id}|${b.id}`);
    expect((await enroll(leaf({ commonName: 'cn-c' }), { path: `${CLIENT}/enroll/ca`, body: { name: 'via-route' } })).status).toBe(200);
    expect((await onlyIdentity(`name contains "|cn-c|"`)).name).toMatch(/\|cn-c\|via-route\|/);
    expectError(await enroll(leaf({ commonName: 'cn-d' }), { body: { name: 42 } }), 400, 'COULD_NOT_VALIDATE', 'name');
  });

  it('name collisions: base, then base-000001, base-000002 (smallest free; one suffix, never cumulative)', async () => {
    const { row, leaf } = await ca({ identityNameFormat: 'fleet-[caName]' });
    const base = `fleet-${row.name}`;
    // Someone already holds the second suffix: the counter skips it instead of failing.
    await t.handle.ctx.dataSource.getRepository(IdentityEntity).insert(newIdentity({ name: `${base}-000002` }, t.clock.now()));
    for (let i = 0; i < 4; i++) expect((await enroll(leaf({ commonName: `dev-${i}` }))).status).toBe(200);
    const names = (await identitiesNamed(`name contains "${base}"`)).map((i: { name: string }) => i.name).sort();
    expect(names).toEqual([base, `${base}-000001`, `${base}-000002`, `${base}-000003`, `${base}-000004`]);
  });

  it.each([
    ['COMMON_NAME', { location: 'COMMON_NAME', matcher: 'ALL', matcherCriteria: '', parser: 'NONE', parserCriteria: '', index: 0 }, { commonName: 'ext-cn-1' }, 'ext-cn-1'],
    [
      'SAN_URI',
      { location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe', parser: 'SPLIT', parserCriteria: '/', index: 4 },
      { uris: ['https://example.org/x', 'spiffe://example.org/device/dev-uri-9'] },
      'dev-uri-9',
    ],
    [
      'SAN_EMAIL',
      { location: 'SAN_EMAIL', matcher: 'SUFFIX', matcherCriteria: '@devices.example.com', parser: 'NONE', parserCriteria: '', index: 0 },
      { emails: ['owner@example.com', 'dev-mail-3@devices.example.com'] },
      'dev-mail-3@devices.example.com',
    ],
  ] as const)('externalIdClaim at %s: the identity gets the external ID and no authenticator; missing claim and reuse refused', async (_label, claim, names, expected) => {
    const { row, leaf } = await ca({ externalIdClaim: { ...claim } });
    const cert = leaf({ commonName: `holder-${seq}`, ...names });
    expect((await enroll(cert)).status).toBe(200);
    const identity = await onlyIdentity(`externalId = "${expected}"`);
    expect(identity.name).toBe(`${row.name}-${'commonName' in names ? names.commonName : `holder-${seq}`}`);
    expect(await authenticatorsOf(identity.id)).toEqual([]);
    // A certificate without the claim (SANs absent; for COMMON_NAME a subject without a CN).
    expectError(await enroll(leaf(claim.location === 'COMMON_NAME' ? { commonName: '' } : { commonName: `bare-${seq}` })), 400, 'MISSING_CERT_CLAIM');
    // Another certificate with the same claim (a renewal) cannot create a second identity.
    const renewed = leaf({ commonName: `holder-${seq}`, ...names });
    const dup = await enroll(renewed);
    expectError(dup, 409, 'CERT_IN_USE');
    expect(await identitiesNamed(`externalId = "${expected}"`)).toHaveLength(1);
    // ...but it logs in as the enrolled identity, found by external ID: certificates can rotate.
    const login = await t.api.post(`${CLIENT}/authenticate?method=cert`, {}, { cert: renewed.certPem, key: renewed.keyPem });
    expect({ status: login.status, id: login.body?.data?.identity?.id }).toEqual({ status: 200, id: identity.id });
  });

  it('COMMON_NAME claim with a PREFIX matcher the CN does not have: MISSING_CERT_CLAIM', async () => {
    const { leaf } = await ca({ externalIdClaim: { location: 'COMMON_NAME', matcher: 'PREFIX', matcherCriteria: 'dev:', parser: 'NONE', parserCriteria: '', index: 0 } });
    expectError(await enroll(leaf({ commonName: 'no-prefix' })), 400, 'MISSING_CERT_CLAIM');
    expect((await enroll(leaf({ commonName: 'dev:77' }))).status).toBe(200);
    expect((await identitiesNamed('externalId = "dev:77"'))).toHaveLength(1);
  });

  it('through the management API: a CA created by POST /cas refuses until proven by POST /cas/:id/verify, then enrolls', async () => {
    const pki = orgPki('api-org');
    const name = `api-ca-${++seq}`;
    const created = await admin.post(`${MANAGEMENT}/cas`, {
      name,
      certPem: pki.root.certPem,
      isAutoCaEnrollmentEnabled: true,
      isOttCaEnrollmentEnabled: true,
      isAuthEnabled: true,
      identityRoles: ['api'],
      identityNameFormat: '[caName]-[commonName]',
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const leaf = issueLeaf(pki.root, { commonName: 'api-device' });
    // Other tests registered verified CAs, so an unverified one is simply no match.
    expectError(await enroll(leaf), 400, 'CERT_FAILED_VALIDATION');
    const { verificationToken } = (await admin.get(`${MANAGEMENT}/cas/${id}`)).body.data;
    const proof = issueLeaf(pki.root, { commonName: verificationToken });
    expect((await admin.post(`${MANAGEMENT}/cas/${id}/verify`, undefined, { raw: proof.certPem, contentType: 'text/plain' })).status).toBe(200);
    expect((await enroll(leaf)).status).toBe(200);
    const identity = await onlyIdentity(`name = "${name}-api-device"`);
    expect(identity.roleAttributes).toEqual(['api']);
    // And the new identity logs in with that certificate (the CA is verified and auth-enabled).
    const login = await t.api.post(`${CLIENT}/authenticate?method=cert`, {}, { cert: leaf.certPem, key: leaf.keyPem });
    expect(login.status).toBe(200);
    expect(login.body.data.identity.id).toBe(identity.id);
  });

  it('CERT_FAILED_VALIDATION: no certificate, unverified CA, auto-enroll off, rogue intermediate, no ClientAuth, missing intermediate, expired, revoked', async () => {
    await ca(); // at least one valid CA, so the refusals below are about the certificate
    const unverified = await ca({ isVerified: false });
    const off = await ca({ isAutoCaEnrollmentEnabled: false });
    const good = await ca();
    // A self-signed "intermediate" carrying the real intermediate's name, sent along with a leaf it signed.
    const rogue = createRootCa({ commonName: `auto-${seq} intermediate`, validityDays: 30 });
    const otherLeaf = good.leaf({ commonName: 'not-revoked' });
    const revoking = await ca();
    const revokedThere = revoking.leaf({ commonName: 'revoked-there' });
    await updateCa(t, revoking.row.id, { crlDer: 'placeholder', crlRevokedSerials: [revokedThere.serial] });
    const cases: [string, Awaited<ReturnType<typeof enroll>>][] = [
      ['no certificate', await enroll()],
      ['unverified CA', await enroll(unverified.leaf())],
      ['auto enrollment off', await enroll(off.leaf())],
      ['rogue self-signed intermediate', await enroll(issueLeaf(rogue), { chain: rogue.certPem })],
      ['serverAuth only', await enroll(good.leaf({ eku: 'serverAuth' }))],
      ['intermediate not sent', await enroll(issueLeaf(good.pki.intermediate))],
      ['expired', await enroll(good.leaf({ notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }))],
      ['revoked', await enroll(revokedThere)],
    ];
    for (const [label, res] of cases) {
      expect({ label, status: res.status, code: res.body?.error?.code }).toEqual({ label, status: 400, code: 'CERT_FAILED_VALIDATION' });
    }
    // The good CA's intermediate, sent along, is fine.
    expect((await enroll(issueLeaf(good.pki.intermediate, { commonName: 'via-intermediate' }), { chain: good.pki.intermediate.certPem })).status).toBe(200);
    // Only the listed serial is revoked.
    expect((await enroll(otherLeaf)).status).toBe(200);
    expect((await enroll(revoking.leaf({ commonName: 'fine-there' }))).status).toBe(200);
  });
});
