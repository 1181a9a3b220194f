import { IsString } from 'class-validator';

/** `{code}`: a TOTP code or, where accepted, a recovery code (swagger `mfaCode`). */
export class MfaCodeDto {
  @IsString() code: string;
}
