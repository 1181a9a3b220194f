import { Controller, Delete } from '@nestjs/common';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, empty, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { DirectGet } from '../security/direct-route';
import { Security, type SecurityContext } from '../security/security-context';
import { toCurrentApiSessionDetail } from './api-session.mapper';
import { ApiSessionsService } from './api-sessions.service';

const PATHS = [`${CLIENT_API}/current-api-session`, `${MANAGEMENT_API}/current-api-session`];

/** The caller's own session, reachable while partially authenticated (reference §2, §3.3). */
@Controller()
@Access('partial')
export class CurrentApiSessionController {
  constructor(private readonly sessions: ApiSessionsService) {}

  /** SDKs poll this to keep their session alive: the hottest authenticated route, dispatched directly. */
  @DirectGet(PATHS)
  current(sec: SecurityContext): Envelope<Record<string, unknown>> {
    return ok(
      toCurrentApiSessionDetail({
        session: sec.session,
        identityName: sec.identity.name,
        token: sec.token,
        authQueries: sec.state.authQueries,
        isMfaRequired: sec.state.isMfaRequired,
        expiresAt: sec.expiresAt,
        timeoutMs: this.sessions.timeoutMs,
        certExtend: sec.certExtend,
      }),
    );
  }

  /** Logout: the token stops working on the very next request. */
  @Delete(PATHS)
  async logout(@Security() sec: SecurityContext): Promise<Envelope<Record<string, never>>> {
    await this.sessions.delete(sec.session.id);
    return empty();
  }
}
