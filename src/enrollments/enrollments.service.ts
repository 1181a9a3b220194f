import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../app.tokens';
import { AuthenticatorsService } from '../authenticators/authenticators.service';
import { CasService } from '../cas/cas.service';
import { Clock } from '../common/clock';
import { randomId } from '../common/crypto/random';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import type { ListQueryInput } from '../common/http/zitiql';
import type { AppConfig } from '../config/config.schema';
import { TransactionRunner } from '../database/transaction-runner';
import type { IdentityEnrollmentsDto } from './dto/enrollment-detail.dto';
import { EnrollmentEntity, type EnrollmentMethod } from './enrollment.entity';
import { type EnrollmentView, toIdentityEnrollments } from './enrollment.mapper';
import { EnrollmentRepository } from './enrollment.repository';
import { EnrollmentTokens } from './enrollment-tokens';

/** A management create (`enrollmentCreate`) after edge validation. */
export interface NewEnrollment {
  method: EnrollmentMethod;
  identityId: string;
  expiresAt: Date;
  username?: string | null;
  caId?: string | null;
}

/** The `enrollment` of an identity create (`{ott: true}`, `{ottca: caId}` or `{updb: username}`). */
export interface IdentityEnrollmentRequest {
  ott?: boolean | null;
  ottca?: string | null;
  updb?: string | null;
}

/**
 * Enrollments as admins manage them (reference §4.6), the enrollment an identity is created with (§4.1),
 * the identity detail's `enrollment` map, and re-enrollment of an authenticator (§4.2). Enrolling itself
 * (consuming a token) is EnrollService.
 */
@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly repo: EnrollmentRepository,
    private readonly tokens: EnrollmentTokens,
    private readonly authenticators: AuthenticatorsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cas: CasService,
  ) {}

  async list(query: ListQueryInput, identityId?: string): Promise<Page<EnrollmentView>> {
    const page = await this.repo.page(query, identityId);
    return { items: await this.views(page.items), pagination: page.pagination };
  }

  /** One identity's enrollments (`GET /identities/{id}/enrollments`); 404 for an unknown identity. */
  async listForIdentity(identityId: string, query: ListQueryInput): Promise<Page<EnrollmentView>> {
    if (!(await this.repo.identityRefs([identityId])).has(identityId)) throw ApiError.notFound();
    return this.list(query, identityId);
  }

  /** The detail view, or 404 NOT_FOUND. */
  async get(id: string): Promise<EnrollmentView> {
    return (await this.views([await this.find(id)]))[0];
  }

  async create(input: NewEnrollment): Promise<EnrollmentEntity> {
    const e = await this.prepare(input);
    return this.tx.run((m) => this.insert(e, m));
  }

  /** Deleting an enrollment makes its token and JWT worthless at once. */
  async delete(id: string): Promise<void> {
    if (!(await this.repo.deleteById(id))) throw ApiError.notFound();
  }

  /** A new token and expiry: the old token and JWT stop working (reference §4.6). */
  async refresh(id: string, expiresAt: Date): Promise<void> {
    await this.find(id);
    this.assertFuture(expiresAt);
    const { tokenHash, tokenSealed } = this.tokens.issue();
    if (!(await this.repo.replaceToken(id, { tokenHash, tokenSealed, expiresAt, updatedAt: this.clock.now() }))) throw ApiError.notFound();
  }

  /**
   * The enrollment an identity is created with, inside the identity's own transaction (so a refused
   * enrollment creates no identity). The first of ott, ottca, updb that is set wins, as in OpenZiti; the
   * expiry is ZT_ENROLLMENT_DURATION from now.
   */
  async createForNewIdentity(identityId: string, request: IdentityEnrollmentRequest, m: EntityManager): Promise<EnrollmentEntity | undefined> {
    const expiresAt = new Date(this.clock.now().getTime() + this.config.enrollmentDurationMs);
    let input: NewEnrollment | undefined;
    if (request.ott === true) input = { method: 'ott', identityId, expiresAt };
    else if (request.ottca) input = { method: 'ottca', identityId, expiresAt, caId: request.ottca };
    else if (request.updb) input = { method: 'updb', identityId, expiresAt, username: request.updb };
    if (!input) return undefined;
    return this.insert(await this.prepare(input, m), m);
  }

  /** The `enrollment` map of each identity's detail (one query for the whole page). */
  async summariesFor(identityIds: string[]): Promise<Map<string, IdentityEnrollmentsDto>> {
    const views = await this.views(await this.repo.listForIdentities(identityIds), new Map());
    const byIdentity = new Map<string, EnrollmentView[]>();
    for (const v of views) byIdentity.set(v.enrollment.identityId, [...(byIdentity.get(v.enrollment.identityId) ?? []), v]);
    return new Map([...byIdentity].map(([id, list]) => [id, toIdentityEnrollments(list)]));
  }

  /**
   * `POST /authenticators/{id}/re-enroll`: the authenticator becomes an enrollment again (updb keeps its
   * username; a network-issued certificate becomes ott), and the identity's API sessions end, all in one
   * transaction: if the enrollment cannot be created (one of that method exists: 409) nothing changes.
   */
  async reEnroll(authenticatorId: string, expiresAt: Date): Promise<EnrollmentEntity> {
    this.assertFuture(expiresAt);
    return this.tx.run(async (m) => {
      const a = await this.authenticators.removeWithSessions(authenticatorId, m);
      // A certificate from a third-party CA re-enrolls as ottca with that CA (reference §4.2).
      const thirdParty = a.method === 'cert' && !a.isIssuedByNetwork;
      const ca = thirdParty ? await this.cas.findIssuerOf(a.certPem ?? '') : null;
      if (thirdParty && !ca) throw ApiError.validation('authenticatorId', 'the certificate authority that issued this certificate is no longer registered', authenticatorId);
      const method = a.method === 'updb' ? 'updb' : thirdParty ? 'ottca' : 'ott';
      const e = this.newRow({ method, identityId: a.identityId, expiresAt, username: a.method === 'updb' ? a.username : null, caId: ca?.id ?? null });
      return this.insert(e, m);
    });
  }

  /** Checks what can be checked before writing; the unique indexes decide the rest in `insert`. */
  private async prepare(input: NewEnrollment, m?: EntityManager): Promise<EnrollmentEntity> {
    this.assertFuture(input.expiresAt);
    // ottca: the CA must exist (verified or not, as in OpenZiti; enrolling checks it again).
    if (input.method === 'ottca' && !(input.caId && (await this.cas.findById(input.caId)))) {
      throw ApiError.validation('caId', 'no certificate authority has this id', input.caId ?? null);
    }
    if (!(await this.repo.identityRefs([input.identityId], m)).has(input.identityId)) throw unknownIdentity(input.identityId);
    if (input.method === 'updb') {
      const username = input.username ?? '';
      if (username.length < 4 || username.length > 100) throw ApiError.validation('username', 'username must be 4 to 100 characters', username);
      // The enrollment would fail at the very end otherwise: say so while the admin is still here.
      if (await this.authenticators.findUpdbByUsername(username)) throw ApiError.validation('username', 'username is already in use', username);
    }
    return this.newRow(input);
  }

  private newRow(input: NewEnrollment): EnrollmentEntity {
    const now = this.clock.now();
    const { tokenHash, tokenSealed } = this.tokens.issue();
    return Object.assign(new EnrollmentEntity(), {
      id: randomId(),
      method: input.method,
      identityId: input.identityId,
      tokenHash,
      tokenSealed,
      caId: input.method === 'ottca' ? (input.caId ?? null) : null,
      username: input.method === 'updb' ? (input.username ?? null) : null,
      expiresAt: input.expiresAt,
      createdAt: now,
      updatedAt: now,
    });
  }

  private async insert(e: EnrollmentEntity, m: EntityManager): Promise<EnrollmentEntity> {
    switch (await this.repo.insert(e, m)) {
      case 'inserted':
        return e;
      case 'method-exists':
        throw new ApiError('ENROLLMENT_EXISTS', { field: 'method', reason: 'enrollment of same method exists', value: e.method });
      case 'identity-missing':
        throw unknownIdentity(e.identityId);
      case 'token-clash':
        // Two equal random UUIDs: not going to happen, and never worth a silent retry that could mask a bug.
        throw new Error('enrollment token collision');
    }
  }

  private assertFuture(expiresAt: Date): void {
    if (!(expiresAt.getTime() > this.clock.now().getTime())) {
      throw ApiError.validation('expiresAt', 'expiresAt must be in the future', expiresAt.toISOString());
    }
  }

  private async find(id: string): Promise<EnrollmentEntity> {
    const e = await this.repo.findById(id);
    if (!e) throw ApiError.notFound();
    return e;
  }

  private async views(list: EnrollmentEntity[], names?: Map<string, { name: string }>): Promise<EnrollmentView[]> {
    const refs = names ?? (await this.repo.identityRefs(list.map((e) => e.identityId)));
    return Promise.all(list.map(async (e) => ({ enrollment: e, identityName: refs.get(e.identityId)?.name ?? '', ...(await this.tokens.credentials(e)) })));
  }
}

/** An unknown identity is a bad value in the body (reference §4.6: 400 naming `identityId`), not a 404. */
function unknownIdentity(identityId: string): ApiError {
  return ApiError.validation('identityId', 'no identity has this id', identityId);
}
