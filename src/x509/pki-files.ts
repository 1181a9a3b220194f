// File access for pki-store.ts: names, atomic writes, permissions, parse-with-a-clear-message.
import { createPrivateKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PemError, splitPemCertificates } from './pem';

/** Thrown for anything wrong with the on-disk PKI; the message names the file and the problem. */
export class PkiStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PkiStoreError';
  }
}

export const PKI_FILES = {
  rootCert: 'root.cert.pem',
  rootKey: 'root.key.pem',
  intermediateCert: 'intermediate.cert.pem',
  intermediateKey: 'intermediate.key.pem',
  serverCert: 'server.cert.pem',
  serverKey: 'server.key.pem',
} as const;

export type PkiFile = (typeof PKI_FILES)[keyof typeof PKI_FILES];

const ALL_FILES = Object.values(PKI_FILES);

/** The path as shown in messages: relative to whatever the caller passed, e.g. "pki/root.cert.pem". */
export const shown = (dir: string, file: PkiFile): string => path.join(dir, file);

export function presentFiles(dir: string): PkiFile[] {
  return ALL_FILES.filter((f) => fs.existsSync(path.join(dir, f)));
}

export function missingFiles(dir: string): PkiFile[] {
  return ALL_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
}

/** Private keys are secret: owner read/write only. Group/world access to a CA key is a breach. */
export function ensureDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700); // mkdir's mode is filtered by the umask
}

/**
 * Writes via a temporary file and rename, so a crash never leaves a half-written PEM behind.
 * Keys get 0600. writeFileSync's mode is filtered by the umask (and ignored for a file that already
 * exists), so chmod afterwards makes the mode exact.
 */
export function writePkiFile(dir: string, file: PkiFile, data: string, secret: boolean): void {
  const mode = secret ? 0o600 : 0o644;
  const target = path.join(dir, file);
  const tmp = path.join(dir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, target);
    fs.chmodSync(target, mode);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new PkiStoreError(`could not write ${shown(dir, file)}: ${(err as Error).message}`);
  }
}

/** Reads a certificate file, canonicalised; `expect` limits how many certificates it may hold. */
export function readCerts(dir: string, file: PkiFile, expect: 'one' | 'one-or-more'): string[] {
  let certs: string[];
  try {
    certs = splitPemCertificates(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch (err) {
    const why = err instanceof PemError ? err.message : (err as Error).message;
    throw new PkiStoreError(`${shown(dir, file)} is not a valid PEM certificate file (${why})`);
  }
  if (expect === 'one' && certs.length !== 1) {
    throw new PkiStoreError(`${shown(dir, file)} must hold exactly one certificate, found ${certs.length}`);
  }
  return certs;
}

export function readKey(dir: string, file: PkiFile): string {
  let pem: string;
  try {
    pem = fs.readFileSync(path.join(dir, file), 'utf8');
    createPrivateKey(pem);
  } catch {
    throw new PkiStoreError(`${shown(dir, file)} is not a readable, unencrypted PEM private key`);
  }
  return pem;
}

/** Group- or world-accessible key files, for a start-up warning (we do not chmod behind the operator). */
export function looseKeyFiles(dir: string): PkiFile[] {
  const keys = [PKI_FILES.rootKey, PKI_FILES.intermediateKey, PKI_FILES.serverKey];
  return keys.filter((f) => (fs.statSync(path.join(dir, f)).mode & 0o077) !== 0);
}
