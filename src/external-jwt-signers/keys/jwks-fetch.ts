import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkFetchUrl } from '../url-policy';

export interface FetchPolicy {
  denyPrivate: boolean;
  denyLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_POLICY: Omit<FetchPolicy, 'denyPrivate' | 'denyLoopback'> = { timeoutMs: 5000, maxBytes: 512 * 1024, maxRedirects: 5 };

export class JwksFetchError extends Error {}

/**
 * GETs a JWKS document. Every hop (the URL and each redirect) is checked against the address policy after
 * DNS resolution, and the connection is pinned to the address that was checked, so a DNS answer that
 * changes between the check and the connect (rebinding) cannot reach a forbidden address.
 */
export async function fetchJwks(url: string, policy: FetchPolicy): Promise<unknown> {
  const deadline = Date.now() + policy.timeoutMs;
  let current = url;
  for (let hop = 0; hop <= policy.maxRedirects; hop++) {
    const checked = await checkFetchUrl(current, policy);
    if (!checked.ok) throw new JwksFetchError(`JWKS endpoint refused: ${checked.reason}`);
    const res = await get(current, checked.addresses[0], deadline);
    if (res.status >= 300 && res.status < 400 && res.location) {
      current = new URL(res.location, current).toString();
      continue;
    }
    if (res.status !== 200) throw new JwksFetchError(`JWKS endpoint answered ${res.status}`);
    const body = await readCapped(res.message, policy.maxBytes, deadline);
    try {
      return JSON.parse(body);
    } catch {
      throw new JwksFetchError('JWKS endpoint did not answer JSON');
    }
  }
  throw new JwksFetchError(`more than ${policy.maxRedirects} redirects`);
}

interface Answer {
  status: number;
  location?: string;
  message: IncomingMessage;
}

function get(url: string, address: string, deadline: number): Promise<Answer> {
  const u = new URL(url);
  const pinned: LookupFunction = (_host, opts, cb) => {
    const family = address.includes(':') ? 6 : 4;
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(u, { method: 'GET', lookup: pinned, headers: { accept: 'application/json, application/jwk-set+json' }, timeout: Math.max(1, deadline - Date.now()) }, (message) => {
      const location = message.headers.location;
      if (message.statusCode && message.statusCode >= 300 && message.statusCode < 400) message.resume();
      resolve({ status: message.statusCode ?? 0, location, message });
    });
    req.on('timeout', () => req.destroy(new JwksFetchError('JWKS endpoint timed out')));
    req.on('error', (e) => reject(e instanceof JwksFetchError ? e : new JwksFetchError(`JWKS fetch failed: ${e.message}`)));
    req.end();
  });
}

function readCapped(message: IncomingMessage, maxBytes: number, deadline: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => message.destroy(new JwksFetchError('JWKS endpoint timed out')), Math.max(1, deadline - Date.now()));
    message.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) message.destroy(new JwksFetchError(`JWKS document larger than ${maxBytes} bytes`));
      else chunks.push(c);
    });
    message.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    message.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof JwksFetchError ? e : new JwksFetchError(e.message));
    });
  });
}
