import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import { openDatabase } from '../database/data-source';
import { IdentityEntity } from '../identities/identity.entity';
import { newIdentity } from '../identities/new-identity';
import { AuthPoliciesService } from './auth-policies.service';
import { AuthPolicyEntity } from './auth-policy.entity';
import { AuthPolicyRepository, type DeleteResult } from './auth-policy.repository';
import type { AuthPolicyCreateDto } from './dto/auth-policy-create.dto';
import { SignerReferences } from './signer-references';

/**
 * Medium tests of the service on a real SQLite database, for the paths the e2e suite cannot reach yet:
 * signers that exist (there is no signer module), signers referencing a policy, and a delete racing an
 * identity create.
 */
class FakeSigners extends SignerReferences {
  known = new Set(['signer-a', 'signer-b']);
  enrolling: Record<string, string[]> = {};
  async exists(ids: readonly string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.known.has(id)));
  }
  async enrollingWith(policyId: string): Promise<string[]> {
    return this.enrolling[policyId] ?? [];
  }
}

function body(name: string, allowedSigners: string[] = [], requireExtJwtSigner: string | null = null): AuthPolicyCreateDto {
  return {
    name,
    primary: {
      cert: { allowed: true, allowExpiredCerts: true },
      updb: { allowed: true, minPasswordLength: 8, requireSpecialChar: true, requireNumberChar: false, requireMixedCase: false, maxAttempts: 0, lockoutDurationMinutes: 0 },
      extJwt: { allowed: true, allowedSigners },
    },
    secondary: { requireTotp: false, requireExtJwtSigner },
  };
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('AuthPoliciesService (SQLite)', () => {
  let ds: DataSource;
  let signers: FakeSigners;
  let repo: AuthPolicyRepository;
  let service: AuthPoliciesService;
  const clock = new ManualClock(new Date('2024-03-01T00:00:00.000Z'));

  beforeAll(async () => {
    ds = await openDatabase(':memory:');
    signers = new FakeSigners();
    repo = new AuthPolicyRepository(ds.getRepository(AuthPolicyEntity));
    service = new AuthPoliciesService(repo, signers, clock);
  });
  afterAll(() => ds.destroy());

  it('accepts signers that exist and stores them', async () => {
    const p = await service.create(body('known', ['signer-a', 'signer-b'], 'signer-b'));
    expect(await service.get(p.id)).toMatchObject({ extJwtAllowedSigners: ['signer-a', 'signer-b'], requireExtJwtSigner: 'signer-b', createdAt: clock.now() });
  });

  it('names the first unknown signer by its index', async () => {
    const err = await apiError(service.create(body('unknown', ['signer-a', 'ghost', 'ghost-2'])));
    expect([err.code, err.cause]).toEqual(['NOT_FOUND', { field: 'primary.extJwt.allowedSigners[1]', reason: 'external JWT signer not found', value: 'ghost' }]);
    const second = await apiError(service.create(body('unknown', ['signer-a'], 'ghost')));
    expect(second.cause).toMatchObject({ field: 'secondary.requireExtJwtSigner', value: 'ghost' });
    expect((await service.list({ filter: 'name = "unknown"' })).items).toEqual([]);
  });

  it('get of an unknown id is 404; exists answers false', async () => {
    expect((await apiError(service.get('nope'))).code).toBe('NOT_FOUND');
    expect(await service.exists('nope')).toBe(false);
    expect(await service.exists('default')).toBe(true);
  });

  it('assertPassword applies the policy\'s rules and never echoes the password', async () => {
    const p = await service.create(body('pw'));
    await expect(service.assertPassword(p.id, 'long-enough!')).resolves.toBeUndefined();
    const short = await apiError(service.assertPassword(p.id, 'short!'));
    expect([short.code, short.cause]).toEqual(['COULD_NOT_VALIDATE', { field: 'password', reason: 'must be at least 8 characters', value: undefined }]);
    expect((await apiError(service.assertPassword(p.id, 'nospecialchar'))).cause).toMatchObject({ reason: 'must contain a special character' });
    expect((await apiError(service.assertPassword('nope', 'whatever!!'))).code).toBe('NOT_FOUND');
  });

  it('refuses to delete a policy a signer enrolls identities with', async () => {
    const p = await service.create(body('enrolling'));
    signers.enrolling[p.id] = ['signer-a'];
    const err = await apiError(service.delete(p.id));
    expect([err.code, err.cause]).toEqual(['CAN_NOT_DELETE_REFERENCED_ENTITY', { field: 'enrollAuthPolicyId', value: ['signer-a'], reason: expect.any(String) }]);
    delete signers.enrolling[p.id];
    await service.delete(p.id);
    expect(await service.exists(p.id)).toBe(false);
  });

  it('refuses default even when no identity uses it', async () => {
    expect(await repo.identitiesReferencing('default', 10)).toEqual({ ids: [], total: 0 });
    const err = await apiError(service.delete('default'));
    expect([err.code, err.cause]).toEqual(['CAN_NOT_DELETE_REFERENCED_ENTITY', { field: 'authPolicyId', value: [], reason: expect.stringContaining('default') }]);
  });

  it('a delete racing an identity create answers 409, not 500', async () => {
    const p = await service.create(body('raced'));
    // The identity appears after the reference check, just before the DELETE statement.
    const racing = new (class extends AuthPolicyRepository {
      override async deleteById(id: string): Promise<DeleteResult> {
        await ds.getRepository(IdentityEntity).insert(newIdentity({ id: 'late', name: 'late', authPolicyId: id }, clock.now()));
        return super.deleteById(id);
      }
    })(ds.getRepository(AuthPolicyEntity));
    const err = await apiError(new AuthPoliciesService(racing, signers, clock).delete(p.id));
    expect([err.code, err.cause]).toEqual(['CAN_NOT_DELETE_REFERENCED_ENTITY', { field: 'authPolicyId', value: ['late'], reason: expect.any(String) }]);
    expect(await service.exists(p.id)).toBe(true);
  });

  it('stamps updatedAt from the clock on every write and keeps createdAt', async () => {
    const p = await service.create(body('stamps'));
    clock.advance(60_000);
    await service.patch(p.id, { tags: { a: 'b' } });
    const after = await service.get(p.id);
    expect([after.createdAt, after.updatedAt, after.tags]).toEqual([p.createdAt, clock.now(), { a: 'b' }]);
  });
});
