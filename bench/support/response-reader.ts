const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})[ \r]/;
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?=\r\n|$)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;
/** A head longer than this is not an answer from the servers the bench talks to. */
const MAX_HEAD = 64 * 1024;

/**
 * Cuts a stream of HTTP/1.1 responses into responses, reading no more of each than its status code and its
 * Content-Length. Every server the bench measures (the controller, the bare Fastify server) answers with a
 * Content-Length; anything else (a chunked or unbounded body, a malformed head) throws, so the load client
 * counts a failure instead of guessing where the answer ends.
 */
export class ResponseReader {
  private pending: Buffer | undefined;

  /** Feeds the next bytes off the connection; returns the status codes of the responses they complete, in order. */
  push(chunk: Buffer): number[] {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const statuses: number[] = [];
    for (;;) {
      const headEnd = buf.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (buf.length > MAX_HEAD) throw new Error(`response head longer than ${MAX_HEAD} bytes`);
        break;
      }
      const head = buf.toString('latin1', 0, headEnd);
      const status = STATUS_LINE.exec(head);
      if (!status) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(head.slice(0, 40))}`);
      const length = CONTENT_LENGTH.exec(head);
      if (!length) throw new Error(CHUNKED.test(head) ? 'chunked response: the bench client reads Content-Length bodies only' : 'response without Content-Length');
      const total = headEnd + HEAD_END.length + Number(length[1]);
      if (buf.length < total) break;
      statuses.push(Number(status[1]));
      buf = buf.subarray(total);
    }
    this.pending = buf.length > 0 ? buf : undefined;
    return statuses;
  }
}
