import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';

/**
 * Fastify's per-request lines ("incoming request", "request completed") at their usual levels, with the
 * work skipped (timing the response, serialising the request) when the logger's level drops them anyway.
 * Every other line (errors, not-found) is Fastify's own.
 */
export class RequestLogController extends LogController {
  constructor(private readonly logger: Logger) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.logger.isLevelEnabled('info')) super.incomingRequest(request, reply);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.logger.isLevelEnabled(error ? 'error' : 'info')) super.requestCompleted(error, request, reply);
  }
}
