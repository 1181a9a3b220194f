import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { AuthPolicyEntity } from '../../src/auth-policies/auth-policy.entity';
import { AuthPolicyRepository } from '../../src/auth-policies/auth-policy.repository';
import { randomId } from '../../src/common/crypto/random';
import { ZitiQlError } from '../../src/common/http/zitiql';
import { IdentityEntity } from '../../src/identities/identity.entity';
import { newIdentity } from '../../src/identities/new-identity';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.parse('2024-05-01T00:00:00.000Z');

function policy(name: string, over: Partial<AuthPolicyEntity> = {}): AuthPolicyEntity {
  const at = new Date(T0);
  return Object.assign(new AuthPolicyEntity(), {
    id: randomId(),
    name,
    tags: {},
    certAllowed: true,
    certAllowExpired: true,
    updbAllowed: true,
    minPasswordLength: 5,
    requireSpecialChar: false,
    requireNumberChar: false,
    requireMixedCase: false,
    maxAttempts: 0,
    lockoutDurationMinutes: 0,
    extJwtAllowed: true,
    extJwtAllowedSigners: [],
    requireTotp: false,
    requireExtJwtSigner: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  });
}

describeEachDatabase('auth policy repository', (db) => {
  let ds: DataSource;
  let repo: AuthPolicyRepository;

  beforeAll(async () => {
    ds = await db().open();
    repo = new AuthPolicyRepository(ds.getRepository(AuthPolicyEntity));
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  /** Identities are another module's table; the suite writes rows directly to test the reference query. */
  async function identityWith(authPolicyId: string, id = randomId()): Promise<string> {
    await ds.getRepository(IdentityEntity).insert(newIdentity({ id, name: `identity-${id}`, authPolicyId }, new Date()));
    return id;
  }

  it('finds the migration\'s default policy', async () => {
    const p = await repo.findById('default');
    expect(p).toMatchObject({ id: 'default', name: 'Default', minPasswordLength: 5, maxAttempts: 0, extJwtAllowedSigners: [], requireExtJwtSigner: null });
    expect(await repo.existsById('default')).toBe(true);
    expect(await repo.existsById('no-such-id')).toBe(false);
    expect(await repo.findById('no-such-id')).toBeNull();
  });

  it('round-trips every column: booleans, integers, JSON and epoch-millisecond dates', async () => {
    const p = policy(`rt-${randomId()}`, {
      tags: { a: 'b', n: 1, f: false, z: null }, certAllowExpired: false, requireSpecialChar: true, minPasswordLength: 9,
      maxAttempts: 4, lockoutDurationMinutes: 30, extJwtAllowedSigners: ['s1', 's2'], requireTotp: true, requireExtJwtSigner: 's3',
      createdAt: new Date(T0 + 123), updatedAt: new Date(T0 + 456),
    });
    expect(await repo.insert(p)).toBe('inserted');
    expect(await repo.findById(p.id)).toEqual(p);
    const [row] = await ds.query(`SELECT created_at FROM auth_policies WHERE id = '${p.id}'`);
    expect(Number(row.created_at)).toBe(T0 + 123);
  });

  it('refuses a second policy with the same name', async () => {
    const name = `dup-${randomId()}`;
    expect(await repo.insert(policy(name))).toBe('inserted');
    expect(await repo.insert(policy(name))).toBe('name-taken');
    expect(await repo.list({ filter: `name = "${name}"` })).toMatchObject({ pagination: { totalCount: 1 } });
  });

  it('names are case-sensitive on both engines', async () => {
    const name = `Case-${randomId()}`;
    expect(await repo.insert(policy(name))).toBe('inserted');
    expect(await repo.insert(policy(name.toLowerCase()))).toBe('inserted');
  });

  describe('replace', () => {
    it('overwrites the fields and updatedAt, keeps createdAt', async () => {
      const p = policy(`rep-${randomId()}`);
      await repo.insert(p);
      const changed = { ...p, name: `${p.name}-2`, maxAttempts: 9, tags: { x: 'y' }, extJwtAllowedSigners: ['s'], createdAt: new Date(0), updatedAt: new Date(T0 + 5000) };
      expect(await repo.replace(Object.assign(new AuthPolicyEntity(), changed))).toBe('updated');
      expect(await repo.findById(p.id)).toEqual({ ...changed, createdAt: p.createdAt });
    });

    it('answers missing for an unknown id', async () => {
      expect(await repo.replace(policy('ghost', { id: 'no-such-id' }))).toBe('missing');
    });

    it('answers name-taken when renaming onto another policy\'s name', async () => {
      const a = policy(`ra-${randomId()}`);
      const b = policy(`rb-${randomId()}`);
      await repo.insert(a);
      await repo.insert(b);
      expect(await repo.replace(Object.assign(new AuthPolicyEntity(), { ...b, name: a.name }))).toBe('name-taken');
      expect((await repo.findById(b.id))?.name).toBe(b.name);
    });
  });

  describe('list', () => {
    const prefix = `lst-${randomId(6)}-`;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      for (const [i, n] of ['charlie', 'alpha', 'echo', 'bravo', 'delta'].entries()) {
        const p = policy(prefix + n, { createdAt: new Date(T0 + i * 1000), updatedAt: new Date(T0 + 10_000 - i * 1000) });
        ids[n] = p.id;
        await repo.insert(p);
      }
    });
    const names = (items: AuthPolicyEntity[]) => items.map((p) => p.name.slice(prefix.length));
    const mine = `name startsWith "${prefix}"`;

    it('orders by name by default and reports the page', async () => {
      const page = await repo.list({ filter: mine });
      expect(names(page.items)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
      expect(page.pagination).toEqual({ limit: 10, offset: 0, totalCount: 5 });
    });

    it('sorts, limits and offsets', async () => {
      const page = await repo.list({ filter: mine, sort: 'name desc', limit: '2', offset: '1' });
      expect(names(page.items)).toEqual(['delta', 'charlie']);
      expect(page.pagination).toEqual({ limit: 2, offset: 1, totalCount: 5 });
    });

    it('filters and sorts on createdAt and updatedAt (stored as epoch milliseconds)', async () => {
      const page = await repo.list({ filter: `${mine} and createdAt >= datetime(2024-05-01T00:00:02Z)`, sort: 'createdAt asc' });
      expect(names(page.items)).toEqual(['echo', 'bravo', 'delta']);
      const upd = await repo.list({ filter: `${mine} and updatedAt < datetime(2024-05-01T00:00:08Z)`, sort: 'updatedAt desc' });
      expect(names(upd.items)).toEqual(['bravo', 'delta']);
    });

    it('filters on id and name operators', async () => {
      expect(names((await repo.list({ filter: `id = "${ids.echo}"` })).items)).toEqual(['echo']);
      expect(names((await repo.list({ filter: `${mine} and name contains "ha"` })).items)).toEqual(['alpha', 'charlie']);
      expect(names((await repo.list({ filter: `id in ["${ids.alpha}", "${ids.delta}"]` })).items)).toEqual(['alpha', 'delta']);
    });

    it('rejects fields that are not filterable and bad filters', async () => {
      await expect(repo.list({ filter: 'maxAttempts = 1' })).rejects.toBeInstanceOf(ZitiQlError);
      await expect(repo.list({ filter: 'name = ' })).rejects.toBeInstanceOf(ZitiQlError);
      await expect(repo.list({ sort: 'tags asc' })).rejects.toBeInstanceOf(ZitiQlError);
    });
  });

  describe('references and delete', () => {
    it('lists referencing identity ids in id order, up to the limit, with the total', async () => {
      const p = policy(`ref-${randomId()}`);
      await repo.insert(p);
      expect(await repo.identitiesReferencing(p.id, 10)).toEqual({ ids: [], total: 0 });
      const made = [await identityWith(p.id, 'id-c'), await identityWith(p.id, 'id-a'), await identityWith(p.id, 'id-b')];
      await identityWith('default');
      expect(await repo.identitiesReferencing(p.id, 10)).toEqual({ ids: [...made].sort(), total: 3 });
      expect(await repo.identitiesReferencing(p.id, 2)).toEqual({ ids: ['id-a', 'id-b'], total: 3 });
    });

    it('deletes an unreferenced policy, then reports it missing', async () => {
      const p = policy(`del-${randomId()}`);
      await repo.insert(p);
      expect(await repo.deleteById(p.id)).toBe('deleted');
      expect(await repo.findById(p.id)).toBeNull();
      expect(await repo.deleteById(p.id)).toBe('missing');
    });

    it('the foreign key refuses deleting a referenced policy', async () => {
      const p = policy(`fk-${randomId()}`);
      await repo.insert(p);
      await identityWith(p.id);
      expect(await repo.deleteById(p.id)).toBe('referenced');
      expect(await repo.existsById(p.id)).toBe(true);
    });
  });
});
