import { Controller, Get } from '@nestjs/common';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { Security, type SecurityContext } from '../security/security-context';
import type { IdentityDetailDto } from './dto/identity-detail.dto';
import { IdentitiesService } from './identities.service';
import { toIdentityDetail } from './identity.mapper';

/**
 * The caller's own identity (reference §3.5), on both APIs, for any fully authenticated identity: admin or
 * not. A partially authenticated session (second factor outstanding) is refused, as OpenZiti does.
 */
@Controller()
@Access('full')
export class CurrentIdentityController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get([`${CLIENT_API}/current-identity`, `${MANAGEMENT_API}/current-identity`])
  async current(@Security() sec: SecurityContext): Promise<Envelope<IdentityDetailDto>> {
    return ok(toIdentityDetail(await this.identities.view(sec.identity.id)));
  }
}
