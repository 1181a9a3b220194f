import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { CaEntity } from '../../src/cas/ca.entity';
import { CaRepository } from '../../src/cas/ca.repository';
import { randomId } from '../../src/common/crypto/random';
import { describeEachDatabase } from '../support/databases';

const T0 = new Date('2024-05-01T00:00:00.000Z');

function ca(over: Partial<CaEntity> = {}): CaEntity {
  const id = over.id ?? randomId();
  return Object.assign(new CaEntity(), {
    id,
    name: `ca-${id}`,
    fingerprint: randomId(40).toLowerCase(),
    certPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    isVerified: false,
    verificationToken: randomId(),
    isAutoCaEnrollmentEnabled: false,
    isOttCaEnrollmentEnabled: true,
    isAuthEnabled: true,
    identityRoles: ['r1'],
    identityNameFormat: '[caName]-[commonName]',
    externalIdClaim: null,
    crlDer: null,
    crlThisUpdate: null,
    crlNextUpdate: null,
    crlRevokedSerials: null,
    tags: {},
    createdAt: T0,
    updatedAt: T0,
    ...over,
  });
}

describeEachDatabase('CA repository', (db) => {
  let ds: DataSource;
  let repo: CaRepository;
  beforeAll(async () => {
    ds = await db().open();
    repo = new CaRepository(ds.getRepository(CaEntity));
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('round-trips every column, JSON and dates included', async () => {
    const claim = { location: 'SAN_URI', matcher: 'SCHEME', matcherCriteria: 'spiffe', parser: 'SPLIT', parserCriteria: '/', index: 1 };
    const c = ca({ externalIdClaim: claim as never, crlRevokedSerials: ['0a', '1b'], crlNextUpdate: new Date(T0.getTime() + 3600_000), tags: { team: 'x' } });
    expect(await repo.insert(c)).toEqual({ ok: true });
    const back = await repo.findById(c.id);
    expect(back).toMatchObject({ name: c.name, externalIdClaim: claim, crlRevokedSerials: ['0a', '1b'], identityRoles: ['r1'], tags: { team: 'x' }, isVerified: false });
    expect(back?.crlNextUpdate?.getTime()).toBe(T0.getTime() + 3600_000);
  });

  it('reports which unique column a duplicate hits', async () => {
    const a = ca();
    await repo.insert(a);
    expect(await repo.insert(ca({ name: a.name }))).toEqual({ ok: false, taken: 'name' });
    expect(await repo.insert(ca({ fingerprint: a.fingerprint }))).toEqual({ ok: false, taken: 'fingerprint' });
    expect(await repo.replace(ca({ id: 'missing-ca' }))).toEqual({ ok: false, missing: true });
  });

  it('marks a CA verified once; the second proof loses', async () => {
    const c = ca();
    await repo.insert(c);
    const results = await Promise.all([repo.markVerified(c.id, T0), repo.markVerified(c.id, T0)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lists only verified CAs for authentication and auto enrollment', async () => {
    const auth = ca({ isVerified: true, isAuthEnabled: true });
    const auto = ca({ isVerified: true, isAuthEnabled: false, isAutoCaEnrollmentEnabled: true });
    const unverified = ca({ isVerified: false, isAuthEnabled: true, isAutoCaEnrollmentEnabled: true });
    for (const c of [auth, auto, unverified]) await repo.insert(c);
    const forAuth = (await repo.findVerifiedAuthEnabled()).map((c) => c.id);
    const forAuto = (await repo.findVerifiedAutoEnroll()).map((c) => c.id);
    expect(forAuth).toContain(auth.id);
    expect(forAuth).not.toContain(auto.id);
    expect(forAuth).not.toContain(unverified.id);
    expect(forAuto).toContain(auto.id);
    expect(forAuto).not.toContain(unverified.id);
  });

  it('filters and sorts lists', async () => {
    const c = ca({ name: `zz-filter-${randomId(4)}`, isVerified: true });
    await repo.insert(c);
    const page = await repo.list({ filter: `name = "${c.name}" and isVerified = true`, sort: 'name desc' });
    expect(page.items.map((x) => x.id)).toEqual([c.id]);
    expect(page.pagination.totalCount).toBe(1);
  });

  it('deletes a CA together with its outstanding enrollments', async () => {
    const c = ca();
    await repo.insert(c);
    expect(await ds.transaction((m) => repo.deleteWithEnrollments(c.id, m))).toBe(true);
    expect(await repo.findById(c.id)).toBeNull();
    expect(await ds.transaction((m) => repo.deleteWithEnrollments(c.id, m))).toBe(false);
  });
});
