import type { ValidationOptions } from 'class-validator';
import { objectRule } from '../../common/http/validators';

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

const isCost = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_HOSTING_COST;

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
