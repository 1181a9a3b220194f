import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { created, empty, type Envelope, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { ExternalJwtSignerCreateDto } from './dto/external-jwt-signer-create.dto';
import type { ExternalJwtSignerDetailDto } from './dto/external-jwt-signer-detail.dto';
import { ExternalJwtSignerPatchDto } from './dto/external-jwt-signer-patch.dto';
import { ExternalJwtSignerUpdateDto } from './dto/external-jwt-signer-update.dto';
import { EXTERNAL_JWT_SIGNERS, toExternalJwtSignerDetail } from './external-jwt-signer.mapper';
import { EXTERNAL_JWT_SIGNER_FILTERABLE_FIELDS } from './external-jwt-signer.repository';
import { ExternalJwtSignersService } from './external-jwt-signers.service';

type Empty = ReturnType<typeof empty>;

/** `/edge/management/v1/external-jwt-signers` (reference §4.5): admins only. */
@Controller(`${MANAGEMENT_API}/${EXTERNAL_JWT_SIGNERS}`)
@Access('full', { admin: true })
export class ExternalJwtSignersManagementController {
  constructor(private readonly signers: ExternalJwtSignersService) {}

  @Get()
  async list(@Query() query: ListQueryDto): Promise<Envelope<ExternalJwtSignerDetailDto[]>> {
    const page = await this.signers.list(query);
    return list(page.items.map(toExternalJwtSignerDetail), page.pagination, EXTERNAL_JWT_SIGNER_FILTERABLE_FIELDS);
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<Envelope<ExternalJwtSignerDetailDto>> {
    return ok(toExternalJwtSignerDetail(await this.signers.get(id)));
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: ExternalJwtSignerCreateDto): Promise<ReturnType<typeof created>> {
    const signer = await this.signers.create(body);
    return created(EXTERNAL_JWT_SIGNERS, signer.id);
  }

  @Put(':id')
  @HttpCode(200)
  async update(@Param('id') id: string, @Body() body: ExternalJwtSignerUpdateDto): Promise<Empty> {
    await this.signers.update(id, body);
    return empty();
  }

  @Patch(':id')
  @HttpCode(200)
  async patch(@Param('id') id: string, @Body() body: ExternalJwtSignerPatchDto): Promise<Empty> {
    await this.signers.patch(id, body);
    return empty();
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('id') id: string): Promise<Empty> {
    await this.signers.delete(id);
    return empty();
  }
}
