import { IsInt, Max, Min, registerDecorator, type ValidationOptions } from 'class-validator';

const isTagValue = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * `tags` (swagger `tags`): a flat JSON object of user fields. The swagger description limits values to
 * null, string and boolean; numbers are accepted as well, to be lenient with clients that send them.
 * Nested objects and arrays are refused so a tag stays a scalar.
 */
export function IsTags(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTags',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an object whose values are strings, numbers, booleans or null', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isTagValue),
      },
    });
}

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
