import 'reflect-metadata';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiSessionEntity } from '../../src/api-sessions/api-session.entity';
import { AuthenticatorEntity } from '../../src/authenticators/authenticator.entity';
import { randomId } from '../../src/common/crypto/random';
import { ZitiQlError } from '../../src/common/http/zitiql';
import { IdentityEntity } from '../../src/identities/identity.entity';
import { IdentityRepository } from '../../src/identities/identity.repository';
import { newIdentity } from '../../src/identities/new-identity';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.parse('2024-05-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

describeEachDatabase('identity repository', (db) => {
  let ds: DataSource;
  let repo: IdentityRepository;

  beforeAll(async () => {
    ds = await db().open();
    repo = new IdentityRepository(ds.getRepository(IdentityEntity));
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  const tx = <T>(work: (m: EntityManager) => Promise<T>) => ds.transaction(work);
  const identity = (over: Partial<IdentityEntity> = {}) => newIdentity({ name: `id-${randomId()}`, createdAt: at(0), updatedAt: at(0), ...over }, at(0));
  async function inserted(over: Partial<IdentityEntity> = {}): Promise<IdentityEntity> {
    const i = identity(over);
    expect(await tx((m) => repo.create(i, m))).toBe('ok');
    return i;
  }
  /** Policies are another module's table; the suite writes rows directly for the reference checks. */
  async function policy(name: string): Promise<string> {
    const id = randomId();
    await ds.query(
      `INSERT INTO auth_policies (id, name, tags, ext_jwt_allowed_signers, created_at, updated_at) VALUES ('${id}', '${name}', '{}', '[]', ${T0}, ${T0})`,
    );
    return id;
  }
  const count = async (table: string, identityId: string): Promise<number> =>
    Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE identity_id = '${identityId}'`))[0].n);

  describe('create', () => {
    it('round-trips every column', async () => {
      const i = identity({
        type: 'User', isAdmin: true, externalId: `ext-${randomId()}`, roleAttributes: ['a', 'b'], tags: { t: true, n: null },
        appData: { nested: { x: 1 } }, envInfo: { os: 'linux' }, sdkInfo: { type: 'go' }, defaultHostingPrecedence: 'required',
        defaultHostingCost: 65535, serviceHostingPrecedences: { s: 'failed' }, serviceHostingCosts: { s: 2 }, permissions: ['ca'],
        disabledAt: at(5), disabledUntil: at(6), failedAttempts: 2, updatedAt: at(7),
      });
      expect(await tx((m) => repo.create(i, m))).toBe('ok');
      expect(await repo.findById(i.id)).toEqual(i);
    });

    it('answers name-taken for a second identity with the same name (case-sensitive)', async () => {
      const a = await inserted();
      expect(await tx((m) => repo.create(identity({ name: a.name }), m))).toBe('name-taken');
      expect(await tx((m) => repo.create(identity({ name: a.name.toUpperCase() }), m))).toBe('ok');
    });

    it('answers external-id-taken for a set externalId in use; any number may have none', async () => {
      const a = await inserted({ externalId: `ext-${randomId()}` });
      expect(await tx((m) => repo.create(identity({ externalId: a.externalId }), m))).toBe('external-id-taken');
      await inserted({ externalId: null });
      await inserted({ externalId: null });
    });

    it('answers unknown-auth-policy when the policy does not exist (foreign key)', async () => {
      const i = identity({ authPolicyId: 'no-such-policy' });
      expect(await tx((m) => repo.create(i, m))).toBe('unknown-auth-policy');
      expect(await repo.findById(i.id)).toBeNull();
    });
  });

  describe('replace', () => {
    it('overwrites the given columns only', async () => {
      const i = await inserted({ envInfo: { os: 'mac' } });
      const p = await policy(`rp-${randomId()}`);
      const changes = { name: `${i.name}-2`, tags: { k: 'v' }, authPolicyId: p, externalId: `e-${randomId()}`, updatedAt: at(99) };
      expect(await tx((m) => repo.replace(i.id, changes, m))).toBe('ok');
      expect(await repo.findById(i.id)).toEqual({ ...i, ...changes });
    });

    it('answers missing, name-taken, external-id-taken and unknown-auth-policy', async () => {
      const a = await inserted({ externalId: `ea-${randomId()}` });
      const b = await inserted();
      expect(await tx((m) => repo.replace('no-such-id', { name: 'x' }, m))).toBe('missing');
      expect(await tx((m) => repo.replace(b.id, { name: a.name }, m))).toBe('name-taken');
      expect(await tx((m) => repo.replace(b.id, { externalId: a.externalId }, m))).toBe('external-id-taken');
      expect(await tx((m) => repo.replace(b.id, { authPolicyId: 'no-such-policy' }, m))).toBe('unknown-auth-policy');
      expect(await repo.findById(b.id)).toEqual(b);
    });
  });

  it('findForUpdate reads the row inside a transaction', async () => {
    const i = await inserted();
    expect(await tx((m) => repo.findForUpdate(i.id, m))).toEqual(i);
    expect(await tx((m) => repo.findForUpdate('no-such-id', m))).toBeNull();
  });

  describe('disable and enable', () => {
    it('disable sets both instants; enable clears them and the failed-attempt count', async () => {
      const i = await inserted({ failedAttempts: 3 });
      expect(await tx((m) => repo.disable(i.id, at(10), at(70), m))).toBe(true);
      expect(await repo.findById(i.id)).toMatchObject({ disabledAt: at(10), disabledUntil: at(70), updatedAt: at(10), failedAttempts: 3 });
      expect(await tx((m) => repo.disable(i.id, at(20), null, m))).toBe(true);
      expect(await repo.findById(i.id)).toMatchObject({ disabledAt: at(20), disabledUntil: null });
      expect(await tx((m) => repo.enable(i.id, at(30), m))).toBe(true);
      expect(await repo.findById(i.id)).toMatchObject({ disabledAt: null, disabledUntil: null, failedAttempts: 0, updatedAt: at(30) });
    });

    it('answers false for an unknown identity', async () => {
      expect(await tx((m) => repo.disable('no-such-id', at(0), null, m))).toBe(false);
      expect(await tx((m) => repo.enable('no-such-id', at(0), m))).toBe(false);
    });
  });

  describe('deleteById', () => {
    it('deletes the identity with its authenticators and API sessions (cascade)', async () => {
      const i = await inserted();
      const other = await inserted();
      for (const owner of [i.id, other.id]) {
        await ds.getRepository(AuthenticatorEntity).insert({
          id: randomId(), identityId: owner, method: 'updb', username: `u-${randomId()}`, passwordHash: 'h', certPem: null, fingerprint: null,
          isIssuedByNetwork: false, isExtendRequested: false, isKeyRollRequested: false, extendRequestedAt: null, lastAuthResolvedToRoot: false,
          lastExtendRolledKeys: false, unverifiedCertPem: null, unverifiedFingerprint: null, tags: {}, createdAt: at(0), updatedAt: at(0),
        });
        await ds.getRepository(ApiSessionEntity).insert({
          id: randomId(), tokenHash: randomId(40), identityId: owner, authenticatorId: 'a', ipAddress: '127.0.0.1', configTypes: [],
          mfaRequired: false, mfaComplete: false, isCertExtendable: false, improperClientCertChain: false, lastActivityAt: at(0), tags: {},
          createdAt: at(0), updatedAt: at(0),
        });
      }
      expect(await tx((m) => repo.deleteById(i.id, m))).toBe(true);
      expect(await repo.findById(i.id)).toBeNull();
      expect([await count('authenticators', i.id), await count('api_sessions', i.id)]).toEqual([0, 0]);
      expect([await count('authenticators', other.id), await count('api_sessions', other.id)]).toEqual([1, 1]);
      expect(await tx((m) => repo.deleteById(i.id, m))).toBe(false);
    });
  });

  it('authPolicyNames maps the ids that exist to their names', async () => {
    const p = await policy(`named-${randomId()}`);
    const names = await repo.authPolicyNames(['default', p, p, 'no-such-policy']);
    expect([...names.entries()].sort()).toEqual([['default', 'Default'], [p, expect.stringMatching(/^named-/)]].sort());
    expect(await repo.authPolicyNames([])).toEqual(new Map());
  });

  describe('page', () => {
    const prefix = `pg-${randomId(6)}-`;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const rows: [string, Partial<IdentityEntity>][] = [
        ['charlie', { type: 'User', isAdmin: true, externalId: `${prefix}x1` }],
        ['alpha', { type: 'Device' }],
        ['echo', { type: 'User', disabledAt: at(1), disabledUntil: null }],
        ['bravo', { type: 'Default', isAdmin: true }],
        ['delta', { type: 'Service', externalId: `${prefix}x2` }],
      ];
      for (const [n, [name, over]] of rows.entries()) {
        const i = await inserted({ name: prefix + name, createdAt: at(n * 1000), updatedAt: at(10_000 - n * 1000), ...over });
        ids[name] = i.id;
      }
    });
    const names = (items: IdentityEntity[]) => items.map((i) => i.name.slice(prefix.length));
    const mine = `name startsWith "${prefix}"`;

    it('orders by name by default and reports the page', async () => {
      const page = await repo.page({ filter: mine });
      expect(names(page.items)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
      expect(page.pagination).toEqual({ limit: 10, offset: 0, totalCount: 5 });
    });

    it('sorts, limits and offsets', async () => {
      const page = await repo.page({ filter: mine, sort: 'name desc', limit: '2', offset: '1' });
      expect(names(page.items)).toEqual(['delta', 'charlie']);
      expect(page.pagination).toEqual({ limit: 2, offset: 1, totalCount: 5 });
    });

    it('filters on type, isAdmin, externalId (including null), id and authPolicyId', async () => {
      expect(names((await repo.page({ filter: `${mine} and type = "User"` })).items)).toEqual(['charlie', 'echo']);
      expect(names((await repo.page({ filter: `${mine} and isAdmin = true` })).items)).toEqual(['bravo', 'charlie']);
      expect(names((await repo.page({ filter: `${mine} and externalId != null`, sort: 'externalId desc' })).items)).toEqual(['delta', 'charlie']);
      expect(names((await repo.page({ filter: `${mine} and externalId = null` })).items)).toEqual(['alpha', 'bravo', 'echo']);
      expect(names((await repo.page({ filter: `id in ["${ids.alpha}", "${ids.echo}"]` })).items)).toEqual(['alpha', 'echo']);
      expect((await repo.page({ filter: `${mine} and authPolicyId = "default"` })).pagination.totalCount).toBe(5);
    });

    it('filters and sorts on dates stored as epoch milliseconds', async () => {
      const created = await repo.page({ filter: `${mine} and createdAt >= datetime(2024-05-01T00:00:02Z)`, sort: 'createdAt desc' });
      expect(names(created.items)).toEqual(['delta', 'bravo', 'echo']);
      const updated = await repo.page({ filter: `${mine} and updatedAt < datetime(2024-05-01T00:00:08Z)`, sort: 'updatedAt asc' });
      expect(names(updated.items)).toEqual(['delta', 'bravo']);
      expect(names((await repo.page({ filter: `${mine} and disabledAt != null` })).items)).toEqual(['echo']);
    });

    it('rejects fields that are not columns', async () => {
      await expect(repo.page({ filter: 'disabled = true' })).rejects.toBeInstanceOf(ZitiQlError);
      await expect(repo.page({ filter: 'roleAttributes contains "a"' })).rejects.toBeInstanceOf(ZitiQlError);
      await expect(repo.page({ sort: 'tags asc' })).rejects.toBeInstanceOf(ZitiQlError);
    });
  });
});
