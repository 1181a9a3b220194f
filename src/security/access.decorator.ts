import { SetMetadata } from '@nestjs/common';

/**
 * What a route demands of the caller (house style rule 11). `anonymous`: nothing; `partial`: any API session,
 * even one still owing a second factor (reference §2 lists those routes); `full`: a fully authenticated session.
 * `admin` additionally requires an admin identity. Routes without @Access are denied by the global guard.
 */
export type AccessLevel = 'anonymous' | 'partial' | 'full';

export interface AccessRule {
  level: AccessLevel;
  admin: boolean;
}

export const ACCESS_KEY = 'ztc:access';

export const Access = (level: AccessLevel, opts: { admin?: boolean } = {}): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_KEY, { level, admin: opts.admin ?? false } satisfies AccessRule);
