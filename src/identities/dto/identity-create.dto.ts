import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IdentityUpdateDto } from './identity-update.dto';

/**
 * The `enrollment` of the swagger `identityCreate`: the first of `ott: true`, `ottca: <caId>`, `updb:
 * <username>` is created with the identity, in the same transaction (see EnrollmentsService).
 */
export class IdentityCreateEnrollmentDto {
  @IsOptional() @IsBoolean() ott?: boolean | null;
  @IsOptional() @IsString() ottca?: string | null;
  @IsOptional() @IsString() updb?: string | null;
}

/** The swagger `identityCreate` body: `identityUpdate` plus an optional enrollment. */
export class IdentityCreateDto extends IdentityUpdateDto {
  @IsOptional() @ValidateNested() @Type(() => IdentityCreateEnrollmentDto) enrollment?: IdentityCreateEnrollmentDto | null;
}
