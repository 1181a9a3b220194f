import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, PKI_MATERIAL } from '../app.tokens';
import { constantTimeEqual, sha256Hex } from '../common/crypto/constant-time';
import { SecretBox } from '../common/crypto/secret-box';
import type { AppConfig } from '../config/config.schema';
import type { PkiMaterial } from '../x509/pki-store';
import { EnrollmentJwtIssuer } from './enrollment-jwt';
import type { EnrollmentEntity } from './enrollment.entity';

export interface NewToken {
  token: string;
  tokenHash: string;
  tokenSealed: string;
}

/**
 * Enrollment tokens and their JWTs. Storage decision: a token is a bearer credential, so the database never
 * holds it in plain text. Its SHA-256 is the lookup key (a high-entropy token needs no slow hash), and a
 * sealed copy (AES-256-GCM under the MFA master key, ZT_MFA_KEY or `<data dir>/mfa.key`) lets admins fetch
 * the token and JWT again, as OpenZiti's enrollment and identity details show them. A database dump alone
 * therefore yields no token; one with the key file does, like the TOTP secrets sealed with the same key.
 */
@Injectable()
export class EnrollmentTokens {
  private readonly jwt: EnrollmentJwtIssuer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PKI_MATERIAL) pki: PkiMaterial,
    private readonly box: SecretBox,
  ) {
    this.jwt = new EnrollmentJwtIssuer({ keyPem: pki.server.keyPem, kid: pki.serverFingerprint, issuer: `https://${config.advertisedAddress}` });
  }

  /**
   * A fresh token: a random (v4) UUID, 122 bits from the CSPRNG. The UUID form is what OpenZiti issues and
   * what its swagger declares for the `token` query parameter, so SDKs that check the format accept it.
   */
  issue(): NewToken {
    const token = randomUUID();
    return { token, tokenHash: sha256Hex(token), tokenSealed: this.box.encrypt(token) };
  }

  hash(token: string): string {
    return sha256Hex(token);
  }

  /** True when `token` is this enrollment's; constant time, though the row was already found by the hash. */
  matches(e: EnrollmentEntity, token: string): boolean {
    return constantTimeEqual(e.tokenHash, sha256Hex(token));
  }

  reveal(e: EnrollmentEntity): string {
    return this.box.decrypt(e.tokenSealed);
  }

  /** The token and the enrollment JWT (reference §7.1) for an admin to hand to the device. */
  async credentials(e: EnrollmentEntity): Promise<{ token: string; jwt: string }> {
    const token = this.reveal(e);
    return { token, jwt: await this.jwt.sign({ identityId: e.identityId, method: e.method, token, expiresAt: e.expiresAt }) };
  }
}
