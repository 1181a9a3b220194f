import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Secrets that must be usable later (TOTP seeds) are encrypted at rest with AES-256-GCM; secrets that only
 * need checking (recovery codes) are keyed hashes. Both keys are derived from one master key, so a
 * database dump alone reveals neither.
 */
export class SecretBox {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error('the MFA master key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'ztc/totp-secret/aes-256-gcm', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'ztc/recovery-code/hmac-sha256', 32));
  }

  /** `v1.<iv>.<ciphertext>.<tag>`, base64url parts. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv, ct, c.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(sealed: string): string {
    const [v, iv, ct, tag] = sealed.split('.');
    if (v !== 'v1' || !iv || ct === undefined || !tag) throw new Error('malformed sealed secret');
    const d = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /** Keyed hash (HMAC-SHA256, hex) of a low-entropy secret: brute force needs the key, not just the dump. */
  mac(value: string): string {
    return createHmac('sha256', this.macKey).update(value).digest('hex');
  }
}

/** The one SecretBox of a controller: `ZT_MFA_KEY`, else the key file in the data dir (created on first use). */
export function secretBoxFor(config: { mfaKey: Buffer | undefined; dataDir: string }): SecretBox {
  return new SecretBox(config.mfaKey ?? loadOrCreateKeyFile(join(config.dataDir, 'mfa.key')));
}

/** Reads the master key file, creating it (0600) with 32 random bytes on first use. */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a base64 32-byte key`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(path);
    throw e;
  }
  chmodSync(path, 0o600);
  return key;
}
