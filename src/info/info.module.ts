import { Module } from '@nestjs/common';
import { EstController } from './est.controller';
import { HealthController } from './health.controller';
import { VersionController } from './version.controller';

@Module({ controllers: [VersionController, EstController, HealthController] })
export class InfoModule {}
