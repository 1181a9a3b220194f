import { Module } from '@nestjs/common';
import { ExternalJwtSignersModule } from '../../external-jwt-signers/external-jwt-signers.module';
import { SignerKeysModule } from '../../external-jwt-signers/keys/signer-keys.module';
import { IdentitiesModule } from '../../identities/identities.module';
import { ExtJwtFactor } from '../factors/ext-jwt.factor';
import { ExtJwtMethod } from '../methods/ext-jwt.method';
import { ExtJwtVerifier } from './ext-jwt-verifier';

/** External-JWT verification, used by the ext-jwt primary method and the per-request second factor. */
@Module({
  imports: [SignerKeysModule, ExternalJwtSignersModule, IdentitiesModule],
  providers: [ExtJwtVerifier, ExtJwtFactor, ExtJwtMethod],
  exports: [ExtJwtFactor, ExtJwtMethod],
})
export class ExtJwtModule {}
