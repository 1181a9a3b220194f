import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG, BUILD_INFO } from '../app.tokens';
import type { AppConfig } from '../config/config.schema';
import { CLIENT_API, MANAGEMENT_API } from '../common/http/api-paths';
import { type Envelope, ok } from '../common/http/envelope';
import { Access } from '../security/access.decorator';
import type { BuildInfo } from './build-info';
import { toVersionDetail } from './version.mapper';

@Controller()
@Access('anonymous')
export class VersionController {
  private readonly detail: Record<string, unknown>;

  constructor(@Inject(BUILD_INFO) info: BuildInfo, @Inject(APP_CONFIG) config: AppConfig) {
    this.detail = toVersionDetail(info, config.advertisedAddress);
  }

  @Get(['', 'version', `${CLIENT_API}/version`, `${MANAGEMENT_API}/version`, `${CLIENT_API}`, `${MANAGEMENT_API}`])
  version(): Envelope<Record<string, unknown>> {
    return ok(this.detail);
  }
}
