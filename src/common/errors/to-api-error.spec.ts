import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ZitiQlError } from '../http/zitiql';
import { ApiError } from './api-error';
import { ERROR_CATALOGUE } from './error-catalogue';
import { errorEnvelope } from './error-envelope';
import { toApiError } from './to-api-error';

describe('mapping thrown errors to the catalogue', () => {
  it('keeps ApiErrors and maps list-query errors', () => {
    const e = new ApiError('MFA_EXISTS');
    expect(toApiError(e)).toBe(e);
    expect(toApiError(new ZitiQlError('filter', 'bad'))?.code).toBe('INVALID_FILTER');
    expect(toApiError(new ZitiQlError('sort', 'bad'))?.code).toBe('INVALID_SORT_IDENTIFIER');
    expect(toApiError(new ZitiQlError('pagination', 'bad'))?.code).toBe('INVALID_PAGINATION');
  });

  it('maps Fastify body errors, also when Nest wrapped them', () => {
    const tooLarge = Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toApiError(tooLarge)?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    const badJson = Object.assign(new SyntaxError('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    expect(toApiError(new HttpException('x', 400, { cause: badJson }))?.code).toBe('COULD_NOT_PARSE_BODY');
    expect(toApiError(new NotFoundException())?.code).toBe('NOT_FOUND');
    expect(toApiError(new BadRequestException('nope'))?.code).toBe('COULD_NOT_VALIDATE');
  });

  it('leaves programming errors unmapped (they become 500 UNHANDLED and are logged)', () => {
    expect(toApiError(new TypeError('x is undefined'))).toBeUndefined();
  });

  it('every catalogue entry has a 4xx/5xx status and a message', () => {
    for (const [code, e] of Object.entries(ERROR_CATALOGUE)) {
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.message.length).toBeGreaterThan(0);
      expect(new ApiError(code as keyof typeof ERROR_CATALOGUE).status).toBe(e.status);
    }
  });

  it('renders the envelope and never echoes a secret field value', () => {
    const env = errorEnvelope(ApiError.validation('password', 'too short', 'hunter2'), 'req1');
    expect(env).toEqual({
      error: { code: 'COULD_NOT_VALIDATE', message: ERROR_CATALOGUE.COULD_NOT_VALIDATE.message, requestId: 'req1', cause: { field: 'password', reason: 'too short', value: '[REDACTED]' } },
      meta: { apiVersion: '0.0.1', apiEnrollmentVersion: '0.0.1' },
    });
  });
});
