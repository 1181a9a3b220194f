import { Writable } from 'node:stream';
import type { ArgumentsHost } from '@nestjs/common';
import { createLogger } from '../logging/logger';
import { ApiError } from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';

function harness(routeMethods: (url: string) => string[] = () => []) {
  const lines: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (c, _e, cb) => (lines.push(c.toString()), cb()) }));
  const sent: { status?: number; body?: any; headers: Record<string, string> } = { headers: {} };
  const reply = {
    sent: false,
    header: (k: string, v: string) => ((sent.headers[k] = v), reply),
    status: (s: number) => ((sent.status = s), reply),
    type: () => reply,
    send: (b: unknown) => ((sent.body = b), reply),
  };
  const req = { id: 'rid-1', url: '/edge/client/v1/x', method: 'GET' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { filter: new ApiExceptionFilter(logger, routeMethods), host, sent, lines };
}

describe('ApiExceptionFilter', () => {
  it('answers an unexpected error with 500 UNHANDLED and the request id, and logs the detail', () => {
    const h = harness();
    h.filter.catch(new TypeError('cannot read x of undefined'), h.host);
    expect(h.sent.status).toBe(500);
    expect(h.sent.body.error).toEqual({ code: 'UNHANDLED', message: 'An unhandled error occurred', requestId: 'rid-1' });
    const logged = h.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
    expect(logged.err.message).toBe('cannot read x of undefined');
    expect(logged.reqId).toBe('rid-1');
    expect(JSON.stringify(h.sent.body)).not.toContain('cannot read');
  });

  it('renders ApiErrors with their status and headers', () => {
    const h = harness();
    h.filter.catch(new ApiError('SERVER_TOO_MANY_REQUESTS', undefined, undefined, { 'retry-after': '1' }), h.host);
    expect(h.sent.status).toBe(429);
    expect(h.sent.headers['retry-after']).toBe('1');
  });
});
