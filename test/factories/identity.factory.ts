import type { DataSource } from 'typeorm';
import { randomId } from '../../src/common/crypto/random';
import { AuthPolicyEntity } from '../../src/auth-policies/auth-policy.entity';
import type { AuthPolicyDetailDto } from '../../src/auth-policies/dto/auth-policy-detail.dto';
import { AuthenticatorsService } from '../../src/authenticators/authenticators.service';
import { IdentityEntity } from '../../src/identities/identity.entity';
import { IdentityRepository } from '../../src/identities/identity.repository';
import { newIdentity } from '../../src/identities/new-identity';
import { expectBodySchema } from '../support/expect-api';
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

/*
 * Fixtures made through the management API as the default admin, so they go through the same routes and
 * validation as a client's. Each asserts the 201 it expects: a broken create fails the test that needed
 * it at once rather than at a later, puzzling assertion.
 */

const MANAGEMENT = '/edge/management/v1';

export interface ApiIdentity {
  id: string;
  name: string;
}

/** `POST /identities`: a non-admin `User` unless `body` says otherwise. */
export async function createIdentityViaApi(t: TestContext, body: Record<string, unknown> = {}): Promise<ApiIdentity> {
  const fields = { name: `id-${randomId()}`, type: 'User', isAdmin: false, ...body };
  const res = await (await t.admin()).post(`${MANAGEMENT}/identities`, fields);
  expect(res.status).toBe(201);
  expectBodySchema('createEnvelope', res);
  expect(res.body.data._links.self.href).toBe(`./identities/${res.body.data.id}`);
  return { id: res.body.data.id, name: fields.name as string };
}

export interface ApiUpdb {
  id: string;
  username: string;
  password: string;
}

/** `POST /authenticators` with method updb, for an existing identity. */
export async function createUpdbViaApi(t: TestContext, identityId: string, fields: { username?: string; password?: string; tags?: Record<string, unknown> } = {}): Promise<ApiUpdb> {
  const { username = `user-${randomId(8)}`, password = 'Initial-pass1!', tags } = fields;
  const res = await (await t.admin()).post(`${MANAGEMENT}/authenticators`, { method: 'updb', identityId, username, password, tags });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, username, password };
}

export interface ApiUser {
  identity: ApiIdentity;
  updbId: string;
  username: string;
  password: string;
}

/** An identity and its updb authenticator, both through the API; not logged in (that would open a session). */
export async function createUserViaApi(t: TestContext, opts: { identity?: Record<string, unknown>; password?: string } = {}): Promise<ApiUser> {
  const identity = await createIdentityViaApi(t, opts.identity);
  const updb = await createUpdbViaApi(t, identity.id, { password: opts.password });
  return { identity, updbId: updb.id, username: updb.username, password: updb.password };
}

type UpdbRules = Omit<AuthPolicyDetailDto['primary']['updb'], 'allowed'>;

/** `POST /auth-policies`: OpenZiti's `Default` policy values, with `updb` overriding its password and lockout rules. */
export async function createPolicyViaApi(t: TestContext, updb: Partial<UpdbRules> = {}): Promise<{ id: string; name: string }> {
  const name = `policy-${randomId()}`;
  const res = await (await t.admin()).post(`${MANAGEMENT}/auth-policies`, {
    name,
    primary: {
      cert: { allowed: true, allowExpiredCerts: true },
      updb: { allowed: true, minPasswordLength: 5, requireSpecialChar: false, requireNumberChar: false, requireMixedCase: false, maxAttempts: 0, lockoutDurationMinutes: 0, ...updb },
      extJwt: { allowed: true, allowedSigners: [] },
    },
    secondary: { requireTotp: false, requireExtJwtSigner: null },
  });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, name };
}

/** A bare identity row (default policy) for repository contract suites; returns its id. */
export async function insertIdentityRow(ds: DataSource, name = `identity-${randomId(6)}`, now = new Date()): Promise<string> {
  const row = newIdentity({ name }, now);
  await ds.getRepository(IdentityEntity).insert(row);
  return row.id;
}
