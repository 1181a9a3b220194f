import type { ValidationOptions } from 'class-validator';
import { stringRule } from '../../common/http/validators';
import type { TargetToken } from '../external-jwt-signer.entity';
import { isJsonPointer } from '../../common/json-pointer';

/** Swagger `targetToken`. */
export const TARGET_TOKENS: readonly TargetToken[] = ['ACCESS', 'ID'];

/** Column sizes of the migration, so an oversized value is a 400 naming the field, never a driver error. */
export const MAX = { name: 255, issuer: 1024, audience: 1024, url: 2048, short: 255, policyId: 64, certPem: 65_536, scopes: 100 } as const;

/** Required strings that must say something: `issuer` and `audience` are compared with token claims. */
export const IsNotBlank = (options?: ValidationOptions): PropertyDecorator =>
  stringRule('isNotBlank', '$property must not be blank', (v) => v.trim() !== '', options);

/** A claim selector: a JSON pointer with an optional leading `/`; blank means the default. */
export const IsJsonPointer = (options?: ValidationOptions): PropertyDecorator =>
  stringRule('isJsonPointer', '$property must be a JSON pointer (RFC 6901; "~" only as "~0" or "~1")', isJsonPointer, options);

const isHttpUrl = (v: string): boolean => {
  const url = URL.parse(v);
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:');
};

/**
 * Swagger `format: url`, limited to http(s): SDKs hand `externalAuthUrl` to a browser, where a
 * `javascript:` or `file:` URL from a signer would be a hazard. Blank means unset.
 */
export const IsHttpUrlOrBlank = (options?: ValidationOptions): PropertyDecorator =>
  stringRule('isHttpUrl', '$property must be an absolute http or https URL', (v) => v.trim() === '' || isHttpUrl(v), options);
