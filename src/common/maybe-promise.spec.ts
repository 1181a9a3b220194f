import { andThen } from './maybe-promise';

describe('andThen', () => {
  it('calls on at once with a value that is already there', () => {
    const seen: number[] = [];
    const out = andThen(2, (v) => {
      seen.push(v);
      return v * 3;
    });
    expect(out).toBe(6);
    expect(seen).toEqual([2]);
  });

  it('waits for a promise, and answers a promise', async () => {
    const out = andThen(Promise.resolve(2), (v) => v * 3);
    expect(out).toBeInstanceOf(Promise);
    await expect(out).resolves.toBe(6);
  });

  it('throws synchronously on the synchronous path, rejects on the other', async () => {
    const boom = () => {
      throw new Error('no');
    };
    expect(() => andThen(1, boom)).toThrow('no');
    await expect(andThen(Promise.resolve(1), boom)).rejects.toThrow('no');
  });
});
