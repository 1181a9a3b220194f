/**
 * Claim selectors (`claimsProperty`, `enroll*ClaimsSelector`) are RFC 6901 JSON pointers whose leading `/`
 * OpenZiti lets clients leave out (`sub` means `/sub`). Every string is then a sequence of reference
 * tokens; the only malformed ones contain a `~` not followed by `0` or `1`.
 */
export function isJsonPointer(value: string): boolean {
  return !/~(?![01])/.test(value);
}

/**
 * Reads a claim by JSON pointer (RFC 6901; the leading `/` is optional, as OpenZiti allows): `/sub`,
 * `/ext/user~1id`. Undefined when any step is missing.
 */
export function readPointer(doc: unknown, pointer: string): unknown {
  const path = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  if (path === '') return doc;
  let cur: unknown = doc;
  for (const raw of path.split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
