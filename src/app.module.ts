import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, BUILD_INFO, PKI_MATERIAL, ROOT_LOGGER } from './app.tokens';
import { Clock } from './common/clock';
import type { AppConfig } from './config/config.schema';
import type { BuildInfo } from './info/build-info';
import { InfoModule } from './info/info.module';
import { ApiSessionsModule } from './api-sessions/api-sessions.module';
import { AuthPoliciesModule } from './auth-policies/auth-policies.module';
import { AuthenticationModule } from './authentication/authentication.module';
import { AuthenticatorsModule } from './authenticators/authenticators.module';
import { CasModule } from './cas/cas.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { ExternalJwtSignersModule } from './external-jwt-signers/external-jwt-signers.module';
import { IdentitiesModule } from './identities/identities.module';
import { SecurityModule } from './security/security.module';
import { MfaModule } from './mfa/mfa.module';
import { PasswordHasher } from './common/crypto/password-hasher';
import { SecretBox, secretBoxFor } from './common/crypto/secret-box';
import { TransactionRunner } from './database/transaction-runner';
import type { PkiMaterial } from './x509/pki-store';

/** What the bootstrap prepares before Nest starts: validated config, opened (migrated) database, PKI. */
export interface AppContext {
  config: AppConfig;
  dataSource: DataSource;
  pki: PkiMaterial;
  logger: Logger;
  clock: Clock;
  buildInfo: BuildInfo;
}

@Module({})
export class AppModule {
  static forRoot(ctx: AppContext): DynamicModule {
    const values = [
      { provide: APP_CONFIG, useValue: ctx.config },
      { provide: PKI_MATERIAL, useValue: ctx.pki },
      { provide: ROOT_LOGGER, useValue: ctx.logger },
      { provide: BUILD_INFO, useValue: ctx.buildInfo },
      { provide: Clock, useValue: ctx.clock },
      { provide: PasswordHasher, useValue: new PasswordHasher(ctx.config.argon2) },
      { provide: SecretBox, useValue: secretBoxFor(ctx.config) },
    ];
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...ctx.dataSource.options, autoLoadEntities: false }),
          dataSourceFactory: async () => ctx.dataSource,
        }),
        InfoModule,
        SecurityModule,
        ApiSessionsModule,
        AuthenticatorsModule,
        AuthPoliciesModule,
        ExternalJwtSignersModule,
        CasModule,
        IdentitiesModule,
        EnrollmentsModule,
        AuthenticationModule,
        MfaModule,
      ],
      providers: [...values, TransactionRunner],
      exports: [...values.map((v) => v.provide), TransactionRunner],
    };
  }
}
