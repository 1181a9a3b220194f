import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, empty, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { Security, type SecurityContext } from '../security/security-context';
import { MfaCodeDto } from './dto/mfa-code.dto';
import { toMfaDetail, toRecoveryCodesDetail } from './mfa.mapper';
import { MfaService } from './mfa.service';

const both = (p: string) => [`${CLIENT_API}/${p}`, `${MANAGEMENT_API}/${p}`];

/** `/current-identity/mfa` on both APIs; enrollment steps are open to partial sessions (reference §2). */
@Controller()
export class CurrentIdentityMfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post(both('current-identity/mfa'))
  @Access('partial')
  async enroll(@Security() sec: SecurityContext): Promise<Envelope<unknown>> {
    const m = await this.mfa.enroll(sec);
    return { data: { id: m.id, _links: { self: { href: './current-identity/mfa' } } }, meta: {} };
  }

  @Get(both('current-identity/mfa'))
  @Access('partial')
  async detail(@Security() sec: SecurityContext): Promise<Envelope<Record<string, unknown>>> {
    return ok(toMfaDetail(await this.mfa.view(sec)));
  }

  @Get(both('current-identity/mfa/qr-code'))
  @Access('partial')
  async qrCode(@Security() sec: SecurityContext, @Res() reply: FastifyReply): Promise<void> {
    const png = await this.mfa.qrCode(sec);
    await reply.type('image/png').send(png);
  }

  @Post(both('current-identity/mfa/verify'))
  @Access('partial')
  @HttpCode(200)
  async verify(@Security() sec: SecurityContext, @Body() body: MfaCodeDto): Promise<Envelope<Record<string, never>>> {
    await this.mfa.verify(sec, body.code);
    return empty();
  }

  @Delete(both('current-identity/mfa'))
  @Access('full')
  async remove(@Security() sec: SecurityContext, @Headers('mfa-validation-code') code: string | undefined): Promise<Envelope<Record<string, never>>> {
    await this.mfa.remove(sec, code);
    return empty();
  }

  @Get(both('current-identity/mfa/recovery-codes'))
  @Access('full')
  async recoveryCodes(@Security() sec: SecurityContext, @Headers('mfa-validation-code') header: string | undefined, @Body() body: Partial<MfaCodeDto> | undefined): Promise<Envelope<Record<string, unknown>>> {
    const m = await this.mfa.recoveryCodeStatus(sec, header ?? body?.code);
    return ok(toRecoveryCodesDetail(m, []));
  }

  @Post(both('current-identity/mfa/recovery-codes'))
  @Access('full')
  @HttpCode(200)
  async regenerate(@Security() sec: SecurityContext, @Body() body: MfaCodeDto): Promise<Envelope<Record<string, unknown>>> {
    const codes = await this.mfa.regenerateRecoveryCodes(sec, body.code);
    // OpenZiti answers an empty body; the new codes are shown here once, since they cannot be shown later.
    return ok({ recoveryCodes: codes });
  }
}
