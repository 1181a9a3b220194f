import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsInt32, IsTags } from '../../common/http/validators';

/*
 * The swagger `authPolicyCreate` body (also `authPolicyUpdate`, which is the same schema). Every field the
 * swagger marks required is @IsDefined, so a PUT missing one answers 400 COULD_NOT_VALIDATE naming it by its
 * dotted path (`primary.updb.maxAttempts`), as go-openapi's body validation does in OpenZiti.
 */

export class AuthPolicyPrimaryCertDto {
  @IsDefined() @IsBoolean() allowed: boolean;
  @IsDefined() @IsBoolean() allowExpiredCerts: boolean;
}

export class AuthPolicyPrimaryUpdbDto {
  @IsDefined() @IsBoolean() allowed: boolean;
  @IsDefined() @IsInt32() minPasswordLength: number;
  @IsDefined() @IsBoolean() requireSpecialChar: boolean;
  @IsDefined() @IsBoolean() requireNumberChar: boolean;
  @IsDefined() @IsBoolean() requireMixedCase: boolean;
  @IsDefined() @IsInt32() maxAttempts: number;
  @IsDefined() @IsInt32() lockoutDurationMinutes: number;
}

export class AuthPolicyPrimaryExtJwtDto {
  @IsDefined() @IsBoolean() allowed: boolean;
  @IsDefined() @IsArray() @IsString({ each: true }) allowedSigners: string[];
}

export class AuthPolicyPrimaryDto {
  @IsDefined() @ValidateNested() @Type(() => AuthPolicyPrimaryCertDto) cert: AuthPolicyPrimaryCertDto;
  @IsDefined() @ValidateNested() @Type(() => AuthPolicyPrimaryUpdbDto) updb: AuthPolicyPrimaryUpdbDto;
  @IsDefined() @ValidateNested() @Type(() => AuthPolicyPrimaryExtJwtDto) extJwt: AuthPolicyPrimaryExtJwtDto;
}

export class AuthPolicySecondaryDto {
  @IsDefined() @IsBoolean() requireTotp: boolean;
  /** Optional and nullable in the swagger: absent or null means no secondary ext-JWT is required. */
  @IsOptional() @IsString() requireExtJwtSigner?: string | null;
}

export class AuthPolicyCreateDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(255) name: string;
  @IsDefined() @ValidateNested() @Type(() => AuthPolicyPrimaryDto) primary: AuthPolicyPrimaryDto;
  @IsDefined() @ValidateNested() @Type(() => AuthPolicySecondaryDto) secondary: AuthPolicySecondaryDto;
  /** Nullable in the swagger; absent or null is stored as `{}`. */
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
