import type { FastifyReply, FastifyRequest } from 'fastify';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'content-type, accept, authorization, zt-session, mfa-validation-code';
const EXPOSE_HEADERS = 'zt-session, expiration-seconds, expires-at, x-request-id, www-authenticate';

/**
 * OpenZiti's CORS (reference §1.4): any origin, credentials allowed, preflights answered 200. The origin
 * is echoed rather than `*` because browsers refuse `*` with credentials. Requests without an Origin
 * header (every SDK) pay nothing. Returns true when it answered the request (a preflight).
 */
export function applyCors(req: FastifyRequest, reply: FastifyReply): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  void reply.header('access-control-allow-origin', origin);
  void reply.header('access-control-allow-credentials', 'true');
  void reply.header('vary', 'Origin');
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    void reply
      .header('access-control-allow-methods', ALLOW_METHODS)
      .header('access-control-allow-headers', ALLOW_HEADERS)
      .header('access-control-max-age', '600')
      .status(200)
      .send();
    return true;
  }
  void reply.header('access-control-expose-headers', EXPOSE_HEADERS);
  return false;
}
