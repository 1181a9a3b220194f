import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaEntity } from './ca.entity';
import { CaRepository } from './ca.repository';
import { CasManagementController } from './cas.management.controller';
import { CasService } from './cas.service';

/**
 * Third-party certificate authorities. Other modules use CasService: authentication for the certificate
 * trust pool and revocation, enrollment for ottca/ca. This module depends on neither (no cycle): the
 * enrollments it deletes with a CA are addressed by table name in CaRepository.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CaEntity])],
  controllers: [CasManagementController],
  providers: [CasService, CaRepository],
  exports: [CasService],
})
export class CasModule {}
