import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** The controller's CA bundle (root + intermediate): setup requests verify the server certificate properly. */
export function readCa(pkiDir: string): string[] {
  return ['root.cert.pem', 'intermediate.cert.pem'].map((f) => readFileSync(join(pkiDir, f), 'utf8'));
}

/**
 * One HTTPS request, no keep-alive, optionally presenting a client certificate chain; for setup only (the
 * measurements use load.ts, or new-connections.ts for cert logins).
 */
export function call(
  method: string,
  url: string,
  ca: string[],
  opts: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number; clientCert?: { chainPem: string; keyPem: string } } = {},
): Promise<Reply> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    // The certificate names localhost and 127.0.0.1; SNI must be a host name, so send "localhost".
    const tlsClient = opts.clientCert ? { cert: opts.clientCert.chainPem, key: opts.clientCert.keyPem } : {};
    const req = request(url, { method, headers, ca, ...tlsClient, servername: 'localhost', agent: false, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
