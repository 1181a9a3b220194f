import { checkTotp, newTotpSecret, provisioningUrl, totpAt } from './totp';
import { findRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-11-23T10:00:10Z');
  const check = (code: string, at = now, afterTimeStep: number | null = null, windowSteps = 1) => checkTotp({ secret, code, now: at, windowSteps, afterTimeStep });

  it('makes 160-bit base32 secrets', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts the current code and one step either side, not two', () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(check(totpAt(secret, now))).toBe(step);
    expect(check(totpAt(secret, new Date(now.getTime() - 30_000)))).toBe(step - 1);
    expect(check(totpAt(secret, new Date(now.getTime() + 30_000)))).toBe(step + 1);
    expect(check(totpAt(secret, new Date(now.getTime() - 60_000)))).toBeNull();
    expect(check(totpAt(secret, new Date(now.getTime() - 60_000)), now, null, 2)).toBe(step - 2);
  });

  it('refuses the step already used and earlier ones (replay)', () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(check(totpAt(secret, now), now, step)).toBeNull();
    expect(check(totpAt(secret, new Date(now.getTime() + 30_000)), now, step)).toBe(step + 1);
  });

  it('treats malformed codes as invalid, never throws', () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 456', '１２３４５６']) expect(check(bad)).toBeNull();
  });

  it('matches the RFC 6238 SHA-1 vector through otplib', () => {
    // Secret "12345678901234567890" (ASCII) in base32; T = 59 s -> 94287082 (8 digits), 287082 (6 digits).
    const rfc = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpAt(rfc, new Date(59_000))).toBe('287082');
  });

  it('builds an otpauth URL authenticator apps accept', () => {
    const url = new URL(provisioningUrl('ztc', 'alice@example', secret));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/ztc:alice@example');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('ztc');
  });
});

describe('recovery codes', () => {
  it('are 20 distinct 6-character base32 codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(20);
    expect(new Set(codes).size).toBe(20);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{6}$/);
  });

  it('normalise case and spaces, and are found by MAC', () => {
    expect(normaliseRecoveryCode(' ab c2d3 ')).toBe('ABC2D3');
    expect(findRecoveryCode(['aa', 'bb', 'cc'], 'bb')).toBe(1);
    expect(findRecoveryCode(['aa', 'bb'], 'zz')).toBe(-1);
  });
});
