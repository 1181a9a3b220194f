import { Controller, Delete, Param } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, empty } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import { MfaService } from './mfa.service';

/** DELETE /identities/{id}/mfa: an admin removes any identity's MFA, verified or not (reference §4.1). */
@Controller(`${MANAGEMENT_API}/identities`)
@Access('full', { admin: true })
export class IdentityMfaManagementController {
  constructor(private readonly mfa: MfaService) {}

  @Delete(':id/mfa')
  async remove(@Param('id') id: string): Promise<Envelope<Record<string, never>>> {
    await this.mfa.adminRemove(id);
    return empty();
  }
}
