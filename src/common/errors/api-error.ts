import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue';

/** A field-level cause, as OpenZiti renders validation failures. */
export interface FieldCause {
  field: string;
  reason: string;
  value?: unknown;
}

export type ErrorCause = FieldCause | { code: string; message: string } | { message: string; data?: Record<string, unknown> };

/**
 * The one error type services raise. The filter renders it into the OpenZiti error envelope; services never
 * throw Nest HTTP exceptions (house style rule 7).
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly cause?: ErrorCause,
    message?: string,
    /** Extra response headers, e.g. WWW-Authenticate challenges or Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.status = ERROR_CATALOGUE[code].status;
  }

  static validation(field: string, reason: string, value?: unknown): ApiError {
    return new ApiError('COULD_NOT_VALIDATE', { field, reason, value });
  }

  static notFound(): ApiError {
    return new ApiError('NOT_FOUND');
  }
}
