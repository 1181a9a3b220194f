import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';

export class EnvInfoDto {
  @IsOptional() @IsString() @MaxLength(255) os?: string;
  @IsOptional() @IsString() @MaxLength(255) arch?: string;
  @IsOptional() @IsString() @MaxLength(255) osRelease?: string;
  @IsOptional() @IsString() @MaxLength(255) osVersion?: string;
  @IsOptional() @IsString() @MaxLength(253) domain?: string;
  @IsOptional() @IsString() @MaxLength(253) hostname?: string;
}

export class SdkInfoDto {
  @IsOptional() @IsString() @MaxLength(255) type?: string;
  @IsOptional() @IsString() @MaxLength(255) branch?: string;
  @IsOptional() @IsString() @MaxLength(255) version?: string;
  @IsOptional() @IsString() @MaxLength(255) revision?: string;
  @IsOptional() @IsString() @MaxLength(255) appId?: string;
  @IsOptional() @IsString() @MaxLength(255) appVersion?: string;
}

/** Body of POST /authenticate (swagger `authenticate`); extra properties are ignored, as in OpenZiti. */
export class AuthenticateDto {
  @IsOptional() @IsString() @Length(4, 100) username?: string;
  @IsOptional() @IsString() @Length(5, 100) password?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) configTypes?: string[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => EnvInfoDto) envInfo?: EnvInfoDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SdkInfoDto) sdkInfo?: SdkInfoDto;
}
