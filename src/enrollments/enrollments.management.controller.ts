import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { created, empty, type Envelope, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { EnrollmentCreateDto, EnrollmentRefreshDto } from './dto/enrollment-create.dto';
import type { EnrollmentDetailDto } from './dto/enrollment-detail.dto';
import { ENROLLMENTS, toEnrollmentDetail } from './enrollment.mapper';
import { ENROLLMENT_FILTERABLE_FIELDS } from './enrollment.repository';
import { EnrollmentsService } from './enrollments.service';

type Empty = ReturnType<typeof empty>;

/**
 * The Management API's enrollment routes, admins only: `/enrollments` (reference §4.6), and the two routes
 * that live under other resources but are about enrollments, `GET /identities/{id}/enrollments` and
 * `POST /authenticators/{id}/re-enroll` (§4.1, §4.2). They are here rather than in those modules'
 * controllers because those modules cannot depend on this one without a module cycle.
 */
@Controller(MANAGEMENT_API)
@Access('full', { admin: true })
export class EnrollmentsManagementController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Get(ENROLLMENTS)
  async list(@Query() query: ListQueryDto): Promise<Envelope<EnrollmentDetailDto[]>> {
    const page = await this.enrollments.list(query);
    return list(page.items.map(toEnrollmentDetail), page.pagination, ENROLLMENT_FILTERABLE_FIELDS);
  }

  @Get(`${ENROLLMENTS}/:id`)
  async detail(@Param('id') id: string): Promise<Envelope<EnrollmentDetailDto>> {
    return ok(toEnrollmentDetail(await this.enrollments.get(id)));
  }

  @Post(ENROLLMENTS)
  @HttpCode(201)
  async create(@Body() body: EnrollmentCreateDto): Promise<ReturnType<typeof created>> {
    const e = await this.enrollments.create({ ...body, expiresAt: new Date(body.expiresAt) });
    return created(ENROLLMENTS, e.id);
  }

  @Delete(`${ENROLLMENTS}/:id`)
  @HttpCode(200)
  async delete(@Param('id') id: string): Promise<Empty> {
    await this.enrollments.delete(id);
    return empty();
  }

  /** A new token (and JWT) with the given expiry; the old token stops working. */
  @Post(`${ENROLLMENTS}/:id/refresh`)
  @HttpCode(200)
  async refresh(@Param('id') id: string, @Body() body: EnrollmentRefreshDto): Promise<Empty> {
    await this.enrollments.refresh(id, new Date(body.expiresAt));
    return empty();
  }

  @Get('identities/:id/enrollments')
  async ofIdentity(@Param('id') id: string, @Query() query: ListQueryDto): Promise<Envelope<EnrollmentDetailDto[]>> {
    const page = await this.enrollments.listForIdentity(id, query);
    return list(page.items.map(toEnrollmentDetail), page.pagination, ENROLLMENT_FILTERABLE_FIELDS);
  }

  /** Deletes the authenticator, ends the identity's sessions and answers the new enrollment (201). */
  @Post('authenticators/:id/re-enroll')
  @HttpCode(201)
  async reEnroll(@Param('id') id: string, @Body() body: EnrollmentRefreshDto): Promise<ReturnType<typeof created>> {
    const e = await this.enrollments.reEnroll(id, new Date(body.expiresAt));
    return created(ENROLLMENTS, e.id);
  }
}
