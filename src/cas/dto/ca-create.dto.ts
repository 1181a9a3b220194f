import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTags } from '../../common/http/validators';

/** Column sizes of the migration, so an oversized value is a 400 naming the field, never a driver error. */
export const CA_MAX = { name: 255, certPem: 65_536, nameFormat: 1024, role: 255, roles: 1000 } as const;

/**
 * The swagger `caCreate` body. `externalIdClaim` is checked as a whole by the service (its rules span its
 * sub-fields, reference §4.4), so here it only has to be an object.
 */
export class CaCreateDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(CA_MAX.name) name: string;
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(CA_MAX.certPem) certPem: string;
  @IsDefined() @IsBoolean() isAutoCaEnrollmentEnabled: boolean;
  @IsDefined() @IsBoolean() isOttCaEnrollmentEnabled: boolean;
  @IsDefined() @IsBoolean() isAuthEnabled: boolean;
  @IsDefined() @IsArray() @ArrayMaxSize(CA_MAX.roles) @IsString({ each: true }) @MaxLength(CA_MAX.role, { each: true }) identityRoles: string[];
  /** Blank or absent means `[caName]-[commonName]`. */
  @IsOptional() @IsString() @MaxLength(CA_MAX.nameFormat) identityNameFormat?: string | null;
  @IsOptional() @IsObject() externalIdClaim?: Record<string, unknown> | null;
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
