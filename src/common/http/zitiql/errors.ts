/**
 * The one error type of the ZitiQL modules. `kind` maps to the OpenZiti API codes
 * (`filter` -> INVALID_FILTER, `sort` -> INVALID_SORT_IDENTIFIER, `pagination` -> INVALID_PAGINATION);
 * `position` is the 0-based character offset in the offending input, when known.
 */
export class ZitiQlError extends Error {
  constructor(
    public readonly kind: 'filter' | 'sort' | 'pagination',
    message: string,
    public readonly position?: number,
  ) {
    super(message);
    this.name = 'ZitiQlError';
  }
}

/** An error that points into the input: the message starts with "at position N:". */
export function errorAt(kind: ZitiQlError['kind'], position: number, message: string): ZitiQlError {
  return new ZitiQlError(kind, `at position ${position}: ${message}`, position);
}

/** Quote a piece of user input for an error message, cut short so messages stay readable. */
export function quoteInput(text: string): string {
  const max = 32;
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}...` : text);
}
