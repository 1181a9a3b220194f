import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { created, empty, type Envelope, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { AUTHENTICATORS, fromAuthenticatorPatch, fromAuthenticatorUpdate, toAuthenticatorDetail } from './authenticator.mapper';
import { AUTHENTICATOR_FIELDS } from './authenticator.repository';
import { AuthenticatorsService, type NewAuthenticator } from './authenticators.service';
import { AuthenticatorCreateDto } from './dto/authenticator-create.dto';
import type { AuthenticatorDetailDto } from './dto/authenticator-detail.dto';
import { AuthenticatorPatchDto, AuthenticatorUpdateDto } from './dto/authenticator-update.dto';

/** `/edge/management/v1/authenticators` (reference §4.2): every identity's credentials, admins only. */
@Controller(`${MANAGEMENT_API}/${AUTHENTICATORS}`)
@Access('full', { admin: true })
export class AuthenticatorsManagementController {
  constructor(private readonly authenticators: AuthenticatorsService) {}

  @Get()
  async list(@Query() query: ListQueryDto): Promise<Envelope<AuthenticatorDetailDto[]>> {
    const page = await this.authenticators.page(query);
    const names = await this.authenticators.identityNames(page.items.map((a) => a.identityId));
    return list(
      page.items.map((a) => toAuthenticatorDetail(a, names.get(a.identityId) ?? '')),
      page.pagination,
      Object.keys(AUTHENTICATOR_FIELDS),
    );
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<Envelope<AuthenticatorDetailDto>> {
    const a = await this.authenticators.get(id);
    const names = await this.authenticators.identityNames([a.identityId]);
    return ok(toAuthenticatorDetail(a, names.get(a.identityId) ?? ''));
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: AuthenticatorCreateDto): Promise<ReturnType<typeof created>> {
    const a = await this.authenticators.create(toNewAuthenticator(body));
    return created(AUTHENTICATORS, a.id);
  }

  @Put(':id')
  @HttpCode(200)
  async update(@Param('id') id: string, @Body() body: AuthenticatorUpdateDto): Promise<ReturnType<typeof empty>> {
    await this.authenticators.update(id, fromAuthenticatorUpdate(body));
    return empty();
  }

  @Patch(':id')
  @HttpCode(200)
  async patch(@Param('id') id: string, @Body() body: AuthenticatorPatchDto): Promise<ReturnType<typeof empty>> {
    await this.authenticators.update(id, fromAuthenticatorPatch(body));
    return empty();
  }

  /** Also ends the identity's API sessions (see AuthenticatorsService.delete). */
  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('id') id: string): Promise<ReturnType<typeof empty>> {
    await this.authenticators.delete(id);
    return empty();
  }
}

/** The validated body as the service's input; the DTO guarantees the fields `method` requires. */
function toNewAuthenticator(body: AuthenticatorCreateDto): NewAuthenticator {
  const tags = body.tags ?? {};
  if (body.method === 'cert') return { method: 'cert', identityId: body.identityId, certPem: body.certPem as string, tags };
  return { method: 'updb', identityId: body.identityId, username: body.username as string, password: body.password as string, tags };
}
