import type { ExternalJwtSignerCreateDto } from './dto/external-jwt-signer-create.dto';
import { ExternalJwtSignerEntity } from './external-jwt-signer.entity';
import {
  applyExternalJwtSignerPatch,
  type ExternalJwtSignerFields,
  fromExternalJwtSignerCreate,
  toClientExternalJwtSignerDetail,
  toExternalJwtSignerDetail,
  ZERO_TIME,
} from './external-jwt-signer.mapper';

const T0 = new Date('2024-05-01T10:00:00.000Z');
const T1 = new Date('2024-05-02T11:30:00.250Z');

function signer(over: Partial<ExternalJwtSignerEntity> = {}): ExternalJwtSignerEntity {
  return Object.assign(new ExternalJwtSignerEntity(), {
    id: 'sig1',
    name: 'Keycloak',
    enabled: true,
    certPem: null,
    jwksEndpoint: 'https://idp.example.com/certs',
    kid: null,
    issuer: 'https://idp.example.com',
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
    createdAt: T0,
    updatedAt: T1,
    ...over,
  });
}

const minimal: ExternalJwtSignerCreateDto = { name: 'n', enabled: true, issuer: 'iss', audience: 'aud', jwksEndpoint: 'https://idp/certs' };

describe('toExternalJwtSignerDetail', () => {
  it('a JWKS signer: every required key present, zero times, nulls where unset, RFC 3339 dates and a self link', () => {
    expect(toExternalJwtSignerDetail(signer())).toEqual({
      id: 'sig1',
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-02T11:30:00.250Z',
      _links: { self: { href: './external-jwt-signers/sig1' } },
      tags: {},
      name: 'Keycloak',
      enabled: true,
      certPem: null,
      jwksEndpoint: 'https://idp.example.com/certs',
      fingerprint: null,
      commonName: '',
      notBefore: ZERO_TIME,
      notAfter: ZERO_TIME,
      kid: null,
      issuer: 'https://idp.example.com',
      audience: 'openziti',
      externalAuthUrl: null,
      claimsProperty: '/sub',
      useExternalId: false,
      clientId: null,
      scopes: null,
      targetToken: 'ACCESS',
      enrollToCertEnabled: false,
      enrollToTokenEnabled: false,
      enrollAuthPolicyId: 'default',
      enrollNameClaimsSelector: '/sub',
    });
    expect(ZERO_TIME).toBe('0001-01-01T00:00:00.000Z');
  });

  it('a certificate signer shows its certificate facts; set optional fields come through', () => {
    const detail = toExternalJwtSignerDetail(
      signer({
        certPem: 'PEM', jwksEndpoint: null, fingerprint: 'ab12', commonName: 'idp signer', notBefore: T0, notAfter: T1, kid: 'k1',
        externalAuthUrl: 'https://idp/auth', clientId: 'ziti', scopes: ['openid', 'email'], targetToken: 'ID', useExternalId: true,
        enrollAttributeClaimsSelector: '/groups', tags: { team: 'id' },
      }),
    );
    expect(detail).toMatchObject({
      certPem: 'PEM', jwksEndpoint: null, fingerprint: 'ab12', commonName: 'idp signer', notBefore: T0.toISOString(), notAfter: T1.toISOString(),
      kid: 'k1', externalAuthUrl: 'https://idp/auth', clientId: 'ziti', scopes: ['openid', 'email'], targetToken: 'ID', useExternalId: true,
      enrollAttributeClaimsSelector: '/groups', tags: { team: 'id' },
    });
  });

  it('leaves out the omitempty strings when unset, never sending null for them', () => {
    const detail = toExternalJwtSignerDetail(signer({ enrollAuthPolicyId: null, enrollNameClaimsSelector: null }));
    expect(Object.keys(detail).filter((k) => k.startsWith('enroll'))).toEqual(['enrollToCertEnabled', 'enrollToTokenEnabled']);
  });

  it('copies tags and scopes so callers cannot alias the entity', () => {
    const s = signer({ tags: { a: 1 }, scopes: ['x'] });
    const detail = toExternalJwtSignerDetail(s);
    detail.tags.b = 2;
    detail.scopes?.push('y');
    expect([s.tags, s.scopes]).toEqual([{ a: 1 }, ['x']]);
  });
});

describe('toClientExternalJwtSignerDetail', () => {
  it('has only the client fields: no issuer, key material, selectors, enrollment policy or admin tags', () => {
    const detail = toClientExternalJwtSignerDetail(signer({ tags: { owner: 'alice' }, clientId: 'ziti', scopes: ['openid'], externalAuthUrl: 'https://idp/auth', kid: 'k', certPem: 'PEM' }));
    expect(detail).toEqual({
      id: 'sig1',
      createdAt: T0.toISOString(),
      updatedAt: T1.toISOString(),
      _links: { self: { href: './external-jwt-signers/sig1' } },
      tags: {},
      name: 'Keycloak',
      externalAuthUrl: 'https://idp/auth',
      clientId: 'ziti',
      scopes: ['openid'],
      audience: 'openziti',
      targetToken: 'ACCESS',
      enrollToCertEnabled: false,
      enrollToTokenEnabled: false,
    });
  });
});

describe('fromExternalJwtSignerCreate', () => {
  it('applies OpenZiti\'s defaults to a minimal body', () => {
    expect(fromExternalJwtSignerCreate(minimal)).toEqual({
      name: 'n', enabled: true, issuer: 'iss', audience: 'aud', certPem: null, jwksEndpoint: 'https://idp/certs', kid: null, externalAuthUrl: null,
      claimsProperty: '/sub', useExternalId: false, clientId: null, scopes: null, targetToken: 'ACCESS', tags: {}, enrollToCertEnabled: false,
      enrollToTokenEnabled: false, enrollAttributeClaimsSelector: null, enrollNameClaimsSelector: '/sub', enrollAuthPolicyId: 'default',
    } satisfies ExternalJwtSignerFields);
  });

  it('treats null and blank optional strings as unset or default', () => {
    const fields = fromExternalJwtSignerCreate({
      ...minimal, certPem: '  ', kid: '', externalAuthUrl: ' ', claimsProperty: '', clientId: null, targetToken: null, useExternalId: null,
      enrollAttributeClaimsSelector: '', enrollNameClaimsSelector: ' ', enrollAuthPolicyId: '', tags: null, scopes: null,
    });
    expect(fields).toMatchObject({ certPem: null, kid: null, externalAuthUrl: null, claimsProperty: '/sub', clientId: null, targetToken: 'ACCESS', useExternalId: false, enrollAttributeClaimsSelector: null, enrollNameClaimsSelector: '/sub', enrollAuthPolicyId: 'default', tags: {}, scopes: null });
  });

  it('keeps values that are set, selectors as sent (leading slash optional)', () => {
    const fields = fromExternalJwtSignerCreate({ ...minimal, claimsProperty: 'email', targetToken: 'ID', useExternalId: true, scopes: [], kid: 'k1', enrollAuthPolicyId: 'p1' });
    expect(fields).toMatchObject({ claimsProperty: 'email', targetToken: 'ID', useExternalId: true, scopes: [], kid: 'k1', enrollAuthPolicyId: 'p1' });
  });
});

describe('applyExternalJwtSignerPatch', () => {
  const current = signer({ kid: 'k1', clientId: 'ziti', scopes: ['openid'], tags: { a: 'b' }, targetToken: 'ID', claimsProperty: '/email' });

  it('an empty patch or one of nulls changes nothing', () => {
    const { id: _id, createdAt: _c, updatedAt: _u, fingerprint: _f, commonName: _cn, notBefore: _nb, notAfter: _na, ...fields } = current;
    expect(applyExternalJwtSignerPatch(current, {})).toEqual(fields);
    expect(applyExternalJwtSignerPatch(current, { name: null, kid: null, scopes: null, tags: null, targetToken: null, enabled: null, jwksEndpoint: null })).toEqual(fields);
  });

  it('changes the keys present; blank clears optional strings or restores their default', () => {
    expect(applyExternalJwtSignerPatch(current, { enabled: false, kid: '', clientId: ' ', claimsProperty: '', enrollAuthPolicyId: '' })).toMatchObject({
      enabled: false, kid: null, clientId: null, claimsProperty: '/sub', enrollAuthPolicyId: 'default', targetToken: 'ID',
    });
  });

  it('switches key source with the new one set and the old one blanked', () => {
    expect(applyExternalJwtSignerPatch(signer(), { certPem: 'PEM', jwksEndpoint: '' })).toMatchObject({ certPem: 'PEM', jwksEndpoint: null });
  });

  it('replaces tags and scopes whole', () => {
    expect(applyExternalJwtSignerPatch(current, { tags: { c: 'd' }, scopes: [] })).toMatchObject({ tags: { c: 'd' }, scopes: [] });
  });
});
