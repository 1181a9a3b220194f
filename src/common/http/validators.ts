import { IsInt, Max, Min, registerDecorator, type ValidationOptions } from 'class-validator';

/*
 * Field decorators shared by the wire DTOs of several modules. Their names and messages are part of the
 * API: a failure is answered as 400 COULD_NOT_VALIDATE with the message as `cause.reason`.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTagValue = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A rule on a JSON object field: anything but a plain object (null, an array, a scalar) fails it. */
/** A custom class-validator rule: `accepts` narrows the value's type, `validate` checks it. */
function rule<T>(name: string, message: string, accepts: (v: unknown) => v is T, validate: (v: T) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message, ...options },
      validator: { validate: (value: unknown) => accepts(value) && validate(value) },
    });
}

export function objectRule(name: string, message: string, validate: (v: Record<string, unknown>) => boolean, options?: ValidationOptions): PropertyDecorator {
  return rule(name, message, isPlainObject, validate, options);
}

export function stringRule(name: string, message: string, validate: (v: string) => boolean, options?: ValidationOptions): PropertyDecorator {
  return rule(name, message, (v: unknown): v is string => typeof v === 'string', validate, options);
}

/**
 * `tags` (swagger `tags`): a flat JSON object of user fields. The swagger description limits values to
 * null, string and boolean; numbers are accepted as well, to be lenient with clients that send them.
 * Nested objects and arrays are refused so a tag stays a scalar.
 */
export const IsTags = (options?: ValidationOptions): PropertyDecorator =>
  objectRule('isTags', '$property must be an object whose values are strings, numbers, booleans or null', (v) => Object.values(v).every(isTagValue), options);

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * A JSON integer that fits the 32-bit INTEGER columns: a larger value would be a 500 from PostgreSQL
 * (SQLite would silently store it), so it is refused at the edge with the field named.
 */
export function IsInt32(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsInt()(target, key);
    Min(INT32_MIN)(target, key);
    Max(INT32_MAX)(target, key);
  };
}
