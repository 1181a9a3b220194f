import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError } from '../errors/api-error';

function firstLeaf(errors: ValidationError[], prefix = ''): { field: string; reason: string; value: unknown } | undefined {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length > 0) {
      return { field, reason: Object.values(e.constraints)[0], value: e.value };
    }
    const nested = firstLeaf(e.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * The global pipe: unknown properties are dropped (OpenZiti ignores extra properties), types are converted,
 * and the first failure becomes 400 COULD_NOT_VALIDATE with `cause {field, reason, value}`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const leaf = firstLeaf(errors) ?? { field: 'body', reason: 'invalid document', value: undefined };
      return ApiError.validation(leaf.field, leaf.reason, leaf.value);
    },
  });
}
