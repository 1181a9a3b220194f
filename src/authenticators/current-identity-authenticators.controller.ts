import { Body, Controller, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { empty, type Envelope, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { Security, type SecurityContext } from '../security/security-context';
import { CURRENT_IDENTITY_AUTHENTICATORS, fromAuthenticatorPatch, fromAuthenticatorUpdate, toAuthenticatorDetail } from './authenticator.mapper';
import { AUTHENTICATOR_FIELDS } from './authenticator.repository';
import { AuthenticatorsService } from './authenticators.service';
import { CurrentIdentityCredentialsService } from './current-identity-credentials.service';
import type { AuthenticatorDetailDto } from './dto/authenticator-detail.dto';
import { AuthenticatorPatchWithCurrentDto, AuthenticatorUpdateWithCurrentDto } from './dto/authenticator-update-with-current.dto';

const PATHS = [`${CLIENT_API}/${CURRENT_IDENTITY_AUTHENTICATORS}`, `${MANAGEMENT_API}/${CURRENT_IDENTITY_AUTHENTICATORS}`];
const ONE = PATHS.map((p) => `${p}/:id`);

/**
 * `/current-identity/authenticators` on both APIs (reference §3.7): any fully authenticated identity, its
 * own authenticators only; another identity's id answers 404 like an unknown one. POST and DELETE are not
 * routed, so they answer 405 METHOD_NOT_ALLOWED, as in OpenZiti.
 */
@Controller()
@Access('full')
export class CurrentIdentityAuthenticatorsController {
  constructor(
    private readonly authenticators: AuthenticatorsService,
    private readonly credentials: CurrentIdentityCredentialsService,
  ) {}

  @Get(PATHS)
  async list(@Security() sec: SecurityContext, @Query() query: ListQueryDto): Promise<Envelope<AuthenticatorDetailDto[]>> {
    const page = await this.authenticators.page(query, sec.identity.id);
    return list(
      page.items.map((a) => toAuthenticatorDetail(a, sec.identity.name, CURRENT_IDENTITY_AUTHENTICATORS)),
      page.pagination,
      Object.keys(AUTHENTICATOR_FIELDS),
    );
  }

  @Get(ONE)
  async detail(@Security() sec: SecurityContext, @Param('id') id: string): Promise<Envelope<AuthenticatorDetailDto>> {
    const a = await this.authenticators.getOwned(sec.identity.id, id);
    return ok(toAuthenticatorDetail(a, sec.identity.name, CURRENT_IDENTITY_AUTHENTICATORS));
  }

  @Put(ONE)
  @HttpCode(200)
  async update(
    @Security() sec: SecurityContext,
    @Param('id') id: string,
    @Body() body: AuthenticatorUpdateWithCurrentDto,
  ): Promise<ReturnType<typeof empty>> {
    await this.credentials.update(sec, id, fromAuthenticatorUpdate(body), body.currentPassword);
    return empty();
  }

  @Patch(ONE)
  @HttpCode(200)
  async patch(
    @Security() sec: SecurityContext,
    @Param('id') id: string,
    @Body() body: AuthenticatorPatchWithCurrentDto,
  ): Promise<ReturnType<typeof empty>> {
    await this.credentials.update(sec, id, fromAuthenticatorPatch(body), body.currentPassword);
    return empty();
  }
}
