import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import type { TargetToken } from '../external-jwt-signer.entity';
import { IsHttpUrlOrBlank, IsJsonPointer, IsNotBlank, MAX, TARGET_TOKENS } from './external-jwt-signer-fields';

/**
 * The swagger `externalJwtSignerPatch` body. Only keys present with a non-null value change the signer
 * (JSON null is ignored, reference §4 intro). For the optional strings a blank value is how a PATCH
 * clears one (or restores its default): switching a signer from certPem to JWKS is
 * `{"jwksEndpoint": "https://…", "certPem": ""}`.
 */
export class ExternalJwtSignerPatchDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX.name) name?: string | null;
  @IsOptional() @IsBoolean() enabled?: boolean | null;
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(MAX.issuer) issuer?: string | null;
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(MAX.audience) audience?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.certPem) certPem?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.url) jwksEndpoint?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) kid?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.url) @IsHttpUrlOrBlank() externalAuthUrl?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) @IsJsonPointer() claimsProperty?: string | null;
  @IsOptional() @IsBoolean() useExternalId?: boolean | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) clientId?: string | null;
  /** Replaced whole; `[]` clears the list. */
  @IsOptional() @IsArray() @ArrayMaxSize(MAX.scopes) @IsString({ each: true }) @MaxLength(MAX.short, { each: true }) scopes?: string[] | null;
  @IsOptional() @IsIn(TARGET_TOKENS) targetToken?: TargetToken | null;
  /** Replaced wholesale, never merged key by key. */
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
  @IsOptional() @IsBoolean() enrollToCertEnabled?: boolean | null;
  @IsOptional() @IsBoolean() enrollToTokenEnabled?: boolean | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) @IsJsonPointer() enrollAttributeClaimsSelector?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.short) @IsJsonPointer() enrollNameClaimsSelector?: string | null;
  @IsOptional() @IsString() @MaxLength(MAX.policyId) enrollAuthPolicyId?: string | null;
}
