import { performance } from 'node:perf_hooks';
import { type TLSSocket, connect } from 'node:tls';
import { ResponseReader } from './response-reader';
import { type Throughput, throughputOf } from './types';

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
 * `connections` keep-alive HTTPS connections, one request in flight on each (no pipelining); each run keeps
 * them busy for `durationS` seconds, each connection sending its own fixed request again as soon as the
 * answer is in. Between runs the connections stay open and idle, so a side measured in several slices
 * pays its TLS handshakes once, as a client on keep-alive connections does, and not at every slice.
 * Rates count 2xx only, so failures never pass for throughput; other statuses, broken connections (a
 * failed handshake included) and timeouts are failures. Requests in flight when the time is up are
 * awaited and counted, and the elapsed time includes them.
 *
 * The client does as little as a client can: each request's bytes are built once, and an answer is read
 * only as far as its status line and Content-Length. On 2 cores it shares the CPU with the server under
 * test, and for the password-login row the baseline (argon2id in a loop) pays no client at all, so every
 * microsecond it spends is taken from the measured side. It verifies the server certificate against `ca`.
 */
export class LoadClient {
  private readonly conns: Connection[];
  private readonly timeoutMs: number;
  private running = false;

  constructor(spec: LoadSpec) {
    const target = new URL(spec.url);
    this.timeoutMs = spec.timeoutMs ?? 30_000;
    this.conns = Array.from({ length: spec.connections }, (_, n) => new Connection(target, spec.ca, requestBytes(spec, target, n)));
  }

  async run(durationS: number): Promise<Throughput> {
    if (this.running) throw new Error('LoadClient: one run at a time');
    this.running = true;
    try {
      return await new Promise<Throughput>((resolve) => {
        const run = new Run(performance.now() + durationS * 1000, this.conns.length, resolve);
        run.watchdog = setInterval(() => {
          const now = performance.now();
          for (const c of this.conns) if (c.waitingSince > 0 && now - c.waitingSince > this.timeoutMs) c.fail();
        }, Math.min(1000, this.timeoutMs));
        for (const c of this.conns) c.start(run);
      });
    } finally {
      this.running = false;
    }
  }

  /** Closes the idle connections. */
  close(): void {
    for (const c of this.conns) c.close();
  }
}

/** One run's counters, shared by its connections. */
class Run {
  readonly start = performance.now();
  readonly latencies: number[] = [];
  readonly statusCodes: Record<string, number> = {};
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
    if (status >= 200 && status < 300) this.latencies.push(latencyMs);
    else this.failed++;
  }

  /** A connection is done with this run (each calls this once); the last one ends the run. */
  finished(): void {
    if (--this.open > 0) return;
    clearInterval(this.watchdog);
    this.resolve(throughputOf(this.latencies, this.failed, performance.now() - this.start, this.statusCodes));
  }
}

/**
 * One keep-alive connection. During a run it sends its request again each time the answer is in, until
 * the run's time is up; then it stays open, idle, for the next run. A connection that breaks is replaced.
 */
class Connection {
  private socket: TLSSocket | undefined;
  /** The handshake is done: requests can go out. */
  private ready = false;
  private reader = new ResponseReader();
  private run: Run | undefined;
  /**
   * performance.now() since when a handshake or an answer is awaited; 0 when nothing is. Answers arrive only
   * after the handshake, so for an answer it is the time its request was sent.
   */
  waitingSince = 0;

  constructor(
    private readonly target: URL,
    private readonly ca: string[],
    private readonly request: Buffer,
  ) {}

  start(run: Run): void {
    this.run = run;
    if (this.ready) this.send();
    else if (!this.socket) this.open();
  }

  private open(): void {
    if (!this.run?.timeLeft) return this.finish();
    this.reader = new ResponseReader();
    // The server certificate names localhost and 127.0.0.1; SNI must be a host name.
    const socket = connect({ host: this.target.hostname, port: Number(this.target.port || 443), ca: this.ca, servername: 'localhost' });
    this.socket = socket;
    this.waitingSince = performance.now();
    socket.setNoDelay(true);
    socket.once('secureConnect', () => {
      this.ready = true;
      this.waitingSince = 0;
      if (this.run) this.send();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.fail());
    socket.on('close', () => this.fail());
  }

  private send(): void {
    if (!this.run?.timeLeft) return this.finish();
    this.waitingSince = performance.now();
    this.socket?.write(this.request);
  }

  /** This connection is done with the current run; the socket stays open for the next. */
  private finish(): void {
    const run = this.run;
    this.run = undefined;
    run?.finished();
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
    if (statuses.length > 1 || this.waitingSince === 0 || !this.run) return this.fail();
    this.run.answered(statuses[0], performance.now() - this.waitingSince);
    this.waitingSince = 0;
    this.send();
  }

  /**
   * The connection broke: a refused or unverified handshake, a dropped socket, an answer that cannot be
   * read, or a timeout (of a request or of a handshake). During a run each counts as one failure, and the
   * connection is replaced while there is time left; between runs an idle connection that closes is simply
   * opened again by the next run.
   */
  fail(): void {
    const socket = this.drop();
    if (!socket) return;
    socket.destroy();
    this.waitingSince = 0;
    if (!this.run) return;
    this.run.failed++;
    if (this.run.timeLeft) setTimeout(() => this.open(), RECONNECT_DELAY_MS);
    else this.finish();
  }

  close(): void {
    this.drop()?.end();
  }

  /** Detaches the socket (its late events change nothing) and returns it, if there was one. */
  private drop(): TLSSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    this.ready = false;
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
