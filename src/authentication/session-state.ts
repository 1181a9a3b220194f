/**
 * The API-session state machine (house style rule 10), as a pure function of stored facts, the
 * identity's authentication policy and the request. No I/O. See session-state.md for the diagram.
 */

export interface AuthQuery {
  typeId: 'MFA' | 'EXT-JWT';
  provider: 'ziti' | 'url';
  format?: string;
  httpMethod?: string;
  httpUrl?: string;
  minLength?: number;
  maxLength?: number;
  clientId?: string;
  id?: string;
  scopes: string[] | null;
}

export interface SessionFacts {
  /** Set at login when the identity had a verified MFA. */
  mfaRequired: boolean;
  /** Set when a TOTP (or recovery) code was accepted on this session, or MFA enrollment was verified. */
  mfaComplete: boolean;
}

export interface PolicyFacts {
  requireTotp: boolean;
}

/** The external-JWT second factor as judged on this request (it is never stored). */
export type ExtJwtOutcome = { required: false } | { required: true; satisfied: boolean; query: AuthQuery };

export interface SessionState {
  /** `partial` while any factor is outstanding. */
  level: 'partial' | 'full';
  authQueries: AuthQuery[];
  /** isMfaRequired as OpenZiti reports it: the identity's MFA or the policy asks for TOTP. */
  isMfaRequired: boolean;
}

/** OpenZiti's TOTP auth query, field for field (reference §5.3); `scopes` is not omitempty there. */
export const TOTP_QUERY: AuthQuery = {
  typeId: 'MFA',
  provider: 'ziti',
  format: 'alphaNumeric',
  httpMethod: 'POST',
  httpUrl: './authenticate/mfa',
  minLength: 4,
  maxLength: 6,
  scopes: null,
};

/** What can happen to a session's second-factor facts. */
export type SessionEvent =
  /** A successful primary login; `mfa` is the identity's TOTP enrollment at that moment. */
  | { kind: 'login'; mfa: 'verified' | 'unverified' | 'none' }
  /** POST /current-identity/mfa/verify with a valid TOTP code. */
  | { kind: 'enrollment-verified' }
  /** POST /authenticate/mfa with a valid TOTP or an unused recovery code. */
  | { kind: 'factor-accepted' }
  /** A wrong or replayed code: the facts do not change (the failure budget is spent elsewhere). */
  | { kind: 'factor-rejected' };

/** The facts after an event. Pure: the services persist what this returns. */
export function nextFacts(facts: SessionFacts | null, e: SessionEvent): SessionFacts {
  switch (e.kind) {
    case 'login':
      // Only a verified enrollment makes TOTP owed at login (an unverified one does not: OpenZiti's rule).
      return { mfaRequired: e.mfa === 'verified', mfaComplete: false };
    case 'enrollment-verified':
      return { mfaRequired: true, mfaComplete: true };
    case 'factor-accepted':
      return { mfaRequired: facts?.mfaRequired ?? false, mfaComplete: true };
    case 'factor-rejected':
      return facts ?? { mfaRequired: false, mfaComplete: false };
  }
}

export function deriveSessionState(session: SessionFacts, policy: PolicyFacts, extJwt: ExtJwtOutcome = { required: false }): SessionState {
  const authQueries: AuthQuery[] = [];
  const totpOwed = (session.mfaRequired || policy.requireTotp) && !session.mfaComplete;
  if (totpOwed) authQueries.push(TOTP_QUERY);
  if (extJwt.required && !extJwt.satisfied) authQueries.push(extJwt.query);
  return {
    level: authQueries.length > 0 ? 'partial' : 'full',
    authQueries,
    isMfaRequired: session.mfaRequired || policy.requireTotp,
  };
}
