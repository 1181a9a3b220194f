import { Body, Controller, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestCertificateChain } from '../authentication/tls/peer-chain';
import { ApiError } from '../common/errors/api-error';
import { CLIENT_API } from '../common/http/api-paths';
import { type Envelope, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { MAX_CSR_CHARS, MAX_REQUESTED_NAME_CHARS, OttEnrollmentRequestDto, OttcaEnrollmentRequestDto, UpdbEnrollRequestDto } from './dto/enroll.dto';
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
    @Req() req: FastifyRequest,
  ): Promise<Envelope<EnrollResult>> {
    if (!acceptsJson(accept)) throw new ApiError('UNSUPPORTED_MEDIA', { field: 'accept', reason: 'enrollment answers application/json', value: accept });
    if (method !== undefined && !(ENROLL_METHODS as readonly string[]).includes(method)) {
      throw ApiError.validation('method', `method must be one of ${ENROLL_METHODS.join(', ')}`, method);
    }
    const input = genericInput(body);
    // The TLS client certificate is the credential of ottca and ca; the other methods ignore it.
    const clientChain = requestCertificateChain(req);
    return ok(await this.enrollments.enroll({ ...input, clientChain, method: method as EnrollMethod | undefined, token: token ?? '' }));
  }

  @Post('enroll/ott')
  @HttpCode(200)
  async ott(@Body() body: OttEnrollmentRequestDto): Promise<Envelope<EnrollResult>> {
    return ok(await this.enrollments.enroll({ method: 'ott', token: body.token, csrPem: body.clientCsr }));
  }

  /** `{token, clientCsr}` as the swagger has it; the CSR means nothing here (the certificate exists) and is ignored. */
  @Post('enroll/ottca')
  @HttpCode(200)
  async ottca(@Body() body: OttcaEnrollmentRequestDto, @Req() req: FastifyRequest): Promise<Envelope<EnrollResult>> {
    return ok(await this.enrollments.enroll({ method: 'ottca', token: body.token, clientChain: requestCertificateChain(req) }));
  }

  /** Automatic CA enrollment: no body, or a JSON `{name}` for the `[requestedName]` placeholder. */
  @Post('enroll/ca')
  @HttpCode(200)
  async ca(@Body() body: unknown, @Req() req: FastifyRequest): Promise<Envelope<EnrollResult>> {
    const { name } = typeof body === 'string' ? {} : genericInput(body);
    return ok(await this.enrollments.enroll({ method: 'ca', token: '', name, clientChain: requestCertificateChain(req) }));
  }

  @Post('enroll/updb')
  @HttpCode(200)
  async updb(@Query('token') token: string | undefined, @Body() body: UpdbEnrollRequestDto): Promise<Envelope<EnrollResult>> {
    return ok(await this.enrollments.enroll({ method: 'updb', token: token ?? '', password: body.password }));
  }
}

/** A raw PEM body is the CSR; a JSON body is `genericEnroll` (clientCsr for ott, password for updb, name for ca). */
function genericInput(body: unknown): EnrollInput {
  if (typeof body === 'string') return { csrPem: body };
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw ApiError.validation('body', 'expected a CSR or a genericEnroll object');
  const { clientCsr, password, name } = body as Record<string, unknown>;
  if (clientCsr !== undefined && (typeof clientCsr !== 'string' || clientCsr.length > MAX_CSR_CHARS)) {
    throw ApiError.validation('clientCsr', 'clientCsr must be a PEM string');
  }
  if (password !== undefined && typeof password !== 'string') throw ApiError.validation('password', 'password must be a string');
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > MAX_REQUESTED_NAME_CHARS)) {
    throw ApiError.validation('name', `name must be a string of at most ${MAX_REQUESTED_NAME_CHARS} characters`);
  }
  return { csrPem: clientCsr as string | undefined, password: password as string | undefined, name: (name as string | null | undefined) ?? undefined };
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
