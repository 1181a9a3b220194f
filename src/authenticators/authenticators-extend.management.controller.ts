import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { empty } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { AUTHENTICATORS } from './authenticator.mapper';
import { CertExtendService } from './cert-extend.service';
import { RequestExtendAuthenticatorDto } from './dto/authenticator-extend.dto';

/** `POST /edge/management/v1/authenticators/{id}/request-extend` (reference §4.2): admins only. */
@Controller(`${MANAGEMENT_API}/${AUTHENTICATORS}`)
@Access('full', { admin: true })
export class AuthenticatorsExtendManagementController {
  constructor(private readonly extension: CertExtendService) {}

  @Post(':id/request-extend')
  @HttpCode(200)
  async requestExtend(@Param('id') id: string, @Body() body: RequestExtendAuthenticatorDto): Promise<ReturnType<typeof empty>> {
    await this.extension.requestExtend(id, body.rollKeys ?? false);
    return empty();
  }
}
