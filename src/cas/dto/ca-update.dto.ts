import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import { CA_MAX } from './ca-create.dto';

/**
 * PUT body, swagger `caUpdate`: every mutable field. `certPem` and the derived fields cannot change (a
 * different certificate is a different CA). Omitting `externalIdClaim` clears it.
 */
export class CaUpdateDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(CA_MAX.name) name: string;
  @IsDefined() @IsBoolean() isAutoCaEnrollmentEnabled: boolean;
  @IsDefined() @IsBoolean() isOttCaEnrollmentEnabled: boolean;
  @IsDefined() @IsBoolean() isAuthEnabled: boolean;
  @IsDefined() @IsArray() @ArrayMaxSize(CA_MAX.roles) @IsString({ each: true }) @MaxLength(CA_MAX.role, { each: true }) identityRoles: string[];
  @IsDefined() @IsString() @MaxLength(CA_MAX.nameFormat) identityNameFormat: string;
  @IsOptional() @IsObject() externalIdClaim?: Record<string, unknown> | null;
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
