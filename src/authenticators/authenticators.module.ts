import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticatorEntity } from './authenticator.entity';
import { AuthenticatorRepository } from './authenticator.repository';
import { AuthenticatorsService } from './authenticators.service';

@Module({
  imports: [TypeOrmModule.forFeature([AuthenticatorEntity])],
  providers: [AuthenticatorRepository, AuthenticatorsService],
  exports: [AuthenticatorsService],
})
export class AuthenticatorsModule {}
