import { IsDefined, IsInt, Max, Min } from 'class-validator';

/**
 * The swagger `disableParams` body. Zero or negative means disabled until enabled. The int32 bounds keep
 * `now + duration` a representable date (about 4000 years at most) instead of an invalid one.
 */
export class DisableDto {
  @IsDefined() @IsInt() @Min(-2_147_483_648) @Max(2_147_483_647) durationMinutes: number;
}
