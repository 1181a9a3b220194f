import { insertIdentityRow } from '../factories/identity.factory';
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { randomId } from '../../src/common/crypto/random';
import { EnrollmentEntity, type EnrollmentMethod } from '../../src/enrollments/enrollment.entity';
import { EnrollmentRepository } from '../../src/enrollments/enrollment.repository';
import { IdentityEntity } from '../../src/identities/identity.entity';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.parse('2024-05-01T00:00:00.000Z');

const enrollment = (identityId: string, method: EnrollmentMethod = 'ott', over: Partial<EnrollmentEntity> = {}): EnrollmentEntity =>
  Object.assign(new EnrollmentEntity(), {
    id: randomId(),
    method,
    identityId,
    tokenHash: `hash-${randomId(16)}`,
    tokenSealed: 'sealed',
    caId: null,
    username: method === 'updb' ? `user-${randomId(6)}` : null,
    expiresAt: new Date(T0 + 3_600_000),
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    ...over,
  });

/** Constraint names differ between SQLite messages and PostgreSQL constraint names: both engines run. */
describeEachDatabase('enrollment repository', (db) => {
  let ds: DataSource;
  let repo: EnrollmentRepository;

  beforeAll(async () => {
    ds = await db().open();
    repo = new EnrollmentRepository(ds.getRepository(EnrollmentEntity));
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const identity = (name?: string): Promise<string> => insertIdentityRow(ds, name, new Date(T0));

  it('inserts and reads back by id and token hash, with epoch-ms dates', async () => {
    const e = enrollment(await identity(), 'updb');
    expect(await repo.insert(e)).toBe('inserted');
    expect(await repo.findById(e.id)).toEqual(e);
    expect(await repo.findByTokenHash(e.tokenHash)).toEqual(e);
    expect(await repo.findByTokenHash('no-such-hash')).toBeNull();
    const [raw] = await ds.query(`SELECT expires_at FROM enrollments WHERE id = '${e.id}'`);
    expect(Number(raw.expires_at)).toBe(T0 + 3_600_000);
  });

  it('names the constraint a clashing insert hits: one per method per identity, unique token, existing identity', async () => {
    const owner = await identity();
    const first = enrollment(owner, 'ott');
    expect(await repo.insert(first)).toBe('inserted');
    expect(await repo.insert(enrollment(owner, 'ott'))).toBe('method-exists');
    expect(await repo.insert(enrollment(owner, 'updb'))).toBe('inserted');
    expect(await repo.insert(enrollment(await identity(), 'ott', { tokenHash: first.tokenHash }))).toBe('token-clash');
    expect(await repo.insert(enrollment('no-such-identity'))).toBe('identity-missing');
  });

  it('consumes only while the token hash still matches, and only once', async () => {
    const e = enrollment(await identity());
    await repo.insert(e);
    expect(await ds.transaction((m) => repo.consume(e.id, 'another-hash', m))).toBe(false);
    expect(await ds.transaction((m) => repo.consume(e.id, e.tokenHash, m))).toBe(true);
    expect(await ds.transaction((m) => repo.consume(e.id, e.tokenHash, m))).toBe(false);
    expect(await repo.findById(e.id)).toBeNull();
  });

  it('replaces the token so the old hash no longer finds or consumes it', async () => {
    const e = enrollment(await identity());
    await repo.insert(e);
    const later = new Date(T0 + 7_200_000);
    expect(await repo.replaceToken(e.id, { tokenHash: 'new-hash', tokenSealed: 'new-sealed', expiresAt: later, updatedAt: later })).toBe(true);
    expect(await repo.findByTokenHash(e.tokenHash)).toBeNull();
    expect(await repo.findByTokenHash('new-hash')).toMatchObject({ id: e.id, tokenSealed: 'new-sealed', expiresAt: later });
    expect(await ds.transaction((m) => repo.consume(e.id, e.tokenHash, m))).toBe(false);
    expect(await repo.replaceToken('no-such-id', { tokenHash: 'x', tokenSealed: 'x', expiresAt: later, updatedAt: later })).toBe(false);
  });

  it('lists per identity, pages with a filter, reads owner names, and deletes', async () => {
    const owner = await identity('Ada');
    const ott = enrollment(owner, 'ott');
    const updb = enrollment(owner, 'updb', { createdAt: new Date(T0 + 1) });
    const other = enrollment(await identity());
    for (const e of [ott, updb, other]) await repo.insert(e);
    expect((await repo.listForIdentities([owner, owner])).map((e) => e.id).sort()).toEqual([ott.id, updb.id].sort());
    expect(await repo.listForIdentities([])).toEqual([]);
    expect((await repo.page({}, owner)).items.map((e) => e.id)).toEqual([ott.id, updb.id]);
    const filtered = await repo.page({ filter: `identityId = "${owner}" and method = "updb"` });
    expect({ ids: filtered.items.map((e) => e.id), total: filtered.pagination.totalCount }).toEqual({ ids: [updb.id], total: 1 });
    expect([...(await repo.identityRefs([owner, 'no-such-identity'])).values()]).toEqual([{ id: owner, name: 'Ada' }]);
    expect(await repo.deleteById(ott.id)).toBe(true);
    expect(await repo.deleteById(ott.id)).toBe(false);
  });

  it('goes with its identity (ON DELETE CASCADE)', async () => {
    const owner = await identity();
    const e = enrollment(owner);
    await repo.insert(e);
    await ds.getRepository(IdentityEntity).delete({ id: owner });
    expect(await repo.findById(e.id)).toBeNull();
  });
});
