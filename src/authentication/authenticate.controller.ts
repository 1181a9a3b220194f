import { Controller } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { goTimeString, toCurrentApiSessionDetail } from '../api-sessions/api-session.mapper';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import { ApiError } from '../common/errors/api-error';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { DirectPost } from '../security/direct-route';
import { type Authenticated, AuthenticationService } from './authentication.service';
import { validateAuthenticateBody } from './dto/authenticate-body';
import { AuthenticateDto } from './dto/authenticate.dto';

const METHODS = ['password', 'cert', 'ext-jwt'];
const EXTEND_REQUESTED = 'ziti-authenticator-extend-requested';

/**
 * OpenZiti names its "key roll requested" header exactly like the "extend requested" one, so a key roll
 * shows up as a second `true` value of the same header (reference §1.5); SDKs expect precisely that.
 */
function extendRequestedHeader(cert: Authenticated['cert']): string[] {
  if (!cert) return [];
  return [...(cert.extendRequested ? ['true'] : []), ...(cert.keyRollRequested ? ['true'] : [])];
}

/**
 * POST /authenticate on both APIs (reference §3.1). Every login comes through here, so it is a direct route
 * (DirectPost) that validates its body (validateAuthenticateBody: the global ValidationPipe's answers, with
 * a quick path for well-formed bodies) and its `method` itself, before anything else happens.
 */
@Controller()
export class AuthenticateController {
  constructor(
    private readonly auth: AuthenticationService,
    private readonly sessions: ApiSessionsService,
  ) {}

  @DirectPost([`${CLIENT_API}/authenticate`, `${MANAGEMENT_API}/authenticate`])
  @Access('anonymous')
  async authenticate(_anonymous: undefined, req: FastifyRequest, reply: FastifyReply): Promise<Envelope<Record<string, unknown>>> {
    const body = await validateAuthenticateBody(req.body);
    const method = (req.query as Record<string, unknown>).method;
    if (typeof method !== 'string' || !METHODS.includes(method)) throw ApiError.validation('method', `method must be one of ${METHODS.join(', ')}`, method ?? null);
    const a = await this.auth.authenticate(method, body ?? new AuthenticateDto(), req);
    const expiresAt = this.sessions.expiresAt(a.session);
    void reply.header('zt-session', a.token);
    void reply.header('expiration-seconds', String(Math.round(this.sessions.timeoutMs / 1000)));
    void reply.header('expires-at', goTimeString(expiresAt));
    // Logged in, but the external JWT second factor is still owed: 200 plus the secondary challenge.
    if (a.extJwt.required && !a.extJwt.satisfied) void reply.header('www-authenticate', a.extJwt.challenge);
    const extendHeader = extendRequestedHeader(a.cert);
    if (extendHeader.length > 0) void reply.header(EXTEND_REQUESTED, extendHeader);
    return ok(
      toCurrentApiSessionDetail({
        session: a.session,
        identityName: a.identity.name,
        token: a.token,
        authQueries: a.state.authQueries,
        isMfaRequired: a.state.isMfaRequired,
        expiresAt,
        timeoutMs: this.sessions.timeoutMs,
        certExtend: a.cert && { extendRequested: a.cert.extendRequested, keyRollRequested: a.cert.keyRollRequested },
      }),
    );
  }
}
