import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './command';

/** What `ztc login` leaves behind for later commands. The token is a bearer credential: file mode 0600. */
export interface SavedSession {
  /** https://host:port (no path). */
  controller: string;
  /** The API the session was opened on; the token works on both. */
  api: 'client' | 'management';
  token: string;
  /** The CA bundle the controller was verified against; null only for an --insecure login. */
  caPem: string | null;
  method: 'password' | 'cert';
  identityId: string;
  identityName: string;
  expiresAt: string | null;
}

/** $ZTC_CONFIG_DIR (tests), else $XDG_CONFIG_HOME/ztc, else ~/.config/ztc. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZTC_CONFIG_DIR) return env.ZTC_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'ztc');
}

export function sessionPath(): string {
  return join(configDir(), 'session.json');
}

/**
 * Written to a fresh 0600 temp file and renamed into place, so the token is never readable by others,
 * not even briefly, and a crash cannot leave half a file. The directory is 0700 when we create it.
 */
export function saveSession(s: SavedSession): string {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = sessionPath();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return file;
}

export function loadSession(): SavedSession {
  const file = sessionPath();
  if (!existsSync(file)) throw new CliError('not logged in (run: ztc login --username NAME, or ztc login --identity FILE)');
  let s: Partial<SavedSession>;
  try {
    s = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`${file} is not a ztc session file; run ztc logout, then log in again`);
  }
  if (typeof s.token !== 'string' || typeof s.controller !== 'string' || (s.api !== 'client' && s.api !== 'management')) {
    throw new CliError(`${file} is not a ztc session file; run ztc logout, then log in again`);
  }
  return s as SavedSession;
}

export function removeSession(): boolean {
  const file = sessionPath();
  if (!existsSync(file)) return false;
  rmSync(file, { force: true });
  return true;
}
