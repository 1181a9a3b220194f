import { randomInt } from 'node:crypto';
import { constantTimeEqual } from '../common/crypto/constant-time';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 20 single-use codes of 6 base32 characters, as OpenZiti issues them (they fit the 4..6 code prompt). */
export function newRecoveryCodes(count = 20, length = 6): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    let c = '';
    for (let i = 0; i < length; i++) c += ALPHABET[randomInt(ALPHABET.length)];
    codes.add(c);
  }
  return [...codes];
}

/** Users type codes in any case and with stray spaces. */
export function normaliseRecoveryCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/**
 * Index of the stored MAC matching `mac`, or -1. Every entry is compared, in constant time, so the time
 * taken does not reveal which (or whether an early) entry matched.
 */
export function findRecoveryCode(storedMacs: string[], mac: string): number {
  let found = -1;
  storedMacs.forEach((m, i) => {
    if (constantTimeEqual(m, mac) && found < 0) found = i;
  });
  return found;
}
