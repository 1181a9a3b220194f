import { IsDefined, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** A CSR is a few kilobytes; the limit keeps a JSON body from carrying anything much larger. */
export const MAX_CSR_CHARS = 64 * 1024;

/** The swagger `ottEnrollmentRequest` body of `POST /enroll/ott`. */
export class OttEnrollmentRequestDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(256) token: string;
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(MAX_CSR_CHARS) clientCsr: string;
}

/** The longest `name` an automatic CA enrollment may ask for (an identity name is at most 255 characters). */
export const MAX_REQUESTED_NAME_CHARS = 255;

/**
 * The swagger `ottEnrollmentRequest` body as `POST /enroll/ottca` takes it: the token is what matters; the
 * certificate comes from the TLS connection, so a `clientCsr` is accepted and ignored.
 */
export class OttcaEnrollmentRequestDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(256) token: string;
  @IsOptional() @IsString() @MaxLength(MAX_CSR_CHARS) clientCsr?: string;
}

/**
 * The body of `POST /enroll/updb?token=`. The username is the enrollment's: one sent here is ignored, as in
 * OpenZiti (reference §7.5). Length and complexity are the identity's auth-policy rules.
 */
export class UpdbEnrollRequestDto {
  @IsOptional() @IsString() username?: string;
  @IsDefined() @IsString() @MaxLength(100) password: string;
}
