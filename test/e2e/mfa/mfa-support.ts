import { totpAt } from '../../../src/mfa/totp';
import type { HttpsClient } from '../../support/https-client';
import type { TestContext } from '../../support/test-context';

export const CLIENT = '/edge/client/v1';

/** Enrolls TOTP for the client's identity and returns the secret (parsed from the provisioning URL). */
export async function startEnrollment(c: HttpsClient): Promise<{ secret: string; url: string; recoveryCodes: string[] }> {
  const created = await c.post(`${CLIENT}/current-identity/mfa`);
  if (created.status !== 201) throw new Error(`enroll failed: ${created.status} ${created.text}`);
  const detail = await c.get(`${CLIENT}/current-identity/mfa`);
  const url = detail.body.data.provisioningUrl as string;
  return { secret: new URL(url).searchParams.get('secret') as string, url, recoveryCodes: detail.body.data.recoveryCodes };
}

export function code(t: TestContext, secret: string): string {
  return totpAt(secret, t.clock.now());
}

/** Moves to the next 30-second step, so a new code is not a replay of the last accepted one. */
export function nextStep(t: TestContext): void {
  t.clock.advance(30_000);
}

export async function enrollVerified(t: TestContext, c: HttpsClient) {
  const e = await startEnrollment(c);
  const res = await c.post(`${CLIENT}/current-identity/mfa/verify`, { code: code(t, e.secret) });
  if (res.status !== 200) throw new Error(`verify failed: ${res.status} ${res.text}`);
  nextStep(t);
  return e;
}
