import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CliError } from './command';

/*
 * OpenZiti identity files (what `ziti edge enroll` writes and the SDKs load), as documented by the
 * openziti/identity library: `{"ztAPI": "https://host:port/edge/client/v1", "id": {"key", "cert", "ca"}}`.
 * Each of key/cert/ca is inline PEM prefixed with `pem:`, a `file://` URL, or a plain path (relative
 * paths count from the identity file); `engine:` keys live in hardware and are not supported here.
 * `cert` is the client certificate chain, leaf first; `ca` the controller's CA bundle. We write inline
 * `pem:` values so the file is self-contained.
 */
export interface ZitiIdentity {
  ztAPI: string;
  key: string;
  cert: string;
  ca: string | null;
}

export function readIdentityFile(path: string): ZitiIdentity {
  let json: any;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read identity file ${path}: ${(e as Error).message}`);
  }
  if (typeof json?.ztAPI !== 'string' || typeof json?.id !== 'object' || json.id === null) {
    throw new CliError(`${path} is not an OpenZiti identity file (needs ztAPI and id)`);
  }
  const material = (field: 'key' | 'cert' | 'ca'): string | null => {
    const v = json.id[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') throw new CliError(`${path}: id.${field} must be a string`);
    if (v.startsWith('pem:')) return v.slice(4);
    if (v.startsWith('engine:')) throw new CliError(`${path}: id.${field} uses an engine (hardware key), which ztc does not support`);
    const file = v.startsWith('file://') ? new URL(v).pathname : v;
    try {
      return readFileSync(isAbsolute(file) ? file : resolve(dirname(path), file), 'utf8');
    } catch (e) {
      throw new CliError(`${path}: cannot read id.${field}: ${(e as Error).message}`);
    }
  };
  const key = material('key');
  const cert = material('cert');
  if (!key || !cert) throw new CliError(`${path}: id.key and id.cert are required for certificate login`);
  return { ztAPI: json.ztAPI, key, cert, ca: material('ca') };
}

export function identityFileJson(id: ZitiIdentity): string {
  const doc = { ztAPI: id.ztAPI, id: { key: `pem:${id.key}`, cert: `pem:${id.cert}`, ca: id.ca === null ? undefined : `pem:${id.ca}` } };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
