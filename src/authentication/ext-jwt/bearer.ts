import type { FastifyRequest } from 'fastify';

/** Up to three `Authorization: Bearer` values (OpenZiti processes at most three). */
export function bearerTokens(req: FastifyRequest): string[] {
  const raw = req.headers.authorization;
  const values = (Array.isArray(raw) ? raw : raw ? raw.split(',') : []).map((v) => v.trim());
  return values
    .filter((v) => /^bearer\s+/i.test(v))
    .map((v) => v.replace(/^bearer\s+/i, '').trim())
    .filter((v) => v.length > 0)
    .slice(0, 3);
}
