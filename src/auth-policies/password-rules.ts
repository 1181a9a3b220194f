import { ApiError } from '../common/errors/api-error';

/** The password-complexity part of an auth policy (AuthPolicyEntity satisfies it). */
export interface PasswordPolicy {
  minPasswordLength: number;
  requireSpecialChar: boolean;
  requireNumberChar: boolean;
  requireMixedCase: boolean;
}

/**
 * OpenZiti's swagger limits on every updb password (reference §4.3). A policy can raise the minimum, never
 * lower it below 5. Lengths count Unicode code points, as go-openapi's minLength/maxLength do, so an emoji
 * is one character, not two UTF-16 units.
 */
export const PASSWORD_MIN_LENGTH = 5;
export const PASSWORD_MAX_LENGTH = 100;

/*
 * Character classes, Unicode-aware so a password in any script is judged the same way:
 * - letter: \p{L} (any script) or a combining mark \p{M} (so a decomposed "é" is a letter, not a symbol);
 * - number: \p{N} (decimal digits of every script, plus other numerals such as "²" or "Ⅻ");
 * - special: any code point that is neither a letter nor a number: ASCII punctuation, symbols, emoji,
 *   whitespace (a space is special, as in OWASP's list) and control characters;
 * - mixed case: at least one uppercase \p{Lu} and one lowercase \p{Ll} letter; scripts without case
 *   (e.g. CJK) cannot satisfy that rule on their own.
 */
const SPECIAL = /[^\p{L}\p{M}\p{N}]/u;
const NUMBER = /\p{N}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

/**
 * The first rule `password` breaks, as a reason for the error cause, or undefined when it meets them all.
 * OpenZiti stores these policy fields but never enforces them (reference §4.3); ztc does.
 */
export function passwordRuleViolation(password: string, policy: PasswordPolicy): string | undefined {
  const length = [...password].length;
  const min = Math.max(policy.minPasswordLength, PASSWORD_MIN_LENGTH);
  if (length < min) return `must be at least ${min} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (policy.requireSpecialChar && !SPECIAL.test(password)) return 'must contain a special character';
  if (policy.requireNumberChar && !NUMBER.test(password)) return 'must contain a number';
  if (policy.requireMixedCase && !(UPPER.test(password) && LOWER.test(password))) return 'must contain upper and lower case letters';
  return undefined;
}

/**
 * Throws 400 COULD_NOT_VALIDATE with `cause {field: 'password', reason}`. The password itself is never put
 * in the cause: a rejected password is often a near miss of the real one.
 */
export function assertPasswordRules(password: string, policy: PasswordPolicy): void {
  const reason = passwordRuleViolation(password, policy);
  if (reason !== undefined) throw ApiError.validation('password', reason);
}
