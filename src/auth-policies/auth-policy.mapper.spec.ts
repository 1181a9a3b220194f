import { AuthPolicyEntity } from './auth-policy.entity';
import { type AuthPolicyFields, applyAuthPolicyPatch, fromAuthPolicyCreate, normaliseAuthPolicy, toAuthPolicyDetail } from './auth-policy.mapper';
import type { AuthPolicyCreateDto } from './dto/auth-policy-create.dto';
import type { AuthPolicyPatchDto } from './dto/auth-policy-patch.dto';

const FIELDS: AuthPolicyFields = {
  name: 'Strict',
  tags: { team: 'ops' },
  certAllowed: true,
  certAllowExpired: false,
  updbAllowed: true,
  minPasswordLength: 12,
  requireSpecialChar: true,
  requireNumberChar: false,
  requireMixedCase: true,
  maxAttempts: 3,
  lockoutDurationMinutes: 15,
  extJwtAllowed: false,
  extJwtAllowedSigners: ['s1', 's2'],
  requireTotp: true,
  requireExtJwtSigner: 's3',
};

const entity = (over: Partial<AuthPolicyEntity> = {}): AuthPolicyEntity =>
  Object.assign(new AuthPolicyEntity(), FIELDS, {
    id: 'p1',
    createdAt: new Date('2024-01-02T03:04:05.006Z'),
    updatedAt: new Date('2024-02-03T04:05:06.007Z'),
    ...over,
  });

const CREATE: AuthPolicyCreateDto = {
  name: 'Strict',
  tags: { team: 'ops' },
  primary: {
    cert: { allowed: true, allowExpiredCerts: false },
    updb: { allowed: true, minPasswordLength: 12, requireSpecialChar: true, requireNumberChar: false, requireMixedCase: true, maxAttempts: 3, lockoutDurationMinutes: 15 },
    extJwt: { allowed: false, allowedSigners: ['s1', 's2'] },
  },
  secondary: { requireTotp: true, requireExtJwtSigner: 's3' },
};

describe('toAuthPolicyDetail', () => {
  it('renders every field under its wire name, with a self link and RFC 3339 dates', () => {
    expect(toAuthPolicyDetail(entity())).toEqual({
      id: 'p1',
      createdAt: '2024-01-02T03:04:05.006Z',
      updatedAt: '2024-02-03T04:05:06.007Z',
      _links: { self: { href: './auth-policies/p1' } },
      tags: { team: 'ops' },
      name: 'Strict',
      primary: {
        cert: { allowed: true, allowExpiredCerts: false },
        updb: { allowed: true, minPasswordLength: 12, requireSpecialChar: true, requireNumberChar: false, requireMixedCase: true, maxAttempts: 3, lockoutDurationMinutes: 15 },
        extJwt: { allowed: false, allowedSigners: ['s1', 's2'] },
      },
      secondary: { requireTotp: true, requireExtJwtSigner: 's3' },
    });
  });

  it('always sends tags as an object, allowedSigners as an array and requireExtJwtSigner as null when unset', () => {
    const bare = entity({ tags: null as never, extJwtAllowedSigners: undefined as never, requireExtJwtSigner: null });
    const detail = toAuthPolicyDetail(bare);
    expect(detail.tags).toEqual({});
    expect(detail.primary.extJwt.allowedSigners).toEqual([]);
    expect(detail.secondary.requireExtJwtSigner).toBeNull();
    expect(Object.keys(detail.secondary)).toContain('requireExtJwtSigner');
  });

  it('copies collections, so a caller cannot mutate the entity through the detail', () => {
    const e = entity();
    const detail = toAuthPolicyDetail(e);
    detail.tags.x = 1;
    detail.primary.extJwt.allowedSigners.push('s9');
    expect(e.tags).toEqual({ team: 'ops' });
    expect(e.extJwtAllowedSigners).toEqual(['s1', 's2']);
  });
});

describe('fromAuthPolicyCreate', () => {
  it('maps every wire field to its column field', () => {
    expect(fromAuthPolicyCreate(CREATE)).toEqual(FIELDS);
  });

  it('stores absent or null tags as {} and an absent signer as null (PUT replaces everything)', () => {
    const body = { ...CREATE, tags: undefined, secondary: { requireTotp: false } };
    expect(fromAuthPolicyCreate(body)).toMatchObject({ tags: {}, requireExtJwtSigner: null, requireTotp: false });
    expect(fromAuthPolicyCreate({ ...CREATE, tags: null }).tags).toEqual({});
  });
});

describe('applyAuthPolicyPatch', () => {
  it('an empty patch changes nothing', () => {
    expect(applyAuthPolicyPatch(FIELDS, {})).toEqual(FIELDS);
  });

  it('ignores null at every level', () => {
    const patch: AuthPolicyPatchDto = {
      name: null,
      tags: null,
      primary: { cert: null, updb: { minPasswordLength: null, maxAttempts: null }, extJwt: { allowedSigners: null, allowed: null } },
      secondary: { requireTotp: null, requireExtJwtSigner: null },
    };
    expect(applyAuthPolicyPatch(FIELDS, patch)).toEqual(FIELDS);
    expect(applyAuthPolicyPatch(FIELDS, { primary: null, secondary: null })).toEqual(FIELDS);
  });

  it('changes exactly the keys present, false and 0 included', () => {
    const out = applyAuthPolicyPatch(FIELDS, {
      name: 'Renamed',
      primary: { cert: { allowed: false }, updb: { requireMixedCase: false, maxAttempts: 0 } },
      secondary: { requireTotp: false },
    });
    expect(out).toEqual({ ...FIELDS, name: 'Renamed', certAllowed: false, requireMixedCase: false, maxAttempts: 0, requireTotp: false });
  });

  it('does not copy OpenZiti\'s cross-wiring: requireMixedCase does not touch requireNumberChar or minPasswordLength', () => {
    const out = applyAuthPolicyPatch(FIELDS, { primary: { updb: { requireMixedCase: false } } });
    expect(out.requireNumberChar).toBe(FIELDS.requireNumberChar);
    expect(out.minPasswordLength).toBe(FIELDS.minPasswordLength);
  });

  it('replaces tags and allowedSigners wholesale', () => {
    const out = applyAuthPolicyPatch(FIELDS, { tags: { env: 'prod' }, primary: { extJwt: { allowedSigners: [] } } });
    expect(out.tags).toEqual({ env: 'prod' });
    expect(out.extJwtAllowedSigners).toEqual([]);
    expect(applyAuthPolicyPatch(FIELDS, { tags: {} }).tags).toEqual({});
  });
});

describe('normaliseAuthPolicy', () => {
  it.each([
    [{ minPasswordLength: 4 }, { minPasswordLength: 5 }],
    [{ minPasswordLength: -10 }, { minPasswordLength: 5 }],
    [{ minPasswordLength: 5 }, { minPasswordLength: 5 }],
    [{ minPasswordLength: 6 }, { minPasswordLength: 6 }],
    [{ maxAttempts: -1 }, { maxAttempts: 0 }],
    [{ maxAttempts: 0 }, { maxAttempts: 0 }],
    [{ maxAttempts: 7 }, { maxAttempts: 7 }],
    [{ lockoutDurationMinutes: -5 }, { lockoutDurationMinutes: 0 }],
    [{ lockoutDurationMinutes: 0 }, { lockoutDurationMinutes: 0 }],
    [{ lockoutDurationMinutes: 30 }, { lockoutDurationMinutes: 30 }],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseAuthPolicy({ ...FIELDS, ...input })).toEqual({ ...FIELDS, ...input, ...expected });
  });
});
