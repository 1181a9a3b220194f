import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../../config/config.schema';
import { redact, redactUrl } from './redact';

interface RequestStore {
  reqId: string;
}

/** Carries the request id through every async step of a request, so every log line can name it. */
export const requestContext = new AsyncLocalStorage<RequestStore>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.reqId;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/**
 * Structured JSON logs. Request headers and bodies are never serialised; everything else passes through
 * `redact` so a secret that slips into a log object is still masked.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'ztc' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const reqId = currentRequestId();
        return reqId ? { reqId } : {};
      },
      formatters: { log: (obj) => redact(obj) as Record<string, unknown> },
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, url: req.url ? redactUrl(req.url) : undefined, remoteAddress: req.ip ?? req.socket?.remoteAddress }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: unknown }) => ({ type: err.name, message: err.message, stack: err.stack, errorCode: err.code }),
      },
    },
    destination,
  );
}
