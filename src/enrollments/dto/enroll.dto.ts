import { IsDefined, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** A CSR is a few kilobytes; the limit keeps a JSON body from carrying anything much larger. */
export const MAX_CSR_CHARS = 64 * 1024;

/** The swagger `ottEnrollmentRequest` body of `POST /enroll/ott`. */
export class OttEnrollmentRequestDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(256) token: string;
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(MAX_CSR_CHARS) clientCsr: string;
}

/**
 * The body of `POST /enroll/updb?token=`. The username is the enrollment's: one sent here is ignored, as in
 * OpenZiti (reference §7.5). Length and complexity are the identity's auth-policy rules.
 */
export class UpdbEnrollRequestDto {
  @IsOptional() @IsString() username?: string;
  @IsDefined() @IsString() @MaxLength(100) password: string;
}
