import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import type { IdentityType } from '../identity.entity';
import { HOSTING_PRECEDENCES, IDENTITY_TYPES, IsCostMap, IsJsonObject, IsPrecedenceMap, MAX_HOSTING_COST, PERMISSIONS } from './identity-fields';

/**
 * The swagger `identityPatch` body: every key optional and nullable. Only keys present with a non-null
 * value change the identity; JSON null is ignored, not a way to clear a field (reference §4 intro).
 * `tags`, `appData` and the two service maps are replaced whole, never merged.
 */
export class IdentityPatchDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) name?: string | null;
  @IsOptional() @IsIn(IDENTITY_TYPES) type?: IdentityType | null;
  @IsOptional() @IsBoolean() isAdmin?: boolean | null;
  /** Blank means the `default` policy. */
  @IsOptional() @IsString() authPolicyId?: string | null;
  /** Null leaves it unchanged, as every PATCH null does; blank clears it. */
  @IsOptional() @IsString() @MaxLength(255) externalId?: string | null;
  @IsOptional() @IsArray() @IsString({ each: true }) roleAttributes?: string[] | null;
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
  @IsOptional() @IsJsonObject() appData?: Record<string, unknown> | null;
  @IsOptional() @IsIn(HOSTING_PRECEDENCES) defaultHostingPrecedence?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_HOSTING_COST) defaultHostingCost?: number | null;
  @IsOptional() @IsPrecedenceMap() serviceHostingPrecedences?: Record<string, string> | null;
  @IsOptional() @IsCostMap() serviceHostingCosts?: Record<string, number> | null;
  @IsOptional() @IsArray() @IsIn(PERMISSIONS, { each: true }) permissions?: string[] | null;
}
