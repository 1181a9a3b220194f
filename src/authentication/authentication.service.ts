import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiSessionEntity } from '../api-sessions/api-session.entity';
import { APP_CONFIG } from '../app.tokens';
import type { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import type { AppConfig } from '../config/config.schema';
import { isDisabled } from '../identities/identity.entity';
import { type LoginIdentity, PrincipalRepository } from '../security/principal.repository';
import { AuthEventsService, type AuthEvent } from '../lockout/auth-events.service';
import { AuthRateLimiter } from './auth-rate-limiter';
import { FailureBudgetService } from '../lockout/failure-budget.service';
import type { AuthenticateDto } from './dto/authenticate.dto';
import { type CertFacts, PRIMARY_METHODS, type PrimaryMethod } from './methods/primary-method';
import type { ExtJwtFactorResult } from './factors/ext-jwt.factor';
import { SecondFactorFacts } from './second-factor-facts';
import { SessionIssuer } from './session-issuer';
import { deriveSessionState, type SessionState } from './session-state';

export interface Authenticated {
  session: ApiSessionEntity;
  token: string;
  identity: LoginIdentity;
  policy: AuthPolicyEntity;
  state: SessionState;
  /** Whether this login request also satisfied an external-JWT second factor. */
  extJwt: ExtJwtFactorResult;
  /** For a cert login: the certificate's facts, including the extension flags the answer surfaces. */
  cert?: CertFacts;
}

function methodAllowed(policy: AuthPolicyEntity, method: PrimaryMethod['name']): boolean {
  if (method === 'password') return policy.updbAllowed;
  if (method === 'cert') return policy.certAllowed;
  return policy.extJwtAllowed;
}

/**
 * The one place that decides a login: the strategy says who the credential proves, this service applies
 * the policy, disabled state and lockout, and creates the API session. Every failure is the same
 * 401 INVALID_AUTH, after the same single password verification, so neither the answer nor its timing
 * tells an unknown user from a wrong password, a disabled identity or a forbidden method.
 */
@Injectable()
export class AuthenticationService {
  private readonly methods: Map<string, PrimaryMethod>;
  private readonly limiter: AuthRateLimiter;

  constructor(
    @Inject(PRIMARY_METHODS) methods: PrimaryMethod[],
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly principals: PrincipalRepository,
    private readonly issuer: SessionIssuer,
    private readonly secondFactors: SecondFactorFacts,
    private readonly budget: FailureBudgetService,
    private readonly events: AuthEventsService,
    private readonly clock: Clock,
  ) {
    this.methods = new Map(methods.map((m) => [m.name, m]));
    this.limiter = new AuthRateLimiter(config.authMaxInFlight);
  }

  authenticate(method: string, body: AuthenticateDto, req: FastifyRequest): Promise<Authenticated> {
    const strategy = this.methods.get(method);
    if (!strategy) throw new ApiError('INVALID_AUTH_METHOD');
    return this.limiter.run(() => this.login(strategy, body, req));
  }

  private async login(strategy: PrimaryMethod, body: AuthenticateDto, req: FastifyRequest): Promise<Authenticated> {
    const base = { method: strategy.name, ipAddress: req.ip, requestId: req.id };
    const fail = (reason: AuthEvent['reason'], identityId?: string): never => {
      this.events.record({ kind: 'failure', reason, identityId, ...base });
      throw strategy.failure?.() ?? new ApiError('INVALID_AUTH');
    };
    const proof = await strategy.prove(body, req).catch((e: unknown) => {
      // A strategy that rejects the credential itself (ext-jwt) still leaves an event behind.
      if (e instanceof ApiError && e.status === 401) this.events.record({ kind: 'failure', reason: 'bad-credential', ...base });
      throw e;
    });
    if (!proof) return fail('unknown-credential');
    const now = this.clock.now();
    const principal = await this.principals.forLogin(proof.identityId);
    if (!principal) return fail('no-policy', proof.identityId);
    const { identity, policy } = principal;
    const allowed = methodAllowed(policy, strategy.name);

    if (!proof.credentialValid) {
      if (allowed && strategy.name === 'password') await this.budget.countFailure(identity.id, policy, strategy.name, req.ip);
      return fail('bad-credential', identity.id);
    }
    if (!allowed) return fail('method-not-allowed', identity.id);
    // Chain verification ignored the dates; whether an expired (or not yet valid) certificate still
    // logs in is the policy's call, as in OpenZiti.
    if (proof.cert && !policy.certAllowExpired && !withinValidity(proof.cert, now)) return fail('bad-credential', identity.id);
    // A policy naming allowed signers accepts tokens from those only.
    if (proof.signerId && policy.extJwtAllowedSigners.length > 0 && !policy.extJwtAllowedSigners.includes(proof.signerId)) {
      return fail('method-not-allowed', identity.id);
    }
    if (isDisabled(identity, now)) return fail('disabled', identity.id);

    const created = await this.issuer.issue(principal, proof, body, req, now);
    if (!created) return fail('disabled', identity.id);
    await proof.onSuccess?.();
    this.events.record({ kind: 'success', identityId: identity.id, ...base });
    const extJwt = await this.secondFactors.extJwtOnRequest(req, identity.id, policy);
    return { ...created, identity, policy, extJwt, cert: proof.cert, state: deriveSessionState(created.session, policy, extJwt) };
  }
}

function withinValidity(cert: CertFacts, now: Date): boolean {
  return now >= cert.notBefore && now <= cert.notAfter;
}
