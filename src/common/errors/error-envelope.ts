import { redact } from '../logging/redact';
import type { ApiError } from './api-error';

export const ERROR_META = { apiVersion: '0.0.1', apiEnrollmentVersion: '0.0.1' } as const;

export interface ErrorEnvelope {
  error: { code: string; message: string; requestId: string; cause?: unknown };
  meta: typeof ERROR_META;
}

/** The OpenZiti error envelope (reference §1.2). A cause naming a secret field never echoes its value. */
export function errorEnvelope(err: ApiError, requestId: string): ErrorEnvelope {
  const error: ErrorEnvelope['error'] = { code: err.code, message: err.message, requestId };
  if (err.cause !== undefined) error.cause = redact(err.cause);
  return { error, meta: ERROR_META };
}
