import type { AuthenticatorEntity } from './authenticator.entity';
import { fromAuthenticatorPatch, fromAuthenticatorUpdate, toAuthenticatorDetail } from './authenticator.mapper';
import { newAuthenticator } from './new-authenticator';

const SECRET_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
const UNVERIFIED_PEM = '-----BEGIN CERTIFICATE-----\nUNVERIFIED\n-----END CERTIFICATE-----\n';

const entity = (over: Partial<AuthenticatorEntity> = {}): AuthenticatorEntity =>
  newAuthenticator(
    {
      id: 'a1',
      identityId: 'i1',
      method: 'updb',
      username: 'alice',
      passwordHash: SECRET_HASH,
      unverifiedCertPem: UNVERIFIED_PEM,
      unverifiedFingerprint: 'ffff',
      tags: { team: 'ops' },
      updatedAt: new Date('2024-02-03T04:05:06.007Z'),
      ...over,
    },
    new Date('2024-01-02T03:04:05.006Z'),
  );

const certEntity = () =>
  entity({
    method: 'cert',
    username: null,
    passwordHash: null,
    certPem: 'PEM',
    fingerprint: 'abc123',
    isIssuedByNetwork: true,
    extendRequestedAt: new Date('2024-03-01T00:00:00.000Z'),
  });

/** Every key at any depth, to prove no secret-named field appears anywhere. */
function allKeys(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
}

const FORBIDDEN = /password|hash|salt|unverified/i;

describe('toAuthenticatorDetail', () => {
  it('maps an updb authenticator with the identity entityRef and RFC 3339 dates', () => {
    expect(toAuthenticatorDetail(entity(), 'Alice')).toEqual({
      id: 'a1',
      createdAt: '2024-01-02T03:04:05.006Z',
      updatedAt: '2024-02-03T04:05:06.007Z',
      tags: { team: 'ops' },
      _links: { self: { href: './authenticators/a1' } },
      method: 'updb',
      identityId: 'i1',
      identity: { entity: 'identities', id: 'i1', name: 'Alice', _links: { self: { href: './identities/i1' } } },
      username: 'alice',
    });
  });

  it('maps a cert authenticator with its certificate fields and no username', () => {
    const d = toAuthenticatorDetail(certEntity(), 'Alice');
    expect(d).toMatchObject({
      method: 'cert',
      certPem: 'PEM',
      fingerprint: 'abc123',
      isIssuedByNetwork: true,
      isExtendRequested: false,
      isKeyRollRequested: false,
      extendRequestedAt: '2024-03-01T00:00:00.000Z',
      lastAuthResolvedToRoot: false,
      lastExtendRolledKeys: false,
    });
    expect(d).not.toHaveProperty('username');
  });

  it.each([
    ['updb', entity()],
    ['cert', certEntity()],
  ])('never carries a password, hash, salt or unverified certificate (%s)', (_m, a) => {
    const d = toAuthenticatorDetail(a, 'Alice');
    expect(allKeys(d).filter((k) => FORBIDDEN.test(k))).toEqual([]);
    const text = JSON.stringify(d);
    expect(text).not.toContain(SECRET_HASH);
    expect(text).not.toContain('c2FsdHNhbHRzYWx0');
    expect(text).not.toContain(UNVERIFIED_PEM.trim());
  });

  it('always sends tags, {} when none are stored', () => {
    expect(toAuthenticatorDetail(entity({ tags: null as never }), 'Alice').tags).toEqual({});
  });

  it('points self at the current-identity collection for self-service', () => {
    expect(toAuthenticatorDetail(entity(), 'Alice', 'current-identity/authenticators')._links.self.href).toBe(
      './current-identity/authenticators/a1',
    );
  });
});

describe('PUT and PATCH bodies', () => {
  it('PUT replaces tags: omitted or null become {}', () => {
    expect(fromAuthenticatorUpdate({ username: 'alice', password: 'secret-1' })).toEqual({ username: 'alice', password: 'secret-1', tags: {} });
    expect(fromAuthenticatorUpdate({ username: 'alice', password: 'secret-1', tags: null })).toEqual({
      username: 'alice',
      password: 'secret-1',
      tags: {},
    });
  });

  it('PATCH keeps only keys present with a non-null value', () => {
    expect(fromAuthenticatorPatch({ username: null, password: 'secret-1', tags: null })).toEqual({ password: 'secret-1' });
    expect(fromAuthenticatorPatch({})).toEqual({});
    expect(fromAuthenticatorPatch({ tags: {} })).toEqual({ tags: {} });
  });
});
