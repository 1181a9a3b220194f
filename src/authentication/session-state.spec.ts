import { deriveSessionState, TOTP_QUERY } from './session-state';

describe('deriveSessionState', () => {
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
    expect(TOTP_QUERY).toEqual({
      typeId: 'MFA',
      provider: 'ziti',
      format: 'alphaNumeric',
      httpMethod: 'POST',
      httpUrl: './authenticate/mfa',
      minLength: 4,
      maxLength: 6,
      scopes: null,
    });
  });
});
