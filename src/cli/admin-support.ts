import { closeSync, openSync, writeSync } from 'node:fs';
import { apiPath } from './connection';

/** What the admin commands (identities, auth-policies, enrollments) share. */
export const M = apiPath('management');

export const SESSION_NOTE = 'Uses the session saved by `ztc login` (an admin identity); --insecure only if that login used it.';

/** Writes a secret (an enrollment JWT) to a new file only the user can read; never overwrites. */
export function writeSecretFile(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
