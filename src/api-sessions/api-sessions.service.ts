import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, ROOT_LOGGER } from '../app.tokens';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/crypto/constant-time';
import { randomId, randomToken } from '../common/crypto/random';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import type { ListQueryInput } from '../common/http/zitiql';
import type { AppConfig } from '../config/config.schema';
import type { SessionFacts } from '../authentication/session-state';
import { ApiSessionEntity } from './api-session.entity';
import { ApiSessionRepository, type SessionWithPrincipal } from './api-session.repository';
import { type MaybePromise, andThen } from '../common/maybe-promise';
import type { PlannedStatement } from '../database/fast-sql';
import { TransactionRunner } from '../database/transaction-runner';

export interface NewSession {
  identityId: string;
  authenticatorId: string;
  ipAddress: string;
  configTypes: string[];
  mfaRequired: boolean;
  isCertExtendable?: boolean;
  improperClientCertChain?: boolean;
}

const FLUSH_MS = 1000;
const SWEEP_MS = 5000;

/**
 * API sessions: creation, lookup by token, sliding idle expiry and revocation. Activity marks are kept in
 * memory and written in batches; a lookup always takes the newer of the stored and the pending mark, and
 * never serves a session idle past the timeout, whether or not the sweeper has deleted it yet.
 */
@Injectable()
export class ApiSessionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly pending = new Map<string, Date>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly repo: ApiSessionRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timers = [
      setInterval(() => void this.flush().catch((e: unknown) => this.logger.warn({ err: e }, 'activity flush failed')), FLUSH_MS),
      setInterval(() => void this.sweep().catch((e: unknown) => this.logger.warn({ err: e }, 'session sweep failed')), SWEEP_MS),
    ];
    for (const t of this.timers) t.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.flush().catch(() => undefined);
  }

  get timeoutMs(): number {
    return this.config.sessionTimeoutMs;
  }

  /**
   * A new session and its token, with the INSERT that stores it: the caller runs it in the transaction
   * that issues the session (see SessionIssuer).
   */
  prepare(s: NewSession): { session: ApiSessionEntity; token: string; insert: PlannedStatement } {
    const token = randomToken();
    const now = this.clock.now();
    const session = Object.assign(new ApiSessionEntity(), {
      id: randomId(),
      tokenHash: sha256Hex(token),
      identityId: s.identityId,
      authenticatorId: s.authenticatorId,
      ipAddress: s.ipAddress,
      configTypes: s.configTypes,
      mfaRequired: s.mfaRequired,
      mfaComplete: false,
      isCertExtendable: s.isCertExtendable ?? false,
      improperClientCertChain: s.improperClientCertChain ?? false,
      lastActivityAt: now,
      tags: {},
      createdAt: now,
      updatedAt: now,
    });
    return { session, token, insert: this.repo.insertStatement(session) };
  }

  /**
   * The live session for a token with its identity and policy, or null when unknown or idle past the
   * timeout. Synchronous when the lookup is (SQLite outside a transaction).
   */
  findLive(token: string): MaybePromise<SessionWithPrincipal | null> {
    return andThen(this.repo.findWithPrincipal(sha256Hex(token)), (found) => this.live(found));
  }

  /** Records activity now (sliding expiry); written to the database by the next flush. */
  touch(session: ApiSessionEntity): Date {
    const now = this.clock.now();
    this.pending.set(session.id, now);
    session.lastActivityAt = now;
    return now;
  }

  expiresAt(session: ApiSessionEntity): Date {
    return new Date(session.lastActivityAt.getTime() + this.config.sessionTimeoutMs);
  }

  page(input: ListQueryInput): Promise<Page<ApiSessionEntity>> {
    return this.repo.page(input);
  }

  async get(id: string): Promise<ApiSessionEntity> {
    const s = await this.repo.findById(id);
    if (!s) throw ApiError.notFound();
    s.lastActivityAt = this.lastActivity(s);
    return s;
  }

  async delete(id: string): Promise<void> {
    this.pending.delete(id);
    if (!(await this.repo.deleteById(id))) throw ApiError.notFound();
  }

  async deleteAllForIdentity(identityId: string, manager?: EntityManager): Promise<void> {
    await this.repo.deleteAllForIdentity(identityId, manager);
  }

  hasSession(identityId: string): Promise<boolean> {
    return this.repo.existsForIdentity(identityId);
  }

  identitiesWithSessions(identityIds: string[]): Promise<Set<string>> {
    return this.repo.identitiesWithSessions(identityIds);
  }

  identityNames(identityIds: string[]): Promise<Map<string, string>> {
    return this.repo.identityNames(identityIds);
  }

  /** Persists the session's second-factor facts (computed by the pure session-state module). */
  async setFacts(session: ApiSessionEntity, facts: SessionFacts): Promise<void> {
    await this.repo.setMfa(session.id, facts.mfaRequired, facts.mfaComplete, this.clock.now());
    session.mfaRequired = facts.mfaRequired;
    session.mfaComplete = facts.mfaComplete;
  }

  /**
   * Writes the pending activity marks in one transaction that does not wait for the disk (see
   * TransactionOptions): a power loss can only make sessions look idle for longer, so expire sooner.
   */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const marks = new Map(this.pending);
    this.pending.clear();
    await this.tx.runStatements(this.repo.activityStatements(marks), { syncCommit: false });
  }

  /** Deletes sessions idle past the timeout (after writing pending activity, so none is lost). */
  async sweep(): Promise<number> {
    await this.flush();
    const cutoff = new Date(this.clock.now().getTime() - this.config.sessionTimeoutMs);
    let total = 0;
    for (;;) {
      const ids = await this.repo.deleteIdleBefore(cutoff);
      total += ids.length;
      if (ids.length < 500) return total;
    }
  }

  private live(found: SessionWithPrincipal | null): SessionWithPrincipal | null {
    if (!found) return null;
    found.session.lastActivityAt = this.lastActivity(found.session);
    return this.isExpired(found.session, this.clock.now()) ? null : found;
  }

  private lastActivity(s: ApiSessionEntity): Date {
    const p = this.pending.get(s.id);
    return p && p.getTime() > s.lastActivityAt.getTime() ? p : s.lastActivityAt;
  }

  private isExpired(s: ApiSessionEntity, now: Date): boolean {
    return now.getTime() - s.lastActivityAt.getTime() >= this.config.sessionTimeoutMs;
  }
}
