import autocannon from 'autocannon';
import type { Throughput } from './types';

export interface LoadSpec {
  url: string;
  ca: string[];
  connections: number;
  method?: 'GET' | 'POST';
  /** Headers and body for the n-th connection (e.g. a different user or session per connection). */
  perConnection?: (n: number) => { headers?: Record<string, string>; body?: string };
}

/** One autocannon run: keep-alive, pipelining 1. The rate counts 2xx only, so failures never pass for throughput. */
export async function runHttp(spec: LoadSpec, durationS: number): Promise<Throughput> {
  const r = await run(spec, durationS);
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, Number(s.count)]));
  return {
    rate: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    failed: r.non2xx + r.errors,
    durationS: r.duration,
    statusCodes,
  };
}

function run(spec: LoadSpec, durationS: number): Promise<autocannon.Result> {
  let n = 0;
  return Promise.resolve(
    autocannon({
      url: spec.url,
      method: spec.method ?? 'GET',
      connections: spec.connections,
      pipelining: 1,
      duration: durationS,
      timeout: 30,
      headers: spec.method === 'POST' ? { 'content-type': 'application/json' } : {},
      // autocannon itself always connects with rejectUnauthorized: false; the CA is passed all the same.
      servername: 'localhost',
      tlsOptions: { ca: spec.ca },
      setupClient: (client) => {
        const own = spec.perConnection?.(n++);
        if (own?.body !== undefined) client.setHeadersAndBody(own.headers ?? {}, own.body);
        else if (own?.headers) client.setHeaders(own.headers);
      },
    }),
  );
}
