import { ApiError } from '../common/errors/api-error';

/** WWW-Authenticate challenges as OpenZiti sends them (reference §1.4). */
const MISSING = 'error="missing" error_description="no matching token was provided"';
const INVALID = 'error="invalid" error_description="token is invalid"';

export function tokenMissing(): ApiError {
  return new ApiError('UNAUTHORIZED', undefined, undefined, {
    'www-authenticate': `zt-session realm="zt-session" ${MISSING},Bearer realm="openziti-oidc" ${MISSING}`,
  });
}

export function tokenInvalid(): ApiError {
  return new ApiError('UNAUTHORIZED', undefined, undefined, { 'www-authenticate': `zt-session realm="zt-session" ${INVALID}` });
}
