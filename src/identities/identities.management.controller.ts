import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { toAuthenticatorDetail } from '../authenticators/authenticator.mapper';
import type { AuthenticatorDetailDto } from '../authenticators/dto/authenticator-detail.dto';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { created, empty, type Envelope, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { DisableDto } from './dto/disable.dto';
import { IdentityCreateDto } from './dto/identity-create.dto';
import type { IdentityDetailDto } from './dto/identity-detail.dto';
import { IdentityPatchDto } from './dto/identity-patch.dto';
import { IdentityUpdateDto } from './dto/identity-update.dto';
import { IdentitiesService } from './identities.service';
import { IDENTITIES, toIdentityDetail } from './identity.mapper';
import { IDENTITY_FILTERABLE_FIELDS } from './identity.repository';

type Empty = ReturnType<typeof empty>;

/** `/edge/management/v1/identities` (reference §4.1): admins only. */
@Controller(`${MANAGEMENT_API}/${IDENTITIES}`)
@Access('full', { admin: true })
export class IdentitiesManagementController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get()
  async list(@Query() query: ListQueryDto): Promise<Envelope<IdentityDetailDto[]>> {
    const page = await this.identities.list(query);
    return list(page.items.map(toIdentityDetail), page.pagination, IDENTITY_FILTERABLE_FIELDS);
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<Envelope<IdentityDetailDto>> {
    return ok(toIdentityDetail(await this.identities.get(id)));
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: IdentityCreateDto): Promise<ReturnType<typeof created>> {
    const identity = await this.identities.create(body);
    return created(IDENTITIES, identity.id);
  }

  @Put(':id')
  @HttpCode(200)
  async update(@Param('id') id: string, @Body() body: IdentityUpdateDto): Promise<Empty> {
    await this.identities.update(id, body);
    return empty();
  }

  @Patch(':id')
  @HttpCode(200)
  async patch(@Param('id') id: string, @Body() body: IdentityPatchDto): Promise<Empty> {
    await this.identities.patch(id, body);
    return empty();
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('id') id: string): Promise<Empty> {
    await this.identities.delete(id);
    return empty();
  }

  /** OpenZiti writes no body here; ztc answers the empty envelope like every other action (reference §11). */
  @Post(':id/disable')
  @HttpCode(200)
  async disable(@Param('id') id: string, @Body() body: DisableDto): Promise<Empty> {
    await this.identities.disable(id, body.durationMinutes);
    return empty();
  }

  @Post(':id/enable')
  @HttpCode(200)
  async enable(@Param('id') id: string): Promise<Empty> {
    await this.identities.enable(id);
    return empty();
  }

  @Get(':id/authenticators')
  async authenticators(@Param('id') id: string): Promise<Envelope<AuthenticatorDetailDto[]>> {
    const { identity, page } = await this.identities.authenticatorsOf(id);
    // Computed in memory like OpenZiti's association lists, which send no filterableFields.
    return list(page.items.map((a) => toAuthenticatorDetail(a, identity.name)), page.pagination, []);
  }
}
