import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import type { TargetToken } from '../external-jwt-signer.entity';
import { IsHttpUrlOrBlank, IsJsonPointer, IsNotBlank, MAX, TARGET_TOKENS } from './external-jwt-signer-fields';

/**
 * The swagger `externalJwtSignerCreate` body, also the PUT body (`externalJwtSignerUpdate` has the same
 * fields and required set). `name`, `enabled`, `issuer` and `audience` are required; exactly one of
 * `certPem` and `jwksEndpoint` must be set, which spans two fields and so is checked by the service.
 * Optional strings: absent, null and blank all mean "unset" (or the documented default).
 */
export class ExternalJwtSignerCreateDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(MAX.name) name: string;
  @IsDefined() @IsBoolean() enabled: boolean;
  /** Required, and blank is refused: a token's `iss` must equal it (OpenZiti would store blank as null). */
  @IsDefined() @IsString() @IsNotBlank() @MaxLength(MAX.issuer) issuer: string;
  @IsDefined() @IsString() @IsNotBlank() @MaxLength(MAX.audience) audience: string;
  @IsOptional() @IsString() @MaxLength(MAX.certPem) certPem?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.url) jwksEndpoint?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) kid?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.url) @IsHttpUrlOrBlank() externalAuthUrl?: string | null;
  /** Blank means `/sub`. */
  @IsOptional() @IsString() @MaxLength(MAX.short) @IsJsonPointer() claimsProperty?: string | null;
  @IsOptional() @IsBoolean() useExternalId?: boolean | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) clientId?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(MAX.scopes) @IsString({ each: true }) @MaxLength(MAX.short, { each: true }) scopes?: string[] | null;
  /** Null or absent means `ACCESS`. */
  @IsOptional() @IsIn(TARGET_TOKENS) targetToken?: TargetToken | null;
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
  @IsOptional() @IsBoolean() enrollToCertEnabled?: boolean | null;
  @IsOptional() @IsBoolean() enrollToTokenEnabled?: boolean | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) @IsJsonPointer() enrollAttributeClaimsSelector?: string | null;
  /** Blank means `/sub`. */
  @IsOptional() @IsString() @MaxLength(MAX.short) @IsJsonPointer() enrollNameClaimsSelector?: string | null;
  /** Blank means `default`. */
  @IsOptional() @IsString() @MaxLength(MAX.policyId) enrollAuthPolicyId?: string | null;
}
