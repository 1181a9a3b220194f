import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, empty, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { toApiSessionDetail } from './api-session.mapper';
import { API_SESSION_FIELDS } from './api-session.repository';
import { ApiSessionsService } from './api-sessions.service';

@Controller(`${MANAGEMENT_API}/api-sessions`)
@Access('full', { admin: true })
export class ApiSessionsManagementController {
  constructor(private readonly sessions: ApiSessionsService) {}

  @Get()
  async list(@Query() q: ListQueryDto): Promise<Envelope<Record<string, unknown>[]>> {
    const page = await this.sessions.page(q);
    const names = await this.sessions.identityNames(page.items.map((s) => s.identityId));
    return list(
      page.items.map((s) => toApiSessionDetail(s, names.get(s.identityId) ?? '')),
      page.pagination,
      Object.keys(API_SESSION_FIELDS),
    );
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<Envelope<Record<string, unknown>>> {
    const s = await this.sessions.get(id);
    const names = await this.sessions.identityNames([s.identityId]);
    return ok(toApiSessionDetail(s, names.get(s.identityId) ?? ''));
  }

  /** The session is invalid from the next request on. */
  @Delete(':id')
  async remove(@Param('id') id: string): Promise<Envelope<Record<string, never>>> {
    await this.sessions.delete(id);
    return empty();
  }
}
