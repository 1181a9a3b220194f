import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { redactUrl } from '../logging/redact';
import { ApiError } from './api-error';
import { errorEnvelope } from './error-envelope';
import { toApiError } from './to-api-error';

/** Lists the HTTP methods routed for a concrete path (empty when the path is unknown altogether). */
export type RouteMethods = (url: string) => string[];

/** Renders everything thrown by guards, pipes and handlers as the OpenZiti error envelope. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly routeMethods: RouteMethods,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendError(reply, req, this.resolve(exception, req), this.logger, exception);
  }

  private resolve(exception: unknown, req: FastifyRequest): ApiError | undefined {
    const mapped = toApiError(exception);
    if (mapped?.code === 'NOT_FOUND' && !(exception instanceof ApiError)) {
      // An unknown route: when the path exists under other verbs the answer is 405, not 404.
      const allowed = this.routeMethods(req.url).filter((m) => m !== req.method);
      if (allowed.length > 0) return new ApiError('METHOD_NOT_ALLOWED', undefined, undefined, { allow: allowed.join(', ') });
    }
    return mapped;
  }
}

/** Shared by the Nest filter and Fastify's own error handler (body parsing runs before Nest sees a request). */
export function sendError(reply: FastifyReply, req: FastifyRequest, apiError: ApiError | undefined, logger: Logger, raw: unknown): void {
  const err = apiError ?? new ApiError('UNHANDLED');
  if (!apiError) logger.error({ err: raw, reqId: req.id, url: redactUrl(req.url), method: req.method }, 'unhandled error');
  else if (err.status >= 500) logger.error({ reqId: req.id, errorCode: err.code }, err.message);
  else logger.debug({ reqId: req.id, errorCode: err.code, status: err.status }, 'request failed');
  if (reply.sent) return;
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  void reply.status(err.status).type('application/json').send(errorEnvelope(err, req.id));
}
