import { IsDefined, IsIn, IsNotEmpty, IsOptional, IsRFC3339, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import type { EnrollmentMethod } from '../enrollment.entity';

export const ENROLLMENT_METHODS: readonly EnrollmentMethod[] = ['ott', 'ottca', 'updb'];

/**
 * The swagger `enrollmentCreate` body. `username` is required for updb (4 to 100 characters, the limits
 * of an updb authenticator's username, so every enrollment can become one); `caId` is required for ottca
 * (an unknown CA is 400 naming `caId`, decided by the service) and ignored for the other methods.
 */
export class EnrollmentCreateDto {
  @IsDefined() @IsIn(ENROLLMENT_METHODS) method: EnrollmentMethod;
  @IsDefined() @IsRFC3339() expiresAt: string;
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(64) identityId: string;
  @ValidateIf((o: EnrollmentCreateDto) => o.method === 'ottca' || (o.caId !== undefined && o.caId !== null)) @IsDefined() @IsString() @IsNotEmpty() @MaxLength(64) caId?: string | null;
  @ValidateIf((o: EnrollmentCreateDto) => o.method === 'updb') @IsDefined() @IsString() @Length(4, 100) username?: string | null;
}

/** The swagger `enrollmentRefresh` body (also `reEnroll`, the same shape): the new expiry. */
export class EnrollmentRefreshDto {
  @IsDefined() @IsRFC3339() expiresAt: string;
}
