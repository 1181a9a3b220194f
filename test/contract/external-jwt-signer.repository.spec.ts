import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { AuthPolicyEntity } from '../../src/auth-policies/auth-policy.entity';
import { randomId } from '../../src/common/crypto/random';
import { ZitiQlError } from '../../src/common/http/zitiql';
import { ExternalJwtSignerEntity } from '../../src/external-jwt-signers/external-jwt-signer.entity';
import { ExternalJwtSignerRepository } from '../../src/external-jwt-signers/external-jwt-signer.repository';
import { describeEachDatabase } from '../support/databases';

const T0 = Date.parse('2024-05-01T00:00:00.000Z');

function signer(over: Partial<ExternalJwtSignerEntity> = {}): ExternalJwtSignerEntity {
  const id = over.id ?? randomId();
  const at = new Date(T0);
  return Object.assign(new ExternalJwtSignerEntity(), {
    id,
    name: `signer-${id}`,
    enabled: true,
    certPem: null,
    jwksEndpoint: 'https://idp.example.com/certs',
    kid: null,
    issuer: `https://idp.example.com/${id}`,
    audience: 'openziti',
    fingerprint: null,
    commonName: null,
    notBefore: null,
    notAfter: null,
    externalAuthUrl: null,
    claimsProperty: '/sub',
    useExternalId: false,
    clientId: null,
    scopes: null,
    targetToken: 'ACCESS',
    enrollToCertEnabled: false,
    enrollToTokenEnabled: false,
    enrollAttributeClaimsSelector: null,
    enrollAuthPolicyId: 'default',
    enrollNameClaimsSelector: '/sub',
    tags: {},
    createdAt: at,
    updatedAt: at,
    ...over,
  });
}

describeEachDatabase('external JWT signer repository', (db) => {
  let ds: DataSource;
  let repo: ExternalJwtSignerRepository;

  beforeAll(async () => {
    ds = await db().open();
    repo = new ExternalJwtSignerRepository(ds.getRepository(ExternalJwtSignerEntity));
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('anyEnabled is false until an enabled signer exists', async () => {
    expect(await repo.anyEnabled()).toBe(false);
    await repo.insert(signer({ enabled: false }));
    expect(await repo.anyEnabled()).toBe(false);
    await repo.insert(signer());
    expect(await repo.anyEnabled()).toBe(true);
  });

  it('round-trips every column: booleans, nullable text, JSON and epoch-millisecond dates', async () => {
    const s = signer({
      certPem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n', jwksEndpoint: null, kid: `kid-${randomId()}`, fingerprint: randomId(40).toLowerCase(),
      commonName: 'idp, signer', notBefore: new Date(T0 - 1), notAfter: new Date(T0 + 86_400_000), externalAuthUrl: 'https://idp/auth', claimsProperty: 'email',
      useExternalId: true, clientId: 'ziti', scopes: ['openid', 'e m'], targetToken: 'ID', enrollToCertEnabled: true, enrollToTokenEnabled: true,
      enrollAttributeClaimsSelector: '/groups', enrollAuthPolicyId: 'p1', enrollNameClaimsSelector: '/name', tags: { a: 'b', n: 1, f: false, z: null },
      createdAt: new Date(T0 + 123), updatedAt: new Date(T0 + 456),
    });
    expect(await repo.insert(s)).toEqual({ ok: true });
    expect(await repo.findById(s.id)).toEqual(s);
    const [row] = await ds.query(`SELECT not_before, created_at FROM external_jwt_signers WHERE id = '${s.id}'`);
    expect([Number(row.not_before), Number(row.created_at)]).toEqual([T0 - 1, T0 + 123]);
    expect(await repo.findById('no-such-id')).toBeNull();
    expect([await repo.existsById(s.id), await repo.existsById('no-such-id')]).toEqual([true, false]);
  });

  describe('unique columns', () => {
    it.each([
      ['name', () => ({ name: `same-${randomId()}` })],
      ['issuer', () => ({ issuer: `https://same/${randomId()}` })],
      ['kid', () => ({ kid: `kid-${randomId()}` })],
      ['fingerprint', () => ({ fingerprint: randomId(40) })],
    ] as const)('a second signer with the same %s is refused, naming it', async (field, same) => {
      const value = same();
      expect(await repo.insert(signer(value))).toEqual({ ok: true });
      expect(await repo.insert(signer(value))).toEqual({ ok: false, taken: field });
      const other = signer();
      await repo.insert(other);
      expect(await repo.replace(Object.assign(new ExternalJwtSignerEntity(), other, value))).toEqual({ ok: false, taken: field });
      expect(await repo.findById(other.id)).toEqual(other);
    });

    it('many signers may leave kid and fingerprint unset', async () => {
      for (let i = 0; i < 3; i++) expect(await repo.insert(signer({ kid: null, fingerprint: null }))).toEqual({ ok: true });
    });

    it('concurrent creates with one issuer: exactly one wins, the other is told which field clashed', async () => {
      const issuer = `https://race/${randomId()}`;
      const results = await Promise.all([repo.insert(signer({ issuer })), repo.insert(signer({ issuer }))]);
      expect(results).toEqual(expect.arrayContaining([{ ok: true }, { ok: false, taken: 'issuer' }]));
    });
  });

  describe('replace and delete', () => {
    it('overwrites the fields and updatedAt, keeps createdAt', async () => {
      const s = signer();
      await repo.insert(s);
      const changed = Object.assign(new ExternalJwtSignerEntity(), s, { name: `${s.name}-2`, enabled: false, scopes: ['x'], createdAt: new Date(0), updatedAt: new Date(T0 + 5000) });
      expect(await repo.replace(changed)).toEqual({ ok: true });
      expect(await repo.findById(s.id)).toEqual({ ...changed, createdAt: s.createdAt });
    });

    it('answers missing for an unknown id; deletes once', async () => {
      expect(await repo.replace(signer({ id: 'no-such-id' }))).toEqual({ ok: false, missing: true });
      const s = signer();
      await repo.insert(s);
      expect(await repo.deleteById(s.id)).toBe(true);
      expect(await repo.deleteById(s.id)).toBe(false);
    });
  });

  describe('lookups for authentication and auth policies', () => {
    it('findEnabledByIssuer matches the exact issuer of an enabled signer only', async () => {
      const on = signer({ issuer: `https://on/${randomId()}` });
      const off = signer({ issuer: `https://off/${randomId()}`, enabled: false });
      await repo.insert(on);
      await repo.insert(off);
      expect((await repo.findEnabledByIssuer(on.issuer))?.id).toBe(on.id);
      expect(await repo.findEnabledByIssuer(off.issuer)).toBeNull();
      expect(await repo.findEnabledByIssuer(`${on.issuer}/`)).toBeNull();
      expect(await repo.findEnabledByIssuer(on.issuer.toUpperCase())).toBeNull();
    });

    it('findAllEnabled lists enabled signers by name', async () => {
      const all = await repo.findAllEnabled();
      expect(all.every((s) => s.enabled)).toBe(true);
      expect(all.map((s) => s.name)).toEqual([...all.map((s) => s.name)].sort());
      expect(all.length).toBeGreaterThan(0);
    });

    it('idsAmong and idsEnrollingWith', async () => {
      const a = signer({ enrollAuthPolicyId: 'pol-x' });
      const b = signer({ enrollAuthPolicyId: 'pol-x' });
      await repo.insert(a);
      await repo.insert(b);
      expect(await repo.idsAmong([a.id, 'ghost', b.id, a.id])).toEqual(new Set([a.id, b.id]));
      expect(await repo.idsAmong([])).toEqual(new Set());
      expect(await repo.idsEnrollingWith('pol-x')).toEqual([a.id, b.id].sort());
      expect(await repo.idsEnrollingWith('pol-none')).toEqual([]);
    });

    it('policiesReferencing finds exact ids in allowedSigners and requireExtJwtSigner, never prefixes or wildcards', async () => {
      const id = `s${randomId(8)}`;
      const policies = ds.getRepository(AuthPolicyEntity);
      const base = await policies.findOneByOrFail({ id: 'default' });
      const policy = async (pid: string, allowed: string[], required: string | null) =>
        policies.insert(Object.assign(new AuthPolicyEntity(), base, { id: pid, name: `pol-${pid}`, extJwtAllowedSigners: allowed, requireExtJwtSigner: required }));
      await policy(`${id}-p2`, ['other', id], null);
      await policy(`${id}-p1`, [id], id);
      await policy(`${id}-p3`, [], id);
      await policy(`${id}-p4`, [`${id}x`, `x${id}`], `${id}x`);
      await policy(`${id}-p5`, ['a_b', 'a%b'], null);
      expect(await repo.policiesReferencing(id)).toEqual({ allowedSigners: [`${id}-p1`, `${id}-p2`], requireExtJwtSigner: [`${id}-p1`, `${id}-p3`] });
      expect(await repo.policiesReferencing('a_b')).toEqual({ allowedSigners: [`${id}-p5`], requireExtJwtSigner: [] });
      expect(await repo.policiesReferencing('aXb')).toEqual({ allowedSigners: [], requireExtJwtSigner: [] });
      expect(await repo.policiesReferencing('a%')).toEqual({ allowedSigners: [], requireExtJwtSigner: [] });
    });
  });

  describe('lists', () => {
    const prefix = `lst-${randomId(6)}-`;
    beforeAll(async () => {
      for (const [i, n] of ['charlie', 'alpha', 'echo', 'bravo', 'delta'].entries()) {
        await repo.insert(signer({ name: prefix + n, enabled: n !== 'bravo', createdAt: new Date(T0 + i * 1000), clientId: n === 'echo' ? 'ziti' : null }));
      }
    });
    const names = (items: ExternalJwtSignerEntity[]) => items.map((s) => s.name.slice(prefix.length));
    const mine = `name startsWith "${prefix}"`;

    it('the admin list orders by name, filters, sorts and pages', async () => {
      const page = await repo.list({ filter: mine });
      expect(names(page.items)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
      expect(page.pagination).toEqual({ limit: 10, offset: 0, totalCount: 5 });
      expect(names((await repo.list({ filter: `${mine} and enabled = false` })).items)).toEqual(['bravo']);
      expect(names((await repo.list({ filter: mine, sort: 'createdAt desc', limit: '2', offset: '1' })).items)).toEqual(['bravo', 'echo']);
      expect(names((await repo.list({ filter: `${mine} and issuer contains "idp.example.com" and kid = null` })).items)).toHaveLength(5);
    });

    it('the client list holds enabled signers only and counts only them', async () => {
      const page = await repo.listEnabledPage({ filter: mine });
      expect(names(page.items)).toEqual(['alpha', 'charlie', 'delta', 'echo']);
      expect(page.pagination.totalCount).toBe(4);
      expect(names((await repo.listEnabledPage({ filter: `${mine} and clientId = "ziti"` })).items)).toEqual(['echo']);
    });

    it('the client list refuses filters on fields an anonymous caller cannot see', async () => {
      for (const filter of ['issuer = "x"', 'fingerprint = "x"', 'kid = "x"', 'enabled = false', 'jwksEndpoint = "x"', 'enrollAuthPolicyId = "x"']) {
        await expect(repo.listEnabledPage({ filter })).rejects.toBeInstanceOf(ZitiQlError);
      }
      await expect(repo.list({ filter: 'certPem = "x"' })).rejects.toBeInstanceOf(ZitiQlError);
    });
  });
});
