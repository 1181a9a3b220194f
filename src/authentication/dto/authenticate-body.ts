import { createValidationPipe } from '../../common/http/validation';
import { AuthenticateDto, EnvInfoDto, SdkInfoDto } from './authenticate.dto';

/** The string fields of the DTOs with their length limits (the same as their decorators'). */
const CREDENTIALS = { username: [4, 100], password: [5, 100] } as const;
const ENV_INFO = { os: 255, arch: 255, osRelease: 255, osVersion: 255, domain: 253, hostname: 253 } as const;
const SDK_INFO = { type: 255, branch: 255, version: 255, revision: 255, appId: 255, appVersion: 255 } as const;

/** Surrogates make class-validator count lengths in code points; such strings take the full path. */
const SURROGATE = /[\uD800-\uDFFF]/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const plainString = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.length >= min && v.length <= max && !SURROGATE.test(v);
const absent = (v: unknown): v is null | undefined => v === null || v === undefined;

function info<T extends object>(cls: new () => T, v: unknown, limits: Record<string, number>): T | null | undefined | false {
  if (absent(v)) return v;
  if (!isObject(v)) return false;
  const out = new cls() as Record<string, unknown>;
  for (const key in limits) {
    if (!(key in v)) continue;
    const value = v[key];
    if (!absent(value) && !plainString(value, 0, limits[key])) return false;
    out[key] = value;
  }
  return out as T;
}

/**
 * The authenticate body as the global ValidationPipe makes it, for bodies it would accept without comment:
 * the known fields, well-formed, copied into the DTO classes (unknown properties dropped, as the pipe's
 * whitelist drops them). Anything else returns null and goes through the pipe itself, so every refusal
 * reads exactly as before. This runs on every login, where class-transformer and class-validator cost
 * about a seventh of the controller's own work; authenticate-body.spec.ts holds the two paths to the same
 * answers.
 */
export function wellFormedAuthenticateBody(body: unknown): AuthenticateDto | null {
  if (!isObject(body)) return null;
  const dto = new AuthenticateDto();
  for (const key of ['username', 'password'] as const) {
    if (!(key in body)) continue;
    const v = body[key];
    if (!absent(v) && !plainString(v, CREDENTIALS[key][0], CREDENTIALS[key][1])) return null;
    dto[key] = v as string | undefined;
  }
  if ('configTypes' in body) {
    const v = body.configTypes;
    if (!absent(v) && !(Array.isArray(v) && v.every((t) => typeof t === 'string'))) return null;
    dto.configTypes = absent(v) ? (v as undefined) : [...v];
  }
  for (const [key, cls, limits] of [
    ['envInfo', EnvInfoDto, ENV_INFO],
    ['sdkInfo', SdkInfoDto, SDK_INFO],
  ] as const) {
    if (!(key in body)) continue;
    const v = info(cls as new () => object, body[key], limits);
    if (v === false) return null;
    (dto as Record<string, unknown>)[key] = v;
  }
  return dto;
}

const pipe = createValidationPipe();

/** Validates an authenticate body: the quick path for well-formed bodies, the global pipe for the rest. */
export function validateAuthenticateBody(body: unknown): AuthenticateDto | Promise<AuthenticateDto> {
  return wellFormedAuthenticateBody(body) ?? (pipe.transform(body, { type: 'body', metatype: AuthenticateDto }) as Promise<AuthenticateDto>);
}
