import { IsBoolean, IsDefined, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Generous bound for one PEM CSR or certificate chain. */
const MAX_PEM = 64 * 1024;

/** The swagger `identityExtendEnrollmentRequest` body of `POST /current-identity/authenticators/{id}/extend`. */
export class IdentityExtendEnrollmentRequestDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(MAX_PEM) clientCertCsr: string;
}

/** The swagger `identityExtendValidateEnrollmentRequest` body of `.../extend-verify`. */
export class IdentityExtendValidateEnrollmentRequestDto {
  @IsDefined() @IsString() @IsNotEmpty() @MaxLength(MAX_PEM) clientCert: string;
}

/** The swagger `requestExtendAuthenticator` body of `POST /authenticators/{id}/request-extend`. */
export class RequestExtendAuthenticatorDto {
  @IsOptional() @IsBoolean() rollKeys?: boolean | null;
}

/** The swagger `identityExtendCerts`: the new certificate chain and the CA bundle to trust. */
export interface IdentityExtendCertsDto {
  clientCert: string;
  ca: string;
}
