import { Inject, Injectable } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import { APP_CONFIG, PKI_MATERIAL } from '../app.tokens';
import { verifyClientCertificate } from '../authentication/tls/client-cert';
import { networkTrustSource } from '../authentication/tls/trust-pool';
import { Clock } from '../common/clock';
import { constantTimeEqual } from '../common/crypto/constant-time';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/config.schema';
import { sha1Fingerprint } from '../x509/fingerprint';
import { PemError, splitPemCertificates } from '../x509/pem';
import type { PkiMaterial } from '../x509/pki-store';
import { CsrError, type SignedClientCert, signClientCsrForExtension } from '../x509/csr';
import type { AuthenticatorEntity } from './authenticator.entity';
import { AuthenticatorRepository } from './authenticator.repository';
import type { IdentityExtendCertsDto } from './dto/authenticator-extend.dto';

/** What the extend route knows about the caller's TLS connection and policy. */
export interface ExtendRequest {
  /** The TLS client certificate chain, DER, leaf first (`[]` when none was sent). */
  presentedChain: Buffer[];
  /** The caller's auth policy `allowExpiredCerts`: an expired current certificate extends only if it could log in. */
  allowExpiredCerts: boolean;
  csrPem: string;
}

/**
 * Certificate authenticators after issue (reference §3.1, §3.7, §4.2, §7.9): the lookup certificate
 * logins use, and renewal: an admin may flag a certificate for early extension (and key roll), the owner
 * extends it over TLS with the current certificate, then confirms receipt of the new one, which only then
 * replaces the old one.
 */
@Injectable()
export class CertExtendService {
  constructor(
    private readonly repo: AuthenticatorRepository,
    private readonly clock: Clock,
    @Inject(PKI_MATERIAL) private readonly pki: PkiMaterial,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The `cert` authenticator holding this fingerprint (SHA-1 hex, lowercase), or null. */
  async findCertByFingerprint(fingerprint: string): Promise<AuthenticatorEntity | null> {
    const a = await this.repo.findByFingerprint(fingerprint);
    return a?.method === 'cert' ? a : null;
  }

  /** After a successful certificate login, back-fills what OpenZiti keeps up to date on the authenticator. */
  async recordLogin(a: AuthenticatorEntity, resolvedToRoot: boolean, leafPem: string): Promise<void> {
    const changes: Partial<AuthenticatorEntity> = {};
    if (a.lastAuthResolvedToRoot !== resolvedToRoot) changes.lastAuthResolvedToRoot = resolvedToRoot;
    if (!a.certPem) changes.certPem = leafPem;
    if (Object.keys(changes).length > 0) await this.repo.update(a.id, changes);
  }

  /**
   * `POST /authenticators/{id}/request-extend`: raises the flags the next certificate login surfaces.
   * A non-certificate authenticator answers 401 UNAUTHORIZED, as OpenZiti does (its swagger says 403).
   */
  async requestExtend(id: string, rollKeys: boolean): Promise<void> {
    const a = await this.repo.findById(id);
    if (!a) throw ApiError.notFound();
    if (a.method !== 'cert') throw new ApiError('UNAUTHORIZED', { field: 'method', reason: 'only certificate authenticators can be extended', value: a.method });
    const now = this.clock.now();
    await this.write(a.id, { isExtendRequested: true, isKeyRollRequested: rollKeys, extendRequestedAt: now, updatedAt: now });
  }

  /**
   * `POST /current-identity/authenticators/{id}/extend`: signs a new certificate from the CSR and keeps it
   * as unverified; the current certificate stays the credential until extend-verify. The caller must hold
   * the current certificate's key, proved by presenting exactly that certificate on this TLS connection:
   * a stolen session token alone cannot mint a certificate.
   */
  async extend(identityId: string, id: string, req: ExtendRequest): Promise<IdentityExtendCertsDto> {
    const a = await this.ownedNetworkCert(identityId, id);
    const presented = verifyClientCertificate(req.presentedChain, [networkTrustSource(this.pki)]);
    if (!presented.ok || !a.fingerprint || !constantTimeEqual(presented.fingerprint, a.fingerprint)) {
      throw new ApiError('UNAUTHORIZED', { field: 'clientCert', reason: "the TLS client certificate is not the authenticator's current certificate" });
    }
    if (!req.allowExpiredCerts && !isWithinValidity(presented.leaf, this.clock.now())) {
      throw new ApiError('UNAUTHORIZED', { field: 'clientCert', reason: 'the current certificate is expired and the auth policy does not allow expired certificates' });
    }
    const issued = this.sign(identityId, req.csrPem, presented.leafPem);
    // Stored as OpenZiti and enrollment store a network certificate: the chain without the root.
    await this.write(a.id, { unverifiedCertPem: issued.chainPem, unverifiedFingerprint: issued.fingerprint, updatedAt: this.clock.now() });
    return { clientCert: issued.chainPem, ca: this.pki.trustBundlePem.join('') };
  }

  /**
   * `POST /current-identity/authenticators/{id}/extend-verify`: the client proves it received the new
   * certificate by sending it back. It then replaces the old one (which stops logging in), and the
   * extension request is settled.
   */
  async verifyExtend(identityId: string, id: string, clientCertPem: string): Promise<void> {
    const a = await this.ownedNetworkCert(identityId, id);
    const leaf = firstCertificate(clientCertPem);
    const fingerprint = leaf && sha1Fingerprint(leaf);
    if (!leaf || !fingerprint || !a.unverifiedFingerprint || !a.unverifiedCertPem || !constantTimeEqual(fingerprint, a.unverifiedFingerprint)) {
      throw new ApiError('INVALID_CLIENT_CERT', { field: 'clientCert', reason: 'the certificate is not the one issued by the last extension' });
    }
    await this.write(a.id, {
      certPem: a.unverifiedCertPem,
      fingerprint: a.unverifiedFingerprint,
      unverifiedCertPem: null,
      unverifiedFingerprint: null,
      isExtendRequested: false,
      isKeyRollRequested: false,
      extendRequestedAt: null,
      lastExtendRolledKeys: !a.certPem || !samePublicKey(a.certPem, a.unverifiedCertPem),
      updatedAt: this.clock.now(),
    });
  }

  /**
   * The caller's own certificate authenticator issued by this network. Another identity's id answers 404
   * like an unknown one; a password or third-party certificate authenticator cannot be extended (409).
   */
  private async ownedNetworkCert(identityId: string, id: string): Promise<AuthenticatorEntity> {
    const a = await this.repo.findById(id);
    if (!a || a.identityId !== identityId) throw ApiError.notFound();
    if (a.method !== 'cert' || !a.isIssuedByNetwork) {
      throw new ApiError('CAN_NOT_UPDATE_AUTHENTICATOR', { field: 'method', reason: 'only certificates issued by this network can be extended', value: a.method });
    }
    return a;
  }

  private sign(identityId: string, csrPem: string, currentCertPem: string): SignedClientCert {
    try {
      return signClientCsrForExtension(this.pki.intermediate, csrPem, {
        identityId,
        trustDomain: this.config.trustDomain,
        // The same lifetime as at enrollment.
        validityDays: this.config.clientCertDays,
        now: this.clock.now(),
        currentCertPem,
      });
    } catch (err) {
      if (err instanceof CsrError) throw new ApiError('COULD_NOT_PROCESS_CSR', { field: 'clientCertCsr', reason: err.message });
      throw err;
    }
  }

  private async write(id: string, changes: Partial<AuthenticatorEntity>): Promise<void> {
    const result = await this.repo.update(id, changes);
    if (result === 'missing') throw ApiError.notFound();
    // A fresh certificate has a fresh serial, so its fingerprint cannot already be in use.
    if (result !== 'updated') throw new Error(`authenticator ${id} update refused: ${result}`);
  }
}

function firstCertificate(pem: string): string | undefined {
  try {
    return splitPemCertificates(pem)[0];
  } catch (err) {
    if (err instanceof PemError) return undefined;
    throw err;
  }
}

function samePublicKey(aPem: string, bPem: string): boolean {
  const spki = (pem: string) => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return spki(aPem).equals(spki(bPem));
}

function isWithinValidity(cert: X509Certificate, at: Date): boolean {
  return at >= new Date(cert.validFrom) && at <= new Date(cert.validTo);
}
