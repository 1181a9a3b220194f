import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { AuthPoliciesService } from '../auth-policies/auth-policies.service';
import type { AuthenticatorEntity } from '../authenticators/authenticator.entity';
import { AuthenticatorsService } from '../authenticators/authenticators.service';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import { DEFAULT_LIMIT, type ListQueryInput } from '../common/http/zitiql';
import { TransactionRunner } from '../database/transaction-runner';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import type { IdentityCreateDto } from './dto/identity-create.dto';
import type { IdentityPatchDto } from './dto/identity-patch.dto';
import type { IdentityUpdateDto } from './dto/identity-update.dto';
import type { IdentityEntity } from './identity.entity';
import { applyIdentityPatch, fromIdentityCreate, fromIdentityUpdate, type IdentityFields, type IdentityView } from './identity.mapper';
import { IdentityRepository, type IdentityWriteResult } from './identity.repository';
import { newIdentity } from './new-identity';

const MINUTE_MS = 60_000;

/**
 * Identities: the management CRUD, disable/enable, and the detail views (with the facts kept by the
 * authenticator, API-session and auth-policy modules) that the management and current-identity routes show.
 * Every write runs in one transaction; uniqueness and the policy reference are enforced by the table's
 * constraints, so concurrent requests cannot both pass a check and then collide.
 */
@Injectable()
export class IdentitiesService {
  constructor(
    private readonly identities: IdentityRepository,
    private readonly authenticators: AuthenticatorsService,
    private readonly sessions: ApiSessionsService,
    private readonly policies: AuthPoliciesService,
    private readonly enrollments: EnrollmentsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** One page of identities with their facts: a fixed number of queries per page, never one per row. */
  async list(query: ListQueryInput): Promise<Page<IdentityView>> {
    const page = await this.identities.page(query);
    return { items: await this.views(page.items, true), pagination: page.pagination };
  }

  /** The detail view, or 404 NOT_FOUND. */
  async get(id: string): Promise<IdentityView> {
    return (await this.views([await this.find(id)], true))[0];
  }

  /**
   * The detail view of the caller's own identity, for current-identity (the per-request security context
   * carries only the identity facts a request needs). Hardening beyond OpenZiti: no enrollment tokens or
   * JWTs here, so a stolen session cannot be turned into a lasting credential by enrolling with an
   * enrollment pending for the same identity.
   */
  async view(id: string): Promise<IdentityView> {
    return (await this.views([await this.find(id)], false))[0];
  }

  /** The identity's authenticators, or 404 NOT_FOUND for an unknown identity. */
  async authenticatorsOf(id: string): Promise<{ identity: IdentityEntity; page: Page<AuthenticatorEntity> }> {
    const identity = await this.find(id);
    const items = await this.authenticators.listForIdentity(id);
    // An identity has at most one authenticator per method, so the list is always a single page.
    return { identity, page: { items, pagination: { limit: Math.max(DEFAULT_LIMIT, items.length), offset: 0, totalCount: items.length } } };
  }

  /** The identity and the `enrollment` it asks for, in one transaction: a refused enrollment creates nothing. */
  async create(dto: IdentityCreateDto): Promise<IdentityEntity> {
    const fields = fromIdentityCreate(dto);
    await this.assertPolicyExists(fields.authPolicyId);
    const identity = newIdentity(fields, this.clock.now());
    await this.tx.run(async (m) => {
      raise(await this.identities.create(identity, m), fields);
      if (dto.enrollment) await this.enrollments.createForNewIdentity(identity.id, dto.enrollment, m);
    });
    return identity;
  }

  /** PUT: the mutable fields replaced; `isDefaultAdmin`, disabled state, authenticators and sessions untouched. */
  async update(id: string, dto: IdentityUpdateDto): Promise<void> {
    await this.save(id, () => fromIdentityUpdate(dto));
  }

  /** PATCH: only the keys present with a non-null value change. */
  async patch(id: string, dto: IdentityPatchDto): Promise<void> {
    await this.save(id, (current) => applyIdentityPatch(current, dto));
  }

  /**
   * Deletes the identity with its API sessions and authenticators in one transaction. Sessions are deleted
   * explicitly so they end even if the cascade were ever dropped; authenticators go by the foreign key's
   * cascade. The default admin cannot be deleted: 400 ENTITY_CAN_NOT_BE_DELETED, the code and status
   * OpenZiti uses for its system entities, which is what OpenZiti clients already handle.
   */
  async delete(id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const identity = await this.findIn(id, m);
      if (identity.isDefaultAdmin) {
        throw new ApiError('ENTITY_CAN_NOT_BE_DELETED', { field: 'isDefaultAdmin', reason: 'the default admin cannot be deleted', value: true });
      }
      await this.sessions.deleteAllForIdentity(id, m);
      await this.identities.deleteById(id, m);
    });
  }

  /**
   * Disables the identity for `durationMinutes` (zero or less: until enabled) and deletes its API sessions
   * in the same transaction, so none of them works from the very next request on.
   */
  async disable(id: string, durationMinutes: number): Promise<void> {
    const now = this.clock.now();
    const until = durationMinutes > 0 ? new Date(now.getTime() + durationMinutes * MINUTE_MS) : null;
    await this.tx.run(async (m) => {
      if (!(await this.identities.disable(id, now, until, m))) throw ApiError.notFound();
      await this.sessions.deleteAllForIdentity(id, m);
    });
  }

  /** Clears the disabled state and the failed-attempt count (reference §5.6: enable lifts a lockout early). */
  async enable(id: string): Promise<void> {
    await this.tx.run(async (m) => {
      if (!(await this.identities.enable(id, this.clock.now(), m))) throw ApiError.notFound();
    });
  }

  private async save(id: string, change: (current: IdentityEntity) => IdentityFields): Promise<void> {
    await this.tx.run(async (m) => {
      const current = await this.findIn(id, m);
      const fields = change(current);
      if (fields.authPolicyId !== current.authPolicyId) await this.assertPolicyExists(fields.authPolicyId);
      raise(await this.identities.replace(id, { ...fields, updatedAt: this.clock.now() }, m), fields);
    });
  }

  private async views(identities: IdentityEntity[], withEnrollments: boolean): Promise<IdentityView[]> {
    const ids = identities.map((i) => i.id);
    const [authenticators, withSessions, policyNames, withMfa, enrollments] = await Promise.all([
      this.authenticators.listForIdentities(ids),
      this.sessions.identitiesWithSessions(ids),
      this.identities.authPolicyNames(identities.map((i) => i.authPolicyId)),
      this.identities.mfaEnabledAmong(ids),
      withEnrollments ? this.enrollments.summariesFor(ids) : undefined,
    ]);
    const byIdentity = new Map<string, AuthenticatorEntity[]>();
    for (const a of authenticators) byIdentity.set(a.identityId, [...(byIdentity.get(a.identityId) ?? []), a]);
    const now = this.clock.now();
    return identities.map((identity) => ({
      identity,
      authenticators: byIdentity.get(identity.id) ?? [],
      hasApiSession: withSessions.has(identity.id),
      isMfaEnabled: withMfa.has(identity.id),
      authPolicyName: policyNames.get(identity.authPolicyId) ?? '',
      enrollment: enrollments?.get(identity.id),
      now,
    }));
  }

  private async find(id: string): Promise<IdentityEntity> {
    const identity = await this.identities.findById(id);
    if (!identity) throw ApiError.notFound();
    return identity;
  }

  private async findIn(id: string, m: EntityManager): Promise<IdentityEntity> {
    const identity = await this.identities.findForUpdate(id, m);
    if (!identity) throw ApiError.notFound();
    return identity;
  }

  /**
   * An unknown policy is a bad value in the body, not a missing resource at the URL: 400 COULD_NOT_VALIDATE
   * naming `authPolicyId`, the shape OpenZiti gives field errors. (The foreign key catches a policy deleted
   * between this check and the write the same way.)
   */
  private async assertPolicyExists(authPolicyId: string): Promise<void> {
    if (!(await this.policies.exists(authPolicyId))) throw unknownPolicy(authPolicyId);
  }
}

const unknownPolicy = (id: string): ApiError => ApiError.validation('authPolicyId', 'no auth policy has this id', id);

/** Turns a failed write into its typed error; unique clashes answer 400 COULD_NOT_VALIDATE like OpenZiti's. */
function raise(result: IdentityWriteResult, fields: IdentityFields): void {
  switch (result) {
    case 'ok':
      return;
    case 'missing':
      throw ApiError.notFound();
    case 'name-taken':
      throw ApiError.validation('name', 'name is already in use', fields.name);
    case 'external-id-taken':
      throw ApiError.validation('externalId', 'externalId is already in use', fields.externalId);
    case 'unknown-auth-policy':
      throw unknownPolicy(fields.authPolicyId);
  }
}
