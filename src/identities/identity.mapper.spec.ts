import type { AuthenticatorEntity } from '../authenticators/authenticator.entity';
import { newAuthenticator } from '../authenticators/new-authenticator';
import type { IdentityPatchDto } from './dto/identity-patch.dto';
import type { IdentityUpdateDto } from './dto/identity-update.dto';
import { IdentityEntity } from './identity.entity';
import { applyIdentityPatch, fromIdentityCreate, fromIdentityUpdate, type IdentityFields, type IdentityView, toIdentityDetail } from './identity.mapper';
import { newIdentity } from './new-identity';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

const identity = (over: Partial<IdentityEntity> = {}): IdentityEntity =>
  newIdentity(
    {
      id: 'i1',
      name: 'alice',
      type: 'User',
      authPolicyId: 'p1',
      externalId: 'ext-1',
      roleAttributes: ['ops'],
      tags: { team: 'red' },
      appData: { theme: 'dark' },
      envInfo: { os: 'linux' },
      sdkInfo: { type: 'go' },
      defaultHostingPrecedence: 'required',
      defaultHostingCost: 7,
      serviceHostingPrecedences: { s1: 'failed' },
      serviceHostingCosts: { s1: 3 },
      permissions: ['identity.read'],
      createdAt: new Date('2024-01-02T03:04:05.006Z'),
      updatedAt: new Date('2024-02-03T04:05:06.007Z'),
      ...over,
    },
    NOW,
  );

const authenticator = (over: Partial<AuthenticatorEntity>): AuthenticatorEntity =>
  newAuthenticator({ id: 'a1', identityId: 'i1', method: 'updb', updatedAt: new Date('2024-03-02T00:00:00.000Z'), ...over }, new Date('2024-03-01T00:00:00.000Z'));

const view = (over: Partial<IdentityView> = {}): IdentityView => ({
  identity: identity(),
  authenticators: [],
  hasApiSession: false,
  isMfaEnabled: false,
  authPolicyName: 'Strict',
  now: NOW,
  ...over,
});

describe('toIdentityDetail', () => {
  it('renders every identityDetail key under its wire name', () => {
    const href = (p: string) => ({ href: `./identities/i1/${p}` });
    expect(toIdentityDetail(view({ hasApiSession: true }))).toEqual({
      id: 'i1',
      createdAt: '2024-01-02T03:04:05.006Z',
      updatedAt: '2024-02-03T04:05:06.007Z',
      _links: {
        self: { href: './identities/i1' },
        'edge-router-policies': href('edge-router-policies'),
        'edge-routers': href('edge-routers'),
        'service-policies': href('service-policies'),
        services: href('services'),
        'posture-data': href('posture-data'),
        'failed-service-requests': href('failed-service-requests'),
        authenticators: href('authenticators'),
        enrollments: href('enrollments'),
        'service-configs': href('service-configs'),
        'auth-policies': { href: './auth-policies/p1' },
      },
      tags: { team: 'red' },
      name: 'alice',
      type: { entity: 'identity-types', id: 'User', name: 'User', _links: { self: { href: './identity-types/User' } } },
      typeId: 'User',
      isAdmin: false,
      isDefaultAdmin: false,
      authPolicyId: 'p1',
      authPolicy: { entity: 'auth-policies', id: 'p1', name: 'Strict', _links: { self: { href: './auth-policies/p1' } } },
      externalId: 'ext-1',
      roleAttributes: ['ops'],
      appData: { theme: 'dark' },
      envInfo: { os: 'linux' },
      sdkInfo: { type: 'go' },
      defaultHostingPrecedence: 'required',
      defaultHostingCost: 7,
      serviceHostingPrecedences: { s1: 'failed' },
      serviceHostingCosts: { s1: 3 },
      permissions: ['identity.read'],
      authenticators: {},
      enrollment: {},
      hasApiSession: true,
      isMfaEnabled: false,
      hasEdgeRouterConnection: false,
      edgeRouterConnectionStatus: 'offline',
      interfaces: [],
      disabled: false,
      disabledAt: null,
      disabledUntil: null,
    });
  });

  it('summarises the authenticators by method, without secrets', () => {
    const detail = toIdentityDetail(
      view({
        authenticators: [
          authenticator({ id: 'a-cert', method: 'cert', fingerprint: 'ab12', certPem: 'PEM' }),
          authenticator({ id: 'a-updb', method: 'updb', username: 'alice', passwordHash: '$argon2id$secret' }),
        ],
      }),
    );
    expect(detail.authenticators).toEqual({ updb: { id: 'a-updb', username: 'alice' }, cert: { id: 'a-cert', fingerprint: 'ab12' } });
    expect(JSON.stringify(detail)).not.toContain('argon2');
  });

  it('null externalId and empty JSON columns stay present as null / {} / []', () => {
    const detail = toIdentityDetail(view({ identity: identity({ externalId: null, tags: null as never, roleAttributes: null as never, appData: null as never }) }));
    expect(detail).toMatchObject({ externalId: null, tags: {}, roleAttributes: [], appData: {} });
  });

  it.each([
    ['never disabled', null, null, false],
    ['disabled indefinitely', at(-1000), null, true],
    ['disabled until a future instant', at(-1000), at(1), true],
    ['disabled until exactly now (expired)', at(-1000), at(0), false],
    ['disabled until a past instant', at(-2000), at(-1000), false],
  ])('disabled: %s', (_, disabledAt, disabledUntil, expected) => {
    const detail = toIdentityDetail(view({ identity: identity({ disabledAt, disabledUntil }) }));
    expect(detail.disabled).toBe(expected);
    expect(detail.disabledAt).toBe(disabledAt ? disabledAt.toISOString() : null);
    expect(detail.disabledUntil).toBe(disabledUntil ? disabledUntil.toISOString() : null);
  });
});

const UPDATE: IdentityUpdateDto = { name: 'bob', type: 'Device', isAdmin: true };

describe('fromIdentityUpdate / fromIdentityCreate', () => {
  it('fills every optional field left out with its empty value (PUT replaces)', () => {
    expect(fromIdentityUpdate(UPDATE)).toEqual({
      name: 'bob', type: 'Device', isAdmin: true, authPolicyId: 'default', externalId: null, roleAttributes: [], tags: {},
      appData: {}, defaultHostingPrecedence: 'default', defaultHostingCost: 0, serviceHostingPrecedences: {},
      serviceHostingCosts: {}, permissions: [],
    });
  });

  it('keeps given fields; blank authPolicyId means default, blank externalId means unset', () => {
    const full = { ...UPDATE, authPolicyId: 'p2', externalId: 'x', roleAttributes: ['a'], tags: { t: true }, defaultHostingCost: 5 };
    expect(fromIdentityUpdate(full)).toMatchObject({ authPolicyId: 'p2', externalId: 'x', roleAttributes: ['a'], tags: { t: true }, defaultHostingCost: 5 });
    expect(fromIdentityUpdate({ ...UPDATE, authPolicyId: '  ', externalId: '' })).toMatchObject({ authPolicyId: 'default', externalId: null });
    expect(fromIdentityUpdate({ ...UPDATE, authPolicyId: null, externalId: null })).toMatchObject({ authPolicyId: 'default', externalId: null });
  });

  it('create ignores the requested type and stores Default, as OpenZiti does', () => {
    expect(fromIdentityCreate({ ...UPDATE, type: 'User' }).type).toBe('Default');
  });

  it('copies objects and lists instead of aliasing the request body', () => {
    const tags = { a: 'b' };
    const fields = fromIdentityUpdate({ ...UPDATE, tags });
    tags.a = 'changed';
    expect(fields.tags).toEqual({ a: 'b' });
  });
});

describe('applyIdentityPatch', () => {
  const current: IdentityFields = fromIdentityUpdate({
    name: 'carol', type: 'User', isAdmin: false, authPolicyId: 'p1', externalId: 'e1', roleAttributes: ['r'],
    tags: { a: '1', b: '2' }, appData: { x: 1 }, defaultHostingCost: 9, serviceHostingCosts: { s: 1 }, permissions: ['ca'],
  });

  it('an empty patch changes nothing', () => {
    expect(applyIdentityPatch(current, {})).toEqual(current);
  });

  it('JSON null is ignored, not a way to clear a field', () => {
    const nulls: IdentityPatchDto = {
      name: null, type: null, isAdmin: null, authPolicyId: null, externalId: null, roleAttributes: null, tags: null,
      appData: null, defaultHostingPrecedence: null, defaultHostingCost: null, serviceHostingPrecedences: null,
      serviceHostingCosts: null, permissions: null,
    };
    expect(applyIdentityPatch(current, nulls)).toEqual(current);
  });

  it('changes only the keys present; tags and appData are replaced whole', () => {
    expect(applyIdentityPatch(current, { name: 'dave', isAdmin: true, tags: { c: '3' }, appData: {}, defaultHostingCost: 0 })).toEqual({
      ...current, name: 'dave', isAdmin: true, tags: { c: '3' }, appData: {}, defaultHostingCost: 0,
    });
  });

  it('a blank externalId clears it and a blank authPolicyId selects the default policy', () => {
    expect(applyIdentityPatch(current, { externalId: '', authPolicyId: '' })).toMatchObject({ externalId: null, authPolicyId: 'default' });
  });
});
