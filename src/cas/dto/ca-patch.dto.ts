import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import { CA_MAX } from './ca-create.dto';

/**
 * Swagger `caPatch`: keys present with a non-null value change the CA. `externalIdClaim` sub-fields merge
 * into the stored claim (swagger `externalIdClaimPatch`), so `{}` changes nothing.
 */
export class CaPatchDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(CA_MAX.name) name?: string | null;
  @IsOptional() @IsBoolean() isAutoCaEnrollmentEnabled?: boolean | null;
  @IsOptional() @IsBoolean() isOttCaEnrollmentEnabled?: boolean | null;
  @IsOptional() @IsBoolean() isAuthEnabled?: boolean | null;
  @IsOptional() @IsArray() @ArrayMaxSize(CA_MAX.roles) @IsString({ each: true }) @MaxLength(CA_MAX.role, { each: true }) identityRoles?: string[] | null;
  @IsOptional() @IsString() @MaxLength(CA_MAX.nameFormat) identityNameFormat?: string | null;
  @IsOptional() @IsObject() externalIdClaim?: Record<string, unknown> | null;
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
