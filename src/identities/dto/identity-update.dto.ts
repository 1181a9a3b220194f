import { IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsTags } from '../../common/http/validators';
import type { IdentityType } from '../identity.entity';
import { HOSTING_PRECEDENCES, IDENTITY_TYPES, IsCostMap, IsJsonObject, IsPrecedenceMap, MAX_HOSTING_COST, PERMISSIONS } from './identity-fields';

/**
 * The swagger `identityUpdate` body (PUT): a full replacement of the mutable fields. `name`, `type` and
 * `isAdmin` are required; every optional field left out is written back as its empty value (reference §4
 * intro). `isDefaultAdmin` is not here, so the whitelist drops it: it can never be set through the API.
 */
export class IdentityUpdateDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(255) name: string;
  @IsDefined() @IsIn(IDENTITY_TYPES) type: IdentityType;
  @IsDefined() @IsBoolean() isAdmin: boolean;
  /** Absent, null or blank means the `default` policy. */
  @IsOptional() @IsString() authPolicyId?: string | null;
  /** Absent, null or blank means unset. */
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
