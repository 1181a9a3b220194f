import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { type PeerCertificate, checkServerIdentity } from 'node:tls';
import { CliError } from './command';

/** How to trust (and, for certificate login, present ourselves to) the controller. */
export interface TlsOptions {
  /** Trust anchors (PEM). Only these: the system store is not consulted. */
  ca?: string[];
  /** Skip verification of the controller's certificate. Only when the user asked for it (--insecure). */
  insecure?: boolean;
  /** After normal verification, also require this exact server certificate (SHA-1 hex of its DER). */
  pinSha1?: string;
  cert?: string;
  key?: string;
}

/** An error answer from the controller: its envelope's `code` and `message` (reference §1.2). */
export class ApiCallError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: any;
}

export interface CallOptions {
  json?: unknown;
  /** A raw body (e.g. a CSR) with its content type. */
  raw?: { body: string; contentType: string };
}

const TIMEOUT_MS = 30_000;

/** A tiny HTTPS client for the controller's JSON APIs. Every call verifies TLS unless told otherwise. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly tls: TlsOptions,
    readonly token?: string,
  ) {
    if (!tls.insecure && !tls.ca?.length) throw new Error('ApiClient needs trust anchors or insecure');
  }

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, this.tls, token);
  }

  /** A 2xx answer's `data`; anything else throws ApiCallError with the envelope's code. */
  async call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<{ data: T; headers: IncomingHttpHeaders }> {
    const res = await this.send(method, path, opts);
    if (res.status < 200 || res.status > 299) throw toApiError(res);
    return { data: res.body?.data as T, headers: res.headers };
  }

  send(method: string, path: string, opts: CallOptions = {}): Promise<RawResponse> {
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['zt-session'] = this.token;
    let payload: string | undefined;
    if (opts.raw) {
      payload = opts.raw.body;
      headers['content-type'] = opts.raw.contentType;
    } else if (opts.json !== undefined) {
      payload = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    const { ca, insecure, pinSha1, cert, key } = this.tls;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          headers,
          ca,
          cert,
          key,
          agent: false,
          timeout: TIMEOUT_MS,
          rejectUnauthorized: !insecure,
          checkServerIdentity: (host: string, peer: PeerCertificate) => checkServerIdentity(host, peer) ?? pinProblem(peer, pinSha1),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: any = text;
            if ((res.headers['content-type'] ?? '').includes('json') && text) {
              try {
                body = JSON.parse(text);
              } catch {
                body = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (e) => reject(connectError(this.baseUrl, e)));
      req.end(payload);
    });
  }
}

function pinProblem(peer: PeerCertificate, pinSha1: string | undefined): Error | undefined {
  if (!pinSha1) return undefined;
  const seen = createHash('sha1').update(peer.raw).digest('hex');
  return seen === pinSha1 ? undefined : new Error(`the server certificate changed (sha1 ${seen}, expected ${pinSha1})`);
}

function toApiError(res: RawResponse): ApiCallError {
  const e = res.body?.error;
  if (e && typeof e.code === 'string') return new ApiCallError(res.status, e.code, String(e.message ?? ''));
  return new ApiCallError(res.status, `HTTP_${res.status}`, res.text.slice(0, 200) || 'no error body');
}

const TLS_HINT = /certificate|self.signed|unable to (get|verify)|altname|CERT_/i;

function connectError(base: string, e: Error): CliError {
  const hint = TLS_HINT.test(e.message)
    ? ' (the controller certificate did not verify: pass --ca-file with the controller CA bundle; --insecure skips the check)'
    : '';
  return new CliError(`cannot reach ${base}: ${e.message}${hint}`);
}
