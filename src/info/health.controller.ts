import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';

/** Liveness and readiness in one: the controller is healthy when its database answers. */
@Controller()
@Access('anonymous')
export class HealthController {
  constructor(private readonly ds: DataSource) {}

  @Get(['health-checks', 'edge/client/v1/health-checks', 'edge/management/v1/health-checks'])
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const started = process.hrtime.bigint();
    let healthy = true;
    let detail: string | undefined;
    try {
      await this.ds.query('SELECT 1');
    } catch (e) {
      healthy = false;
      detail = (e as Error).message;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!healthy) void reply.status(503);
    return ok({
      controller: { healthy, checks: [{ id: 'database', healthy, lastCheckDurationMs: Math.round(ms * 1000) / 1000, ...(detail ? { detail } : {}) }] },
    });
  }
}
