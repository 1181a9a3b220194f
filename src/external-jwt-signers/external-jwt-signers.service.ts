import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../app.tokens';
import { AuthPoliciesService } from '../auth-policies/auth-policies.service';
import { Clock } from '../common/clock';
import { randomId } from '../common/crypto/random';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import type { ListQueryInput } from '../common/http/zitiql';
import type { AppConfig } from '../config/config.schema';
import type { ExternalJwtSignerCreateDto } from './dto/external-jwt-signer-create.dto';
import type { ExternalJwtSignerPatchDto } from './dto/external-jwt-signer-patch.dto';
import type { ExternalJwtSignerUpdateDto } from './dto/external-jwt-signer-update.dto';
import { ExternalJwtSignerEntity } from './external-jwt-signer.entity';
import { applyExternalJwtSignerPatch, type ExternalJwtSignerFields, fromExternalJwtSignerCreate } from './external-jwt-signer.mapper';
import { ExternalJwtSignerRepository, type UniqueField, type WriteResult } from './external-jwt-signer.repository';
import { SignerCertError, signerCertFacts } from './signer-cert';
import { checkFetchUrl } from './url-policy';

type SignerContent = Omit<ExternalJwtSignerEntity, 'id' | 'createdAt' | 'updatedAt'>;

const NO_CERT = { fingerprint: null, commonName: null, notBefore: null, notAfter: null };

/**
 * External JWT signers: the management CRUD with OpenZiti's rules (reference §4.5), the anonymous client
 * list, and the lookups authentication makes on every ext-JWT login (`findEnabledByIssuer`, `get`,
 * `anyEnabled`, `listEnabled`), each one indexed query or a scan of a table of a handful of rows. Nothing
 * is cached here: every replica sees an edit at once, and the key store keys its cache on `updatedAt`.
 */
@Injectable()
export class ExternalJwtSignersService {
  constructor(
    private readonly signers: ExternalJwtSignerRepository,
    private readonly policies: AuthPoliciesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(query: ListQueryInput): Promise<Page<ExternalJwtSignerEntity>> {
    return this.signers.list(query);
  }

  /** The client API's page: enabled signers only. */
  listForClients(query: ListQueryInput): Promise<Page<ExternalJwtSignerEntity>> {
    return this.signers.listEnabledPage(query);
  }

  /** The signer, or 404 NOT_FOUND. */
  async get(id: string): Promise<ExternalJwtSignerEntity> {
    const signer = await this.signers.findById(id);
    if (!signer) throw ApiError.notFound();
    return signer;
  }

  /** The signer (enabled or not), or null: for callers that must fail closed rather than answer 404. */
  findById(id: string): Promise<ExternalJwtSignerEntity | null> {
    return this.signers.findById(id);
  }

  /** The enabled signer whose `issuer` is exactly `issuer` (issuers are unique), or null. */
  findEnabledByIssuer(issuer: string): Promise<ExternalJwtSignerEntity | null> {
    return this.signers.findEnabledByIssuer(issuer);
  }

  /** Whether ext-JWT authentication can succeed at all (lets callers skip work when no signer is on). */
  anyEnabled(): Promise<boolean> {
    return this.signers.anyEnabled();
  }

  /** Every enabled signer, by name. */
  listEnabled(): Promise<ExternalJwtSignerEntity[]> {
    return this.signers.findAllEnabled();
  }

  async create(dto: ExternalJwtSignerCreateDto): Promise<ExternalJwtSignerEntity> {
    const content = await this.validated(fromExternalJwtSignerCreate(dto));
    const now = this.clock.now();
    const signer = Object.assign(new ExternalJwtSignerEntity(), content, { id: randomId(), createdAt: now, updatedAt: now });
    raise(await this.signers.insert(signer), signer);
    return signer;
  }

  /** PUT: every mutable field replaced; omitted optional fields take their defaults. */
  async update(id: string, dto: ExternalJwtSignerUpdateDto): Promise<void> {
    const current = await this.get(id);
    await this.save(current, fromExternalJwtSignerCreate(dto));
  }

  /** PATCH: only the keys present with a non-null value change; a blank string clears an optional one. */
  async patch(id: string, dto: ExternalJwtSignerPatchDto): Promise<void> {
    const current = await this.get(id);
    await this.save(current, applyExternalJwtSignerPatch(current, dto));
  }

  /**
   * 409 CAN_NOT_DELETE_REFERENCED_ENTITY while an auth policy names the signer (remove it from the policy
   * first, reference §4.5). There is no foreign key from a JSON list, so a policy edit racing this delete
   * could leave a dangling id behind; an id that names no signer never matches a token, so that fails closed.
   */
  async delete(id: string): Promise<void> {
    if (!(await this.signers.existsById(id))) throw ApiError.notFound();
    const refs = await this.signers.policiesReferencing(id);
    const [field, ids] =
      refs.allowedSigners.length > 0 ? ['primary.extJwt.allowedSigners', refs.allowedSigners] : ['secondary.requireExtJwtSigner', refs.requireExtJwtSigner];
    if (ids.length > 0) {
      const total = new Set([...refs.allowedSigners, ...refs.requireExtJwtSigner]).size;
      const reason = `external JWT signer ${id} is referenced by ${total} auth ${total === 1 ? 'policy' : 'policies'}`;
      throw new ApiError('CAN_NOT_DELETE_REFERENCED_ENTITY', { field, value: ids, reason });
    }
    if (!(await this.signers.deleteById(id))) throw ApiError.notFound();
  }

  private async save(current: ExternalJwtSignerEntity, fields: ExternalJwtSignerFields): Promise<void> {
    const content = await this.validated(fields, current);
    const signer = Object.assign(new ExternalJwtSignerEntity(), current, content, { updatedAt: this.clock.now() });
    raise(await this.signers.replace(signer), signer);
  }

  /**
   * The rules that span fields or other entities, then the certificate facts. On an edit, the JWKS URL and
   * the enrollment policy are checked again only when they (or the flags that need them) change, so an
   * admin can still disable a signer while its IdP's DNS is down or after its policy was edited.
   */
  private async validated(fields: ExternalJwtSignerFields, current?: ExternalJwtSignerEntity): Promise<SignerContent> {
    if ((fields.certPem === null) === (fields.jwksEndpoint === null)) {
      const reason = fields.certPem === null ? 'one of certPem or jwksEndpoint is required' : 'certPem and jwksEndpoint are mutually exclusive';
      throw ApiError.validation('certPem', reason);
    }
    const cert = fields.certPem === null ? NO_CERT : certFacts(fields.certPem);
    if (fields.jwksEndpoint !== null && fields.jwksEndpoint !== current?.jwksEndpoint) await this.assertFetchable(fields.jwksEndpoint);
    const enrollChanged =
      !current ||
      fields.enrollAuthPolicyId !== current.enrollAuthPolicyId ||
      (fields.enrollToCertEnabled && !current.enrollToCertEnabled) ||
      (fields.enrollToTokenEnabled && !current.enrollToTokenEnabled);
    if (enrollChanged) await this.assertEnrollPolicy(fields);
    return { ...fields, ...cert };
  }

  /** The URL policy the key fetcher applies at fetch time, applied up front so a bad URL is a 400 now. */
  private async assertFetchable(url: string): Promise<void> {
    const verdict = await checkFetchUrl(url, { denyPrivate: this.config.extJwt.jwksDenyPrivate, denyLoopback: this.config.extJwt.jwksDenyLoopback });
    if (!verdict.ok) throw ApiError.validation('jwksEndpoint', verdict.reason, url);
  }

  /** The enrollment policy must exist and allow the methods the signer enrolls identities for. */
  private async assertEnrollPolicy(fields: ExternalJwtSignerFields): Promise<void> {
    const id = fields.enrollAuthPolicyId as string;
    const policy = await this.policies.get(id).catch((e: unknown) => {
      // An unknown policy is a bad value in the body, not a missing resource at the URL.
      if (e instanceof ApiError && e.code === 'NOT_FOUND') throw ApiError.validation('enrollAuthPolicyId', 'no auth policy has this id', id);
      throw e;
    });
    if (fields.enrollToTokenEnabled && !policy.extJwtAllowed) {
      throw ApiError.validation('enrollToTokenEnabled', `auth policy ${id} does not allow ext-jwt authentication`, true);
    }
    if (fields.enrollToCertEnabled && !policy.certAllowed) {
      throw ApiError.validation('enrollToCertEnabled', `auth policy ${id} does not allow cert authentication`, true);
    }
  }
}

function certFacts(pem: string): ReturnType<typeof signerCertFacts> {
  try {
    return signerCertFacts(pem);
  } catch (e) {
    if (e instanceof SignerCertError) throw new ApiError('INVALID_CERT_PEM', { field: 'certPem', reason: e.message });
    throw e;
  }
}

const TAKEN_FIELD: Record<UniqueField, { field: string; what: string }> = {
  name: { field: 'name', what: 'name' },
  issuer: { field: 'issuer', what: 'issuer' },
  kid: { field: 'kid', what: 'kid' },
  // The client sent the certificate, so the error names that field; the reason gives the fingerprint.
  fingerprint: { field: 'certPem', what: 'certificate' },
};

/** Turns a failed write into its typed error: unique clashes are 400 COULD_NOT_VALIDATE as in OpenZiti. */
function raise(result: WriteResult, signer: ExternalJwtSignerEntity): void {
  if (result.ok) return;
  if ('missing' in result) throw ApiError.notFound();
  const { field, what } = TAKEN_FIELD[result.taken];
  if (result.taken === 'fingerprint') {
    throw ApiError.validation(field, `the ${what} (fingerprint ${signer.fingerprint}) is already used by another external JWT signer`);
  }
  throw ApiError.validation(field, `${what} is already used by another external JWT signer`, signer[result.taken]);
}
