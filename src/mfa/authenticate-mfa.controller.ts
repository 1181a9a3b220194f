import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, empty } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { Security, type SecurityContext } from '../security/security-context';
import { MfaCodeDto } from './dto/mfa-code.dto';
import { MfaService } from './mfa.service';

/** POST /authenticate/mfa: a TOTP or recovery code turns the partial session full (reference §3.2). */
@Controller()
export class AuthenticateMfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post([`${CLIENT_API}/authenticate/mfa`, `${MANAGEMENT_API}/authenticate/mfa`])
  @Access('partial')
  @HttpCode(200)
  async authenticate(@Security() sec: SecurityContext, @Body() body: MfaCodeDto): Promise<Envelope<Record<string, never>>> {
    await this.mfa.authenticate(sec, body.code);
    return empty();
  }
}
