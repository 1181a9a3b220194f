import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { randomId } from '../common/crypto/random';
import { ApiError } from '../common/errors/api-error';
import type { Page } from '../common/http/paginate';
import type { ListQueryInput } from '../common/http/zitiql';
import { AuthPolicyEntity } from './auth-policy.entity';
import { type AuthPolicyFields, applyAuthPolicyPatch, fromAuthPolicyCreate, normaliseAuthPolicy } from './auth-policy.mapper';
import { AuthPolicyRepository } from './auth-policy.repository';
import type { AuthPolicyCreateDto } from './dto/auth-policy-create.dto';
import type { AuthPolicyPatchDto } from './dto/auth-policy-patch.dto';
import type { AuthPolicyUpdateDto } from './dto/auth-policy-update.dto';
import { assertPasswordRules } from './password-rules';
import { SignerReferences } from './signer-references';

/** The policy created by the migration; identities created without an `authPolicyId` get it. */
export const DEFAULT_AUTH_POLICY_ID = 'default';

/** At most this many referencing ids are listed in a 409 cause; the reason gives the total. */
const MAX_LISTED_REFERENCES = 100;

/**
 * Auth policies: the management CRUD, and the questions other modules ask (`get`, `exists`,
 * `assertPassword`). Every write is normalised the way OpenZiti does before it is stored.
 */
@Injectable()
export class AuthPoliciesService {
  constructor(
    private readonly policies: AuthPolicyRepository,
    private readonly signers: SignerReferences,
    private readonly clock: Clock,
  ) {}

  list(query: ListQueryInput): Promise<Page<AuthPolicyEntity>> {
    return this.policies.list(query);
  }

  /** The policy, or 404 NOT_FOUND. */
  async get(id: string): Promise<AuthPolicyEntity> {
    const policy = await this.policies.findById(id);
    if (!policy) throw ApiError.notFound();
    return policy;
  }

  exists(id: string): Promise<boolean> {
    return this.policies.existsById(id);
  }

  /**
   * 400 COULD_NOT_VALIDATE on field `password` when `password` breaks the policy's complexity rules
   * (404 when the policy does not exist). OpenZiti stores these rules without enforcing them; ztc enforces
   * them wherever a password is set.
   */
  async assertPassword(policyId: string, password: string): Promise<void> {
    assertPasswordRules(password, await this.get(policyId));
  }

  async create(dto: AuthPolicyCreateDto): Promise<AuthPolicyEntity> {
    const fields = normaliseAuthPolicy(fromAuthPolicyCreate(dto));
    await this.assertSignersExist(fields);
    const now = this.clock.now();
    const policy = Object.assign(new AuthPolicyEntity(), fields, { id: randomId(), createdAt: now, updatedAt: now });
    if ((await this.policies.insert(policy)) === 'name-taken') throw nameTaken(policy.name);
    return policy;
  }

  /** PUT: every mutable field replaced; omitted optional fields become empty (tags `{}`, no signer). */
  async update(id: string, dto: AuthPolicyUpdateDto): Promise<void> {
    await this.save(await this.get(id), fromAuthPolicyCreate(dto));
  }

  /** PATCH: only the keys present with a non-null value change. */
  async patch(id: string, dto: AuthPolicyPatchDto): Promise<void> {
    const current = await this.get(id);
    await this.save(current, applyAuthPolicyPatch(current, dto));
  }

  /**
   * 409 CAN_NOT_DELETE_REFERENCED_ENTITY while identities (or external JWT signers, for enrollment) use the
   * policy. `default` is always refused, even when nothing references it at the moment: identity creation
   * falls back to it, so deleting it would break every later create that names no policy. (OpenZiti only
   * refuses it because the default admin happens to reference it.)
   */
  async delete(id: string): Promise<void> {
    if (!(await this.policies.existsById(id))) throw ApiError.notFound();
    await this.assertUnreferenced(id);
    const result = await this.policies.deleteById(id);
    if (result === 'missing') throw ApiError.notFound();
    // An identity was created with this policy between the check and the delete: the foreign key refused it.
    if (result === 'referenced') await this.assertUnreferenced(id, true);
  }

  private async save(current: AuthPolicyEntity, changes: AuthPolicyFields): Promise<void> {
    const fields = normaliseAuthPolicy(changes);
    await this.assertSignersExist(fields);
    const policy = Object.assign(new AuthPolicyEntity(), current, fields, { updatedAt: this.clock.now() });
    const result = await this.policies.replace(policy);
    if (result === 'missing') throw ApiError.notFound();
    if (result === 'name-taken') throw nameTaken(policy.name);
  }

  /**
   * Unknown signer ids answer 404 NOT_FOUND naming the first offending field, as OpenZiti does. OpenZiti
   * names them by its internal fields (`allowedExtJwtSigners[i]`, `requiredExtJwtSigner`); ztc uses the
   * wire names the client sent, `primary.extJwt.allowedSigners[i]` and `secondary.requireExtJwtSigner`.
   */
  private async assertSignersExist(fields: AuthPolicyFields): Promise<void> {
    const wanted = [...fields.extJwtAllowedSigners];
    if (fields.requireExtJwtSigner !== null) wanted.push(fields.requireExtJwtSigner);
    if (wanted.length === 0) return;
    const known = await this.signers.exists(wanted);
    const missing = fields.extJwtAllowedSigners.findIndex((s) => !known.has(s));
    if (missing >= 0) throw signerNotFound(`primary.extJwt.allowedSigners[${missing}]`, fields.extJwtAllowedSigners[missing]);
    if (fields.requireExtJwtSigner !== null && !known.has(fields.requireExtJwtSigner)) {
      throw signerNotFound('secondary.requireExtJwtSigner', fields.requireExtJwtSigner);
    }
  }

  /** Throws 409 when anything references the policy (always when `raced`: the database said so). */
  private async assertUnreferenced(id: string, raced = false): Promise<void> {
    const identities = await this.policies.identitiesReferencing(id, MAX_LISTED_REFERENCES);
    if (id === DEFAULT_AUTH_POLICY_ID || identities.total > 0 || raced) {
      const users = count(identities.total, 'identity', 'identities');
      const reason =
        id === DEFAULT_AUTH_POLICY_ID
          ? `the default auth policy cannot be deleted; it is referenced by ${users}`
          : `auth policy ${id} is referenced by ${users}`;
      throw referenced('authPolicyId', identities.ids, reason);
    }
    const signers = await this.signers.enrollingWith(id);
    if (signers.length > 0) {
      throw referenced('enrollAuthPolicyId', signers, `auth policy ${id} is referenced by ${count(signers.length, 'external JWT signer', 'external JWT signers')}`);
    }
  }
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function nameTaken(name: string): ApiError {
  return ApiError.validation('name', 'name is already used by another auth policy', name);
}

function signerNotFound(field: string, value: string): ApiError {
  return new ApiError('NOT_FOUND', { field, reason: 'external JWT signer not found', value });
}

function referenced(field: string, ids: string[], reason: string): ApiError {
  return new ApiError('CAN_NOT_DELETE_REFERENCED_ENTITY', { field, value: ids, reason });
}
