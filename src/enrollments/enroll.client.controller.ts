import { Body, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import { CLIENT_API } from '../common/http/api-paths';
import { type Envelope, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { MAX_CSR_CHARS, OttEnrollmentRequestDto, UpdbEnrollRequestDto } from './dto/enroll.dto';
import { ENROLL_METHODS, type EnrollMethod, EnrollService } from './enroll.service';
import type { EnrollInput, EnrollResult } from './enrollers/enroller';

/**
 * Anonymous enrollment routes of the Client API (reference §3.8, §7.2). The un-prefixed `/enroll` of old
 * SDKs reaches these through the legacy-path rewrite. The token is the only credential, so no session.
 */
@Controller(CLIENT_API)
@Access('anonymous')
export class EnrollClientController {
  constructor(private readonly enrollments: EnrollService) {}

  /**
   * The generic route: `?method=&token=`, and a body that is either the raw CSR PEM (`application/x-pem-file`,
   * `text/plain`, ...; parsed as a string by the app) or a JSON `genericEnroll` object. The answer is always
   * JSON, so an Accept that rules JSON out is 415 UNSUPPORTED_MEDIA, as in OpenZiti.
   */
  @Post('enroll')
  @HttpCode(200)
  async generic(
    @Query('method') method: string | undefined,
    @Query('token') token: string | undefined,
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
  ): Promise<Envelope<EnrollResult>> {
    if (!acceptsJson(accept)) throw new ApiError('UNSUPPORTED_MEDIA', { field: 'accept', reason: 'enrollment answers application/json', value: accept });
    if (method !== undefined && !(ENROLL_METHODS as readonly string[]).includes(method)) {
      throw ApiError.validation('method', `method must be one of ${ENROLL_METHODS.join(', ')}`, method);
    }
    const input = genericInput(body);
    return ok(await this.enrollments.enroll({ ...input, method: method as EnrollMethod | undefined, token: token ?? '' }));
  }

  @Post('enroll/ott')
  @HttpCode(200)
  async ott(@Body() body: OttEnrollmentRequestDto): Promise<Envelope<EnrollResult>> {
    return ok(await this.enrollments.enroll({ method: 'ott', token: body.token, csrPem: body.clientCsr }));
  }

  @Post('enroll/updb')
  @HttpCode(200)
  async updb(@Query('token') token: string | undefined, @Body() body: UpdbEnrollRequestDto): Promise<Envelope<EnrollResult>> {
    return ok(await this.enrollments.enroll({ method: 'updb', token: token ?? '', password: body.password }));
  }
}

/** A raw PEM body is the CSR; a JSON body is `genericEnroll` (clientCsr for ott, password for updb). */
function genericInput(body: unknown): EnrollInput {
  if (typeof body === 'string') return { csrPem: body };
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw ApiError.validation('body', 'expected a CSR or a genericEnroll object');
  const { clientCsr, password } = body as Record<string, unknown>;
  if (clientCsr !== undefined && (typeof clientCsr !== 'string' || clientCsr.length > MAX_CSR_CHARS)) {
    throw ApiError.validation('clientCsr', 'clientCsr must be a PEM string');
  }
  if (password !== undefined && typeof password !== 'string') throw ApiError.validation('password', 'password must be a string');
  return { csrPem: clientCsr as string | undefined, password: password as string | undefined };
}

/** No Accept, or one naming application/json, application/* or * / * with a non-zero quality. */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return type === 'application/json' || type === 'application/*' || type === '*/*';
  });
}
