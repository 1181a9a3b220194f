/**
 * Secrets must never reach a log line. Rather than listing every path where one could appear, every object
 * that is logged is walked and any key named like a secret is replaced, at any depth, including error causes.
 */
const SECRET_KEYS = new Set(
  [
    'authorization',
    'zt-session',
    'mfa-validation-code',
    'password',
    'currentpassword',
    'newpassword',
    'code',
    'token',
    'privatekey',
    'keypem',
    'key',
    'secret',
    'recoverycodes',
    'cookie',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '[REDACTED]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/** A deep copy of `value` with secret-named keys replaced; a field cause naming a secret field loses its value. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown };
    return redact({ type: e.name, message: e.message, stack: e.stack, errorCode: e.code }, depth + 1);
  }
  const out: Record<string, unknown> = {};
  const obj = value as Record<string, unknown>;
  const causeOfSecretField = typeof obj.field === 'string' && isSecretKey(obj.field.split('.').pop() ?? '');
  for (const [k, v] of Object.entries(obj)) {
    if (isSecretKey(k) || (causeOfSecretField && k === 'value')) out[k] = REDACTED;
    else out[k] = redact(v, depth + 1);
  }
  return out;
}

/** Query-string values of secret parameters (e.g. enrollment `token=`) are removed from logged URLs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const k of [...params.keys()]) if (isSecretKey(k)) params.set(k, REDACTED);
  return `${url.slice(0, q)}?${params.toString()}`;
}
