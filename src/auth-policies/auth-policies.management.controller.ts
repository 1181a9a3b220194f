import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { MANAGEMENT_API } from '../common/http/api-paths';
import { created, empty, type Envelope, list, ok } from '../common/http/envelope';
import { ListQueryDto } from '../common/http/paginate';
import { Access } from '../security/access.decorator';
import { AuthPoliciesService } from './auth-policies.service';
import { AUTH_POLICIES, toAuthPolicyDetail } from './auth-policy.mapper';
import { AUTH_POLICY_FILTERABLE_FIELDS } from './auth-policy.repository';
import { AuthPolicyCreateDto } from './dto/auth-policy-create.dto';
import type { AuthPolicyDetailDto } from './dto/auth-policy-detail.dto';
import { AuthPolicyPatchDto } from './dto/auth-policy-patch.dto';
import { AuthPolicyUpdateDto } from './dto/auth-policy-update.dto';

/** `/edge/management/v1/auth-policies` (reference §4.3): admins only, like every OpenZiti management route. */
@Controller(`${MANAGEMENT_API}/${AUTH_POLICIES}`)
@Access('full', { admin: true })
export class AuthPoliciesManagementController {
  constructor(private readonly policies: AuthPoliciesService) {}

  @Get()
  async list(@Query() query: ListQueryDto): Promise<Envelope<AuthPolicyDetailDto[]>> {
    const page = await this.policies.list(query);
    return list(page.items.map(toAuthPolicyDetail), page.pagination, AUTH_POLICY_FILTERABLE_FIELDS);
  }

  @Get(':id')
  async detail(@Param('id') id: string): Promise<Envelope<AuthPolicyDetailDto>> {
    return ok(toAuthPolicyDetail(await this.policies.get(id)));
  }

  @Post()
  @HttpCode(201)
  async create(@Body() body: AuthPolicyCreateDto): Promise<ReturnType<typeof created>> {
    const policy = await this.policies.create(body);
    return created(AUTH_POLICIES, policy.id);
  }

  @Put(':id')
  @HttpCode(200)
  async update(@Param('id') id: string, @Body() body: AuthPolicyUpdateDto): Promise<ReturnType<typeof empty>> {
    await this.policies.update(id, body);
    return empty();
  }

  @Patch(':id')
  @HttpCode(200)
  async patch(@Param('id') id: string, @Body() body: AuthPolicyPatchDto): Promise<ReturnType<typeof empty>> {
    await this.policies.patch(id, body);
    return empty();
  }

  @Delete(':id')
  @HttpCode(200)
  async delete(@Param('id') id: string): Promise<ReturnType<typeof empty>> {
    await this.policies.delete(id);
    return empty();
  }
}
