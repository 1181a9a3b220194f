import { request } from 'node:https';

export interface HttpResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body bytes as received (binary answers such as PNG). */
  raw: Buffer;
  body: T;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw body sent as is (a string or buffer); `body` is JSON-encoded instead. */
  raw?: string | Buffer;
  contentType?: string;
  /** TLS client certificate for certificate authentication / enrollment. */
  cert?: string;
  key?: string;
}

/** A tiny HTTPS client that trusts the controller's own CA and can present a client certificate. */
export class HttpsClient {
  constructor(
    readonly baseUrl: string,
    private readonly ca: string[],
    private readonly defaults: Record<string, string> = {},
  ) {}

  /** The same client, sending these headers on every request (e.g. a zt-session token). */
  withHeaders(headers: Record<string, string>): HttpsClient {
    return new HttpsClient(this.baseUrl, this.ca, { ...this.defaults, ...headers });
  }

  request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = { accept: 'application/json', ...this.defaults, ...opts.headers };
    let payload: string | Buffer | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined) {
      headers['content-type'] ??= opts.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method, headers, ca: this.ca, cert: opts.cert, key: opts.key, servername: 'localhost', agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = raw.toString('utf8');
            let body: any = text;
            if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
              try {
                body = JSON.parse(text);
              } catch {
                body = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, raw, body });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  post<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  put<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...opts, body });
  }
  patch<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...opts, body });
  }
  delete<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('DELETE', path, opts);
  }
}
