import { ResponseReader } from '../../bench/support/response-reader';

const res = (status: number, body = '', extra = '') =>
  Buffer.from(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\n${extra}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);

describe('bench ResponseReader', () => {
  it('completes a response only when its whole body is in, however the bytes are split', () => {
    const bytes = res(200, '{"data":{"id":"abc"}}');
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = new ResponseReader();
      expect(r.push(bytes.subarray(0, cut))).toEqual([]);
      expect(r.push(bytes.subarray(cut))).toEqual([200]);
    }
  });

  it('reads byte by byte', () => {
    const r = new ResponseReader();
    const bytes = res(201, 'hello');
    const seen = [...bytes].flatMap((b) => r.push(Buffer.from([b])));
    expect(seen).toEqual([201]);
  });

  it('returns every response a chunk completes, in order, and keeps the rest for later', () => {
    const r = new ResponseReader();
    const both = Buffer.concat([res(200, 'a'), res(401, '{"error":{}}'), res(204)]);
    const partOfNext = res(200, 'tail').subarray(0, 10);
    expect(r.push(Buffer.concat([both, partOfNext]))).toEqual([200, 401, 204]);
    expect(r.push(res(200, 'tail').subarray(10))).toEqual([200]);
  });

  it('finds Content-Length in any case and position, and does not take a longer header name for it', () => {
    const r = new ResponseReader();
    const head = 'HTTP/1.1 200 OK\r\nx-content-length: 99\r\nContent-Length:  3 \r\nx: y\r\n\r\nabc';
    expect(r.push(Buffer.from(head))).toEqual([200]);
    expect(r.push(Buffer.from('HTTP/1.0 503 Busy\r\nCONTENT-LENGTH: 0\r\n\r\n'))).toEqual([503]);
  });

  it('throws on a chunked answer, one without Content-Length, a bad status line or a runaway head', () => {
    expect(() => new ResponseReader().push(Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'))).toThrow(/chunked/);
    expect(() => new ResponseReader().push(Buffer.from('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nabc'))).toThrow(/without Content-Length/);
    expect(() => new ResponseReader().push(Buffer.from('HTTP/2 200\r\ncontent-length: 0\r\n\r\n'))).toThrow(/status line/);
    expect(() => new ResponseReader().push(Buffer.from('garbage\r\n\r\n'))).toThrow(/status line/);
    expect(() => new ResponseReader().push(Buffer.alloc(70 * 1024, 'a'))).toThrow(/longer than/);
  });
});
