import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { LazyChildLogger } from './lazy-child-logger';
import { createLogger } from './logger';

function capture(level: 'info' | 'warn') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

describe('LazyChildLogger (a request logger made on first use)', () => {
  it('makes no pino child while nothing is written at an enabled level', () => {
    const { logger, lines } = capture('warn');
    const child = jest.spyOn(logger, 'child');
    const log = new LazyChildLogger(logger, { reqId: 'r1' }, {});
    log.info({ a: 1 }, 'dropped');
    log.debug('dropped');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    expect(log.level).toBe('warn');
    expect(log.isLevelEnabled('info')).toBe(false);
  });

  it('writes enabled lines through one child bound to the request id', async () => {
    const { logger, lines } = capture('info');
    const child = jest.spyOn(logger, 'child');
    const log = new LazyChildLogger(logger, { reqId: 'r2' }, {});
    log.info({ a: 1 }, 'first');
    log.warn('second');
    log.error(new Error('boom'), 'third');
    await new Promise((r) => setImmediate(r));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => [l.reqId, l.msg])).toEqual([
      ['r2', 'first'],
      ['r2', 'second'],
      ['r2', 'third'],
    ]);
    expect(log.child({ more: true }).bindings()).toMatchObject({ reqId: 'r2', more: true });
  });
});
