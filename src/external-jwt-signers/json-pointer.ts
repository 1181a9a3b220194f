/**
 * Claim selectors (`claimsProperty`, `enroll*ClaimsSelector`) are RFC 6901 JSON pointers whose leading `/`
 * OpenZiti lets clients leave out (`sub` means `/sub`). Every string is then a sequence of reference
 * tokens; the only malformed ones contain a `~` not followed by `0` or `1`.
 */
export function isJsonPointer(value: string): boolean {
  return !/~(?![01])/.test(value);
}

