import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../app.tokens';

export type AuthEventKind = 'success' | 'failure' | 'lockout';

export interface AuthEvent {
  kind: AuthEventKind;
  method: string;
  identityId?: string;
  /** Why it failed, for operators only: never sent to the client (every failure looks alike there). */
  reason?: 'unknown-credential' | 'bad-credential' | 'disabled' | 'method-not-allowed' | 'no-policy' | 'locked';
  ipAddress: string;
  /** The request's id (x-request-id), when the event happens during a request: logged as `reqId`. */
  requestId?: string;
}

/** Authentication successes, failures and lockouts: logged as structured events and observable in-process. */
@Injectable()
export class AuthEventsService extends EventEmitter {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {
    super();
  }

  record(e: AuthEvent): void {
    const level = e.kind === 'success' ? 'info' : 'warn';
    const { requestId, ...fields } = e;
    this.logger[level]({ event: `authentication.${e.kind}`, ...fields, ...(requestId ? { reqId: requestId } : {}) }, `authentication ${e.kind}`);
    this.emit('auth', e);
  }
}
