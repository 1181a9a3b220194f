import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticatorsModule } from '../authenticators/authenticators.module';
import { CasModule } from '../cas/cas.module';
import { EnrollClientController } from './enroll.client.controller';
import { EnrollService } from './enroll.service';
import { EnrollmentEntity } from './enrollment.entity';
import { EnrollmentRepository } from './enrollment.repository';
import { EnrollmentTokens } from './enrollment-tokens';
import { EnrollmentsManagementController } from './enrollments.management.controller';
import { EnrollmentsService } from './enrollments.service';
import { CaEnroller } from './enrollers/ca.enroller';
import { OttEnroller } from './enrollers/ott.enroller';
import { OttcaEnroller } from './enrollers/ottca.enroller';
import { UpdbEnroller } from './enrollers/updb.enroller';

/**
 * Enrollments. Dependencies point one way: IdentitiesModule imports this module (identity create makes an
 * enrollment in its own transaction; the identity detail shows them), and this module never imports
 * IdentitiesModule. What it needs to know about identities (existence, name) it reads from the identities
 * table by name through EnrollmentRepository, the same way AuthenticatorRepository does; automatic CA
 * enrollment writes its new identity row itself (see CaEnroller).
 */
@Module({
  imports: [TypeOrmModule.forFeature([EnrollmentEntity]), AuthenticatorsModule, CasModule],
  controllers: [EnrollmentsManagementController, EnrollClientController],
  providers: [EnrollmentRepository, EnrollmentTokens, EnrollmentsService, EnrollService, OttEnroller, OttcaEnroller, UpdbEnroller, CaEnroller],
  exports: [EnrollmentsService, EnrollService],
})
export class EnrollmentsModule {}
