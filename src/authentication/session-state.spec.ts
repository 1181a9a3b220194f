import { deriveSessionState, nextFacts, type SessionEvent, type SessionFacts, TOTP_QUERY } from './session-state';

describe('session state: facts -> state', () => {
  // {policy requires TOTP} x {identity has a verified TOTP (mfaRequired at login)} x {factor completed}
  const cases: [requireTotp: boolean, mfaRequired: boolean, mfaComplete: boolean, level: 'partial' | 'full', isMfaRequired: boolean][] = [
    [false, false, false, 'full', false],
    [false, false, true, 'full', false],
    [false, true, false, 'partial', true],
    [false, true, true, 'full', true],
    [true, false, false, 'partial', true],
    [true, false, true, 'full', true],
    [true, true, false, 'partial', true],
    [true, true, true, 'full', true],
  ];

  it.each(cases)('requireTotp=%s mfaRequired=%s mfaComplete=%s -> %s', (requireTotp, mfaRequired, mfaComplete, level, isMfaRequired) => {
    const s = deriveSessionState({ mfaRequired, mfaComplete }, { requireTotp });
    expect(s.level).toBe(level);
    expect(s.isMfaRequired).toBe(isMfaRequired);
    expect(s.authQueries).toEqual(level === 'partial' ? [TOTP_QUERY] : []);
  });

  it("emits OpenZiti's TOTP query field for field", () => {
    expect(TOTP_QUERY).toEqual({ typeId: 'MFA', provider: 'ziti', format: 'alphaNumeric', httpMethod: 'POST', httpUrl: './authenticate/mfa', minLength: 4, maxLength: 6, scopes: null });
  });
});

describe('session state: events', () => {
  type Mfa = 'verified' | 'unverified' | 'none';
  const enrollments: Mfa[] = ['verified', 'unverified', 'none'];
  const policies = [false, true];

  /**
   * After a login, the level a session has, then after each further event. Events that need an
   * enrollment in a given state are only listed where the route would reach the state machine (the
   * services answer 404 / 409 before it otherwise).
   */
  const after: Record<string, (requireTotp: boolean, mfa: Mfa) => 'partial' | 'full' | 'n/a'> = {
    login: (r, m) => (r || m === 'verified' ? 'partial' : 'full'),
    'verify (enrollment-verified)': (_r, m) => (m === 'verified' ? 'n/a' : 'full'),
    'authenticate/mfa with TOTP': (_r, m) => (m === 'verified' ? 'full' : 'n/a'),
    'authenticate/mfa with recovery code': (_r, m) => (m === 'verified' ? 'full' : 'n/a'),
    'authenticate/mfa with a reused code': (r, m) => (m === 'verified' ? 'partial' : r ? 'partial' : 'n/a'),
    'authenticate/mfa with a wrong code': (r, m) => (m === 'verified' ? 'partial' : r ? 'partial' : 'n/a'),
  };
  const event: Record<string, SessionEvent> = {
    'verify (enrollment-verified)': { kind: 'enrollment-verified' },
    'authenticate/mfa with TOTP': { kind: 'factor-accepted' },
    'authenticate/mfa with recovery code': { kind: 'factor-accepted' },
    'authenticate/mfa with a reused code': { kind: 'factor-rejected' },
    'authenticate/mfa with a wrong code': { kind: 'factor-rejected' },
  };

  const rows = policies
    .flatMap((requireTotp) => enrollments.flatMap((mfa) => Object.keys(after).map((name) => [requireTotp, mfa, name, after[name](requireTotp, mfa)] as const)))
    .filter((r) => r[3] !== 'n/a');

  it.each(rows)('requireTotp=%s, TOTP %s: %s -> %s', (requireTotp, mfa, name, expected) => {
    let facts: SessionFacts = nextFacts(null, { kind: 'login', mfa });
    if (name !== 'login') facts = nextFacts(facts, event[name]);
    expect(deriveSessionState(facts, { requireTotp }).level).toBe(expected);
  });

  it('a rejected code never changes the facts', () => {
    const f = { mfaRequired: true, mfaComplete: false };
    expect(nextFacts(f, { kind: 'factor-rejected' })).toEqual(f);
  });
});
