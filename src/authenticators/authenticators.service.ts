import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { PKI_MATERIAL } from '../app.tokens';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import type { ListQueryInput } from '../common/http/zitiql';
import type { JsonObject } from '../database/columns';
import { TransactionRunner } from '../database/transaction-runner';
import type { PkiMaterial } from '../x509/pki-store';
import { checkAuthenticatorCert } from './authenticator-cert';
import { AuthenticatorEntity, type AuthenticatorMethod } from './authenticator.entity';
import type { AuthenticatorChanges } from './authenticator.mapper';
import { type AuthenticatorClash, AuthenticatorRepository } from './authenticator.repository';
import { newAuthenticator } from './new-authenticator';
import { UpdbCredentials, identityNotFound } from './updb-credentials';

/** A management create (`authenticatorCreate`) after edge validation. */
export type NewAuthenticator =
  | { method: 'updb'; identityId: string; username: string; password: string; tags: JsonObject }
  | { method: 'cert'; identityId: string; certPem: string; tags: JsonObject };

/**
 * Authenticators: the credentials an identity logs in with (updb username/password, or a certificate).
 * Management CRUD, the caller's own self-service updates, and the lookups the authentication pipeline needs.
 * Every password set here passes the owner's auth-policy rules (see UpdbCredentials).
 */
@Injectable()
export class AuthenticatorsService {
  constructor(
    private readonly repo: AuthenticatorRepository,
    private readonly credentials: UpdbCredentials,
    private readonly sessions: ApiSessionsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(PKI_MATERIAL) private readonly pki: PkiMaterial,
  ) {}

  findUpdbByUsername(username: string): Promise<AuthenticatorEntity | null> {
    return this.repo.findUpdbByUsername(username);
  }

  listForIdentity(identityId: string): Promise<AuthenticatorEntity[]> {
    return this.repo.listForIdentity(identityId);
  }

  listForIdentities(identityIds: string[]): Promise<AuthenticatorEntity[]> {
    return this.repo.listForIdentities(identityIds);
  }

  /** A page of authenticators, optionally only `identityId`'s (self-service lists). */
  page(query: ListQueryInput, identityId?: string): Promise<Page<AuthenticatorEntity>> {
    return this.repo.page(query, identityId);
  }

  /** The owners' names for the `identity` entityRef of each detail (one query per page). */
  async identityNames(identityIds: string[]): Promise<Map<string, string>> {
    const refs = await this.repo.identityRefs(identityIds);
    return new Map([...refs].map(([id, ref]) => [id, ref.name]));
  }

  /** The authenticator, or 404 NOT_FOUND. */
  async get(id: string): Promise<AuthenticatorEntity> {
    const a = await this.repo.findById(id);
    if (!a) throw ApiError.notFound();
    return a;
  }

  /** `identityId`'s own authenticator; another identity's answers 404 exactly like an unknown id. */
  async getOwned(identityId: string, id: string): Promise<AuthenticatorEntity> {
    const a = await this.repo.findById(id);
    if (!a || a.identityId !== identityId) throw ApiError.notFound();
    return a;
  }

  /**
   * Creates a username/password authenticator (bootstrap, enrollment, factories). The password must pass
   * the identity's auth-policy rules; pass `manager` when the identity was created in the same transaction.
   */
  async createUpdb(identityId: string, username: string, password: string, manager?: EntityManager): Promise<AuthenticatorEntity> {
    return this.insertUpdb(identityId, username, password, {}, manager);
  }

  /** Sets an updb authenticator's password (the owner's policy rules apply). */
  async setPassword(id: string, password: string): Promise<void> {
    const a = await this.get(id);
    assertUpdb(a);
    await this.applyUpdbChanges(a, { password });
  }

  /** `POST /authenticators`. */
  async create(input: NewAuthenticator): Promise<AuthenticatorEntity> {
    if (input.method === 'updb') return this.insertUpdb(input.identityId, input.username, input.password, input.tags);
    await this.assertCanAdd(input.identityId, 'cert');
    // The network's root is the only anchor; our intermediate may complete the chain but never ends it.
    const cert = checkAuthenticatorCert(input.certPem, { rootsPem: [this.pki.root.certPem], intermediatesPem: [this.pki.intermediate.certPem] });
    if (await this.repo.findByFingerprint(cert.fingerprint)) throw certInUse(cert.fingerprint);
    const a = newAuthenticator(
      {
        identityId: input.identityId,
        method: 'cert',
        tags: input.tags,
        certPem: cert.certPem,
        fingerprint: cert.fingerprint,
        // Only certificates chaining to our own PKI are accepted, so every one was issued by the network.
        isIssuedByNetwork: true,
      },
      this.clock.now(),
    );
    return this.insert(a);
  }

  /** Management PUT/PATCH: updb only (a certificate is replaced through extension, never edited). */
  async update(id: string, changes: AuthenticatorChanges): Promise<void> {
    const a = await this.get(id);
    assertUpdb(a);
    await this.applyUpdbChanges(a, changes);
  }

  /**
   * Self-service PUT/PATCH of the caller's own updb authenticator. `currentPassword` is verified first
   * (401 with cause field `currentPassword` when wrong, nothing changed); the write then only lands if
   * the password is still the one verified. The caller's session is kept: changing a password does not
   * log the caller out.
   */
  async updateOwn(identityId: string, id: string, changes: AuthenticatorChanges, currentPassword: string): Promise<void> {
    const a = await this.getOwned(identityId, id);
    assertUpdb(a);
    if (!(await this.credentials.verify(a.passwordHash, currentPassword))) throw wrongCurrentPassword();
    await this.applyUpdbChanges(a, changes, a.passwordHash ?? undefined);
  }

  /**
   * Deletes the authenticator and, in the same transaction, every API session of its identity. OpenZiti
   * leaves sessions alone here, but whoever removes a credential (often because it leaked) expects it to
   * stop working at once, including sessions already opened with it. Sessions only record which
   * authenticator opened them in the api-sessions module, which offers no per-authenticator delete yet, so
   * all the identity's sessions go: over-revoking costs a re-login, under-revoking keeps a leaked
   * credential's session alive.
   */
  async delete(id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const a = await this.repo.findById(id, m);
      if (!a || !(await this.repo.delete(id, m))) throw ApiError.notFound();
      await this.sessions.deleteAllForIdentity(a.identityId, m);
    });
  }

  /*
   * Enrollment (src/enrollments): the enrollers prepare an authenticator outside any transaction (argon2 and
   * CSR signing are slow, and SQLite transactions are queued), then EnrollService saves it with
   * insertPrepared in the transaction that consumes the enrollment.
   */

  /** A updb authenticator checked (owner, one per method, username free, policy rules) and hashed, not saved. */
  async prepareUpdb(identityId: string, username: string, password: string): Promise<AuthenticatorEntity> {
    await this.assertCanAdd(identityId, 'updb');
    if (await this.repo.findUpdbByUsername(username)) throw usernameTaken(username);
    const passwordHash = await this.credentials.hashFor(identityId, password);
    return newAuthenticator({ identityId, method: 'updb', username, passwordHash }, this.clock.now());
  }

  /** A cert authenticator for a certificate the network has just issued (`certPem`: leaf + intermediate), not saved. */
  prepareNetworkCert(identityId: string, certPem: string, fingerprint: string): AuthenticatorEntity {
    return newAuthenticator({ identityId, method: 'cert', certPem, fingerprint, isIssuedByNetwork: true }, this.clock.now());
  }

  /** Saves a prepared authenticator in the caller's transaction; the unique indexes turn clashes into 409/400. */
  async insertPrepared(a: AuthenticatorEntity, m: EntityManager): Promise<AuthenticatorEntity> {
    await this.assertCanAdd(a.identityId, a.method, m);
    return this.insert(a, m);
  }

  /**
   * Re-enrollment: deletes the authenticator and its identity's API sessions in the caller's transaction
   * (which creates the enrollment replacing it); 404 NOT_FOUND when unknown. Returns the deleted row.
   */
  async removeWithSessions(id: string, m: EntityManager): Promise<AuthenticatorEntity> {
    const a = await this.repo.findById(id, m);
    if (!a || !(await this.repo.delete(id, m))) throw ApiError.notFound();
    await this.sessions.deleteAllForIdentity(a.identityId, m);
    return a;
  }

  private async insertUpdb(identityId: string, username: string, password: string, tags: JsonObject, manager?: EntityManager): Promise<AuthenticatorEntity> {
    await this.assertCanAdd(identityId, 'updb', manager);
    if (await this.repo.findUpdbByUsername(username)) throw usernameTaken(username);
    const passwordHash = await this.credentials.hashFor(identityId, password, manager);
    return this.insert(newAuthenticator({ identityId, method: 'updb', tags, username, passwordHash }, this.clock.now()), manager);
  }

  private async assertCanAdd(identityId: string, method: AuthenticatorMethod, manager?: EntityManager): Promise<void> {
    if (!(await this.repo.identityRefs([identityId], manager)).has(identityId)) throw identityNotFound(identityId);
    if (await this.repo.hasMethod(identityId, method, manager)) throw maxMethods(method);
  }

  private async insert(a: AuthenticatorEntity, manager?: EntityManager): Promise<AuthenticatorEntity> {
    const result = await this.repo.insert(a, manager);
    if (result !== 'inserted') throw clashError(result, a);
    return a;
  }

  /** Writes the changes that differ; `expectedHash` makes the write conditional (see updateOwn). */
  private async applyUpdbChanges(a: AuthenticatorEntity, changes: AuthenticatorChanges, expectedHash?: string): Promise<void> {
    const set: Partial<AuthenticatorEntity> = {};
    if (changes.username !== undefined && changes.username !== a.username) {
      const holder = await this.repo.findUpdbByUsername(changes.username);
      if (holder && holder.id !== a.id) throw usernameTaken(changes.username);
      set.username = changes.username;
    }
    if (changes.password !== undefined) set.passwordHash = await this.credentials.hashFor(a.identityId, changes.password);
    if (changes.tags !== undefined) set.tags = changes.tags;
    if (Object.keys(set).length === 0) return;
    set.updatedAt = this.clock.now();
    const result = await this.repo.update(a.id, set, expectedHash);
    if (result === 'updated') return;
    if (result === 'missing') throw ApiError.notFound();
    if (result === 'stale') throw wrongCurrentPassword();
    throw clashError(result, Object.assign({}, a, set));
  }
}

function assertUpdb(a: AuthenticatorEntity): void {
  if (a.method !== 'updb') {
    throw new ApiError('CAN_NOT_UPDATE_AUTHENTICATOR', { field: 'method', reason: 'only updb authenticators can be updated', value: a.method });
  }
}

/** Never says which part was wrong beyond the field; the value is never echoed. */
/** True for the error updateOwn raises when `currentPassword` is wrong (it spends the failure budget). */
export function isWrongCurrentPassword(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'UNAUTHORIZED' && (e.cause as { field?: string } | undefined)?.field === 'currentPassword';
}

function wrongCurrentPassword(): ApiError {
  return new ApiError('UNAUTHORIZED', { field: 'currentPassword', reason: 'the current password is not correct' });
}

function usernameTaken(username: string): ApiError {
  return ApiError.validation('username', 'username is already in use', username);
}

function maxMethods(method: AuthenticatorMethod): ApiError {
  return new ApiError('MAX_AUTHENTICATOR_METHODS_REACHED', { field: 'method', reason: `the identity already has a ${method} authenticator`, value: method });
}

/** OpenZiti's CERT_IN_USE carries a generic cause with the fingerprint in `data`. */
function certInUse(fingerprint: string): ApiError {
  return new ApiError('CERT_IN_USE', { message: 'the certificate is already used by an authenticator', data: { fingerprint } });
}

/** A unique index or foreign key refused a write whose pre-check passed (a concurrent request won). */
function clashError(clash: AuthenticatorClash, a: AuthenticatorEntity): ApiError {
  switch (clash) {
    case 'method':
      return maxMethods(a.method);
    case 'username':
      return usernameTaken(a.username ?? '');
    case 'fingerprint':
      return certInUse(a.fingerprint ?? '');
    case 'identity':
      return identityNotFound(a.identityId);
  }
}
