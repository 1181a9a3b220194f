/*
 * README-revocation (an extension of the OpenZiti API; OpenZiti has no revocation for third-party CAs)
 *
 * A third-party CA may carry one certificate revocation list (CRL, RFC 5280), issued and signed by that CA:
 *
 *   PUT    /edge/management/v1/cas/{id}/crl   body text/plain: a PEM "X509 CRL" block, or the DER in base64
 *   GET    /edge/management/v1/cas/{id}/crl   {data: {thisUpdate, nextUpdate, isStale, revokedCount}}
 *   DELETE /edge/management/v1/cas/{id}/crl   removes it
 *
 * The upload must parse and be signed by the CA's key (else 400 COULD_NOT_VALIDATE, cause.field "crl"),
 * and must not be older (thisUpdate) than the CRL it replaces, so a replayed old list cannot un-revoke a
 * certificate. Re-upload (PUT again) to refresh; nothing is fetched from distribution points.
 * A certificate the CA signed whose serial number is on the list can neither log in (POST /authenticate
 * ?method=cert answers 401 INVALID_AUTH) nor enroll (ottca, ca) through that CA. Only certificates the CA
 * signed directly are looked up (serials are unique per issuer): for root -> intermediate -> leaf, the
 * root's CRL revokes the intermediate; to revoke leaves, register the intermediate as a CA with its own CRL.
 * Once the current time is past the CRL's nextUpdate the list is stale, and ZT_CRL_STALE_POLICY decides:
 * `fail-closed` (default) refuses every certificate of that CA until a fresh CRL is uploaded; `fail-open`
 * keeps applying the stale list. A CA without a CRL checks no revocation at all, as in OpenZiti.
 */
import { Inject, Injectable } from '@nestjs/common';
import { X509Certificate, randomUUID } from 'node:crypto';
import { APP_CONFIG, PKI_MATERIAL } from '../app.tokens';
import { Clock } from '../common/clock';
import { constantTimeEqual } from '../common/crypto/constant-time';
import { randomId } from '../common/crypto/random';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import type { ListQueryInput } from '../common/http/zitiql';
import type { AppConfig } from '../config/config.schema';
import { TransactionRunner } from '../database/transaction-runner';
import { sha1Fingerprint } from '../x509/fingerprint';
import { PemError, derToPem, parsePemCertificates } from '../x509/pem';
import type { PkiMaterial } from '../x509/pki-store';
import { verifyChain } from '../x509/verify';
import { CaEntity, type ExternalIdClaim } from './ca.entity';
import { CaJwtIssuer } from './ca-jwt';
import { type ClaimInput, applyCaPatch, claimFromInput, fromCaUpdate, isClaimProblem } from './ca.mapper';
import { CaRepository, type CaWriteResult } from './ca.repository';
import { certNames } from './cert-names';
import { CrlError, type RevocationVerdict, crlDerFromText, crlSignedBy, parseCrl, revocationVerdict } from './crl';
import type { CaCreateDto } from './dto/ca-create.dto';
import type { CaPatchDto } from './dto/ca-patch.dto';
import type { CaUpdateDto } from './dto/ca-update.dto';
import { externalIdClaimProblem } from './external-id-claim';

/**
 * Third-party certificate authorities (reference §4.4): management CRUD, proof of possession, the CA JWT,
 * the lookups certificate login and enrollment make (`listVerifiedForAuth`, `listVerifiedAutoEnroll`,
 * `findById`), and revocation (comment above). Nothing is cached: each login reads the CAs afresh, so a
 * toggle of `isAuthEnabled`, a delete or a new CRL applies from the next login on, on every replica.
 */
@Injectable()
export class CasService {
  private readonly jwt: CaJwtIssuer;

  constructor(
    private readonly cas: CaRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PKI_MATERIAL) pki: PkiMaterial,
  ) {
    this.jwt = new CaJwtIssuer({ keyPem: pki.server.keyPem, kid: pki.serverFingerprint, advertisedAddress: config.advertisedAddress });
  }

  list(query: ListQueryInput): Promise<Page<CaEntity>> {
    return this.cas.list(query);
  }

  /** The CA, or 404 NOT_FOUND. */
  async get(id: string): Promise<CaEntity> {
    const ca = await this.cas.findById(id);
    if (!ca) throw ApiError.notFound();
    return ca;
  }

  /** The CA (verified or not), or null. */
  findById(id: string): Promise<CaEntity | null> {
    return this.cas.findById(id);
  }

  /** The certificate-login trust pool: verified CAs with `isAuthEnabled`, read afresh on every call. */
  listVerifiedForAuth(): Promise<CaEntity[]> {
    return this.cas.findVerifiedAuthEnabled();
  }

  /** The CAs automatic enrollment may use: verified with `isAutoCaEnrollmentEnabled`. */
  /**
   * The registered CA a stored certificate chain (leaf first) verifies to, verified or not, dates ignored:
   * what re-enrolling a third-party certificate authenticator needs (it becomes an ottca enrollment).
   */
  async findIssuerOf(chainPem: string): Promise<CaEntity | null> {
    for (const ca of await this.cas.findAll()) {
      if (verifyChain(chainPem, [], [ca.certPem], { ignoreValidity: true }).ok) return ca;
    }
    return null;
  }

  listVerifiedAutoEnroll(): Promise<CaEntity[]> {
    return this.cas.findVerifiedAutoEnroll();
  }

  async create(dto: CaCreateDto): Promise<CaEntity> {
    const certPem = caCertificate(dto.certPem);
    const now = this.clock.now();
    const ca = Object.assign(new CaEntity(), fromCaUpdate(dto), {
      id: randomId(),
      certPem,
      fingerprint: sha1Fingerprint(certPem),
      externalIdClaim: validClaim(dto.externalIdClaim),
      isVerified: false,
      // Random v4 UUID: OpenZiti's swagger declares `format: uuid`, so strict clients accept it.
      verificationToken: randomUUID(),
      crlDer: null,
      crlThisUpdate: null,
      crlNextUpdate: null,
      crlRevokedSerials: null,
      createdAt: now,
      updatedAt: now,
    });
    raise(await this.cas.insert(ca), ca);
    return ca;
  }

  /** PUT: every mutable field replaced; an omitted `externalIdClaim` is cleared. */
  async update(id: string, dto: CaUpdateDto): Promise<void> {
    const current = await this.get(id);
    await this.save(current, { ...fromCaUpdate(dto), externalIdClaim: validClaim(dto.externalIdClaim) });
  }

  /** PATCH: present non-null keys change; `externalIdClaim` sub-fields merge into the stored claim. */
  async patch(id: string, dto: CaPatchDto): Promise<void> {
    const current = await this.get(id);
    await this.save(current, { ...applyCaPatch(current, dto), externalIdClaim: validClaim(dto.externalIdClaim, current.externalIdClaim) });
  }

  /** Removes the CA and its outstanding ottca enrollments at once; its certificates stop logging in. */
  async delete(id: string): Promise<void> {
    if (!(await this.tx.run((m) => this.cas.deleteWithEnrollments(id, m)))) throw ApiError.notFound();
  }

  /** `GET /cas/{id}/jwt`. */
  async enrollmentJwt(id: string): Promise<string> {
    return this.jwt.sign((await this.get(id)).id);
  }

  /**
   * Proof of possession: a certificate the CA signed whose CN is the CA's verification token proves the
   * admin holds the CA key (not merely its public certificate). Errors in OpenZiti's order (§4.4).
   */
  async verify(id: string, body: unknown): Promise<void> {
    const ca = await this.get(id);
    if (ca.isVerified) throw new ApiError('CA_ALREADY_VERIFIED');
    if (typeof body !== 'string' || body.trim() === '') throw new ApiError('COULD_NOT_PARSE_BODY', { message: 'expected a PEM certificate as the text/plain body' });
    let cert: X509Certificate;
    try {
      [cert] = parsePemCertificates(body);
    } catch (e) {
      if (!(e instanceof PemError)) throw e;
      throw new ApiError(e.code === 'COULD_NOT_PARSE_PEM_BLOCK' ? 'COULD_NOT_PARSE_BODY' : e.code, { message: e.message });
    }
    const cn = certNames(cert).commonNames[0] ?? '';
    if (!constantTimeEqual(cn, ca.verificationToken)) throw new ApiError('INVALID_COMMON_NAME', { field: 'commonName', reason: 'the certificate CN is not the verification token', value: cn });
    // Signed by this CA, directly, and within its validity (as Go's x509 Verify checks it).
    if (!verifyChain(cert.toString(), [], [ca.certPem], { at: this.clock.now() }).ok) throw new ApiError('CERTIFICATE_FAILED_VALIDATION');
    if (!(await this.cas.markVerified(id, this.clock.now()))) throw new ApiError('CA_ALREADY_VERIFIED');
  }

  /** `PUT /cas/{id}/crl`: replaces the CA's CRL (see the README-revocation comment). */
  async putCrl(id: string, body: unknown): Promise<CaEntity> {
    const ca = await this.get(id);
    const crl = (() => {
      try {
        return parseCrl(crlDerFromText(typeof body === 'string' ? body : ''));
      } catch (e) {
        if (e instanceof CrlError) throw ApiError.validation('crl', e.message);
        throw e;
      }
    })();
    if (!crlSignedBy(crl, ca.certPem)) throw ApiError.validation('crl', 'the CRL is not signed by this CA');
    if (ca.crlThisUpdate && crl.thisUpdate < ca.crlThisUpdate) throw ApiError.validation('crl', 'the CRL is older than the one the CA already has');
    Object.assign(ca, {
      crlDer: crl.der.toString('base64'),
      crlThisUpdate: crl.thisUpdate,
      crlNextUpdate: crl.nextUpdate,
      crlRevokedSerials: crl.revokedSerials,
      updatedAt: this.clock.now(),
    });
    raise(await this.cas.replace(ca), ca);
    return ca;
  }

  async deleteCrl(id: string): Promise<void> {
    const ca = await this.get(id);
    if (ca.crlDer === null) throw ApiError.notFound();
    Object.assign(ca, { crlDer: null, crlThisUpdate: null, crlNextUpdate: null, crlRevokedSerials: null, updatedAt: this.clock.now() });
    raise(await this.cas.replace(ca), ca);
  }

  /** Whether the CA's CRL is past its nextUpdate now. */
  isCrlStale(ca: CaEntity): boolean {
    return ca.crlNextUpdate !== null && this.clock.now() > ca.crlNextUpdate;
  }

  /** `good`, `revoked`, or `stale` (fail-closed only) for a chain that verified to `ca`. */
  revocationOf(ca: CaEntity, chain: X509Certificate[]): RevocationVerdict {
    return revocationVerdict(ca, chain, this.clock.now(), this.config.crlStalePolicy);
  }

  /**
   * For enrollment: true when the certificate must be refused by the CA's revocation state: on its CRL, or
   * the CRL is stale under `fail-closed`. `certPem` is the leaf, optionally followed by the intermediates
   * the client sent (then a revoked intermediate under a registered root is caught too). Unknown CA or
   * unparsable PEM: true (fail closed; callers have checked both before).
   */
  async isRevoked(caId: string, certPem: string): Promise<boolean> {
    const ca = await this.cas.findById(caId);
    if (!ca) return true;
    let chain: X509Certificate[];
    try {
      chain = parsePemCertificates(certPem);
    } catch {
      return true;
    }
    return this.revocationOf(ca, chain) !== 'good';
  }

  private async save(current: CaEntity, fields: Partial<CaEntity>): Promise<void> {
    const ca = Object.assign(new CaEntity(), current, fields, { updatedAt: this.clock.now() });
    raise(await this.cas.replace(ca), ca);
  }
}

/**
 * `certPem` must hold exactly one certificate, and a CA certificate: a leaf registered as a CA could never
 * anchor a chain, and a bundle leaves unclear which certificate is meant. Every failure is a 400 with a
 * catalogue code naming the field, never a 500. Stored canonical (64-column base64, LF).
 */
function caCertificate(pem: string): string {
  let certs: X509Certificate[];
  try {
    certs = parsePemCertificates(pem);
  } catch (e) {
    if (e instanceof PemError) throw new ApiError(e.code, { field: 'certPem', reason: e.message });
    throw e;
  }
  if (certs.length !== 1) throw new ApiError('INVALID_CERT_PEM', { field: 'certPem', reason: `expected exactly one certificate, found ${certs.length}` });
  if (!certs[0].ca) throw new ApiError('CERTIFICATE_IS_NOT_CA', { field: 'certPem', reason: 'basicConstraints cA is not set' });
  return derToPem(certs[0].raw);
}

function validClaim(input: ClaimInput, base: ExternalIdClaim | null = null): ExternalIdClaim | null {
  const claim = claimFromInput(input, base);
  if (isClaimProblem(claim)) throw ApiError.validation(claim.field, claim.reason, input);
  if (claim === null) return null;
  const problem = externalIdClaimProblem(claim);
  if (problem) throw ApiError.validation(problem.field, problem.reason, input);
  return claim;
}

/** Unique clashes are 400 COULD_NOT_VALIDATE naming the field, as in OpenZiti. */
function raise(result: CaWriteResult, ca: CaEntity): void {
  if (result.ok) return;
  if ('missing' in result) throw ApiError.notFound();
  if (result.taken === 'fingerprint') throw ApiError.validation('certPem', `the certificate (fingerprint ${ca.fingerprint}) is already registered as a CA`);
  throw ApiError.validation('name', 'name is already used by another CA', ca.name);
}
