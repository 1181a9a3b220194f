import { IsDefined, IsString, Length } from 'class-validator';
import { AuthenticatorPatchDto, AuthenticatorUpdateDto } from './authenticator-update.dto';

/** The swagger `authenticatorUpdateWithCurrent` body: a self-service PUT proves the current password. */
export class AuthenticatorUpdateWithCurrentDto extends AuthenticatorUpdateDto {
  @IsDefined() @IsString() @Length(5, 100) currentPassword: string;
}

/** The swagger `authenticatorPatchWithCurrent` body. */
export class AuthenticatorPatchWithCurrentDto extends AuthenticatorPatchDto {
  @IsDefined() @IsString() @Length(5, 100) currentPassword: string;
}
