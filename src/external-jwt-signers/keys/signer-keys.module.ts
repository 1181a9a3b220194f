import { Module } from '@nestjs/common';
import { SignerKeyStore } from './signer-key-store';

@Module({ providers: [SignerKeyStore], exports: [SignerKeyStore] })
export class SignerKeysModule {}
