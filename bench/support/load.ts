import { performance } from 'node:perf_hooks';
import { type TLSSocket, connect } from 'node:tls';
import { ResponseReader } from './response-reader';
import type { Throughput } from './types';

export interface LoadSpec {
  /** Full URL, path and query included. */
  url: string;
  /** CA bundle the server certificate is verified against. */
  ca: string[];
  connections: number;
  method?: 'GET' | 'POST';
  /** Headers and body for the n-th connection (e.g. a different user or session per connection). */
  perConnection?: (n: number) => { headers?: Record<string, string>; body?: string };
  /** A request without an answer after this long fails and its connection is replaced (default 30 s). */
  timeoutMs?: number;
}

const RECONNECT_DELAY_MS = 10;

/**
 * `connections` keep-alive HTTPS connections, one request in flight on each (no pipelining), for
 * `durationS` seconds; each connection sends its own fixed request again as soon as the answer is in.
 * Rates count 2xx only, so failures never pass for throughput; other statuses, broken connections (a
 * failed handshake included) and timeouts are failures. Requests in flight when the time is up are awaited and counted, and the elapsed time
 * includes them.
 *
 * The client does as little as a client can: each request's bytes are built once, and an answer is read
 * only as far as its status line and Content-Length. On 2 cores it shares the CPU with the server under
 * test, and for the password-login row the baseline (argon2id in a loop) pays no client at all, so every
 * microsecond it spends is taken from the measured side. It verifies the server certificate against `ca`.
 */
export function runHttp(spec: LoadSpec, durationS: number): Promise<Throughput> {
  const target = new URL(spec.url);
  const timeoutMs = spec.timeoutMs ?? 30_000;
  return new Promise((resolve) => {
    const run = new Run(performance.now() + durationS * 1000, spec.connections, resolve);
    const conns = Array.from({ length: spec.connections }, (_, n) => new Connection(run, target, spec.ca, requestBytes(spec, target, n)));
    run.watchdog = setInterval(() => {
      const now = performance.now();
      for (const c of conns) if (c.sentAt > 0 && now - c.sentAt > timeoutMs) c.fail();
    }, Math.min(1000, timeoutMs));
  });
}

/** One run's counters, shared by its connections. */
class Run {
  readonly start = performance.now();
  readonly latencies: number[] = [];
  readonly statusCodes: Record<string, number> = {};
  ok = 0;
  failed = 0;
  watchdog: NodeJS.Timeout | undefined;

  constructor(
    readonly end: number,
    private open: number,
    private readonly resolve: (t: Throughput) => void,
  ) {}

  get timeLeft(): boolean {
    return performance.now() < this.end;
  }

  answered(status: number, latencyMs: number): void {
    this.statusCodes[status] = (this.statusCodes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      this.ok++;
      this.latencies.push(latencyMs);
    } else this.failed++;
  }

  /** A connection is done (each calls this once); the last one ends the run. */
  finished(): void {
    if (--this.open > 0) return;
    clearInterval(this.watchdog);
    const elapsedMs = performance.now() - this.start;
    const l = this.latencies.sort((a, b) => a - b);
    const at = (q: number) => l[Math.min(l.length - 1, Math.floor(q * l.length))] ?? 0;
    this.resolve({ rate: this.ok / (elapsedMs / 1000), p50: at(0.5), p99: at(0.99), ok: this.ok, failed: this.failed, durationS: elapsedMs / 1000, statusCodes: this.statusCodes });
  }
}

/** One keep-alive connection sending its request again each time the answer is in, until the run's time is up. */
class Connection {
  private socket: TLSSocket | undefined;
  private reader = new ResponseReader();
  /** performance.now() when the request in flight was sent; 0 when none is. */
  sentAt = 0;

  constructor(
    private readonly run: Run,
    private readonly target: URL,
    private readonly ca: string[],
    private readonly request: Buffer,
  ) {
    this.open();
  }

  private open(): void {
    if (!this.run.timeLeft) return this.run.finished();
    this.reader = new ResponseReader();
    // The server certificate names localhost and 127.0.0.1; SNI must be a host name.
    const socket = connect({ host: this.target.hostname, port: Number(this.target.port || 443), ca: this.ca, servername: 'localhost' });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.once('secureConnect', () => this.send());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.fail());
    socket.on('close', () => this.fail());
  }

  private send(): void {
    if (!this.run.timeLeft) {
      this.drop()?.end();
      return this.run.finished();
    }
    this.sentAt = performance.now();
    this.socket?.write(this.request);
  }

  private onData(chunk: Buffer): void {
    let statuses: number[];
    try {
      statuses = this.reader.push(chunk);
    } catch {
      return this.fail();
    }
    if (statuses.length === 0) return;
    // One request in flight: more than one answer, or one unasked for, is a broken exchange.
    if (statuses.length > 1 || this.sentAt === 0) return this.fail();
    this.run.answered(statuses[0], performance.now() - this.sentAt);
    this.sentAt = 0;
    this.send();
  }

  /**
   * The connection broke: a refused or unverified handshake, a dropped socket, an answer that cannot be read,
   * or a timeout. Each counts as one failure; the connection is replaced while there is time left.
   */
  fail(): void {
    const socket = this.drop();
    if (!socket) return;
    socket.destroy();
    this.run.failed++;
    this.sentAt = 0;
    if (this.run.timeLeft) setTimeout(() => this.open(), RECONNECT_DELAY_MS);
    else this.run.finished();
  }

  /** Detaches the socket (its late events change nothing) and returns it, if there was one. */
  private drop(): TLSSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners();
    socket?.on('error', () => undefined);
    return socket;
  }
}

/** The n-th connection's request: built once, sent as it is every time. */
function requestBytes(spec: LoadSpec, target: URL, n: number): Buffer {
  const own = spec.perConnection?.(n) ?? {};
  const head = [`${spec.method ?? 'GET'} ${target.pathname}${target.search} HTTP/1.1`, `host: ${target.host}`, 'accept: application/json'];
  for (const [k, v] of Object.entries(own.headers ?? {})) head.push(`${k}: ${v}`);
  const body = own.body === undefined ? Buffer.alloc(0) : Buffer.from(own.body);
  if (own.body !== undefined || spec.method === 'POST') head.push('content-type: application/json', `content-length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
