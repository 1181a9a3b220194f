import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../common/errors/api-error';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { created, empty, type Envelope, list, ok, rfc3339 } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { CAS, toCaDetail } from './ca.mapper';
import { CA_FILTERABLE_FIELDS } from './ca.repository';
import { CasService } from './cas.service';
import { CaCreateDto } from './dto/ca-create.dto';
import type { CaCrlDetailDto, CaDetailDto } from './dto/ca-detail.dto';
import { CaPatchDto } from './dto/ca-patch.dto';
import { CaUpdateDto } from './dto/ca-update.dto';

type Empty = ReturnType<typeof empty>;

/** `/edge/management/v1/cas` (reference §4.4), plus our `/cas/{id}/crl` extension: admins only. */
@Controller(`${MANAGEMENT_API}/${CAS}`)
@Access('full', { admin: true })
export class CasManagementController {
  constructor(private readonly cas: CasService) {}

  @Get()
  async list(@Query() query: ListQueryDto): Promise<Envelope<CaDetailDto[]>> {
    const page = await this.cas.list(query);
    return list(page.items.map(toCaDetail), page.pagination, CA_FILTERABLE_FIELDS);
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<Envelope<CaDetailDto>> {
    return ok(toCaDetail(await this.cas.get(id)));
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: CaCreateDto): Promise<ReturnType<typeof created>> {
    return created(CAS, (await this.cas.create(body)).id);
  }

  @Put(':id')
  @HttpCode(200)
  async update(@Param('id') id: string, @Body() body: CaUpdateDto): Promise<Empty> {
    await this.cas.update(id, body);
    return empty();
  }

  @Patch(':id')
  @HttpCode(200)
  async patch(@Param('id') id: string, @Body() body: CaPatchDto): Promise<Empty> {
    await this.cas.patch(id, body);
    return empty();
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('id') id: string): Promise<Empty> {
    await this.cas.delete(id);
    return empty();
  }

  /** The raw JWT, `application/jwt`, as OpenZiti serves it (no envelope). */
  @Get(':id/jwt')
  async jwt(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const jwt = await this.cas.enrollmentJwt(id);
    await reply.type('application/jwt').send(jwt);
  }

  /** Body: the PEM certificate as `text/plain` (a string, parsed by the app's text parser). */
  @Post(':id/verify')
  @HttpCode(200)
  async verify(@Param('id') id: string, @Body() body: unknown): Promise<Empty> {
    await this.cas.verify(id, body);
    return empty();
  }

  @Get(':id/crl')
  async crl(@Param('id') id: string): Promise<Envelope<CaCrlDetailDto>> {
    const ca = await this.cas.get(id);
    if (ca.crlThisUpdate === null) throw ApiError.notFound();
    return ok({ thisUpdate: rfc3339(ca.crlThisUpdate), nextUpdate: rfc3339(ca.crlNextUpdate), isStale: this.cas.isCrlStale(ca), revokedCount: ca.crlRevokedSerials?.length ?? 0 });
  }

  /** Body: a PEM `X509 CRL` block or base64 DER, as `text/plain`. */
  @Put(':id/crl')
  @HttpCode(200)
  async putCrl(@Param('id') id: string, @Body() body: unknown): Promise<Empty> {
    await this.cas.putCrl(id, body);
    return empty();
  }

  @Delete(':id/crl')
  @HttpCode(200)
  async deleteCrl(@Param('id') id: string): Promise<Empty> {
    await this.cas.deleteCrl(id);
    return empty();
  }
}
