import { IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import type { AuthenticatorMethod } from '../authenticator.entity';

export const AUTHENTICATOR_METHODS: readonly AuthenticatorMethod[] = ['updb', 'cert'];

/** Generous bound for one PEM certificate; a body is not a place to upload a CA bundle. */
const MAX_CERT_PEM = 64 * 1024;

/**
 * The swagger `authenticatorCreate` body. `method` decides which other fields are required: a missing one
 * answers 400 COULD_NOT_VALIDATE naming it. The swagger gives no length limits here; the `username` limits
 * of `authenticatorUpdate` (4 to 100) are applied so that every username created can also be PUT back.
 * Password length and complexity are the owner's auth-policy rules, checked by the service.
 */
export class AuthenticatorCreateDto {
  @IsDefined() @IsIn(AUTHENTICATOR_METHODS) method: AuthenticatorMethod;
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(64) identityId: string;
  @ValidateIf((o: AuthenticatorCreateDto) => o.method === 'updb') @IsDefined() @IsString() @Length(4, 100) username?: string;
  @ValidateIf((o: AuthenticatorCreateDto) => o.method === 'updb') @IsDefined() @IsString() password?: string;
  @ValidateIf((o: AuthenticatorCreateDto) => o.method === 'cert') @IsDefined() @IsString() @IsNotEmpty() @MaxLength(MAX_CERT_PEM) certPem?: string;
  /** Nullable in the swagger; absent or null is stored as `{}`. */
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
