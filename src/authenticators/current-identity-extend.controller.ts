import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestCertificateChain } from '../authentication/tls/peer-chain';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { empty, type Envelope, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { Security, type SecurityContext } from '../security/security-context';
import { CURRENT_IDENTITY_AUTHENTICATORS } from './authenticator.mapper';
import { CertExtendService } from './cert-extend.service';
import { type IdentityExtendCertsDto, IdentityExtendEnrollmentRequestDto, IdentityExtendValidateEnrollmentRequestDto } from './dto/authenticator-extend.dto';

const ONE = [`${CLIENT_API}/${CURRENT_IDENTITY_AUTHENTICATORS}/:id`, `${MANAGEMENT_API}/${CURRENT_IDENTITY_AUTHENTICATORS}/:id`];

/** Certificate renewal by its owner, on both APIs (reference §3.7): a fully authenticated session. */
@Controller()
@Access('full')
export class CurrentIdentityExtendController {
  constructor(private readonly extension: CertExtendService) {}

  /** Must be called over TLS with the authenticator's current certificate. */
  @Post(ONE.map((p) => `${p}/extend`))
  @HttpCode(200)
  async extend(
    @Security() sec: SecurityContext,
    @Param('id') id: string,
    @Body() body: IdentityExtendEnrollmentRequestDto,
    @Req() req: FastifyRequest,
  ): Promise<Envelope<IdentityExtendCertsDto>> {
    const certs = await this.extension.extend(sec.identity.id, id, {
      presentedChain: requestCertificateChain(req),
      allowExpiredCerts: sec.policy.certAllowExpired,
      csrPem: body.clientCertCsr,
    });
    return ok(certs);
  }

  @Post(ONE.map((p) => `${p}/extend-verify`))
  @HttpCode(200)
  async verify(
    @Security() sec: SecurityContext,
    @Param('id') id: string,
    @Body() body: IdentityExtendValidateEnrollmentRequestDto,
  ): Promise<ReturnType<typeof empty>> {
    await this.extension.verifyExtend(sec.identity.id, id, body.clientCert);
    return empty();
  }
}
