import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiSessionEntity } from './api-session.entity';
import { ApiSessionRepository } from './api-session.repository';
import { ApiSessionsManagementController } from './api-sessions.management.controller';
import { ApiSessionsService } from './api-sessions.service';
import { CurrentApiSessionController } from './current-api-session.controller';

@Module({
  imports: [TypeOrmModule.forFeature([ApiSessionEntity])],
  controllers: [CurrentApiSessionController, ApiSessionsManagementController],
  providers: [ApiSessionRepository, ApiSessionsService],
  exports: [ApiSessionsService],
})
export class ApiSessionsModule {}
