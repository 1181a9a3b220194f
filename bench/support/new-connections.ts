import { type RequestOptions, request } from 'node:https';
import { type ConnectionOptions, type SecureContext, createSecureContext } from 'node:tls';
import { opRate } from './op-rate';
import type { Throughput } from './types';

export interface NewConnectionSpec {
  /** Full URL, path and query included. */
  url: string;
  /** CA bundle the server certificate is verified against (this client does check it). */
  ca: string[];
  method: 'GET' | 'POST';
  /** JSON body sent with every request. */
  body?: string;
  /** Client certificates (chain PEM, leaf first) and keys; each request takes the next one in turn. */
  clients: { chainPem: string; keyPem: string }[];
}

/**
 * Requests each on a **new TLS connection** (a full handshake presenting a client certificate, then one
 * request with `Connection: close`), `concurrency` in flight, in this process, for `durationS` seconds.
 *
 * `agent: false` gives every request its own agent, hence no TLS session cache and no resumption. The
 * secure contexts (key, chain, CA parsed once) are built up front, so the client spends its time on the
 * handshakes, not on re-reading PEM. Rates count 2xx only; other statuses and socket errors are failures.
 */
export async function newConnectionRate(spec: NewConnectionSpec, concurrency: number, durationS: number): Promise<Throughput> {
  const contexts: SecureContext[] = spec.clients.map((c) => createSecureContext({ cert: c.chainPem, key: c.keyPem, ca: spec.ca }));
  if (contexts.length === 0) throw new Error('newConnectionRate: no client certificates');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (spec.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(spec.body));
  }
  const statusCodes: Record<string, number> = {};
  let n = 0;
  const one = () =>
    new Promise<boolean>((resolve) => {
      const secureContext = contexts[n++ % contexts.length];
      // The server certificate names localhost and 127.0.0.1; SNI must be a host name (as in https.ts).
      // `secureContext` reaches tls.connect, though @types/node leaves it out of the https options.
      const options: RequestOptions & Pick<ConnectionOptions, 'secureContext'> = { method: spec.method, headers, secureContext, servername: 'localhost', agent: false, timeout: 30_000 };
      const req = request(spec.url, options, (res) => {
        const code = String(res.statusCode ?? 0);
        statusCodes[code] = (statusCodes[code] ?? 0) + 1;
        const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
        res.on('end', () => resolve(ok));
        res.on('error', () => resolve(false));
        // A response cut short may end in 'close' alone; after 'end' this changes nothing.
        res.on('close', () => resolve(ok && res.complete));
        res.resume();
      });
      req.on('timeout', () => req.destroy(new Error(`${spec.method} ${spec.url} timed out`)));
      req.on('error', () => resolve(false));
      req.end(spec.body);
    });
  const t = await opRate(one, concurrency, durationS);
  return { ...t, statusCodes };
}
