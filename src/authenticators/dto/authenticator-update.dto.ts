import { IsDefined, IsOptional, IsString, Length } from 'class-validator';
import { IsTags } from '../../common/http/validators';

/*
 * The swagger `authenticatorUpdate` (PUT) and `authenticatorPatch` bodies, updb only. The swagger's
 * `username` (4 to 100) and `password` (5 to 100) limits apply at the edge; the owner's auth-policy rules
 * are checked by the service on top.
 */

export class AuthenticatorUpdateDto {
  @IsDefined() @IsString() @Length(4, 100) username: string;
  @IsDefined() @IsString() @Length(5, 100) password: string;
  /** Omitted or null on a PUT means `{}` (a PUT replaces every mutable field). */
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}

/** Every key optional; JSON null means "unchanged", as in every OpenZiti PATCH (reference §4 intro). */
export class AuthenticatorPatchDto {
  @IsOptional() @IsString() @Length(4, 100) username?: string | null;
  @IsOptional() @IsString() @Length(5, 100) password?: string | null;
  /** Replaced wholesale when present. */
  @IsOptional() @IsTags() tags?: Record<string, unknown> | null;
}
