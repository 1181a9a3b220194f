import { ApiError } from '../common/errors/api-error';
import { errorEnvelope } from '../common/errors/error-envelope';
import { assertPasswordRules, type PasswordPolicy, passwordRuleViolation } from './password-rules';

const LAX: PasswordPolicy = { minPasswordLength: 5, requireSpecialChar: false, requireNumberChar: false, requireMixedCase: false };
const with_ = (p: Partial<PasswordPolicy>): PasswordPolicy => ({ ...LAX, ...p });

describe('passwordRuleViolation', () => {
  describe('length', () => {
    it.each([
      ['abcd', 5, 'must be at least 5 characters'],
      ['abcde', 5, undefined],
      ['abcdefg', 8, 'must be at least 8 characters'],
      ['abcdefgh', 8, undefined],
    ])('%j with minimum %d -> %s', (password, min, reason) => {
      expect(passwordRuleViolation(password, with_({ minPasswordLength: min }))).toBe(reason);
    });

    it('never accepts fewer than 5 characters, whatever the policy says', () => {
      expect(passwordRuleViolation('abcd', with_({ minPasswordLength: 0 }))).toBe('must be at least 5 characters');
      expect(passwordRuleViolation('', with_({ minPasswordLength: -3 }))).toBe('must be at least 5 characters');
    });

    it('accepts 100 characters and rejects 101', () => {
      expect(passwordRuleViolation('a'.repeat(100), LAX)).toBeUndefined();
      expect(passwordRuleViolation('a'.repeat(101), LAX)).toBe('must be at most 100 characters');
    });

    it('counts code points, not UTF-16 units', () => {
      // Four emoji are 8 UTF-16 units but 4 characters: still too short.
      expect(passwordRuleViolation('😀😀😀😀', LAX)).toBe('must be at least 5 characters');
      expect(passwordRuleViolation('😀😀😀😀😀', LAX)).toBeUndefined();
      expect(passwordRuleViolation('😀'.repeat(100), LAX)).toBeUndefined();
      expect(passwordRuleViolation('😀'.repeat(101), LAX)).toBe('must be at most 100 characters');
    });
  });

  describe('special character', () => {
    const policy = with_({ requireSpecialChar: true });
    it.each(['abcde!', 'abc de', 'ab-cd', 'ab_cd', 'abcd😀', 'abcd\u00a7', 'ab\tcd'])('%j has one', (password) => {
      expect(passwordRuleViolation(password, policy)).toBeUndefined();
    });
    it.each(['abcdef', 'abc123', 'ÄÖÜäöü', 'пароль', '密码密码密码', 'abc١٢٣', 'cafe\u0301s', 'abc²Ⅻ'])(
      '%j has none: letters, digits and marks of any script are not special',
      (password) => {
        expect(passwordRuleViolation(password, policy)).toBe('must contain a special character');
      },
    );
  });

  describe('number', () => {
    const policy = with_({ requireNumberChar: true });
    it.each(['abcde1', '0abcd', 'abcd٣', 'abcd²'])('%j has one', (password) => {
      expect(passwordRuleViolation(password, policy)).toBeUndefined();
    });
    it.each(['abcdef', 'abc!@#', 'ABCDEF'])('%j has none', (password) => {
      expect(passwordRuleViolation(password, policy)).toBe('must contain a number');
    });
  });

  describe('mixed case', () => {
    const policy = with_({ requireMixedCase: true });
    it.each(['abcdE', 'Abcde', 'ÄBCDé', 'Пароль'])('%j has both', (password) => {
      expect(passwordRuleViolation(password, policy)).toBeUndefined();
    });
    it.each(['abcde', 'ABCDE', '12345!', 'пароль', '密码密码密码'])('%j lacks one case', (password) => {
      expect(passwordRuleViolation(password, policy)).toBe('must contain upper and lower case letters');
    });
  });

  it('reports the first rule broken, in the order length, special, number, case', () => {
    const strict = with_({ minPasswordLength: 8, requireSpecialChar: true, requireNumberChar: true, requireMixedCase: true });
    expect(passwordRuleViolation('abc', strict)).toBe('must be at least 8 characters');
    expect(passwordRuleViolation('abcdefgh', strict)).toBe('must contain a special character');
    expect(passwordRuleViolation('abcdefg!', strict)).toBe('must contain a number');
    expect(passwordRuleViolation('abcdef1!', strict)).toBe('must contain upper and lower case letters');
    expect(passwordRuleViolation('Abcdef1!', strict)).toBeUndefined();
  });

  it('ignores rules the policy does not require', () => {
    expect(passwordRuleViolation('abcde', LAX)).toBeUndefined();
  });
});

describe('assertPasswordRules', () => {
  it('passes a compliant password', () => {
    expect(() => assertPasswordRules('Abcdef1!', with_({ requireSpecialChar: true }))).not.toThrow();
  });

  it('throws COULD_NOT_VALIDATE on field password without the value', () => {
    let err: unknown;
    try {
      assertPasswordRules('short', with_({ minPasswordLength: 12 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    const apiError = err as ApiError;
    expect(apiError.code).toBe('COULD_NOT_VALIDATE');
    expect(apiError.status).toBe(400);
    expect(apiError.cause).toEqual({ field: 'password', reason: 'must be at least 12 characters', value: undefined });
    expect(JSON.stringify(errorEnvelope(apiError, 'r1'))).not.toContain('short');
  });
});
