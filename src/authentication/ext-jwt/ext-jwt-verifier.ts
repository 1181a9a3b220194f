import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { APP_CONFIG } from '../../app.tokens';
import { Clock } from '../../common/clock';
import type { AppConfig } from '../../config/config.schema';
import type { ExternalJwtSignerEntity } from '../../external-jwt-signers/external-jwt-signer.entity';
import { SignerKeyStore } from '../../external-jwt-signers/keys/signer-key-store';

export type JwtError = 'missing' | 'invalid' | 'expired';
export type JwtCheck = { ok: true; claims: JWTPayload } | { ok: false; error: Exclude<JwtError, 'missing'> };

/** The issuer a token claims, without trusting it yet (it only selects the signer to verify with). */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an external JWT against one signer: `kid` required and known to the signer, the algorithm
 * pinned to that key's type (no `none`, no HMAC), signature, `iss`, `aud` (string or array), `exp`,
 * `nbf` and `iat` with the configured clock-skew allowance.
 */
@Injectable()
export class ExtJwtVerifier {
  constructor(
    private readonly keys: SignerKeyStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(token: string, signer: ExternalJwtSignerEntity): Promise<JwtCheck> {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return { ok: false, error: 'invalid' };
    }
    if (typeof header.kid !== 'string' || header.kid === '' || typeof header.alg !== 'string') return { ok: false, error: 'invalid' };
    const key = await this.keys.keyFor(signer, header.kid);
    if (!key || !key.algorithms.includes(header.alg)) return { ok: false, error: 'invalid' };
    const now = this.clock.now();
    const skewS = Math.round(this.config.extJwt.clockSkewMs / 1000);
    try {
      const { payload } = await jwtVerify(token, key.key, {
        algorithms: key.algorithms,
        issuer: signer.issuer,
        audience: signer.audience,
        clockTolerance: skewS,
        currentDate: now,
      });
      // jose accepts any iat; one from the future (beyond the skew) means a broken or forged token.
      if (typeof payload.iat === 'number' && payload.iat > now.getTime() / 1000 + skewS) return { ok: false, error: 'invalid' };
      return { ok: true, claims: payload };
    } catch (e) {
      return { ok: false, error: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
