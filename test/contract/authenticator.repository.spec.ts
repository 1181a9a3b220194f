import { insertIdentityRow } from '../factories/identity.factory';
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { AuthenticatorEntity } from '../../src/authenticators/authenticator.entity';
import { AuthenticatorRepository } from '../../src/authenticators/authenticator.repository';
import { newAuthenticator } from '../../src/authenticators/new-authenticator';
import { randomId } from '../../src/common/crypto/random';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.parse('2024-05-01T00:00:00.000Z');

const authenticator = (identityId: string, over: Partial<AuthenticatorEntity> = {}): AuthenticatorEntity =>
  newAuthenticator({ identityId, method: 'updb', username: `user-${randomId(8)}`, passwordHash: 'hash-1', ...over }, new Date(T0));

/** The constraint mapping is driver-specific (SQLite messages vs PostgreSQL constraint names): both run. */
describeEachDatabase('authenticator repository', (db) => {
  let ds: DataSource;
  let repo: AuthenticatorRepository;

  beforeAll(async () => {
    ds = await db().open();
    repo = new AuthenticatorRepository(ds.getRepository(AuthenticatorEntity), ds);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const identity = (name?: string): Promise<string> => insertIdentityRow(ds, name, new Date(T0));

  it('inserts, and names the constraint a clashing insert hits', async () => {
    const owner = await identity();
    const first = authenticator(owner);
    expect(await repo.insert(first)).toBe('inserted');
    expect(await repo.findById(first.id)).toMatchObject({ id: first.id, username: first.username, createdAt: new Date(T0) });
    expect(await repo.insert(authenticator(owner))).toBe('method');
    expect(await repo.insert(authenticator(await identity(), { username: first.username }))).toBe('username');
    expect(await repo.insert(authenticator('no-such-identity'))).toBe('identity');
    const cert = (id: string) => authenticator(id, { method: 'cert', username: null, passwordHash: null, certPem: 'PEM', fingerprint: 'ab12' });
    expect(await repo.insert(cert(owner))).toBe('inserted');
    expect(await repo.insert(cert(await identity()))).toBe('fingerprint');
  });

  it('updates conditionally on the password hash', async () => {
    const a = authenticator(await identity());
    await repo.insert(a);
    expect(await repo.update(a.id, { passwordHash: 'hash-2' }, 'not-the-hash')).toBe('stale');
    expect(await repo.update(a.id, { passwordHash: 'hash-2' }, 'hash-1')).toBe('updated');
    expect((await repo.findById(a.id))?.passwordHash).toBe('hash-2');
    expect(await repo.update('no-such-id', { passwordHash: 'x' }, 'hash-2')).toBe('missing');
    expect(await repo.update('no-such-id', { passwordHash: 'x' })).toBe('missing');
    const other = authenticator(await identity());
    await repo.insert(other);
    expect(await repo.update(a.id, { username: other.username })).toBe('username');
  });

  it('reads owner names and policies by id, in one query', async () => {
    const id = await identity('Ada');
    const refs = await repo.identityRefs([id, id, 'no-such-identity']);
    expect([...refs.values()]).toEqual([{ id, name: 'Ada', authPolicyId: 'default' }]);
    expect((await repo.identityRefs([])).size).toBe(0);
  });

  it('pages one identity authenticators with a filter, and deletes', async () => {
    const owner = await identity();
    const u = authenticator(owner);
    const c = authenticator(owner, { method: 'cert', username: null, certPem: 'PEM', fingerprint: `fp-${randomId(6)}`, createdAt: new Date(T0 + 1) });
    await repo.insert(u);
    await repo.insert(c);
    await repo.insert(authenticator(await identity()));
    expect((await repo.page({}, owner)).items.map((a) => a.id)).toEqual([u.id, c.id]);
    const certs = await repo.page({ filter: 'method = "cert"' }, owner);
    expect({ ids: certs.items.map((a) => a.id), total: certs.pagination.totalCount }).toEqual({ ids: [c.id], total: 1 });
    expect(await repo.delete(u.id)).toBe(true);
    expect(await repo.delete(u.id)).toBe(false);
  });
});
