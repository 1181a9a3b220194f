import { generateSecret, generateSync, verifySync } from 'otplib';

/**
 * TOTP arithmetic (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits — what authenticator apps use), on otplib.
 * Time always comes from the caller, so tests drive it with a clock instead of waiting.
 */
export const TOTP_PERIOD_SECONDS = 30;

/** A new secret: 20 random bytes (160 bits), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export interface TotpCheck {
  secret: string;
  code: string;
  now: Date;
  /** Steps accepted either side of the current one. */
  windowSteps: number;
  /** The last accepted step: that step and earlier ones are refused (replay protection). */
  afterTimeStep: number | null;
}

/** The matched time step, or null. Malformed input (not 6 digits) is simply not valid. */
export function checkTotp(c: TotpCheck): number | null {
  if (!/^\d{6}$/.test(c.code)) return null;
  try {
    const r = verifySync({
      secret: c.secret,
      token: c.code,
      epoch: Math.floor(c.now.getTime() / 1000),
      epochTolerance: c.windowSteps * TOTP_PERIOD_SECONDS,
      ...(c.afterTimeStep !== null ? { afterTimeStep: c.afterTimeStep } : {}),
    });
    return r.valid ? ((r as { timeStep?: number }).timeStep ?? null) : null;
  } catch {
    return null;
  }
}

/** The code for a moment (tests and tools). */
export function totpAt(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** `otpauth://totp/<issuer>:<account>?secret=...&issuer=...`: what authenticator apps scan. */
export function provisioningUrl(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=${TOTP_PERIOD_SECONDS}`;
}
