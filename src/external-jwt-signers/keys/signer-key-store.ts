import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, ROOT_LOGGER } from '../../app.tokens';
import { Clock } from '../../common/clock';
import type { AppConfig } from '../../config/config.schema';
import type { ExternalJwtSignerEntity } from '../external-jwt-signer.entity';
import { DEFAULT_FETCH_POLICY, fetchJwks } from './jwks-fetch';
import { certificateKey, parseJwks, type VerificationKey } from './jwk-set';

interface JwksEntry {
  /** Signer version the entry belongs to (an edited endpoint starts over). */
  version: number;
  keys: Map<string, VerificationKey>;
  /** When `keys` was last fetched successfully (null: never). */
  fetchedAt: number | null;
  lastAttemptAt: number;
  inFlight?: Promise<void>;
}

/** An unknown kid may trigger a refetch, but at most this often per signer. */
const UNKNOWN_KID_REFETCH_MS = 1000;

/**
 * Verification keys of external JWT signers. For JWKS signers the set is fetched, cached for
 * `jwksRefreshMs`, refetched (at most once a second) when a token names an unknown kid, and replaced
 * whole on every fetch, so a key that disappears from the JWKS stops being trusted (OpenZiti keeps such
 * keys forever). While the endpoint is down the last good set serves up to `jwksMaxStaleMs`, then every
 * lookup fails closed.
 */
@Injectable()
export class SignerKeyStore {
  private readonly jwks = new Map<string, JwksEntry>();
  private readonly certs = new Map<string, { version: number; kid: string; key: VerificationKey }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  async keyFor(signer: ExternalJwtSignerEntity, kid: string): Promise<VerificationKey | null> {
    if (signer.certPem) return this.certKey(signer, kid);
    if (!signer.jwksEndpoint) return null;
    const version = signer.updatedAt.getTime();
    let entry = this.jwks.get(signer.id);
    if (!entry || entry.version !== version) {
      entry = { version, keys: new Map(), fetchedAt: null, lastAttemptAt: 0 };
      this.jwks.set(signer.id, entry);
    }
    const now = this.clock.now().getTime();
    const stale = entry.fetchedAt === null || now - entry.fetchedAt >= this.config.extJwt.jwksRefreshMs;
    const unknownKid = !entry.keys.has(kid) && now - entry.lastAttemptAt >= UNKNOWN_KID_REFETCH_MS;
    if (stale || unknownKid) await this.refresh(signer, entry);
    // Fail closed once the last good set is too old.
    if (entry.fetchedAt === null || this.clock.now().getTime() - entry.fetchedAt > this.config.extJwt.jwksMaxStaleMs) return null;
    return entry.keys.get(kid) ?? null;
  }

  private certKey(signer: ExternalJwtSignerEntity, kid: string): VerificationKey | null {
    const version = signer.updatedAt.getTime();
    let cached = this.certs.get(signer.id);
    if (!cached || cached.version !== version) {
      try {
        cached = { version, kid: signer.kid ?? signer.fingerprint ?? '', key: certificateKey(signer.certPem as string) };
      } catch {
        return null;
      }
      this.certs.set(signer.id, cached);
    }
    return cached.kid === kid ? cached.key : null;
  }

  /** One fetch per signer at a time; concurrent callers wait for it. */
  private refresh(signer: ExternalJwtSignerEntity, entry: JwksEntry): Promise<void> {
    entry.inFlight ??= (async () => {
      entry.lastAttemptAt = this.clock.now().getTime();
      try {
        const doc = await fetchJwks(signer.jwksEndpoint as string, {
          ...DEFAULT_FETCH_POLICY,
          denyPrivate: this.config.extJwt.jwksDenyPrivate,
          denyLoopback: this.config.extJwt.jwksDenyLoopback,
        });
        entry.keys = parseJwks(doc);
        entry.fetchedAt = this.clock.now().getTime();
      } catch (e) {
        this.logger.warn({ signerId: signer.id, err: e }, 'JWKS fetch failed; keeping the last good key set');
      } finally {
        entry.inFlight = undefined;
      }
    })();
    return entry.inFlight;
  }
}
