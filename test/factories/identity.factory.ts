import { randomId } from '../../src/common/crypto/random';
import { AuthPolicyEntity } from '../../src/auth-policies/auth-policy.entity';
import { AuthenticatorsService } from '../../src/authenticators/authenticators.service';
import { IdentityEntity } from '../../src/identities/identity.entity';
import { IdentityRepository } from '../../src/identities/identity.repository';
import { newIdentity } from '../../src/identities/new-identity';
import type { TestContext } from '../support/test-context';

export interface TestUser {
  identity: IdentityEntity;
  username: string;
  password: string;
}

/** A fresh identity with a username/password authenticator, written through the controller's own services. */
export async function createUser(t: TestContext, opts: { authPolicyId?: string; isAdmin?: boolean; password?: string } = {}): Promise<TestUser> {
  const username = `user-${randomId(8)}`;
  const password = opts.password ?? `Pw-${randomId(12)}!`;
  const identities = t.handle.app.get(IdentityRepository);
  const identity = await identities.insert(
    newIdentity({ name: username, type: 'User', isAdmin: opts.isAdmin ?? false, authPolicyId: opts.authPolicyId ?? 'default' }, t.clock.now()),
  );
  await t.handle.app.get(AuthenticatorsService).createUpdb(identity.id, username, password);
  return { identity, username, password };
}

/** An authentication policy row with the default policy's values overridden by `fields`. */
export async function createPolicy(t: TestContext, fields: Partial<AuthPolicyEntity>): Promise<AuthPolicyEntity> {
  const repo = t.handle.ctx.dataSource.getRepository(AuthPolicyEntity);
  const base = await repo.findOneByOrFail({ id: 'default' });
  const now = t.clock.now();
  return repo.save(Object.assign(new AuthPolicyEntity(), base, { id: randomId(), name: `policy-${randomId(6)}`, createdAt: now, updatedAt: now, ...fields }));
}

export async function reloadIdentity(t: TestContext, id: string): Promise<IdentityEntity> {
  return t.handle.ctx.dataSource.getRepository(IdentityEntity).findOneByOrFail({ id });
}
