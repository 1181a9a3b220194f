import { Controller, Get, Query } from '@nestjs/common';
import { CLIENT_API } from '../common/http/api-paths';
import { type Envelope, list } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import type { ClientExternalJwtSignerDetailDto } from './dto/external-jwt-signer-detail.dto';
import { EXTERNAL_JWT_SIGNERS, toClientExternalJwtSignerDetail } from './external-jwt-signer.mapper';
import { CLIENT_EXTERNAL_JWT_SIGNER_FILTERABLE_FIELDS } from './external-jwt-signer.repository';
import { ExternalJwtSignersService } from './external-jwt-signers.service';

/**
 * `GET /edge/client/v1/external-jwt-signers` (reference §3.9): anonymous, because an SDK needs it before
 * it has any session, to learn which IdP to get a token from. Enabled signers only, client fields only.
 */
@Controller(`${CLIENT_API}/${EXTERNAL_JWT_SIGNERS}`)
export class ExternalJwtSignersClientController {
  constructor(private readonly signers: ExternalJwtSignersService) {}

  @Get()
  @Access('anonymous')
  async list(@Query() query: ListQueryDto): Promise<Envelope<ClientExternalJwtSignerDetailDto[]>> {
    const page = await this.signers.listForClients(query);
    return list(page.items.map(toClientExternalJwtSignerDetail), page.pagination, CLIENT_EXTERNAL_JWT_SIGNER_FILTERABLE_FIELDS);
  }
}
