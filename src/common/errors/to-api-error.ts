import { HttpException } from '@nestjs/common';
import { ZitiQlError } from '../http/zitiql';
import { ApiError } from './api-error';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: unknown;
}

const ZQL_CODES = { filter: 'INVALID_FILTER', sort: 'INVALID_SORT_IDENTIFIER', pagination: 'INVALID_PAGINATION' } as const;

/**
 * Maps anything thrown while serving a request to an ApiError. Returns undefined for errors that are not
 * the client's doing: those become 500 UNHANDLED and are logged in full.
 */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof ZitiQlError) return new ApiError(ZQL_CODES[err.kind], { field: err.kind, reason: err.message });
  const f = err as FastifyLikeError;
  switch (f?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('COULD_NOT_PARSE_BODY', { message: 'the body is not valid JSON' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('REQUEST_ENTITY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('COULD_NOT_PARSE_BODY');
  }
  if (err instanceof HttpException) {
    // Nest wraps Fastify's own errors (body parsing, limits) and keeps the original as the cause.
    const inner = (err as { cause?: unknown }).cause;
    return (inner && inner !== err ? toApiError(inner) : undefined) ?? fromHttpException(err);
  }
  // Fastify's JSON parser raises a SyntaxError carrying statusCode 400.
  if (err instanceof SyntaxError && f.statusCode === 400) return new ApiError('COULD_NOT_PARSE_BODY', { message: err.message });
  if (typeof f?.statusCode === 'number' && f.statusCode === 413) return new ApiError('REQUEST_ENTITY_TOO_LARGE');
  if (typeof f?.statusCode === 'number' && f.statusCode === 415) return new ApiError('UNSUPPORTED_MEDIA');
  return undefined;
}

function fromHttpException(err: HttpException): ApiError | undefined {
  switch (err.getStatus()) {
    case 404:
      return new ApiError('NOT_FOUND');
    case 401:
    case 403:
      return new ApiError('UNAUTHORIZED');
    case 405:
      return new ApiError('METHOD_NOT_ALLOWED');
    case 413:
      return new ApiError('REQUEST_ENTITY_TOO_LARGE');
    case 415:
      return new ApiError('UNSUPPORTED_MEDIA');
    case 400:
      return new ApiError('COULD_NOT_VALIDATE', { field: 'body', reason: err.message });
    default:
      return undefined;
  }
}
