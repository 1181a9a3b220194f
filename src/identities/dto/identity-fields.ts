import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Swagger `identityType`. */
export const IDENTITY_TYPES = ['User', 'Device', 'Service', 'Router', 'Default'] as const;

/** Swagger `terminatorPrecedence`. */
export const HOSTING_PRECEDENCES = ['default', 'required', 'failed'] as const;

/** Swagger `terminatorCost` bounds. */
export const MAX_HOSTING_COST = 65_535;

const PERMISSION_ENTITIES = [
  'auth-policy', 'ca', 'config', 'config-type', 'edge-router-policy', 'enrollment', 'external-jwt-signer', 'identity',
  'posture-check', 'router', 'service', 'service-edge-router-policy', 'service-policy', 'terminator',
];

/** Swagger `permissions` items: `<entity>` and `<entity>.<action>`, plus `admin_readonly` and the `ops` family. */
export const PERMISSIONS: readonly string[] = [
  'admin_readonly',
  'ops', 'ops.read', 'ops.update', 'ops.delete',
  ...PERMISSION_ENTITIES.flatMap((e) => [e, `${e}.read`, `${e}.create`, `${e}.update`, `${e}.delete`]),
];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTagValue = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isCost = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_HOSTING_COST;

function objectRule(name: string, message: string, validate: (v: Record<string, unknown>) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message, ...options },
      validator: { validate: (value: unknown) => isPlainObject(value) && validate(value) },
    });
}

/** `tags`: a flat object whose values are scalars (the swagger allows null, string and boolean; numbers are tolerated). */
export const IsTags = (options?: ValidationOptions): PropertyDecorator =>
  objectRule('isTags', '$property must be an object whose values are strings, numbers, booleans or null', (v) => Object.values(v).every(isTagValue), options);

/** `appData`: any JSON object. It is application data the controller never interprets, so nesting is allowed. */
export const IsJsonObject = (options?: ValidationOptions): PropertyDecorator =>
  objectRule('isJsonObject', '$property must be a JSON object', () => true, options);

/** `serviceHostingPrecedences`: service id or name -> terminatorPrecedence. */
export const IsPrecedenceMap = (options?: ValidationOptions): PropertyDecorator =>
  objectRule(
    'isPrecedenceMap',
    `$property values must be one of ${HOSTING_PRECEDENCES.join(', ')}`,
    (v) => Object.values(v).every((p) => (HOSTING_PRECEDENCES as readonly unknown[]).includes(p)),
    options,
  );

/** `serviceHostingCosts`: service id or name -> terminatorCost (an integer 0..65535). */
export const IsCostMap = (options?: ValidationOptions): PropertyDecorator =>
  objectRule('isCostMap', `$property values must be integers from 0 to ${MAX_HOSTING_COST}`, (v) => Object.values(v).every(isCost), options);
