import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsInt32, IsTags } from '../../common/http/validators';

/*
 * The swagger `authPolicyPatch` body: every key optional and nullable. Only keys present with a non-null
 * value change the policy (reference §4 intro: JSON null is ignored, not a way to clear a field).
 */

export class AuthPolicyPrimaryCertPatchDto {
  @IsOptional() @IsBoolean() allowed?: boolean | null;
  @IsOptional() @IsBoolean() allowExpiredCerts?: boolean | null;
}

export class AuthPolicyPrimaryUpdbPatchDto {
  @IsOptional() @IsBoolean() allowed?: boolean | null;
  @IsOptional() @IsInt32() minPasswordLength?: number | null;
  @IsOptional() @IsBoolean() requireSpecialChar?: boolean | null;
  @IsOptional() @IsBoolean() requireNumberChar?: boolean | null;
  @IsOptional() @IsBoolean() requireMixedCase?: boolean | null;
  @IsOptional() @IsInt32() maxAttempts?: number | null;
  @IsOptional() @IsInt32() lockoutDurationMinutes?: number | null;
}

export class AuthPolicyPrimaryExtJwtPatchDto {
  @IsOptional() @IsBoolean() allowed?: boolean | null;
  @IsOptional() @IsArray() @IsString({ each: true }) allowedSigners?: string[] | null;
}

export class AuthPolicyPrimaryPatchDto {
  @IsOptional() @ValidateNested() @Type(() => AuthPolicyPrimaryCertPatchDto) cert?: AuthPolicyPrimaryCertPatchDto | null;
  @IsOptional() @ValidateNested() @Type(() => AuthPolicyPrimaryUpdbPatchDto) updb?: AuthPolicyPrimaryUpdbPatchDto | null;
  @IsOptional() @ValidateNested() @Type(() => AuthPolicyPrimaryExtJwtPatchDto) extJwt?: AuthPolicyPrimaryExtJwtPatchDto | null;
}

export class AuthPolicySecondaryPatchDto {
  @IsOptional() @IsBoolean() requireTotp?: boolean | null;
  /**
   * A patch can set a required signer but not clear one: null means "unchanged" here as everywhere in a
   * PATCH. PUT the policy with `requireExtJwtSigner: null` to clear it.
   */
  @IsOptional() @IsString() requireExtJwtSigner?: string | null;
}

export class AuthPolicyPatchDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) name?: string | null;
  @IsOptional() @ValidateNested() @Type(() => AuthPolicyPrimaryPatchDto) primary?: AuthPolicyPrimaryPatchDto | null;
  @IsOptional() @ValidateNested() @Type(() => AuthPolicySecondaryPatchDto) secondary?: AuthPolicySecondaryPatchDto | null;
  /** Replaced wholesale when present, never merged key by key. */
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
